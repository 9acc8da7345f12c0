"""What waits for a cadre in assistance: application steps their union decides now
(core.todos; shown on the home page)."""

from typing import cast

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import User
from gonghui.core.todos import Todo, register

from . import selectors

register(
    Todo(
        "assistance.steps",
        _("Aid applications waiting for your decision"),
        waiting=lambda actor: selectors.application_list(
            actor=cast(User, actor), waiting_for_me=True
        ),
        since="submitted_at",
        url="/aid/applications/?waiting=1&status=reviewing&sort=submitted",
    )
)
register(
    Todo(
        "assistance.objections",
        _("Objections to aid under public notice"),
        waiting=lambda actor: selectors.objections_waiting(actor=cast(User, actor)),
        since="filed_at",
        url="/aid/objections/?status=open",
    )
)
