"""Cursors of list pages that page by key (core.lists; core.keyset re-exports them).

A module of its own: core.api imports core.lists, so core.lists cannot import core.keyset
(which imports core.api)."""

import base64
import binascii
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

MAX_OFFSET = 2**63 - 1  # core.api.MAX_OFFSET: PostgreSQL's BIGINT


# Cursors of list pages (core.lists) that page by key on a sort column and the id: the
# position of a row, (its sort value, its id), as one opaque URL-safe token. A cursor
# only says where to start: the rows still come from the caller's scoped list, so a
# forged cursor can skip rows but never show a row outside the caller's scope.

CURSOR_MAX_LENGTH = 512


def cursor_limit(field: models.Field) -> int:
    """The longest cursor a sort on `field` may need: CURSOR_MAX_LENGTH, or for a text
    column whose longest value would not fit in that (an organization's official-order key
    of up to 408 characters), the cursor of such a value written at its widest (each
    character as a JSON escape)."""
    longest = getattr(field, "max_length", None) or 0
    return max(CURSOR_MAX_LENGTH, 4 * (6 * longest + 48) // 3 + 4)


class BadCursor(ValueError):
    """A cursor that is not one this module wrote (edited, truncated or forged)."""


def encode_cursor(value: Any, pk: int) -> str:
    text = value if isinstance(value, int | str) else str(value)  # dates: 2022-03-01
    raw = json.dumps([text, pk], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(token: str, field: models.Field) -> tuple[Any, int]:
    """(sort value, id) of a cursor for a sort on `field`; BadCursor when it is not one."""
    if not token or len(token) > cursor_limit(field):
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
