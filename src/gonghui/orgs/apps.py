from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "gonghui.orgs"
    label = "orgs"
    verbose_name = _("Organizations")

    def ready(self):
        from . import figures  # noqa: F401  (registers this capability's statistics)
