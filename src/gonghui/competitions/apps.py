from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gonghui.core import memberpages
from gonghui.core.memberpages import MemberPage

# 送技能进企业 subsidies leave the organizer's general funds into this account.
SUBSIDY_ACCOUNT = "competitions_training"
SUBSIDY_POSTING = "training_subsidy"


class CompetitionsConfig(AppConfig):
    name = "gonghui.competitions"
    label = "competitions"
    verbose_name = _("Competitions and training")

    def ready(self):
        from gonghui.campaigns import ledger

        from . import figures, summary  # noqa: F401  (statistics and summary sentences)

        ledger.register_account_kind(SUBSIDY_ACCOUNT, _("training subsidies paid"))
        ledger.register_posting_kind(SUBSIDY_POSTING, _("training subsidy"))

        memberpages.register(
            MemberPage(
                "competitions.mine",
                _("My contests"),
                "competition-mine",
                50,
                _("Skills contests you entered and your results"),
            )
        )
