"""Figures for an organization the caller may see, its children, and the rows behind them."""

import calendar
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core.errors import NotFound, ServiceError
from gonghui.core.figures import REGISTRY, Figure, Period
from gonghui.orgs.selectors import org_get, org_list

from . import rollups


def figure_get(key: str) -> Figure:
    if key not in REGISTRY:
        raise NotFound(f"unknown figure {key}", field="key")
    return REGISTRY[key]


def _value(org, figure: Figure, period: Period, kept: dict) -> int:
    """The rolled-up value when a closed period's roll-up has it, else a live count."""
    if (org.pk, figure.key) in kept:
        return kept[org.pk, figure.key]
    return figure.value(org.path, period)


def figure_values(*, actor: User, org_id: int, period: Period) -> dict[str, int]:
    org = org_get(actor=actor, org_id=org_id)
    kept = rollups.stored([org.pk], period)
    return {key: _value(org, figure, period, kept) for key, figure in sorted(REGISTRY.items())}


def figure_by_children(*, actor: User, org_id: int, key: str, period: Period) -> list[tuple]:
    """One figure for each direct child: the bar chart of a dashboard."""
    figure = figure_get(key)
    org_get(actor=actor, org_id=org_id)
    children = list(org_list(actor=actor, parent_id=org_id))
    kept = rollups.stored([c.pk for c in children], period, keys=[key])
    return [(child, _value(child, figure, period, kept)) for child in children]


def figure_records(*, actor: User, org_id: int, key: str, period: Period) -> QuerySet:
    """The records a figure counts: every figure can be traced to its rows."""
    return figure_get(key).records(org_get(actor=actor, org_id=org_id).path, period)


# ---- dashboards --------------------------------------------------------------------------

# No records of the platform reach further back; plans may look some years ahead.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def figure_value(*, org, key: str, period: Period) -> int:
    """One figure for one organization already fetched through the scope checks: the
    roll-up of a closed month or year when kept, else a live count."""
    figure = figure_get(key)
    return _value(org, figure, period, rollups.stored([org.pk], period, keys=[key]))


def is_money(figure: Figure) -> bool:
    """Money figures are integer fen; the unit's msgid says so in any language."""
    with translation.override(None):
        return str(figure.unit) == "fen"


def month_period(year: int, month: int) -> Period:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ServiceError(
            _("Choose a year between %(a)s and %(b)s.") % {"a": FIRST_YEAR, "b": LAST_YEAR},
            field="year",
        )
    if not 1 <= month <= 12:
        raise ServiceError(_("A month is a number from 1 to 12."), field="month")
    return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def dashboard_period(
    *, year: int, month: int | None = None, start: date | None = None, end: date | None = None
) -> Period:
    """The period a dashboard shows: dates from/to when both are given, else the month
    of the year, else the whole year."""
    if start is not None or end is not None:
        if start is None or end is None:
            raise ServiceError(
                _("Give both dates, from and to, or neither."),
                field="start" if start is None else "end",
            )
        if end < start:
            raise ServiceError(_("The end date is before the start date."), field="end")
        return Period(start, end)
    if month:
        return month_period(year, month)
    month_period(year, 1)  # checks the year
    return Period(date(year, 1, 1), date(year, 12, 31))


def figure_trend(
    *, actor: User, org_id: int, key: str, year: int, today: date | None = None
) -> list[tuple[date, int]]:
    """One value per calendar month of `year`: the line chart of a dashboard.

    Months that have not started yet are left out rather than shown as zero.
    """
    figure_get(key)
    org = org_get(actor=actor, org_id=org_id)
    today = today or timezone.localdate()
    periods = [month_period(year, m) for m in range(1, 13)]
    return [
        (p.start, figure_value(org=org, key=key, period=p)) for p in periods if p.start <= today
    ]


def dashboard_overdue(*, actor: User, org_id: int, on: date | None = None) -> list:
    """Work-plan tasks, sub-items and reports late in the organization's subtree."""
    from gonghui.workplans.selectors import overdue

    return overdue(actor, on=on, under_id=org_id)
