"""Figures for an organization the caller may see, its children, and the rows behind them."""

import calendar
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core.errors import NotFound, ServiceError
from gonghui.core.figures import (
    REGISTRY,
    Figure,
    Period,
    is_stock_of_dates,
    rolled_forward,
    values_many,
)
from gonghui.orgs.selectors import org_get, org_list

from . import rollups


def figure_get(key: str) -> Figure:
    if key not in REGISTRY:
        raise NotFound(f"unknown figure {key}", field="key")
    return REGISTRY[key]


def _disjoint(kept: list[tuple[Period, int]]) -> list[tuple[Period, int]]:
    """Kept periods that do not overlap, the longest first where they start together (a
    year's roll-up rather than its January's)."""
    chosen: list[tuple[Period, int]] = []
    cursor = date.min
    for period, value in sorted(kept, key=lambda pv: (pv[0].start, -pv[0].end.toordinal())):
        if period.start > cursor:
            chosen.append((period, value))
            cursor = period.end
    return chosen


def _gaps(period: Period, covered: list[Period]) -> list[Period]:
    """The days of `period` that no covered period holds, as runs of days."""
    gaps, day = [], period.start
    for c in covered:
        if c.start > day:
            gaps.append(Period(day, c.start - timedelta(days=1)))
        day = max(day, c.end + timedelta(days=1))
    if day <= period.end:
        gaps.append(Period(day, period.end))
    return gaps


def values_of(orgs: list, figures: list[Figure], periods: list[Period]) -> dict[tuple, int]:
    """{(org id, figure key, period): value} for organizations already checked for scope.

    A period's roll-up when it is kept (a closed month or year). Otherwise an additive
    figure is pieced together: the closed months inside the period from roll-ups, the
    days no roll-up holds (the open month) counted live. A stock of dates alone (members
    on the period's last day) is its last closed month's roll-up carried forward to the
    period's end: the rows started and those ended in between counted live, one range of
    days each (core.figures.rolled_forward), where that roll-up is fresh
    (rollups.carried_from). Other figures are counted live over the whole period. Live
    counts go many to a statement (core.figures.values_many).
    """
    ids = [o.pk for o in orgs]
    keys = [f.key for f in figures] if len(figures) <= 50 else None
    span = Period(min(p.start for p in periods), max(p.end for p in periods))
    pieces: dict[tuple[int, str], list[tuple[Period, int]]] = {}

    def fetch_within(keys) -> None:
        for (org_id, key, start, end), value in rollups.stored_within(ids, span, keys).items():
            pieces.setdefault((org_id, key), []).append((Period(start, end), value))

    kept: dict[tuple, int] = {}
    if len(periods) == 1:  # its own roll-up, without the months inside it
        for (org_id, key), value in rollups.stored(ids, span, keys).items():
            kept[org_id, key, span] = value
    else:  # a trend: every month's roll-up in one query
        fetch_within(keys)
        for (org_id, key), kept_periods in pieces.items():
            for period, value in kept_periods:
                if period in periods:
                    kept[org_id, key, period] = value
    wanted = [(o, f, p) for o in orgs for f in figures for p in periods]
    missing = [(o, f, p) for o, f, p in wanted if (o.pk, f.key, p) not in kept]
    if len(periods) == 1 and any(f.additive for _o, f, _p in missing):
        additive_keys = sorted({f.key for _o, f, _p in missing if f.additive})
        fetch_within(additive_keys if len(additive_keys) <= 50 else None)
    carried = _carried([(o, f, p) for o, f, p in missing if not f.additive])
    live: list[tuple[tuple, Figure, str, Period, int]] = []
    for org, figure, period in missing:
        target = (org.pk, figure.key, period)
        if target in carried:
            kept[target], changes = carried[target]
            for change, sign in zip(changes, (1, -1), strict=True):
                if change is not None:
                    live.append((target, change, org.path, period, sign))
            continue
        if not figure.additive:
            live.append((target, figure, org.path, period, 1))
            continue
        inside = [
            (p, v)
            for p, v in pieces.get((org.pk, figure.key), [])
            if period.start <= p.start and p.end <= period.end
        ]
        chosen = _disjoint(inside)
        kept[target] = sum(v for _p, v in chosen)
        for gap in _gaps(period, [p for p, _v in chosen]):
            live.append((target, figure, org.path, gap, 1))
    counted = values_many([(figure, path, period) for _t, figure, path, period, _s in live])
    for (target, *_rest, sign), value in zip(live, counted, strict=True):
        kept[target] = kept.get(target, 0) + sign * value
    return {target: kept[target] for target in ((o.pk, f.key, p) for o, f, p in wanted)}


def _carried(wanted: list[tuple]) -> dict[tuple, tuple[int, tuple]]:
    """{(org id, figure key, period): (kept value, (gained, lost))} for the stocks of dates
    alone among `wanted` whose last closed month's roll-up is fresh: the value is that
    roll-up plus what `gained` counts, less what `lost` counts (core.figures.rolled_forward;
    None for a change that counts nothing)."""
    today = timezone.localdate()
    stocks = [(o, f, p) for o, f, p in wanted if is_stock_of_dates(f)]
    if not stocks:
        return {}
    months = {p: rollups.last_closed_month(p, today) for _o, _f, p in stocks}
    keys = sorted({f.key for _o, f, _p in stocks})
    kept = rollups.carried_from(
        {o.pk for o, _f, _p in stocks}, keys if len(keys) <= 50 else None, set(months.values())
    )
    carried = {}
    for org, figure, period in stocks:
        month = months[period]
        if (org.pk, figure.key, month) not in kept:
            continue  # no roll-up, or a stale one: counted live
        changes = rolled_forward(figure, org.path, month.end, period)
        if changes is not None:
            carried[org.pk, figure.key, period] = kept[org.pk, figure.key, month], changes
    return carried


def figure_values(*, actor: User, org_id: int, period: Period) -> dict[str, int]:
    org = org_get(actor=actor, org_id=org_id)
    figures = [REGISTRY[key] for key in sorted(REGISTRY)]
    values = values_of([org], figures, [period])
    return {f.key: values[org.pk, f.key, period] for f in figures}


def figure_by_children(*, actor: User, org_id: int, key: str, period: Period) -> list[tuple]:
    """One figure for each direct child: the bar chart of a dashboard."""
    figure = figure_get(key)
    org_get(actor=actor, org_id=org_id)
    children = list(org_list(actor=actor, parent_id=org_id))
    values = values_of(children, [figure], [period])
    return [(child, values[child.pk, key, period]) for child in children]


def figure_records(*, actor: User, org_id: int, key: str, period: Period) -> QuerySet:
    """The records a figure counts: every figure can be traced to its rows."""
    return records_of(org=org_get(actor=actor, org_id=org_id), key=key, period=period)


def records_of(*, org, key: str, period: Period) -> QuerySet:
    """figure_records for an organization already fetched through the scope checks (the
    summary's workbook reads the records of a few hundred figures of one organization).
    In the figure's drill_order, the order an index gives them in: the records page, the
    API and the drill-down sheets read the first ones without sorting them all."""
    figure = figure_get(key)
    return figure.records(org.path, period).order_by(*figure.drill_order)


# ---- dashboards --------------------------------------------------------------------------

# No records of the platform reach further back; plans may look some years ahead.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def figure_value(*, org, key: str, period: Period) -> int:
    """One figure for one organization already fetched through the scope checks: its
    roll-ups where kept (values_of), the rest counted live."""
    return values_of([org], [figure_get(key)], [period])[org.pk, key, period]


def is_money(figure: Figure) -> bool:
    """Money figures are integer fen; the unit's msgid says so in any language."""
    with translation.override(None):
        return str(figure.unit) == "fen"


def money_keys() -> frozenset[str]:
    """The keys of the money figures (is_money), the language switched once for them all."""
    with translation.override(None):
        return frozenset(key for key, figure in REGISTRY.items() if str(figure.unit) == "fen")


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
    figure = figure_get(key)
    org = org_get(actor=actor, org_id=org_id)
    today = today or timezone.localdate()
    periods = [month_period(year, m) for m in range(1, 13)]
    periods = [p for p in periods if p.start <= today]
    values = values_of([org], [figure], periods) if periods else {}
    return [(p.start, values[org.pk, key, p]) for p in periods]


def dashboard_overdue(*, actor: User, org_id: int, on: date | None = None) -> list:
    """Work-plan tasks, sub-items and reports late in the organization's subtree."""
    from gonghui.workplans.selectors import overdue

    return overdue(actor, on=on, under_id=org_id)
