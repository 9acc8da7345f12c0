from typing import cast

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "gonghui.finance"
    label = "finance"
    verbose_name = _("Union finance")

    def ready(self):
        from gonghui.campaigns import ledger

        from . import figures, summary, todos  # noqa: F401  (registers figures, sentences, to-dos)
        from .models import ACCOUNT_KINDS, POSTING_KINDS

        for value, label, credit_normal in ACCOUNT_KINDS:
            ledger.register_account_kind(value, cast(str, label), credit_normal=credit_normal)
        for value, label in POSTING_KINDS:
            ledger.register_posting_kind(value, cast(str, label))  # lazy: read in each language
