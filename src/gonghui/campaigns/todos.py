"""What waits for a cadre in campaigns: payments someone else proposed that their union
pays (the checker's step; core.todos, shown on the home page)."""

from typing import cast

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import User
from gonghui.core.todos import Todo, register

from . import selectors

register(
    Todo(
        "campaigns.payments",
        _("Payments waiting for your check"),
        waiting=lambda actor: selectors.payments_to_check(actor=cast(User, actor)),
        since="made_at",
        url="/campaigns/waiting/",
    )
)
