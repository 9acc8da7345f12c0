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
