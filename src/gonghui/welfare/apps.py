from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gonghui.core import memberpages
from gonghui.core.memberpages import MemberPage


class WelfareConfig(AppConfig):
    name = "gonghui.welfare"
    label = "welfare"
    verbose_name = _("Member welfare")

    def ready(self):
        from gonghui.campaigns import ledger

        from . import figures, summary, todos  # noqa: F401  (registers figures, sentences, to-dos)
        from .codes import ACCOUNTS, POSTINGS

        for value, label, credit_normal in ACCOUNTS:
            ledger.register_account_kind(value, label, credit_normal=credit_normal)
        for value, label in POSTINGS:
            ledger.register_posting_kind(value, label)
        memberpages.register(
            MemberPage(
                "welfare.mine",
                _("My cover and claims"),
                "welfare-mine",
                30,
                _("Your mutual medical cover; file a claim from your phone"),
            )
        )
