"""Query-string values of list filters: a value that does not parse is no filter at all,
so a hand-edited or stale link shows the whole list rather than an error page."""

from datetime import date


def int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def date_or_none(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
