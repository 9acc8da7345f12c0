from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gonghui.core import memberpages
from gonghui.core.memberpages import MemberPage

CARE_ACCOUNT = "honours_care"
CARE_POSTING = "honours_care"


class HonoursConfig(AppConfig):
    name = "gonghui.honours"
    label = "honours"
    verbose_name = _("Honours and model workers")

    def ready(self):
        from gonghui.campaigns import ledger

        from . import figures, summary, todos  # noqa: F401  (registers figures, sentences, to-dos)

        # Care money leaves the giving union's general funds into this account.
        ledger.register_account_kind(CARE_ACCOUNT, _("care given to model workers"))
        ledger.register_posting_kind(CARE_POSTING, _("care for model workers"))

        memberpages.register(
            MemberPage(
                "honours.mine",
                _("My honours"),
                "honours-mine",
                70,
                _("Your honours and the care the union gives you"),
            )
        )
