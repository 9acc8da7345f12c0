"""One error type for every refused write, carried to API and pages alike."""

from typing import TYPE_CHECKING

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

if TYPE_CHECKING:
    # A str or a gettext_lazy() result: the stubs' name for it (messages.error takes it).
    from django.utils.functional import _StrOrPromise as StrOrPromise
else:
    from django.utils.functional import Promise

    StrOrPromise = str | Promise


class ServiceError(Exception):
    """A rule refused the request. `field` names the input at fault, if one is."""

    status = 400

    def __init__(
        self,
        message: StrOrPromise,
        *,
        code: str = "invalid",
        field: str | None = None,
        fields: dict[str, list[str]] | None = None,
    ):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.fields = fields or ({field: [str(message)]} if field else {})

    def as_dict(self) -> dict:
        return {"code": self.code, "message": str(self.message), "fields": self.fields}


class NotFound(ServiceError):
    status = 404

    def __init__(self, message: StrOrPromise = "", **kwargs):
        super().__init__(message or "Not found", code="not_found", **kwargs)


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
    return ServiceError(first, code="invalid", fields=fields)
