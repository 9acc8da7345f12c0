"""Keyset pagination for the big lists (members, aid files, disbursements, the audit log).

An offset makes the database read and drop every row before the page: deep pages of a
province's ten million members are slow, so offsets stop at core.api.MAX_PAGE_OFFSET.
A program that walks a whole list pages by key instead: `after=0`, then `after=` the
page's `next`, until `next` is null. Each page is an index range on the primary key, as
fast at the millionth row as at the first; rows come in the order they were recorded
(`sort` does not apply), and a row recorded meanwhile is not skipped.

    @router.get("/members", response=list[MemberOut], auth=STAFF)
    @paginate(KeysetPagination)
    def list_members(request, filters: ...): ...
"""

from typing import Any

from django.db.models import QuerySet
from ninja import Field
from ninja.pagination import LimitOffsetPagination

from .api import MAX_OFFSET, PageInput, PageOutput, page_response
from .cursors import BadCursor, decode_cursor, encode_cursor  # noqa: F401  (one encoding)
from .lists import EXACT_COUNT_LIMIT


class KeysetInput(PageInput):
    after: int | None = Field(
        None,
        ge=0,
        le=MAX_OFFSET,
        description=(
            "Page by key, at any depth: 0 for the first page, then the previous page's "
            "`next`. Rows come in the order recorded; `sort` does not apply and `count` "
            "is not computed."
        ),
    )


class KeysetOutput(PageOutput):
    count: int | None = Field(
        description=(
            "The rows in the list: exact up to "
            f"{EXACT_COUNT_LIMIT:,} rows, above that PostgreSQL's estimate (`estimated`); "
            "null when paging by key."
        )
    )
    next: int | None = Field(
        None, description="`after` for the next page; null on the last page or with offset"
    )


class KeysetPagination(LimitOffsetPagination):
    """Offset pages (with their count) as on every list, or key pages with `after`."""

    Input = KeysetInput  # type: ignore[assignment]
    Output = KeysetOutput  # type: ignore[assignment]

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Any, request: Any = None, **params: Any
    ) -> Any:
        if pagination.after is None:
            return super().paginate_queryset(queryset, pagination, request=request, **params)
        limit = min(pagination.limit, self.max_limit)
        start = pagination.offset
        rows = list(
            queryset.filter(pk__gt=pagination.after).order_by("pk")[start : start + limit + 1]
        )
        more = len(rows) > limit
        rows = rows[:limit]
        return page_response(
            self,
            request,
            rows,
            count=None,
            estimated=False,
            next=rows[-1].pk if more else None,
        )
