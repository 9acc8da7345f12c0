"""Writing audit rows. Services call these inside their own transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models

from . import crypto
from .models import AuditEvent, SensitiveRead


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
    actor,
    action: str,
    obj: models.Model | None = None,
    changes: dict | None = None,
    org_path: str = "",
    actor_name: str = "",
    ip: str | None = None,
) -> AuditEvent:
    real_actor = actor if getattr(actor, "pk", None) else None
    with crypto.people_masked():  # the record is named by id and masked name
        target_repr = str(obj)[:200] if obj is not None else ""
    return AuditEvent.objects.create(
        actor=real_actor,
        actor_name=actor_name or (actor.get_username() if real_actor else ""),
        action=action,
        target_type=label(obj) if obj is not None else "",
        target_id=str(obj.pk) if obj is not None else "",
        target_repr=target_repr,
        org_path=org_path,
        changes=changes or {},
        ip=ip,
    )


def record_sensitive_read(
    *, actor, obj: models.Model, field: str, purpose: str = "", org_path: str = ""
) -> None:
    SensitiveRead.objects.create(
        actor=actor,
        target_type=label(obj),
        target_id=str(obj.pk),
        field=field,
        purpose=purpose,
        org_path=org_path,
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
