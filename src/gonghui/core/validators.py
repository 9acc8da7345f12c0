"""Checks for Chinese standard codes, through python-stdnum rather than by hand."""

import re
from datetime import date
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc


def clean_credit_code(value: str) -> str:
    """A unified social credit code (GB 32100), compacted and upper-cased."""
    try:
        return uscc.validate(value)
    except stdnum_errors.InvalidChecksum as exc:
        raise ValidationError(
            _(
                "The check character of credit code %(code)s is wrong; please copy it again "
                "from the registration certificate."
            ),
            code="checksum",
            params={"code": value},
        ) from exc
    except stdnum_errors.ValidationError as exc:
        raise ValidationError(
            _(
                "A unified social credit code has 18 characters: digits and capital letters "
                "without I, O, S, V, Z."
            ),
            code="format",
        ) from exc


def clean_union_credit_code(value: str) -> str:
    code = clean_credit_code(value)
    if not code.startswith("81"):
        raise ValidationError(
            _("A trade union's credit code starts with 81 (registered by a union)."),
            code="not_union",
        )
    return code


# A number as registers usually hold it: 17 ASCII digits and a digit or X.
_PLAIN_ID = re.compile(r"[0-9]{17}[0-9Xx]")


@lru_cache(maxsize=16384)
def _division_known(code: str) -> bool:
    """Is `code` a county-level division code of any edition of GB/T 2260?

    An ID number keeps the code of the place where it was first issued, often years
    after the birth (numbers of people born before 1984 carry codes created later), and
    it is not changed when the division is renamed or abolished: any edition counts.
    Memoized: imports check millions of numbers against a few thousand codes (bounded,
    so that a file of made-up codes cannot grow it without end)."""
    from stdnum import numdb

    info = {k: v for _part, props in numdb.get("cn/loc").info(code) for k, v in props.items()}
    return "county" in info


@lru_cache(maxsize=65536)
def _birth_date(digits: str) -> date | None:
    """The date of 'YYYYMMDD', None when no such day exists (1950-02-29). Memoized: a
    register of a million people has some 30,000 birth dates."""
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def _checked_resident_id(value: str) -> tuple[str, date]:
    """The compacted number and its birth date, or stdnum's ValidationError."""
    # stdnum's compact (full-width digits to ASCII, upper case, trimmed) costs more than
    # the rest of the check: a number already plain gives the same answer without it.
    number = value.upper() if _PLAIN_ID.fullmatch(value) else ric.compact(value)
    if len(number) != 18 or not number[:17].isdigit() or not number[:17].isascii():
        raise stdnum_errors.InvalidFormat()
    if number[-1] != ric.calc_check_digit(number):
        raise stdnum_errors.InvalidChecksum()
    born = _birth_date(number[6:14])
    if born is None or born > date.today() or born.year < 1900:
        raise stdnum_errors.InvalidComponent()
    if not _division_known(number[:6]):
        raise stdnum_errors.InvalidComponent()
    return number, born


def clean_resident_id(value: str) -> str:
    """A resident ID number (GB 11643): format, check digit, a real birth date not in the
    future, and a division code of any edition of GB/T 2260."""
    return resident_id_and_birth_date(value)[0]


def resident_id_and_birth_date(value: str) -> tuple[str, date]:
    """clean_resident_id, with the birth date the number encodes (checked already)."""
    try:
        return _checked_resident_id(value or "")
    except stdnum_errors.ValidationError as exc:
        raise ValidationError(
            _("This is not a valid resident ID number: check the 18 characters."),
            code="invalid_id",
        ) from exc


MOBILE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")


def normalize_phone(value: str) -> str:
    """'139 0000 0002', '+86 139-0000-0002' -> '13900000002'; other text is returned trimmed."""
    digits = re.sub(r"[\s\-()]", "", value or "")
    m = MOBILE.match(digits)
    return m.group(1) if m else (value or "").strip()
