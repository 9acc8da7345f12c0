"""One declaration per list drives its page, its API route and its CSV/Excel export.

    ACTIVITIES = ListSpec(
        name="meetings",                       # the export's file name
        filters=ActivityFilter,                # the API's filter schema (ninja Schema)
        rows=selectors.activity_list,          # rows(actor=..., **filters), not yet sorted
        sorts={"-held_on": Sort(_("newest first"), ("-held_on", "-id")), ...},
        columns=(Column(_("held on"), lambda a: a.held_on), ...),
    )

The filter schema is the one contract: the API validates the query string with it (422 on
a bad value), the page reads the same names from its query string (a value that does not
parse is no filter, so a stale link still shows the list) and the export takes whatever
the page shows, with every column. The first sort is the default. `sort` is not part of
the filter schema: the spec adds it, from its own keys.

Pages by key. When the chosen sort is its column then the id in the same direction
(`("-opened_on", "-id")`), the column not null and indexed (`keyset_key`), the page
also offers 首页 / 上一页 / 下一页 by key: `?after=<cursor>` (the rows after the last row
shown) and `?before=<cursor>` (the rows before the first), cursors as core.keyset
encodes them. A page by key is an index range, as fast at the millionth row as at the
first, and a row recorded meanwhile shifts nothing. Numbered pages stay for the first
NUMBERED_PAGE_LIMIT pages; a deeper page number on such a sort is refused with a message
(an OFFSET reads every row before the page): filter, or go on with 下一页. A cursor
that does not decode is refused the same way (status 400), never a server error.
The column may be one non-null relation away (`("person__name_pinyin", "id")`, the
member register): it then leads an index of the related model. Sorts on other columns
(several columns, an expression, a column two relations away) keep numbered pages only.

A search's order. `searched(filters)` may give the order of a search under the default
sort: the order of the index the search walks (members: a name search by the name), so
the database stops after a page of matches instead of sorting all of them.

Ids first. A list whose scope (or filter) column rides in its sort's index
(`ListSpec(ids_first=True)`) reads a page in one query of two steps: the page's ids, found
by an index-only walk that skips the rows of other subtrees inside the index, then those
rows with their joins (`ids_first`). Without it PostgreSQL walks the sort's index and
reads every row it passes to test the filter: a county's first page of a province's
million rights cases read ~4,500 rows to keep 50 (bench/RESULTS.md, "Rights cases").
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, get_origin

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.core.paginator import Paginator as DjangoPaginator
from django.db import connections, models
from django.db.models import Q, QuerySet
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponseBase, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # not in the stubs
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import ValidationError, create_model

from . import numstyle, replica
from .exports import EXPORT_FORMATS, export_response

if TYPE_CHECKING:
    from .errors import StrOrPromise

PAGE_SIZE = 50

# Up to this many rows a list counts them exactly; beyond it, it shows the planner's
# estimate: counting ten million rows for a pager takes seconds, and nobody reads the
# last digits of such a count.
EXACT_COUNT_LIMIT = 10_000

# On a sort that pages by key, numbered pages up to this one (OFFSET 4,950 at most);
# deeper, the page asks the user to filter or to go on with 下一页.
NUMBERED_PAGE_LIMIT = 100


def planner_rows(qs: QuerySet) -> int:
    """PostgreSQL's estimate of the rows `qs` matches (EXPLAIN), read in a millisecond.
    Only the keys are planned: the joins a page reads its columns through
    (select_related) do not change the estimate, and planning them took longer than the
    rest of a list API call on a loaded machine (bench/RESULTS.md, API throughput)."""
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def bounded_count(qs: QuerySet, limit: int | None = None) -> tuple[int, bool]:
    """(count, estimated), the estimate first: the planner's estimate of the filtered
    rows (EXPLAIN, no row read); above `limit` that is the count (estimated), and only
    below it are the rows counted, over at most limit + 1 of them (an estimate that fell
    short of a big list still reads no more than that, and then says it is an estimate).
    Counting 10,001 rows on every full first page of a big list took longer than the page
    (bench/RESULTS.md, "Every list at province scale"). SQLite, the embedded database of
    one union, has no estimate: it counts, exactly."""
    if connections[qs.db].vendor != "postgresql":
        return qs.count(), False
    limit = EXACT_COUNT_LIMIT if limit is None else limit
    estimate = planner_rows(qs)
    if estimate > limit:
        return estimate, True
    counted = qs.order_by()[: limit + 1].count()
    if counted <= limit:
        return counted, False
    return max(estimate, counted), True


def ids_first(qs: QuerySet, start: int, stop: int) -> QuerySet:
    """The rows [start:stop] of `qs`, in its order, read in one query of two steps: the
    ids of those rows (the filter, the sort and the id only: no joins, so an index that
    holds the filtered columns after the sort's is walked without reading a row), then
    those rows with their joins."""
    return qs.filter(pk__in=qs.values("pk")[start:stop])


def _as_page_number(number: Any) -> int:
    """A page number as Django's paginator reads it, before any count."""
    try:
        if isinstance(number, float) and not number.is_integer():
            raise ValueError
        number = int(number)
    except (TypeError, ValueError):
        raise PageNotAnInteger("That page number is not an integer") from None
    if number < 1:
        raise EmptyPage("That page number is less than 1")
    return number


class Paginator(DjangoPaginator):
    """Django's paginator, counting as bounded_count counts. A page's rows are read
    before the count: a page shorter than a page (not past the end) is the last one, so
    its count is known without counting (a list of a few rows asks no count at all, and
    a planner's estimate never stands for a list that ends on the page shown). When the
    count is an estimate, any page number is served as asked (the estimate may fall
    short of the rows there are): past the last row a page is simply empty. `ids_first`:
    a page's rows are read as `ids_first` reads them."""

    estimated = False

    def __init__(self, *args: Any, ids_first: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ids_first = ids_first
        self._seen = 0  # rows known to be there: up to the end of a full page read

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return super().count
        n, self.estimated = bounded_count(self.object_list)
        return max(n, self._seen)

    def validate_number(self, number):
        if not self.estimated_count():
            return super().validate_number(number)
        number = _as_page_number(number)
        # Far past the estimate there is nothing: the last estimated page instead of an
        # OFFSET that would walk every row.
        if number > 2 * self.num_pages:
            raise EmptyPage("That page contains no results")
        return number

    def estimated_count(self) -> bool:
        return self.count > 0 and self.estimated

    def _rows(self, bottom: int, top: int) -> Any:
        if self.ids_first and isinstance(self.object_list, QuerySet):
            return ids_first(self.object_list, bottom, top)
        return self.object_list[bottom:top]

    def get_page(self, number):
        """Django's get_page (a number that does not parse: the first page; past the
        end: the last), the rows read before the count."""
        if isinstance(self.object_list, QuerySet) and "count" not in self.__dict__:
            try:
                first = self._rows_before_count(number)
            except PageNotAnInteger:
                first = self._rows_before_count(1)
            except EmptyPage:
                first = None
            if first is not None:
                return first
        return super().get_page(number)

    def page(self, number):
        if isinstance(self.object_list, QuerySet) and "count" not in self.__dict__:
            first = self._rows_before_count(number)
            if first is not None:
                return first
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if not self.estimated_count() and top + self.orphans >= self.count:
            top = self.count  # Django's paginator: the orphans join the last page
        return self._get_page(self._rows(bottom, top), number, self)  # type: ignore[attr-defined]

    def _rows_before_count(self, number: Any) -> Any:
        """The page, its rows read before any count: a short page (not past the end)
        sets the count exactly; a full one leaves it to be counted when it is shown.
        None when the page is past the end (the count then finds the last page)."""
        if self.orphans:
            return None
        number = _as_page_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self._rows(bottom, bottom + self.per_page))
        if not rows and number > 1:
            return None
        if len(rows) < self.per_page:
            self.__dict__["count"] = bottom + len(rows)
            self.estimated = False
        else:
            self._seen = bottom + len(rows)
        return self._get_page(rows, number, self)  # type: ignore[attr-defined]

    @property
    def count_text(self) -> str:
        """The count as the pager shows it: 1,234 or 约 1,234万."""
        if self.estimated:
            return numstyle.estimate(self.count, lang=translation.get_language() or "zh-hans")
        return f"{self.count:,}"

    @property
    def pages_text(self) -> str:
        if self.estimated:
            return numstyle.estimate(self.num_pages, lang=translation.get_language() or "zh-hans")
        return f"{self.num_pages:,}"


def related_count(model: type[models.Model], to_row: str, *conditions: Q, **lookups) -> Any:
    """The number of `model` records whose `to_row` is the list's row (and that match
    `conditions`/`lookups`, if given), for `.annotate()`.

    A correlated subquery, not `Count("relation")`: a count over a to-many join makes the
    database join and group every row of the list before it can sort and keep a page
    (a province's 110,945 congress sessions joined to their 332,244 resolutions: 1.9 s a
    page), and two such counts multiply (100 stationing groups × their founded unions ×
    their recruited members = 399,027 rows: 6.8 s). A subquery is asked for the page's rows
    only (bench/RESULTS.md, "Every list at province scale").
    """
    return _related(model, to_row, models.Count("*"), conditions, lookups)


def related_sum(
    model: type[models.Model], to_row: str, field: str, *conditions: Q, **lookups
) -> Any:
    """The sum of `field` over the `model` records whose `to_row` is the row (0 if none)."""
    return _related(model, to_row, models.Sum(field), conditions, lookups)


def _related(model, to_row: str, aggregate, conditions, lookups) -> Any:
    rows = (
        model._default_manager.filter(*conditions, **lookups, **{to_row: models.OuterRef("pk")})
        .order_by()
        .values(to_row)
        .annotate(value=aggregate)
        .values("value")
    )
    return Coalesce(models.Subquery(rows), 0)


@dataclass(frozen=True)
class Column:
    label: StrOrPromise
    value: Callable[[Any], Any]  # the cell, as text or a number
    link: Callable[[Any], str] | None = None  # on the page, the cell links there
    note: Callable[[Any], Any] | None = None  # on the page, a second smaller line
    on_page: bool = True
    narrow: bool = False  # hidden on a phone's width (the page stays one screen wide)


def choice_label(name: str) -> Callable[[Any], Any]:
    """A column's value: the label of the choice field `name`, as `get_<name>_display()`
    gives it (in the language of the request), looked up in a table made once per model.
    Django's get_FOO_display makes every choice hashable again on every call: ~0.1 ms a
    cell, a third of a 50-row page's cells (bench/RESULTS.md, "Rights cases")."""
    tables: dict[type, dict[Any, Any]] = {}

    def value(obj: Any) -> Any:
        model = type(obj)
        table = tables.get(model)
        if table is None:
            table = tables[model] = dict(model._meta.get_field(name).flatchoices)
        raw = getattr(obj, name)
        try:
            label = table.get(raw, raw)
        except TypeError:  # a value that cannot be hashed: Django's own way
            return getattr(obj, f"get_{name}_display")()
        return force_str(label, strings_only=True)

    return value


@dataclass(frozen=True)
class Sort:
    label: StrOrPromise
    order_by: Sequence[str | OrderBy]


SHORT_CELL = 14  # characters


@dataclass(frozen=True)
class Cell:
    text: Any
    link: str = ""
    note: Any = ""
    narrow: bool = False

    @property
    def short(self) -> bool:
        """A date, an amount, a code, a name or a status: kept on one line on the page
        (a narrow column otherwise breaks 2022-12-22 or 李秀梅 in two)."""
        return self.text is not None and len(str(self.text)) <= SHORT_CELL

    def html(self) -> SafeString:
        """The cell as its <td>, as core/_list.html wrote it with a template's lookups
        (each value localized and escaped as `{{ value }}` does), in plain string
        operations: a page of 50 rows has ~500 cells, and the template's lookups (or
        format_html's) for them took longer than the page's SQL."""
        text = _shown("—" if self.text is None else self.text)
        if self.link:
            text = f'<a href="{_shown(self.link)}">{text}</a>'
        note = f'<br><span class="muted small">{_shown(self.note)}</span>' if self.note else ""
        classes = " ".join(c for c, on in (("hide-sm", self.narrow), ("nw", self.short)) if on)
        attrs = f' class="{classes}"' if classes else ""
        return SafeString(f"<td{attrs}>{text}{note}</td>")


def _shown(value: Any) -> str:
    """A value as `{{ value }}` shows it in a template: localized, then escaped unless
    it is safe already (Django's escape is the standard library's html.escape)."""
    if type(value) is str:  # most cells: nothing to localize, nothing marked safe
        return html.escape(value)
    value = localize(template_localtime(value))
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _indexed(model: type[models.Model], field: models.Field) -> bool:
    """The column leads an index of the model (its own, the primary key or a unique)."""
    if field.primary_key or field.unique or getattr(field, "db_index", False):
        return True
    for index in model._meta.indexes:
        if index.condition is not None:
            continue  # a partial index holds only some of the rows
        fields = list(index.fields)
        if fields and fields[0].lstrip("-") in (field.name, field.attname):
            return True
    return False


class Key(tuple):
    """(column, descending) of a sort that pages by key, and the column's path from the
    listed model: its name, or `person__name_pinyin` for a column one relation away."""

    path: str

    def __new__(cls, field: models.Field, descending: bool, path: str = "") -> Key:
        key = super().__new__(cls, (field, descending))
        key.path = path or field.attname
        return key


def _sort_field(
    model: type[models.Model], name: str
) -> tuple[type[models.Model], models.Field] | None:
    """The model and field a sort's column names: its own, or one through a forward
    relation that is never null (every row has the related row: an inner join drops none)."""
    owner = model
    if "__" in name:
        relation, _sep, name = name.partition("__")
        if "__" in name:
            return None
        try:
            rel = model._meta.get_field(relation)
        except FieldDoesNotExist:
            return None
        if not (rel.many_to_one or rel.one_to_one) or not rel.concrete or rel.null:
            return None
        related = rel.related_model
        if not isinstance(related, type):
            return None
        owner = related
    try:
        field = owner._meta.get_field("id" if name == "pk" else name)
    except FieldDoesNotExist:
        return None
    if not isinstance(field, models.Field):
        return None
    return owner, field


def keyset_key(model: type[models.Model], sort: Sort) -> Key | None:
    """(column, descending) when `sort` pages by key: its column then the id in the same
    direction (or the id alone), the column on the row itself or one non-null relation
    away (`person__name_pinyin`), not null and leading an index of its model; None for
    any other sort."""
    order = list(sort.order_by)
    if not order or len(order) > 2 or not all(isinstance(o, str) for o in order):
        return None
    first = str(order[0])
    descending = first.startswith("-")
    name = first.lstrip("-")
    if len(order) == 2 and order[1] != ("-id" if descending else "id"):
        return None
    found = _sort_field(model, name)
    if found is None:
        return None
    owner, field = found
    if not isinstance(field, models.Field) or not field.concrete or field.null:
        return None
    if len(order) == 1 and not (field.primary_key and owner is model):
        return None
    if field.is_relation or not _indexed(owner, field):
        return None
    if owner is model:
        return Key(field, descending)
    return Key(field, descending, f"{name.partition('__')[0]}__{field.attname}")


def _beyond(key: Key, value: Any, pk: int, *, lower: bool) -> Q:
    """Rows after (value, pk) in the order the column goes down (`lower`) or up; the
    first condition alone bounds the index range."""
    op = "lt" if lower else "gt"
    field = key[0]
    if field.primary_key and key.path == field.attname:
        return Q(**{f"pk__{op}": pk})
    name = key.path
    return Q(**{f"{name}__{op}e": value}) & (Q(**{f"{name}__{op}": value}) | Q(**{f"pk__{op}": pk}))


@dataclass
class KeyPage:
    """One page by key: its rows and whether there are rows before and after them."""

    object_list: list[Any]
    has_previous: bool
    has_next: bool
    number: int | None = None  # the page's number when it is a numbered page


def key_page(
    qs: QuerySet,
    key: Key,
    *,
    after: str = "",
    before: str = "",
    by_ids: bool = False,
) -> KeyPage:
    """The page after the cursor `after` (or before `before`) of `qs`, already sorted on
    the key; BadCursor when the cursor does not decode. `by_ids`: the rows are read as
    `ids_first` reads them."""
    from .cursors import decode_cursor

    field, descending = key
    size = PAGE_SIZE

    def head(rows: QuerySet) -> list[Any]:
        return list(ids_first(rows, 0, size + 1) if by_ids else rows[: size + 1])

    if before:
        value, pk = decode_cursor(before, field)
        rows = head(qs.reverse().filter(_beyond(key, value, pk, lower=not descending)))
        if len(rows) <= size:  # back at the start: the first page, full
            first = head(qs)
            return KeyPage(first[:size], has_previous=False, has_next=len(first) > size)
        return KeyPage(rows[:size][::-1], has_previous=True, has_next=True)
    value, pk = decode_cursor(after, field)
    rows = head(qs.filter(_beyond(key, value, pk, lower=descending)))
    return KeyPage(rows[:size], has_previous=True, has_next=len(rows) > size)


def cursor_of(obj: Any, key: Key) -> str:
    from .cursors import encode_cursor

    value = obj
    for name in key.path.split("__"):
        value = getattr(value, name)
    return encode_cursor(value, obj.pk)


def _page_text(value: Any) -> Any:
    """Dates as 2026-11-30 on every page (the export keeps them as dates)."""
    return value.isoformat() if isinstance(value, date) else value


@dataclass(frozen=True)
class ListSpec:
    name: str
    filters: type[Schema]
    rows: Callable[..., QuerySet]
    sorts: Mapping[str, Sort]
    columns: Sequence[Column]
    # Old query-string names a page still accepts ({"under": "under_id"}): links in
    # documents and bookmarks keep working.
    aliases: Mapping[str, str] = field(default_factory=dict)
    # A page's rows are read ids first (`ids_first`): for a big list whose sort index also
    # holds its scope column (rights cases: (opened_on, id, union_path)).
    ids_first: bool = False
    # The order of a search under the default sort (`searched(filters)`, None when the
    # filters hold no search): the order of the index the search walks, so that the
    # database stops after a page instead of sorting every match (members.lists).
    searched: Callable[[Mapping[str, Any]], Sort | None] | None = None

    @property
    def default_sort(self) -> str:
        return next(iter(self.sorts))

    def api_filters(self) -> type[Schema]:
        """The filter schema with `sort`, for `Query[...]` on the API route."""
        keys = tuple(self.sorts)
        sort_type: Any = Literal[keys]  # built at run time: mypy cannot see the keys
        return create_model(
            f"{self.filters.__name__}Sorted",
            __base__=self.filters,
            sort=(sort_type, Field(self.default_sort)),
        )

    def sort_of(self, filters: Mapping[str, Any]) -> Sort:
        """The sort the filters ask for; under the default sort, a search's own order."""
        name = filters.get("sort") or self.default_sort
        if name == self.default_sort and self.searched is not None:
            searched = self.searched(filters)
            if searched is not None:
                return searched
        return self.sorts.get(name, self.sorts[self.default_sort])

    def queryset(self, actor: Any, filters: Mapping[str, Any]) -> QuerySet:
        values = dict(filters)
        sort = self.sort_of(values)
        values.pop("sort", None)
        return self.rows(actor=actor, **values).order_by(*sort.order_by)

    def read(self, query: QueryDict) -> dict[str, Any]:
        """The page's filters and sort from its query string; values that do not parse
        are left out, field by field."""
        raw: dict[str, Any] = {}
        for name, info in self.filters.model_fields.items():
            keys = [name, *(old for old, new in self.aliases.items() if new == name)]
            key = next((k for k in keys if k in query), None)
            if key is None:
                continue
            many = get_origin(info.annotation) is list
            value = query.getlist(key) if many else query.get(key)
            try:
                self.filters.model_validate({name: value})
            except ValidationError:
                continue
            raw[name] = value
        values = self.filters.model_validate(raw).model_dump()
        sort = query.get("sort", "")
        values["sort"] = sort if sort in self.sorts else self.default_sort
        return values

    def export(self, fmt: str, qs: QuerySet) -> HttpResponseBase:
        headers = [str(c.label) for c in self.columns]
        rows = ([c.value(obj) for c in self.columns] for obj in qs.iterator(chunk_size=2000))
        return export_response(fmt, self.name, headers, rows)

    def page_rows(self, objects: Iterable[Any]) -> list[tuple[Any, list[Cell]]]:
        shown = [c for c in self.columns if c.on_page]
        return [
            (
                obj,
                [
                    Cell(
                        _page_text(c.value(obj)),
                        c.link(obj) if c.link else "",
                        c.note(obj) if c.note else "",
                        c.narrow,
                    )
                    for c in shown
                ],
            )
            for obj in objects
        ]

    def respond(
        self,
        request: HttpRequest,
        template: str,
        context: Mapping[str, Any] | None = None,
    ) -> HttpResponseBase:
        """The list page, or its export when the query string asks `export=csv|xlsx`;
        both may read from the replica (core.replica)."""
        return replica.serve(request, lambda: self._respond(request, template, context))

    def _respond(
        self, request: HttpRequest, template: str, context: Mapping[str, Any] | None
    ) -> HttpResponseBase:
        from .cursors import BadCursor

        params = self.read(request.GET)
        qs = self.queryset(request.user, params)
        fmt = request.GET.get("export", "")
        if fmt in EXPORT_FORMATS:
            return self.export(fmt, qs)
        query = request.GET.copy()
        for name in ("page", "export", "after", "before"):
            query.pop(name, None)
        querystring = query.urlencode()
        key = keyset_key(qs.model, self.sort_of(params))
        after, before = request.GET.get("after", ""), request.GET.get("before", "")
        refusal = ""
        page: Any
        if key is not None and (after or before):
            try:
                page = key_page(qs, key, after=after, before=before, by_ids=self.ids_first)
            except BadCursor:
                page = KeyPage([], has_previous=True, has_next=False)
                refusal = _(
                    "This page link is not valid (it was changed or cut short). "
                    "Start again from the first page."
                )
        elif key is not None and _page_number(request.GET.get("page")) > NUMBERED_PAGE_LIMIT:
            page = KeyPage([], has_previous=True, has_next=False)
            refusal = _(
                "Pages beyond page %(limit)s are not shown by number. Narrow the list "
                "with the filters, or go on page by page with “Next”."
            ) % {"limit": NUMBERED_PAGE_LIMIT}
        else:
            page = Paginator(qs, PAGE_SIZE, ids_first=self.ids_first).get_page(
                request.GET.get("page")
            )
        keyset = None
        if key is not None:
            rows = list(page.object_list)
            numbered = not isinstance(page, KeyPage)
            has_previous = page.has_previous() if numbered else page.has_previous
            has_next = page.has_next() if numbered else page.has_next
            keyset = {
                "first": f"?{querystring}",
                "previous": (
                    f"?{_join(querystring, 'before', cursor_of(rows[0], key))}"
                    if rows and has_previous
                    else ""
                ),
                "next": (
                    f"?{_join(querystring, 'after', cursor_of(rows[-1], key))}"
                    if rows and has_next
                    else ""
                ),
                "numbered": numbered,
                "pages": _numbered_links(page) if numbered else [],
                "refusal": refusal,
            }
        return render(
            request,
            template,
            {
                "page": page,
                "rows": self.page_rows(page.object_list),
                "columns": [c for c in self.columns if c.on_page],
                "params": params,
                "sorts": [(name, s.label) for name, s in self.sorts.items()],
                "querystring": querystring,
                "keyset": keyset,
                **(context or {}),
            },
            status=400 if refusal else 200,
        )


def _join(querystring: str, name: str, value: str) -> str:
    pair = QueryDict(mutable=True)
    pair[name] = value
    return f"{querystring}&{pair.urlencode()}" if querystring else pair.urlencode()


def _page_number(text: str | None) -> int:
    try:
        return int(text or 1)
    except ValueError:
        return 1


def _numbered_links(page: Any) -> list[int]:
    """The page numbers a numbered page links to: a few on each side of it, within the
    numbered pages and the pages there are."""
    last = min(page.paginator.num_pages, NUMBERED_PAGE_LIMIT)
    return list(range(max(1, page.number - 3), min(last, page.number + 3) + 1))
