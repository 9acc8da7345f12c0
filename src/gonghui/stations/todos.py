"""What waits for a cadre at the service positions: problems reported and not yet dealt
with at positions they run (core.todos; shown on the home page)."""

from typing import cast

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import User
from gonghui.core.todos import Todo, register

from . import selectors
from .models import ProblemStatus

register(
    Todo(
        "stations.problems",
        _("Problems reported at your service positions"),
        waiting=lambda actor: selectors.problem_list(
            actor=cast(User, actor), status=ProblemStatus.OPEN, write=True
        ),
        since="reported_at",
        url="/stations/problems/?status=open",
    )
)
