"""One error type for every refused write, carried to API and pages alike.

Error codes are enumerations: core's below, and one `class Code(ErrorCode)` in each
domain's `codes.py`; a caller may branch on a code, so a code once published keeps its
value (tests/test_codes.py fails on a code given as a bare string).
"""

from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

if TYPE_CHECKING:
    # A str or a gettext_lazy() result: the stubs' name for it (messages.error takes it).
    from django.utils.functional import _StrOrPromise as StrOrPromise
else:
    from django.utils.functional import Promise

    StrOrPromise = str | Promise


class ErrorCode(StrEnum):
    """The base of every domain's error codes; the values are what callers receive."""


class Code(ErrorCode):
    """Codes of core's own errors, and the generic ones every domain may raise."""

    INVALID = "invalid"  # an input is wrong: `fields` says which
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"  # the caller may see the record but not do this to it
    CONFLICT = "conflict"  # someone else changed it first
    THROTTLED = "throttled"
    NOT_EDITABLE = "not_editable"  # the field cannot be changed through this action
    TOO_LARGE = "too_large"
    TOO_MANY_ROWS = "too_many_rows"


class ServiceError(Exception):
    """A rule refused the request. `field` names the input at fault, if one is."""

    status = 400

    def __init__(
        self,
        message: StrOrPromise,
        *,
        code: ErrorCode = Code.INVALID,
        field: str | None = None,
        fields: dict[str, list[str]] | None = None,
    ):
        if not isinstance(code, ErrorCode):
            raise TypeError(f"error code {code!r} is not an ErrorCode (declare it in codes.py)")
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.fields = fields or ({field: [str(message)]} if field else {})

    def as_dict(self) -> dict:
        return {"code": str(self.code), "message": str(self.message), "fields": self.fields}


class NotFound(ServiceError):
    status = 404

    def __init__(self, message: StrOrPromise = "", **kwargs):
        super().__init__(message or "Not found", code=Code.NOT_FOUND, **kwargs)


def from_validation_error(exc: ValidationError) -> ServiceError:
    """Django's model validation, as one ServiceError with a message per field."""
    if hasattr(exc, "error_dict"):
        fields = {
            ("__all__" if k == NON_FIELD_ERRORS else k): [str(m) for m in v]
            for k, v in exc.message_dict.items()
        }
    else:
        fields = {"__all__": [str(m) for m in exc.messages]}
    first = next(iter(fields.values()))[0]
    return ServiceError(first, code=Code.INVALID, fields=fields)
