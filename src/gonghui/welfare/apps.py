from typing import cast

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelfareConfig(AppConfig):
    name = "gonghui.welfare"
    label = "welfare"
    verbose_name = _("Member welfare")

    def ready(self):
        from gonghui.campaigns import ledger

        from . import figures, summary, todos  # noqa: F401  (registers figures, sentences, to-dos)
        from .codes import ACCOUNTS, POSTINGS

        # The labels stay lazy (translated where shown); the ledger's signature says str.
        for value, label, credit_normal in ACCOUNTS:
            ledger.register_account_kind(value, cast(str, label), credit_normal=credit_normal)
        for value, label in POSTINGS:
            ledger.register_posting_kind(value, cast(str, label))
