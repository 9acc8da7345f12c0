from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationConfig(AppConfig):
    name = "gonghui.innovation"
    label = "innovation"
    verbose_name = _("Mass innovation")

    def ready(self):
        from . import figures, summary  # noqa: F401  (statistics and summary sentences)
