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
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, get_origin

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.core.paginator import Paginator as DjangoPaginator
from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import OrderBy
from django.http import HttpRequest, HttpResponseBase, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.utils.functional import cached_property
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
    """(count, estimated): exact up to `limit` rows, counted over at most limit + 1 of
    them; above it the planner's estimate (never below what was counted). SQLite, the
    embedded database of one union, always counts exactly."""
    if connections[qs.db].vendor != "postgresql":
        return qs.count(), False
    limit = EXACT_COUNT_LIMIT if limit is None else limit
    counted = qs.order_by()[: limit + 1].count()
    if counted <= limit:
        return counted, False
    return max(planner_rows(qs), counted), True


class Paginator(DjangoPaginator):
    """Django's paginator, counting as bounded_count counts. When the count is an
    estimate, any page number is served as asked (the estimate may fall short of the
    rows there are): past the last row a page is simply empty."""

    estimated = False

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return super().count
        n, self.estimated = bounded_count(self.object_list)
        return n

    def validate_number(self, number):
        if not self.estimated_count():
            return super().validate_number(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        # Far past the estimate there is nothing: the last estimated page instead of an
        # OFFSET that would walk every row.
        if number > 2 * self.num_pages:
            raise EmptyPage("That page contains no results")
        return number

    def estimated_count(self) -> bool:
        return self.count > 0 and self.estimated

    def page(self, number):
        number = self.validate_number(number)
        if not self.estimated_count():
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = self.object_list[bottom : bottom + self.per_page]
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


@dataclass(frozen=True)
class Column:
    label: StrOrPromise
    value: Callable[[Any], Any]  # the cell, as text or a number
    link: Callable[[Any], str] | None = None  # on the page, the cell links there
    note: Callable[[Any], Any] | None = None  # on the page, a second smaller line
    on_page: bool = True
    narrow: bool = False  # hidden on a phone's width (the page stays one screen wide)


@dataclass(frozen=True)
class Sort:
    label: StrOrPromise
    order_by: Sequence[str | OrderBy]


@dataclass(frozen=True)
class Cell:
    text: Any
    link: str = ""
    note: Any = ""
    narrow: bool = False


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

    def queryset(self, actor: Any, filters: Mapping[str, Any]) -> QuerySet:
        values = dict(filters)
        sort = self.sorts.get(values.pop("sort", ""), self.sorts[self.default_sort])
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
        params = self.read(request.GET)
        qs = self.queryset(request.user, params)
        fmt = request.GET.get("export", "")
        if fmt in EXPORT_FORMATS:
            return self.export(fmt, qs)
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        for key in ("page", "export"):
            query.pop(key, None)
        return render(
            request,
            template,
            {
                "page": page,
                "rows": self.page_rows(page.object_list),
                "columns": [c for c in self.columns if c.on_page],
                "params": params,
                "sorts": [(key, s.label) for key, s in self.sorts.items()],
                "querystring": query.urlencode(),
                **(context or {}),
            },
        )
