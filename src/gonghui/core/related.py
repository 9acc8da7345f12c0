"""Records of a capability above shown on a page of one below it (issue 17: the care a model
worker was given, on their needy-worker file in assistance).

The lower capability may not import the higher one (tests/test_architecture.py), so the
higher one registers a panel for the lower one's model in its AppConfig.ready, and the
lower page asks `panels_for(actor, obj)`. The rows come from the registering capability's
own scoped selector, so a panel shows only what the actor may see.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from gonghui.core.types import Actor


@dataclass(frozen=True)
class Panel:
    key: str  # "honours.care_on_file"
    model: str  # the page's model, "assistance.HardshipFile"
    title: Any  # a lazy gettext string
    template: str  # renders `panel` and `rows`
    rows: Callable[[Any, Any], Iterable[Any]]  # (actor, obj) -> rows the actor may see


@dataclass(frozen=True)
class Shown:
    panel: Panel
    rows: list[Any]


_PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> Panel:
    _PANELS[panel.key] = panel  # a second ready() (tests reload apps) replaces, not repeats
    return panel


def panels_for(actor: Actor, obj: Any) -> list[Shown]:
    """The panels registered for obj's model that have rows for this actor."""
    label = obj._meta.label
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda p: p.key):
        if panel.model == label:
            rows = list(panel.rows(actor, obj))
            if rows:
                shown.append(Shown(panel, rows))
    return shown
