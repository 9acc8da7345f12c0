from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "gonghui.activities"
    label = "activities"
    verbose_name = _("Meetings and study sessions")

    def ready(self):
        from . import figures  # noqa: F401  (registers this capability's statistics)
