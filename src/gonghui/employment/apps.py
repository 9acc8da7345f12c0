from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gonghui.core import memberpages
from gonghui.core.memberpages import MemberPage


class EmploymentConfig(AppConfig):
    name = "gonghui.employment"
    label = "employment"
    verbose_name = _("Employment services")

    def ready(self):
        # This capability's statistics, its paragraph of the annual summary, its to-dos.
        from gonghui.campaigns import ledger

        from . import figures, summary, todos  # noqa: F401
        from .codes import ALLOT_POSTING, FUND_ACCOUNT, PAID_ACCOUNT, PAY_POSTING

        ledger.register_account_kind(FUND_ACCOUNT, _("employment fund"))
        ledger.register_account_kind(PAID_ACCOUNT, _("paid from the employment fund"))
        ledger.register_posting_kind(ALLOT_POSTING, _("allotment to the employment fund"))
        ledger.register_posting_kind(PAY_POSTING, _("payment from the employment fund"))

        memberpages.register(
            MemberPage(
                "employment.mine",
                _("My job search"),
                "employment-mine",
                40,
                _("Job fairs, posts and training for you"),
            )
        )
