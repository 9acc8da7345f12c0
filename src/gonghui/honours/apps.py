from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gonghui.core import memberpages
from gonghui.core.memberpages import MemberPage


class HonoursConfig(AppConfig):
    name = "gonghui.honours"
    label = "honours"
    verbose_name = _("Honours and model workers")

    def ready(self):
        from . import figures, summary, todos  # noqa: F401  (registers figures, sentences, to-dos)

        memberpages.register(
            MemberPage(
                "honours.mine",
                _("My honours"),
                "honours-mine",
                70,
                _("Your honours and the care the union gives you"),
            )
        )
