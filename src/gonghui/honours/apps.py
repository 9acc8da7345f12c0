from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gonghui.core import memberpages, related
from gonghui.core.memberpages import MemberPage

CARE_ACCOUNT = "honours_care"
CARE_POSTING = "honours_care"


class HonoursConfig(AppConfig):
    name = "gonghui.honours"
    label = "honours"
    verbose_name = _("Honours and model workers")

    def ready(self):
        from gonghui.campaigns import ledger

        from . import figures, selectors, summary, todos  # noqa: F401  (registers figures, sentences, to-dos)

        # Care money leaves the giving union's general funds into this account.
        ledger.register_account_kind(CARE_ACCOUNT, _("care given to model workers"))
        ledger.register_posting_kind(CARE_POSTING, _("care for model workers"))

        # The needy-worker file (assistance, below honours) lists the care that names it.
        related.register(
            related.Panel(
                "honours.care_on_file",
                "assistance.HardshipFile",
                _("Care given as a model worker"),
                "honours/_care_on_file.html",
                lambda actor, file: selectors.care_on_file(actor=actor, file=file),
            )
        )

        memberpages.register(
            MemberPage(
                "honours.mine",
                _("My honours"),
                "honours-mine",
                70,
                _("Your honours and the care the union gives you"),
            )
        )
