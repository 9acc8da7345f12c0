"""Writing audit rows. Services call these inside their own transaction.

Actions are enumerations: each domain declares `class Action(AuditAction)` in its
`codes.py`, and `record()` takes nothing else (tests/test_codes.py). The client's address
is not passed down from the request: `ClientAddressMiddleware` puts it in a context
variable for the length of the request and `record()` reads it, so services take no
`request`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import models

from . import crypto
from .models import AuditEvent, SensitiveRead, org_id_of
from .scoping import path_of

if TYPE_CHECKING:
    from .types import Actor


class AuditAction(StrEnum):
    """The base of every domain's audit actions; the values are what the rows store."""


class Action(AuditAction):
    """Actions core itself records, and the plain verbs every domain may use."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    ADDRESS_THROTTLED = "address_throttled"


_client_address: ContextVar[str | None] = ContextVar("client_address", default=None)


def current_ip() -> str | None:
    """The address of the client whose request is being served; None outside a request."""
    return _client_address.get()


@contextmanager
def client_address(ip: str | None) -> Iterator[None]:
    """Audit rows written inside carry `ip` (the middleware, a job acting for a caller)."""
    token = _client_address.set(ip)
    try:
        yield
    finally:
        _client_address.reset(token)


class ClientAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with client_address(client_ip(request)):
            return self.get_response(request)


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (date, datetime, Decimal)):
        return str(value)
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    return {f: _plain(getattr(obj, f)) for f in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def label(obj_or_model) -> str:
    return obj_or_model._meta.label_lower


def record(
    *,
    actor: Actor | None,
    action: AuditAction,
    obj: models.Model | None = None,
    changes: dict | None = None,
    org_path: str | None = None,
    actor_name: str = "",
) -> AuditEvent:
    """One audit row. `org_path` defaults to the path of the organization `obj` belongs to
    (its scope_path_field); pass "" for a row of no organization."""
    if not isinstance(action, AuditAction):
        raise TypeError(f"audit action {action!r} is not an AuditAction (declare it in codes.py)")
    if org_path is None:
        org_path = path_of(obj) if obj is not None and hasattr(obj, "scope_path_field") else ""
    real_actor: Any = actor if getattr(actor, "pk", None) else None
    with crypto.people_masked():  # the record is named by id and masked name
        target_repr = str(obj)[:200] if obj is not None else ""
    return AuditEvent.objects.create(
        actor=real_actor,
        actor_name=actor_name or (real_actor.get_username() if real_actor else ""),
        action=str(action),
        target_type=label(obj) if obj is not None else "",
        target_id=str(obj.pk) if obj is not None else "",
        target_repr=target_repr,
        org_path=org_path,
        org_id=org_id_of(org_path),
        changes=changes or {},
        ip=current_ip(),
    )


def record_sensitive_read(
    *, actor: Actor, obj: models.Model, field: str, purpose: str = "", org_path: str = ""
) -> None:
    SensitiveRead.objects.create(
        actor=cast(Any, actor),  # an account: core names it by the Actor protocol
        target_type=label(obj),
        target_id=str(obj.pk),
        field=field,
        purpose=purpose,
        org_path=org_path,
        org_id=org_id_of(org_path),
    )


def client_ip(request) -> str | None:
    """The client's address; behind N trusted proxies, the one the outermost proxy saw."""
    if request is None:
        return None
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
