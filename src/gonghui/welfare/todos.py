"""What waits in welfare: claims the actor's federation reviews, or pays after someone
else approved them (core.todos; shown on home and /me/)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.todos import Todo, register

from . import selectors

register(
    Todo(
        "welfare.claims",
        _("Mutual insurance claims waiting for review or payment"),
        waiting=lambda actor: selectors.waiting_claims(actor=actor),
        since="submitted_at",
        url="/welfare/claims/?waiting=true",
    )
)
