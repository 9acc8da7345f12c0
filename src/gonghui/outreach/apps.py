from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "gonghui.outreach"
    label = "outreach"
    verbose_name = _("Grassroots outreach")

    def ready(self):
        from . import figures, summary, todos  # noqa: F401  (registers figures, sentences, to-dos)
