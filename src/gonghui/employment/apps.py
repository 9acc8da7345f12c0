from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmploymentConfig(AppConfig):
    name = "gonghui.employment"
    label = "employment"
    verbose_name = _("Employment services")

    def ready(self):
        # This capability's statistics, its paragraph of the annual summary, its to-dos.
        from . import figures, summary, todos  # noqa: F401
