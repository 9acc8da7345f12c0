from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gonghui.core import memberpages
from gonghui.core.memberpages import MemberPage

# Ledger kinds of the employment fund (campaigns/ledger.py): the fund a union holds, what
# it paid out of it, and the postings that move it.
FUND_ACCOUNT = "employment_fund"
PAID_ACCOUNT = "employment_paid"
ALLOT_POSTING = "employment_allot"
PAY_POSTING = "employment_pay"


class EmploymentConfig(AppConfig):
    name = "gonghui.employment"
    label = "employment"
    verbose_name = _("Employment services")

    def ready(self):
        # This capability's statistics, its paragraph of the annual summary, its to-dos.
        from gonghui.campaigns import ledger

        from . import figures, summary, todos  # noqa: F401

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
