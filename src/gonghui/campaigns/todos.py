"""What waits for a cadre in campaigns: payments someone else proposed that their union
pays, and allocations above a campaign's threshold that their union sends (the second
person's step; core.todos, shown on the home page)."""

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
register(
    Todo(
        "campaigns.allocations",
        _("Allocations waiting for a second person"),
        waiting=lambda actor: selectors.allocations_to_check(actor=cast(User, actor)),
        since="made_at",
        url="/campaigns/waiting/",
    )
)
