"""Money is integer fen (分). Pages take yuan with at most two decimals; the API takes fen
(`Fen`, `FenOrZero` in a ninja schema).

`check_fen` is the one check every service applies to an amount, whatever its source:
a whole, positive number of fen, below a ceiling that catches a yuan/fen mix-up.
"""

import re
from typing import Annotated, Literal, overload

from django.utils.translation import gettext as _
from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from gonghui.core.errors import ServiceError

# One payment, grant or allocation above 1亿元 is a typing error, not a decision.
MAX_FEN = 100_000_000 * 100
_YUAN = re.compile(r"^\d{1,12}(\.\d{1,2})?$")


def _json_number(value):
    # JSON's integer is a number without a fraction: 1500 and 1500.0 are the same number
    # (and what a schema-driven client may send); "1500" and true are not numbers.
    if isinstance(value, str | bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


# A whole number in a JSON body: 12.5 or "12" are refused, not rounded; 12.0 is 12. After
# the Field constraints in Annotated[int, Field(...), JSON_WHOLE], or pydantic leaves the
# constraints out of the schema.
JSON_WHOLE = BeforeValidator(_json_number)
# API input: a whole number of fen, up to the ceiling check_fen applies.
Fen = Annotated[int, Field(ge=1, le=MAX_FEN, description="fen (分)"), JSON_WHOLE]
FenOrZero = Annotated[int, Field(ge=0, le=MAX_FEN, description="fen (分)"), JSON_WHOLE]


def check_fen(
    value, *, field: str = "amount", allow_zero: bool = False, most: int = MAX_FEN
) -> int:
    """The amount in fen, or a ServiceError naming `field`. `most`: a larger bound than
    a payment's for a figure that is not one (a month's payroll of a big enterprise)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ServiceError(
            _("Enter the amount as a whole number of fen (1 yuan = 100 fen)."), field=field
        )
    if value < 0 or (value == 0 and not allow_zero):
        raise ServiceError(_("The amount must be more than zero."), field=field)
    if value > most:
        if most != MAX_FEN:
            raise ServiceError(
                _("The amount is too large: at most %(most)s yuan.") % {"most": yuan(most)},
                field=field,
            )
        raise ServiceError(
            _("The amount is too large: at most 100 million yuan at a time."), field=field
        )
    return value


# A required amount is never None: an empty one raises.
@overload
def parse_yuan(
    text: str | None, *, field: str = ..., required: Literal[True] = ..., most: int = ...
) -> int: ...
@overload
def parse_yuan(
    text: str | None, *, field: str = ..., required: bool, most: int = ...
) -> int | None: ...


def parse_yuan(
    text: str | None, *, field: str = "amount", required: bool = True, most: int = MAX_FEN
) -> int | None:
    """'1234.5' -> 123450 fen. Commas and a leading ¥ are allowed; a third decimal is not."""
    raw = (text or "").strip().replace(",", "").replace("，", "").lstrip("¥￥").strip()
    if not raw:
        if required:
            raise ServiceError(_("Enter the amount in yuan."), field=field)
        return None
    if raw.startswith("-"):
        raise ServiceError(_("The amount must be more than zero."), field=field)
    if not _YUAN.match(raw):
        raise ServiceError(
            _("Enter yuan with at most two decimals (fen), for example 1500 or 1500.50."),
            field=field,
        )
    whole, _dot, cents = raw.partition(".")
    return check_fen(int(whole) * 100 + int((cents + "00")[:2]), field=field, most=most)


def yuan(fen: int | None) -> str:
    """123450 -> '1,234.50'."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{whole:,}.{cents:02d}"
