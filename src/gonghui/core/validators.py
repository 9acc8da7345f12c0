"""Checks for Chinese standard codes, through python-stdnum rather than by hand."""

import re

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
            _("The check character of credit code %(code)s is wrong; please copy it again "
              "from the registration certificate."), code="checksum", params={"code": value},
        ) from exc
    except stdnum_errors.ValidationError as exc:
        raise ValidationError(
            _("A unified social credit code has 18 characters: digits and capital letters "
              "without I, O, S, V, Z."), code="format",
        ) from exc


def clean_union_credit_code(value: str) -> str:
    code = clean_credit_code(value)
    if not code.startswith("81"):
        raise ValidationError(
            _("A trade union's credit code starts with 81 (registered by a union)."),
            code="not_union",
        )
    return code


def clean_resident_id(value: str) -> str:
    """A resident ID number (GB 11643) with a valid birth date and check digit."""
    try:
        return ric.validate(value)
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
