from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gonghui.core import memberpages
from gonghui.core.memberpages import MemberPage


class CommunicationConfig(AppConfig):
    name = "gonghui.communication"
    label = "communication"
    verbose_name = _("Reaching people")

    def ready(self):
        from . import figures, summary, todos  # noqa: F401  (figures, sentences, to-dos)

        memberpages.register(
            MemberPage(
                "communication.surveys",
                _("Surveys for you"),
                "my-surveys",
                80,
                _("Surveys and polls you can answer"),
            )
        )
        memberpages.register(
            MemberPage(
                "communication.works",
                _("Reading and essays"),
                "my-works",
                90,
                _("Reading campaigns and essay contests: enter and vote"),
            )
        )
