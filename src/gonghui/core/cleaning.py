"""Cleaning what a caller typed, the one way every service does it.

Each helper returns the value as it is stored or raises ServiceError naming the field, so
a page puts the message beside the input and the API in `fields`.
"""

import re
from datetime import date
from typing import Any

from django.db.models import Choices
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ServiceError


def today() -> date:
    """Today in the federation's time zone (settings.TIME_ZONE), not the server's."""
    return timezone.localdate()


def text(
    value: Any,
    *,
    field: str,
    max_length: int | None = None,
    required: bool = False,
    message: str = "",
) -> str:
    """Text with the spaces around it removed; None is empty, anything but text refused.
    `message` replaces "This field is required." where the form says more. Without
    `max_length` the length is left to the model's validation."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ServiceError(_("Enter text."), field=field)
    value = value.strip()
    if required and not value:
        raise ServiceError(message or _("This field is required."), field=field)
    if max_length is not None and len(value) > max_length:
        raise ServiceError(_("At most %(n)s characters.") % {"n": max_length}, field=field)
    return value


def english(value: Any, *, field: str, max_length: int | None = None, message: str = "") -> str:
    """Optional English written beside Chinese (an organization's English name, a meeting's
    English topic): given, it has no Chinese characters, as the Chinese has its own field.
    `message` says which field that is."""
    from .writing import has_chinese  # writing imports the number style, not this module

    value = text(value, field=field, max_length=max_length)
    if has_chinese(value):
        raise ServiceError(
            message or _("Write this in English; the Chinese text has its own field."),
            field=field,
        )
    return value


def choice(value: Any, choices: type[Choices], *, field: str) -> str:
    """One of the values of a TextChoices; the message lists them with their labels."""
    if value not in choices.values:
        listed = "; ".join(f"{v} ({label})" for v, label in choices.choices)
        raise ServiceError(_("Choose one of: %(choices)s.") % {"choices": listed}, field=field)
    return value


_REQUEST_KEY = re.compile(r"^[A-Za-z0-9._:\-]{8,100}$")  # core.api.IdempotencyKey's grammar


def request_key(value: Any, *, field: str = "idempotency_key") -> str:
    """The explicit key of a request that must take effect once (a payment, an allotment):
    8 to 100 letters, digits or . _ : - , as core.api.IdempotencyKey documents it."""
    key = value.strip() if isinstance(value, str) else ""
    if not _REQUEST_KEY.match(key):
        raise ServiceError(
            _("The idempotency key is 8 to 100 letters, digits or . _ : -"), field=field
        )
    return key
