from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gonghui.reports"
    label = "reports"
    verbose_name = _("Statistics and reports")

    def ready(self):
        from . import tasks  # noqa: F401  (its receiver recounts roll-ups after a move)
