"""What waits in employment: the graduates of needy families a cadre is in charge of who
are not placed yet (包人包户 until placement, seed 004 §3)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.todos import Todo, register

from . import selectors

register(
    Todo(
        "employment.graduates",
        _("Graduates of needy families in your charge, not yet placed"),
        waiting=lambda actor: selectors.graduates_waiting(actor=actor),
        since="registered_on",
        url="/employment/seekers/?mine=true&group=needy_graduate&status=seeking",
    )
)

register(
    Todo(
        "employment.applications",
        _("Job applications not yet passed on to the employer"),
        waiting=lambda actor: selectors.applications_waiting(actor=actor),
        since="applied_on",
        url="/employment/applications/?status=applied",
    )
)
