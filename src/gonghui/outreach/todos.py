"""What outreach leaves waiting: problems found on visits that are not yet solved.

A problem waits for the staff of its responsible union; once past its due date it also
waits for the staff of the union directly above (it "rises a level")."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.todos import Todo, register

from . import selectors

register(
    Todo(
        "outreach.problems",
        _("Problems found on visits that your union must solve"),
        waiting=lambda actor: selectors.problems_waiting(actor=actor),
        since="created_at",
        url="/outreach/problems/?waiting=mine",
    )
)
register(
    Todo(
        "outreach.problems_overdue",
        _("Overdue problems of the unions below yours"),
        waiting=lambda actor: selectors.problems_overdue_below(actor=actor),
        since="due_on",
        url="/outreach/problems/?waiting=below",
    )
)
