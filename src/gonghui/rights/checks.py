"""Input checks shared by the rights services: days, counts and names, each refusing with
a message that says what to enter."""

from datetime import date

from django.utils.translation import gettext as _

from gonghui.core import cleaning
from gonghui.core.errors import ServiceError
from gonghui.core.money import MAX_FEN

MAX_PEOPLE = 10_000_000  # a count of people: no event or contract reaches more


def day(value, *, field: str, default_today: bool = True, future: bool = False) -> date:
    """A date; by default today when none is given, and never after today."""
    if value is None and default_today:
        return cleaning.today()
    if not isinstance(value, date):
        raise ServiceError(_("Enter a date."), field=field)
    if not future and value > cleaning.today():
        raise ServiceError(_("Enter today or an earlier day."), field=field)
    return value


def count(value, *, field: str, low: int = 0, high: int = MAX_PEOPLE) -> int:
    if value is None and low == 0:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ServiceError(
            _("Enter a whole number between %(low)s and %(high)s.") % {"low": low, "high": high},
            field=field,
        )
    return value


def fen(value, *, field: str) -> int:
    """An amount in fen, zero allowed."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_FEN:
        raise ServiceError(
            _("Enter the amount as a whole number of fen, 0 or more (1 yuan = 100 fen)."),
            field=field,
        )
    return value


def name(value, *, field: str, max_length: int, message: str) -> str:
    return cleaning.text(value, field=field, max_length=max_length, required=True, message=message)


def pk(value) -> int | None:
    """An id as given, or None when it is no id at all."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None
