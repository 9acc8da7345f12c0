"""Roll-ups: the figures of closed months and years, counted once and kept.

A closed period's figures change only when records are back-dated into it, so they are
counted by a background job (`gonghui rollup`, started daily by `gonghui serve`) and read
from FigureRollup instead of counting millions of rows again. Only federations (not the
200,000 grassroots unions, whose own counts are small) get roll-ups. An open period, a
period that is not a calendar month or year, or a figure registered after the last
refresh is counted live.

Every figure is kept, stocks as well as counts of dated records: a stock of dates alone
(members on the period's last day: started by then, not ended by then) is counted again
like the others, so a correction dated in the period (a member's leaving recorded late)
reaches its roll-up with the next refresh of the year. An open period's stock of dates is
its last closed month's roll-up carried forward: the rows started and ended since counted
live (core.figures.rolled_forward, reports.selectors), from a roll-up fresh enough
(`carried_from`), else counted live whole. A stock that reads the present
state of its records (Figure.snapshot: a position closed, an organization inactive, dues
still owed) keeps the value first counted once the period had ended: counting it again
later would only let it drift (`recount_snapshots=True` counts them again, as after a
change of their definition, or a move).
"""

import calendar
import time
from collections.abc import Callable, Collection
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from gonghui.core.bulk import insert_rows
from gonghui.core.figures import REGISTRY, Figure, Period, Ratio, values_many
from gonghui.core.models import AuditEvent
from gonghui.orgs.codes import Action as OrgAction
from gonghui.orgs.models import Organization, OrgKind

from .models import FigureRollup

# SQLite's busy handler is no queue: a waiting request tries again every 100 ms at most,
# and would seldom find the lock free between back-to-back transactions. A pause that
# long after each federation lets it in.
SQLITE_PAUSE = 0.1

ROLLUP_KINDS = (
    OrgKind.NATIONAL,
    OrgKind.PROVINCIAL,
    OrgKind.CITY,
    OrgKind.COUNTY,
    OrgKind.INDUSTRY,
)


def month(year: int, number: int) -> Period:
    return Period(date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1]))


def closed_periods(year: int, today: date) -> list[Period]:
    """The months of `year` that have ended, and the year itself once it has."""
    periods = [month(year, m) for m in range(1, 13) if month(year, m).end < today]
    if date(year, 12, 31) < today:
        periods.append(Period(date(year, 1, 1), date(year, 12, 31)))
    return periods


def _ancestors(path: str, rollup_ids: dict[str, int], memo: dict[str, list[int]]) -> list[int]:
    """The federations with roll-ups at or above the organization at `path`."""
    if path not in memo:
        parts = path.strip("/").split("/")
        prefixes = ("/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1))
        memo[path] = [rollup_ids[p] for p in prefixes if p in rollup_ids]
    return memo[path]


def _count(
    figure: Figure,
    periods: list[Period],
    orgs: list[tuple[int, str]],
    rollup_ids: dict[str, int],
    memo: dict,
) -> dict[Period, dict[int, int]]:
    """{period: {federation id: value}} of one figure: all its periods in one grouped
    statement where the figure's rows allow it (Figure.values_by_path_over), else one
    grouped statement a period; a figure with no grouping known (no path_field) is counted
    for each federation and period, many to a statement (core.figures.values_many). A rate
    (core.figures.Ratio) is its two parts counted so, divided for each federation."""
    if isinstance(figure, Ratio) and all(part.path_field for part in figure.parts()):
        numerator, denominator = (
            _count(part, periods, orgs, rollup_ids, memo) for part in figure.parts()
        )
        return {
            period: {
                pk: figure.per_mille(numerator[period][pk], denominator[period][pk])
                for pk, _path in orgs
            }
            for period in periods
        }
    if figure.path_field is None:
        items = [(figure, path, period) for period in periods for _pk, path in orgs]
        counted = iter(values_many(items))
        return {period: {pk: next(counted) for pk, _path in orgs} for period in periods}
    by_period = figure.values_by_path_over(periods)
    if by_period is None:
        by_period = [figure.values_by_path(period) for period in periods]
    values = {}
    for period, by_path in zip(periods, by_period, strict=True):
        totals = dict.fromkeys(rollup_ids.values(), 0)
        for path, value in by_path.items():
            for pk in _ancestors(path, rollup_ids, memo):
                totals[pk] += value
        values[period] = totals
    return values


def refresh(
    year: int,
    *,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    org_ids: Collection[int] | None = None,
    recount_snapshots: bool = False,
) -> int:
    """Count every figure of every federation (or of those in `org_ids`) for the closed
    periods of `year` and replace their roll-ups. Returns the number of values stored.
    A snapshot figure's kept values stay as they are, unless `recount_snapshots`.

    Counting only reads: a statement per figure for all its periods where its rows allow
    it (`_count`). The values are then written one federation at a time, each in its own
    short transaction that replaces that federation's whole year (COPY on PostgreSQL,
    core.bulk): on SQLite the write lock is held for milliseconds, not for the whole
    province, so requests and the task worker never wait long for it. A reader always sees
    a federation's year whole, either the old count or the new one; during a refresh two
    federations may come from different counts (they differ only by records back-dated
    since the last one). `progress(done, total)` is called after each figure.
    """
    periods = closed_periods(year, today or timezone.localdate())
    federations = Organization.objects.filter(kind__in=ROLLUP_KINDS)
    if org_ids is not None:
        federations = federations.filter(pk__in=org_ids)
    orgs = list(federations.values_list("pk", "path"))
    rollup_ids = {path: pk for pk, path in orgs}
    memo: dict[str, list[int]] = {}
    values: dict[int, list[tuple[str, Period, int]]] = {pk: [] for pk, _path in orgs}
    snapshots = {} if recount_snapshots else _snapshots(year, [pk for pk, _path in orgs])
    figures = list(REGISTRY.values())
    for done, figure in enumerate(figures, 1):

        def kept(period: Period, figure: Figure = figure) -> bool:
            return figure.snapshot and all(
                (pk, figure.key, period.start, period.end) in snapshots for pk, _path in orgs
            )

        todo = [period for period in periods if not kept(period)]
        counted = _count(figure, todo, orgs, rollup_ids, memo) if todo and orgs else {}
        for period in periods:
            for pk, _path in orgs:
                k = (pk, figure.key, period.start, period.end)
                value = snapshots[k] if k in snapshots else counted[period][pk]
                values[pk].append((figure.key, period, value))
        if progress:
            progress(done, len(figures))
    now = timezone.now()
    meta = FigureRollup._meta
    columns = ["key", "org_id", "start", "end", "value", "computed_at"]
    computed_at = meta.get_field("computed_at").get_db_prep_save(now, connection)
    day = meta.get_field("start")
    days = {p: [day.get_db_prep_save(d, connection) for d in (p.start, p.end)] for p in periods}
    for pk, kept_values in values.items():
        with transaction.atomic():
            FigureRollup.objects.filter(org_id=pk, start__year=year).delete()
            insert_rows(
                meta.db_table,
                columns,
                (
                    (key, pk, *days[period], value, computed_at)
                    for key, period, value in kept_values
                ),
            )
        if connection.vendor == "sqlite":
            time.sleep(SQLITE_PAUSE)
    # Organizations that are no longer federations keep no roll-ups.
    with transaction.atomic():
        FigureRollup.objects.filter(start__year=year).exclude(org__kind__in=ROLLUP_KINDS).delete()
    return sum(map(len, values.values()))


def _snapshots(year: int, org_ids: list[int]) -> dict[tuple[int, str, date, date], int]:
    """{(org id, key, start, end): value} of the snapshot figures kept for `year`."""
    keys = [key for key, figure in REGISTRY.items() if figure.snapshot]
    if not keys:
        return {}
    rows = FigureRollup.objects.filter(start__year=year, org_id__in=org_ids, key__in=keys)
    return {
        (org_id, key, start, end): value
        for org_id, key, start, end, value in rows.values_list(
            "org_id", "key", "start", "end", "value"
        )
    }


def _changed_by_move(old_path: str, new_path: str) -> set[int]:
    """The federations a subtree left and joined: they count it no longer, or now. Common
    ancestors keep the same totals, and the subtree its own. The ids are read from the
    paths ("/1/5/23/"), which stay true of them whatever moves later."""
    left, joined = (set(map(int, p.strip("/").split("/")[:-1])) for p in (old_path, new_path))
    return left ^ joined


def recount_after_move(old_path: str, new_path: str) -> int:
    """The federations a subtree left and joined (_changed_by_move): their roll-ups of
    every year they have are counted again. Snapshot figures too: their subtree changed,
    and the present state is the best count there is of it."""
    org_ids = _changed_by_move(old_path, new_path)
    years = FigureRollup.objects.filter(org_id__in=org_ids).dates("start", "year")
    return sum(refresh(d.year, org_ids=org_ids, recount_snapshots=True) for d in years)


def stored_within(org_ids, period: Period, keys=None, *, today: date | None = None) -> dict:
    """{(org id, figure key, start, end): value} of every closed period kept inside `period`
    (its months, and the period itself when it is a closed month or year): one query."""
    today = today or timezone.localdate()
    rows = FigureRollup.objects.filter(
        org_id__in=org_ids, start__gte=period.start, end__lte=period.end, end__lt=today
    )
    if keys is not None:
        rows = rows.filter(key__in=keys)
    return {
        (org_id, key, start, end): value
        for org_id, key, start, end, value in rows.values_list(
            "org_id", "key", "start", "end", "value"
        )
    }


def stored(org_ids, period: Period, keys=None) -> dict[tuple[int, str], int]:
    """{(org id, figure key): value} kept for a closed period; empty when it is open."""
    if period.end >= timezone.localdate():
        return {}
    rows = FigureRollup.objects.filter(org_id__in=org_ids, start=period.start, end=period.end)
    if keys is not None:
        rows = rows.filter(key__in=keys)
    return {
        (org_id, key): value for org_id, key, value in rows.values_list("org_id", "key", "value")
    }


# The nightly job counts the roll-ups again every night; one older than this has missed
# two nights, and the corrections dated in its month since (a leaving recorded late)
# would stay out of any value carried forward from it.
CARRY_MAX_AGE = timedelta(days=2)


def last_closed_month(period: Period, today: date) -> Period:
    """The calendar month that a stock on the period's last day is carried from: the last
    one to have ended by then and before today (the period's own month when it ends on a
    month's last day and is closed)."""
    day = min(period.end, today - timedelta(days=1))
    if (day + timedelta(days=1)).day == 1:
        return month(day.year, day.month)
    first = day.replace(day=1) - timedelta(days=1)
    return month(first.year, first.month)


def carried_from(org_ids, keys, months: Collection[Period], *, now: datetime | None = None):
    """{(org id, figure key, month): value} kept for closed months that a stock of dates
    may be carried forward from (reports.selectors): counted after its month had ended,
    within CARRY_MAX_AGE, and with no move since that changed which organizations the
    federation holds (its recount after the move still to come). A roll-up left out is
    stale: the caller counts the figure live. Two queries at most."""
    now = now or timezone.now()
    if not months:
        return {}
    when = Q()
    for m in months:
        when |= Q(start=m.start, end=m.end)
    found = FigureRollup.objects.filter(when, org_id__in=org_ids)
    if keys is not None:
        found = found.filter(key__in=keys)
    rows = list(found.values_list("org_id", "key", "start", "end", "value", "computed_at"))
    if not rows:
        return {}
    oldest = min(computed_at for *_rest, computed_at in rows)
    moves = AuditEvent.objects.filter(action=OrgAction.MOVE, at__gt=oldest)
    moved: dict[int, datetime] = {}  # federation id: its last move since
    for at, changes in moves.values_list("at", "changes"):
        old_path, new_path = (changes or {}).get("path", ["/", "/"])
        for pk in _changed_by_move(old_path, new_path):
            moved[pk] = max(at, moved.get(pk, at))
    kept = {}
    for org_id, key, start, end, value, computed_at in rows:
        ended = timezone.make_aware(datetime.combine(end + timedelta(days=1), datetime.min.time()))
        if computed_at < ended or now - computed_at > CARRY_MAX_AGE:
            continue
        if org_id in moved and moved[org_id] > computed_at:
            continue
        kept[org_id, key, Period(start, end)] = value
    return kept
