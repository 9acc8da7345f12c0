"""What waits for a user: the to-do list on every role's home page (issue 11 item 6).

Each capability declares the work that waits in its own `todos.py`, imported by its
AppConfig.ready() as its figures are:

    register(Todo(
        "assistance.steps",
        _("Aid applications waiting for your decision"),
        waiting=lambda actor: selectors.steps_waiting(actor=actor),  # scoped to the actor
        since="submitted_at",        # the field whose oldest value gives the age
        url="/aid/applications/?status=pending",  # the filtered list behind the count
    ))

`waiting(actor)` returns the records (already scoped with visible_to) that this actor may
act on now; the home page shows each non-empty to-do with its count and the age of the
oldest record, linked to the list. A to-do whose records the actor may not act on is not
theirs: filter by what they may do, not only what they may see.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Min, QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from .types import Actor


@dataclass(frozen=True)
class Todo:
    key: str  # "assistance.steps"
    label: str | Promise
    waiting: Callable[[Actor], QuerySet]
    since: str  # date or datetime field of the records: how long the oldest has waited
    url: str


@dataclass(frozen=True)
class Waiting:
    todo: Todo
    count: int
    oldest: date | datetime | None

    @property
    def days(self) -> int | None:
        """Days the oldest record has waited."""
        if self.oldest is None:
            return None
        oldest = self.oldest
        if isinstance(oldest, datetime):
            oldest = timezone.localtime(oldest).date()
        return (timezone.localdate() - oldest).days


REGISTRY: dict[str, Todo] = {}


def register(todo: Todo) -> Todo:
    if todo.key in REGISTRY:
        raise ValueError(f"to-do {todo.key} registered twice")
    REGISTRY[todo.key] = todo
    return todo


def waiting_for(actor: Actor) -> list[Waiting]:
    """The actor's non-empty to-dos, in the order the capabilities registered them."""
    found = []
    for todo in REGISTRY.values():
        rows = todo.waiting(actor).order_by()
        summary = rows.aggregate(oldest=Min(todo.since))
        count = rows.count()
        if count:
            found.append(Waiting(todo, count, summary["oldest"]))
    return found
