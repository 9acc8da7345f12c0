"""What waits for a cadre in the register: join requests to decide, transfers to release
or accept (core.todos; shown on the home page)."""

from typing import cast

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import User
from gonghui.core.todos import Todo, register

from . import selectors

register(
    Todo(
        "members.join_requests",
        _("Join requests waiting for your review"),
        waiting=lambda actor: selectors.join_requests_waiting(actor=cast(User, actor)),
        since="submitted_at",
        url="/members/requests/?status=pending",
    )
)
register(
    Todo(
        "members.transfers",
        _("Transfers waiting for your union to release or accept"),
        waiting=lambda actor: selectors.transfers_waiting(actor=cast(User, actor)),
        since="requested_at",
        url="/members/transfers/?waiting=1",
    )
)
