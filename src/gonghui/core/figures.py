"""The figure registry: every statistic is a count or sum over one subtree and one period.

Each capability declares its figures in its own `figures.py`; the reports capability
reads them from here. A figure can always list the records behind it (drill-down).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils.functional import Promise


@dataclass(frozen=True)
class Period:
    start: date  # first day, inclusive
    end: date  # last day, inclusive


@dataclass(frozen=True)
class Figure:
    key: str  # "members.new"
    label: str | Promise  # gettext_lazy, English msgid with its Chinese translation
    unit: str | Promise  # 人, 个, 家, 元 ...
    records: Callable[[str, Period], QuerySet]  # (subtree path, period) -> rows behind it
    # How the rows become the number: their count, or the sum of one field.
    sum_field: str | None = None
    # The lookup from a row to its organization's path ("union__path"): lets roll-ups
    # count every organization of a province in one grouped query.
    path_field: str | None = None

    def value(self, path: str, period: Period) -> int:
        rows = self.records(path, period)
        if self.sum_field is None:
            return rows.count()
        return rows.aggregate(total=Sum(self.sum_field))["total"] or 0

    def values_by_path(self, period: Period) -> dict[str, int]:
        """{organization path: value of its own rows} over the whole tree."""
        assert self.path_field is not None, "callers check path_field first (reports.rollups)"
        rows = self.records("/", period).order_by()
        # Counted as value() counts: distinct only when the records say so.
        aggregate = (
            Count("pk", distinct=rows.query.distinct)
            if self.sum_field is None
            else Sum(self.sum_field)
        )
        grouped = rows.values_list(self.path_field).annotate(v=aggregate)
        return {path: v or 0 for path, v in grouped}


def filtered(
    records: Callable[[str, Period], QuerySet], **lookups: Any
) -> Callable[[str, Period], QuerySet]:
    """`records` narrowed by `lookups`: the figure of one choice, made in a loop over the
    choices (each closure keeps its own lookups)."""
    return lambda path, period: records(path, period).filter(**lookups)


REGISTRY: dict[str, Figure] = {}


def register(figure: Figure) -> Figure:
    if figure.key in REGISTRY:
        raise ValueError(f"figure {figure.key} registered twice")
    REGISTRY[figure.key] = figure
    return figure
