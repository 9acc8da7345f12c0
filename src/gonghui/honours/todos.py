"""What waits in honours: review steps a federation decides now, on nominations the
actor did not enter (core.todos; shown on the home page)."""

from typing import cast

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import User
from gonghui.core.todos import Todo, register
from gonghui.core.types import Actor

from . import selectors


def _waiting(actor: Actor):
    # The home page passes the signed-in account, an accounts.User.
    return selectors.nomination_list(actor=cast(User, actor), waiting=True)


register(
    Todo(
        "honours.steps",
        _("Honour nominations waiting for your review"),
        waiting=_waiting,
        since="created_at",
        url="/honours/nominations/?waiting=true",
    )
)
