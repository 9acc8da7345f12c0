from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonoursConfig(AppConfig):
    name = "gonghui.honours"
    label = "honours"
    verbose_name = _("Honours and model workers")

    def ready(self):
        from . import figures, summary, todos  # noqa: F401  (registers figures, sentences, to-dos)
