"""What waits in reaching people: notices to read or report back on, late receivers of
one's own notices, news items to decide."""

from typing import cast

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import User
from gonghui.core.todos import Todo, register

from . import selectors

register(
    Todo(
        "communication.notices",
        _("Notices to read or report back on"),
        waiting=lambda actor: selectors.notices_waiting(cast(User, actor)),
        since="notice__sent_at",
        url="/notices/received/?mine=true",
    )
)
register(
    Todo(
        "communication.notices_late",
        _("Unions late with the report your notice asked for"),
        waiting=lambda actor: selectors.notices_late(cast(User, actor)),
        since="notice__report_due",
        url="/notices/received/?state=late",
    )
)
register(
    Todo(
        "communication.news",
        _("News items submitted to you, to adopt or decline"),
        waiting=lambda actor: selectors.news_waiting(cast(User, actor)),
        since="submitted_at",
        url="/news-items/?to_me=true&status=submitted",
    )
)
