from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationConfig(AppConfig):
    name = "gonghui.communication"
    label = "communication"
    verbose_name = _("Reaching people")

    def ready(self):
        from . import figures, summary, todos  # noqa: F401  (figures, sentences, to-dos)
