from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gonghui.core import memberpages
from gonghui.core.memberpages import MemberPage


class CompetitionsConfig(AppConfig):
    name = "gonghui.competitions"
    label = "competitions"
    verbose_name = _("Competitions and training")

    def ready(self):
        from . import figures, summary  # noqa: F401  (statistics and summary sentences)

        memberpages.register(
            MemberPage(
                "competitions.mine",
                _("My contests"),
                "competition-mine",
                50,
                _("Skills contests you entered and your results"),
            )
        )
