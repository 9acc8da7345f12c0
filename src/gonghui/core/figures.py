"""The figure registry: every statistic is a count or sum over one subtree and one period.

Each capability declares its figures in its own `figures.py`; the reports capability
reads them from here. A figure can always list the records behind it (drill-down).
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, FullResultSet
from django.db import connections
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.constants import LOOKUP_SEP
from django.db.models.expressions import NegatedExpression
from django.db.models.lookups import Exact, IsNull, Lookup
from django.db.models.sql.where import AND, OR, WhereNode
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
    # True when the figure of a period is the sum of its months' figures: a count or sum
    # of dated events (joined on, paid on, held on). A period then reads its closed months
    # from roll-ups and counts only the open days live (reports.selectors). False, the
    # safe default, for a stock on the period's last day (members, open files), a rate,
    # or a count of distinct people over the period: those are never pieced together.
    additive: bool = False
    # True for a stock that reads the present state of its records, not only their dates
    # (a station's status, an organization's is_active, money still owed, what is overdue
    # today, enterprises on file now): counted again later, a closed period's value would
    # drift with every change made after its end. Its roll-up of a closed period is then a
    # snapshot: counted once the period has ended and kept, not recounted by the nightly
    # job (reports.rollups). False for a stock of dates alone (memberships started by the
    # period's end and not ended by then): a correction dated in the period must reach it.
    snapshot: bool = False
    # The order of the records the summary's workbook lists (its first ones: a drill-down
    # sheet, reports.summary_output). By id, unless the figure's condition is met by few
    # rows that an id walk finds late (the gig workers, loaded last, behind 9.9 M others):
    # then an order an index of that condition walks (members: the person, through the
    # index of the gig workers), so that the first records are found without a scan.
    drill_order: tuple[str, ...] = ("pk",)

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

    def values_by_path_over(self, periods: list[Period]) -> list[dict[str, int]] | None:
        """[values_by_path(p) for p in periods] in one grouped statement, one scan of the
        rows: each period's aggregate is filtered by that period's own conditions
        (`COUNT(…) FILTER (WHERE …)`), and the rows read are those of any period.

        Only for rows whose query is the same statement for every period, its parameters
        aside (the dates), and a plain one: no annotation, grouping, slice or union, and no
        subquery but an [NOT] EXISTS that is the same in every period and one of the
        conditions every row must meet (`_is_semi_join`): tested once a row in the WHERE,
        PostgreSQL makes it a (hashed) semi- or anti-join. Any other subquery would run for
        every row and every period, slower than a statement a period. None otherwise: the
        caller counts each period alone. An organization whose rows add up to nothing in a
        period may be left out of that period's values."""
        assert self.path_field is not None, "callers check path_field first (reports.rollups)"

        def rows_of(period: Period) -> QuerySet:
            return self.records("/", period).order_by()

        built = [rows_of(p) for p in periods]
        try:
            statements = {rows.query.sql_with_params()[0] for rows in built}
        except EmptyResultSet:  # a filter that matches nothing in some period
            return None
        if len(statements) != 1:  # the period changes the statement, not only its dates
            return None
        (statement,) = statements
        rows = rows_of(periods[0])
        query = rows.query
        if query.annotations or query.group_by or query.is_sliced or query.combinator:
            return None
        common, varying = _common_conditions(rows, [b.query.where for b in built])
        if statement.count("SELECT") > 1 + sum(_is_semi_join(rows, c) for c in common):
            return None  # a subquery in a period's conditions, the select list or an OR
        # The filters are built anew: they and the WHERE share no node.
        filters = _common_conditions(rows, [rows_of(p).query.where for p in periods])[1]
        query.where = WhereNode([*common, WhereNode(varying, connector=OR)], connector=AND)
        aggregates = {}
        for i, where in enumerate(filters):
            # A WhereNode is a boolean expression Django compiles as any filter (stubs: no).
            condition: Any = where
            aggregates[f"v{i}"] = (
                Count("pk", distinct=query.distinct, filter=condition)
                if self.sum_field is None
                else Sum(self.sum_field, filter=condition)
            )
        values: list[dict[str, int]] = [{} for _p in periods]
        for path, *counted in rows.values_list(self.path_field).annotate(**aggregates):
            for by_path, v in zip(values, counted, strict=True):
                if v:
                    by_path[path] = v
        return values


def _is_semi_join(rows: QuerySet, condition) -> bool:
    """True for a condition of the WHERE that is an EXISTS or NOT EXISTS of a plain
    subquery (`Exists(…)`, `~Exists(…)` or `.exclude(Exists(…))`, one SELECT, correlated
    only to the row tested): among the conditions every row meets (not under an OR), it is
    tested once a row, and PostgreSQL joins it as a semi- or anti-join (a hash join over
    the subquery's table, estimated as a join), not a plan run row by row. `exclude()` of
    a reverse relation (`NOT (id IN (SELECT …))`) and `__in=` a queryset are not: NOT IN
    cannot be an anti-join (NULLs), and IN may hold a subquery of any shape."""
    if isinstance(condition, WhereNode):  # .exclude(Exists(…)): NOT (EXISTS(…))
        return (
            len(condition.children) == 1
            and condition.connector == AND
            and _is_semi_join(rows, condition.children[0])
        )
    if not (isinstance(condition, Exact) and condition.rhs is True):
        return False
    exists = condition.lhs
    if isinstance(exists, NegatedExpression):  # ~Exists(…)
        exists = exists.expression
    if not isinstance(exists, Exists):
        return False
    try:
        text, _params = rows.query.get_compiler(rows.db).compile(exists)
    except (EmptyResultSet, FullResultSet):
        return False
    return text.count("SELECT") == 1


def _common_conditions(rows: QuerySet, wheres: list[WhereNode]) -> tuple[list, list]:
    """The conditions of `wheres` (one a period, the same statement) that are the same in
    every period (the subtree, a kind), and what is left of each period's (its dates): the
    first are tested once a row in the WHERE, not once a period in each FILTER."""
    shapes = {(w.connector, w.negated, len(w.children)) for w in wheres}
    if len(shapes) != 1 or next(iter(shapes))[:2] != (AND, False):
        return [], wheres
    compiler = rows.query.get_compiler(rows.db)

    def sql(condition) -> tuple | None:
        try:
            text, params = compiler.compile(condition)
        except (EmptyResultSet, FullResultSet):
            return None
        return text, tuple(params)

    columns = list(zip(*(w.children for w in wheres), strict=True))  # a condition's periods
    same = [
        (first := sql(c[0])) is not None and all(sql(other) == first for other in c[1:])
        for c in columns
    ]
    if all(same):  # the periods' rows are the same: nothing to tell them apart
        return [], wheres
    common = [c[0] for c, is_same in zip(columns, same, strict=True) if is_same]
    varying = [
        WhereNode([w.children[i] for i, is_same in enumerate(same) if not is_same], connector=AND)
        for w in wheres
    ]
    return common, varying


@dataclass(frozen=True)
class Ratio(Figure):
    """A rate: its numerator per mille of its denominator (0 without a denominator), two
    figures of their own, each a count or sum over the subtree. `records` are the rows a
    reader traces it to. The rate of a subtree is not the sum of its organizations' rates,
    so it has no path_field; its parts have theirs, and roll-ups count them grouped over
    the whole tree, then divide for each federation (reports.rollups)."""

    numerator: Figure | None = None
    denominator: Figure | None = None

    def parts(self) -> tuple[Figure, Figure]:
        assert self.numerator is not None and self.denominator is not None, self.key
        return self.numerator, self.denominator

    @staticmethod
    def per_mille(numerator: int, denominator: int) -> int:
        return numerator * 1000 // denominator if denominator else 0

    def value(self, path: str, period: Period) -> int:
        numerator, denominator = self.parts()
        return self.per_mille(numerator.value(path, period), denominator.value(path, period))


# ---- stocks of dates, rolled forward -------------------------------------------------------

# A bound on a date that holds from a row's start on (started_on <= day), and one that
# holds until its end (ended_on > day, expires_on >= day), as `day` grows.
_STARTS, _ENDS = ("lt", "lte"), ("gt", "gte")


def _grows(earlier: Lookup, later: Lookup) -> bool:
    """The two lookups bound the same column by a plain value, larger at the later day."""
    values = earlier.rhs, later.rhs
    if any(hasattr(v, "resolve_expression") for v in values):  # a column, an expression
        return False
    try:
        return bool(values[0] < values[1])
    except TypeError:
        return False


def _turn(earlier: Any, later: Any) -> str | None:
    """How one condition of a stock's rows, as written for an earlier and a later day,
    changes as the day grows: "start" (false, then true from the row's start on), "end"
    (true, then false from its end on), or None when it is not a bound on a date."""
    if isinstance(earlier, Lookup) and type(later) is type(earlier):
        if earlier.lookup_name in _STARTS and _grows(earlier, later):
            return "start"
        if earlier.lookup_name in _ENDS and _grows(earlier, later):
            return "end"
        return None
    # Not ended by the day: no end on file, or one after it (ended_on IS NULL OR … > day).
    if (
        isinstance(earlier, WhereNode)
        and isinstance(later, WhereNode)
        and (earlier.connector, earlier.negated, len(earlier.children)) == (OR, False, 2)
        and (later.connector, later.negated, len(later.children)) == (OR, False, 2)
    ):
        kinds: list[str | None] = []
        for a, b in zip(earlier.children, later.children, strict=True):
            if isinstance(a, IsNull) and isinstance(b, IsNull) and a.rhs is True is b.rhs:
                kinds.append("null")
            else:
                kinds.append(_turn(a, b))
        if sorted(map(str, kinds)) == ["end", "null"]:
            return "end"
    return None


def _statement(rows: QuerySet) -> tuple[str, tuple] | None:
    try:
        sql, params = rows.query.sql_with_params()
    except (EmptyResultSet, FullResultSet):
        return None
    return sql, tuple(params)


# The days a figure's definition is read on (any will do: only the shape of its rows'
# conditions is kept), and what was read, by figure: compiling its statements on every
# dashboard would cost more than the counts saved.
_PROBE_SINCE, _PROBE = date(2001, 6, 30), Period(date(2001, 1, 1), date(2001, 12, 31))
_BOUNDS: dict[tuple[str, Callable], dict[str, list[int]] | None] = {}


def _date_bounds(figure: Figure) -> dict[str, list[int]] | None:
    """{"start": [i…], "end": [i…]}: the positions, among the conditions of the figure's
    rows, of its bounds on dates, when it is a stock of dates alone (rolled_forward);
    None when it is not. Read once from its definition."""
    if figure.additive or figure.snapshot or type(figure).value is not Figure.value:
        return None
    cached = (figure.key, figure.records)
    if cached not in _BOUNDS:
        _BOUNDS[cached] = _read_bounds(figure)
    return _BOUNDS[cached]


def _read_bounds(figure: Figure) -> dict[str, list[int]] | None:
    period, then = _PROBE, Period(_PROBE_SINCE, _PROBE_SINCE)
    # Its rows depend on the period's end alone: another start gives the same statement.
    ends_only = [
        _statement(figure.records("/", p).order_by())
        for p in (period, Period(period.start - timedelta(days=400), period.end))
    ]
    if ends_only[0] is None or ends_only[0] != ends_only[1]:
        return None
    earlier, later = (figure.records("/", p).order_by() for p in (then, period))
    first, second = _statement(earlier), _statement(later)
    if first is None or second is None or first[0] != second[0]:
        return None  # the day changes more than the dates: a join, a subquery
    query = earlier.query
    if query.annotations or query.group_by or query.is_sliced or query.combinator:
        return None
    wheres = earlier.query.where, later.query.where
    if any((w.connector, w.negated) != (AND, False) for w in wheres):
        return None
    if len(wheres[0].children) != len(wheres[1].children):
        return None
    compiler = query.get_compiler(earlier.db)
    bounds: dict[str, list[int]] = {"start": [], "end": []}
    for i, (a, b) in enumerate(zip(wheres[0].children, wheres[1].children, strict=True)):
        try:
            same = compiler.compile(a) == compiler.compile(b)
        except (EmptyResultSet, FullResultSet):
            return None
        if same:
            continue  # the subtree, a kind: the same on any day
        turn = _turn(a, b)
        if turn is None:
            return None
        bounds[turn].append(i)
    if not bounds["start"] and not bounds["end"]:
        return None  # nothing changes with the day: not a stock of dates
    return bounds


def is_stock_of_dates(figure: Figure) -> bool:
    """Whether rolled_forward can carry the figure from one day to a later one."""
    return _date_bounds(figure) is not None


def rolled_forward(
    figure: Figure, path: str, since: date, period: Period
) -> tuple[Figure | None, Figure | None] | None:
    """A stock of dates alone carried from the day `since` to the period's end.

    A stock of dates alone is a figure whose rows on a day are those started by that day
    and not ended by it, and nothing else in them changes with the day: its records
    depend on the period's end only, each of their conditions that changes with it is a
    bound on a date (`started_on <= end`, `ended_on IS NULL OR ended_on > end`,
    `expires_on >= end`), the rest (the subtree, a kind, a status) is the same on any
    day. This is read from the figure's definition (its rows' conditions on two days,
    once a figure): no domain declares anything.

    Returns (gained, lost): two figures over the subtree at `path`, the rows in the stock
    at the period's end that were not in it on `since` (started after it), and the rows
    in it on `since` that are no longer at the end (ended in between); either is None
    when it would count nothing (a stock with no end date, or `since` is the period's
    last day). Then

        figure.value(path, period) == figure.value(path, Period(since, since))
                                      + gained.value(path, period)
                                      - lost.value(path, period)

    and each of the two is a range of days on a start or an end date. None for any other
    figure, counted as before: a count of dated records (additive), a stock of the
    present state (snapshot), a rate, a count over the whole period, one whose condition
    on the day is not a plain bound on a date (a subquery).
    """
    if since > period.end:
        return None
    bounds = _date_bounds(figure)
    if bounds is None:
        return None
    if since == period.end:
        return None, None  # the same day: nothing gained or lost
    then = Period(since, since)
    earlier, later = (figure.records(path, p).order_by() for p in (then, period))
    children = earlier.query.where.children, later.query.where.children
    if len(children[0]) != len(children[1]) or any(
        _turn(children[0][i], children[1][i]) != turn
        for turn in ("start", "end")
        for i in bounds[turn]
        if i < len(children[0])
    ):
        return None  # rows written otherwise on these days than on the days read

    def changed(rows: QuerySet, other: list, turn: str) -> Figure:
        # Not all of these bounds hold on the other day: the row started after `since`
        # (gained), or it ended by the period's end (lost).
        rows.query.where.add(
            WhereNode([other[i] for i in bounds[turn]], connector=AND, negated=True), AND
        )
        sign = "+" if turn == "start" else "-"
        return replace(figure, key=f"{figure.key}{sign}", records=lambda _path, _period: rows)

    return (
        changed(later, children[0], "start") if bounds["start"] else None,
        changed(earlier, children[1], "end") if bounds["end"] else None,
    )


# Figures counted live in one statement each: one round trip instead of one per figure.
LIVE_BATCH = 100


def _aggregate_sql(figure: Figure, path: str, period: Period) -> tuple[str, list, str] | None:
    """The figure's number as one scalar SQL expression, counted as value() counts; None
    when the rows' query has a shape a plain count or sum could not repeat exactly."""
    if type(figure).value is not Figure.value:  # a number of its own (a rate): not a count
        return None
    rows = figure.records(path, period).order_by()
    query = rows.query
    if query.is_sliced or query.combinator or (query.distinct and figure.sum_field):
        return None
    if figure.sum_field is None:
        inner = rows.values_list("pk")
        outer = "SELECT COUNT(*) FROM ({}) figure_rows"
    else:
        inner = rows.annotate(figure_v=F(figure.sum_field)).values_list("figure_v")
        outer = "SELECT COALESCE(SUM(figure_rows.figure_v), 0) FROM ({}) figure_rows"
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:  # a filter that matches nothing (pk__in=[])
        return "0", [], rows.db
    return "(" + outer.format(sql) + ")", list(params), rows.db


@dataclass
class _Part:
    """A piece of a values_many statement: the items it answers, one value each, and
    either a scalar subquery (`expression`) or a derived table of one row (`table`)."""

    items: list[int]
    params: list
    expression: str = ""
    table: str = ""


def values_many(items: list[tuple[Figure, str, Period]]) -> list[int]:
    """[figure.value(path, period) for each item], many figures to a statement. Figures
    that narrow one records function by a choice (`filtered`), for the same subtree and
    period, are counted in one scan of those records, each choice a filter of the count
    (enterprises by size and by ownership: one pass over the enterprises, not eleven)."""
    results = [0] * len(items)
    by_db: dict[str, list[_Part]] = {}
    groups: dict[tuple, list[int]] = {}
    for i, (figure, path, period) in enumerate(items):
        base = _filtered_base(figure)
        if base is not None:
            groups.setdefault((base, path, period), []).append(i)
    grouped = set()
    for (base, path, period), members in groups.items():
        if len(members) > 1:
            compiled = _grouped_sql(base, path, period, [items[i][0] for i in members])
            if compiled is not None:
                table, params, db = compiled
                by_db.setdefault(db, []).append(_Part(members, params, table=table))
                grouped.update(members)
    for i, (figure, path, period) in enumerate(items):
        if i in grouped:
            continue
        compiled = _aggregate_sql(figure, path, period)
        if compiled is None:
            results[i] = figure.value(path, period)
        else:
            expression, params, db = compiled
            by_db.setdefault(db, []).append(_Part([i], params, expression=expression))
    for db, parts in by_db.items():
        batch: list[_Part] = []
        for part in parts:  # LIVE_BATCH values a statement, or a few more: a group is whole
            if sum(len(b.items) for b in batch) >= LIVE_BATCH:
                _run(db, batch, results)
                batch = []
            batch.append(part)
        if batch:
            _run(db, batch, results)
    return results


def _run(db: str, batch: list[_Part], results: list[int]) -> None:
    """One statement for the parts: the scalar subqueries and the derived tables' values
    in the select list, the derived tables (one row each) cross-joined in the FROM."""
    select, tables, params, order = [], [], [], []
    for part in batch:
        if part.expression:
            select.append(part.expression)
            params.extend(part.params)
            order.extend(part.items)
    for n, part in enumerate(p for p in batch if p.table):
        select.extend(f"figure_group_{n}.v{k}" for k in range(len(part.items)))
        tables.append(f"({part.table}) figure_group_{n}")
        order.extend(part.items)
    for part in batch:
        if part.table:
            params.extend(part.params)  # the FROM's parameters follow the select list's
    sql = "SELECT " + ", ".join(select) + (" FROM " + " CROSS JOIN ".join(tables) if tables else "")
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    for i, value in zip(order, row, strict=True):
        results[i] = int(value or 0)


class _Filtered:
    """`records` narrowed by `lookups` (filtered()); values_many reads both to count the
    figures over one records function in one scan."""

    def __init__(self, records: Callable[[str, Period], QuerySet], lookups: dict[str, Any]):
        self.records, self.lookups = records, lookups

    def __call__(self, path: str, period: Period) -> QuerySet:
        return self.records(path, period).filter(**self.lookups)


def filtered(
    records: Callable[[str, Period], QuerySet], **lookups: Any
) -> Callable[[str, Period], QuerySet]:
    """`records` narrowed by `lookups`: the figure of one choice, made in a loop over the
    choices (each keeps its own lookups)."""
    return _Filtered(records, lookups)


def _filtered_base(figure: Figure) -> Callable | None:
    """The records function a figure counts one choice of (filtered), or counts whole;
    None for a figure values_many cannot count beside others in one scan."""
    if type(figure).value is not Figure.value:  # a number of its own (a rate)
        return None
    records = figure.records
    if isinstance(records, _Filtered):
        return records.records
    return records


def _grouped_sql(
    base: Callable, path: str, period: Period, figures: list[Figure]
) -> tuple[str, list, str] | None:
    """One row of the figures' values over one scan of `base`'s rows: each figure's
    choice a CASE of its count or sum (`COUNT(x)` counts the rows its lookups keep). None
    when the rows or a choice could count otherwise than the figure's own value(): a
    distinct or sliced query, or a choice through a to-many relation (its join would add
    rows that a filter() of the figure's own counts once)."""
    rows = base(path, period).order_by()
    query = rows.query
    if query.is_sliced or query.combinator or query.distinct or query.group_by:
        return None
    columns = {}
    for n, figure in enumerate(figures):
        lookups = figure.records.lookups if isinstance(figure.records, _Filtered) else {}
        if not all(_single_valued(rows.model, key) for key in lookups):
            return None
        value = Value(1, IntegerField()) if figure.sum_field is None else F(figure.sum_field)
        columns[f"figure_{n}"] = Case(When(Q(**lookups), then=value)) if lookups else value
    try:
        sql, params = rows.annotate(**columns).values_list(*columns).query.sql_with_params()
    except (EmptyResultSet, FullResultSet):
        return None
    values = ", ".join(
        f"COUNT(figure_rows.figure_{n}) AS v{n}"
        if figure.sum_field is None
        else f"COALESCE(SUM(figure_rows.figure_{n}), 0) AS v{n}"
        for n, figure in enumerate(figures)
    )
    return f"SELECT {values} FROM ({sql}) figure_rows", list(params), rows.db


def _single_valued(model, lookup: str) -> bool:
    """Whether `lookup` ("employer__keeper__path__startswith") crosses only relations that
    give a row at most one related row (foreign keys, one-to-one)."""
    opts = model._meta
    for part in lookup.split(LOOKUP_SEP):
        try:
            field = opts.get_field(part)
        except FieldDoesNotExist:
            return True  # a lookup or transform: no relation beyond
        if not field.is_relation:
            return True
        if field.many_to_many or field.one_to_many:
            return False
        opts = field.related_model._meta
    return True


REGISTRY: dict[str, Figure] = {}


def register(figure: Figure) -> Figure:
    if figure.key in REGISTRY:
        raise ValueError(f"figure {figure.key} registered twice")
    REGISTRY[figure.key] = figure
    return figure
