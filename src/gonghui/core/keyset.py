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

import base64
import binascii
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from .api import MAX_OFFSET, PageInput


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


class KeysetOutput(Schema):
    items: list[Any]
    count: int | None = Field(description="the rows in the list; null when paging by key")
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
        return {"items": rows, "count": None, "next": rows[-1].pk if more else None}


# Cursors of list pages (core.lists) that page by key on a sort column and the id: the
# position of a row, (its sort value, its id), as one opaque URL-safe token. A cursor
# only says where to start: the rows still come from the caller's scoped list, so a
# forged cursor can skip rows but never show a row outside the caller's scope.

CURSOR_MAX_LENGTH = 512


class BadCursor(ValueError):
    """A cursor that is not one this module wrote (edited, truncated or forged)."""


def encode_cursor(value: Any, pk: int) -> str:
    text = value if isinstance(value, int | str) else str(value)  # dates: 2022-03-01
    raw = json.dumps([text, pk], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(token: str, field: models.Field) -> tuple[Any, int]:
    """(sort value, id) of a cursor for a sort on `field`; BadCursor when it is not one."""
    if not token or len(token) > CURSOR_MAX_LENGTH:
        raise BadCursor(token)
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        text, pk = json.loads(raw.decode())
        if type(pk) is not int or not 0 <= pk <= MAX_OFFSET:
            raise BadCursor(token)
        if text is None or isinstance(text, bool | list | dict):
            raise BadCursor(token)
        value = field.to_python(text)
    except (ValueError, TypeError, ValidationError, binascii.Error, UnicodeDecodeError):
        raise BadCursor(token) from None
    if value is None or (isinstance(value, str) and "\x00" in value):
        raise BadCursor(token)  # PostgreSQL takes no NUL in a text
    if isinstance(value, int) and not -MAX_OFFSET - 1 <= value <= MAX_OFFSET:
        raise BadCursor(token)  # past a bigint: the database would refuse the query
    return value, pk
