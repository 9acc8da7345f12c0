"""What waits for a handler: open cases past their deadline."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.todos import Todo, register

from . import selectors

register(
    Todo(
        "rights.overdue",
        _("Rights cases past their deadline"),
        waiting=lambda actor: selectors.overdue_cases(actor=actor),
        since="deadline",
        url="/rights/?status=open&overdue=true&sort=deadline",
    )
)
register(
    Todo(
        "rights.mediation_overdue",
        _("Mediations past their fifteen days"),
        waiting=lambda actor: selectors.overdue_mediations(actor=actor),
        since="due_on",
        url="/rights/mediations/?status=open&overdue=true&sort=due",
    )
)
register(
    Todo(
        "rights.letter_reply_overdue",
        _("Supervision letters with no reply past their due day"),
        waiting=lambda actor: selectors.letters_awaiting_reply(actor=actor),
        since="reply_due",
        url="/rights/letters/?overdue=true&sort=due",
    )
)


# ---- collective consultation ----
from . import selectors_contracts  # noqa: E402

register(
    Todo(
        "rights.contract_renewal",
        _("Collective contracts to renegotiate before they expire"),
        waiting=lambda actor: selectors_contracts.contracts_due_renewal(actor=actor),
        since="due_from",
        url="/rights/contracts/?renewal_due=true&sort=expires",
    )
)
register(
    Todo(
        "rights.offer_unanswered",
        _("Collective offers unanswered past their twenty days"),
        waiting=lambda actor: selectors_contracts.offers_unanswered(actor=actor),
        since="reply_due",
        url="/rights/offers/?overdue=true&sort=due",
    )
)
