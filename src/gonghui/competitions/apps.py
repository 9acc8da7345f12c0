from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "gonghui.competitions"
    label = "competitions"
    verbose_name = _("Competitions and training")

    def ready(self):
        from . import figures, summary  # noqa: F401  (statistics and summary sentences)
