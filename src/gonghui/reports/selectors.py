"""Figures for an organization the caller may see, its children, and the rows behind them."""

from django.db.models import QuerySet

from gonghui.core.errors import NotFound
from gonghui.core.figures import REGISTRY, Figure, Period
from gonghui.orgs.selectors import org_get, org_list


def figure_get(key: str) -> Figure:
    if key not in REGISTRY:
        raise NotFound(f"unknown figure {key}", field="key")
    return REGISTRY[key]


def figure_values(*, actor, org_id: int, period: Period) -> dict[str, int]:
    org = org_get(actor=actor, org_id=org_id)
    return {key: figure.value(org.path, period) for key, figure in sorted(REGISTRY.items())}


def figure_by_children(*, actor, org_id: int, key: str, period: Period) -> list[tuple]:
    """One figure for each direct child: the bar chart of a dashboard."""
    figure = figure_get(key)
    org_get(actor=actor, org_id=org_id)
    return [(child, figure.value(child.path, period))
            for child in org_list(actor=actor, parent_id=org_id)]


def figure_records(*, actor, org_id: int, key: str, period: Period) -> QuerySet:
    """The records a figure counts: every figure can be traced to its rows."""
    return figure_get(key).records(org_get(actor=actor, org_id=org_id).path, period)
