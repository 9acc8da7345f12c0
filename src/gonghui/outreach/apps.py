from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Ledger kinds of outreach funds (campaigns/ledger.py): what a federation granted, what a
# union received (credit-normal: money comes from it), and the posting that moves it.
GRANTED_ACCOUNT = "outreach_granted"
RECEIVED_ACCOUNT = "outreach_received"
GRANT_POSTING = "outreach_grant"


class OutreachConfig(AppConfig):
    name = "gonghui.outreach"
    label = "outreach"
    verbose_name = _("Grassroots outreach")

    def ready(self):
        from gonghui.campaigns import ledger

        from . import figures, summary, todos  # noqa: F401  (registers figures, sentences, to-dos)

        ledger.register_account_kind(GRANTED_ACCOUNT, _("outreach funds granted"))
        ledger.register_account_kind(
            RECEIVED_ACCOUNT, _("outreach funds received"), credit_normal=True
        )
        ledger.register_posting_kind(GRANT_POSTING, _("outreach grant"))
