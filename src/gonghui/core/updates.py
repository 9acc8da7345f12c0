"""The one audited update: every service that changes a record's fields goes through it.

    EDITABLE = {"title": lambda v: cleaning.text(v, field="title", max_length=200),
                "held_on": None}          # None: stored as given, model validation checks it
    audited_update(activity, changes, actor=actor, editable=EDITABLE,
                   audit_fields=ACTIVITY_FIELDS, check=_check)

It snapshots the audited fields, refuses a field that is not editable (nothing changed),
assigns the cleaned values, validates (`check`, else `full_clean`), saves only the fields
that changed (with any auto_now field), and writes the difference to the audit in the
caller's transaction. Nothing changed: nothing saved, nothing audited.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from . import audit
from .errors import Code, ServiceError, from_validation_error

if TYPE_CHECKING:
    from .types import Actor

_M = TypeVar("_M", bound=models.Model)
Cleaner = Callable[[Any], Any] | None


def _validate(obj: models.Model) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise from_validation_error(exc) from exc


def audited_update(
    obj: _M,
    changes: Mapping[str, Any],
    *,
    actor: "Actor",
    editable: Mapping[str, Cleaner],
    audit_fields: Sequence[str],
    check: Callable[[_M], None] | None = None,
    action: audit.AuditAction = audit.Action.UPDATE,
    org_path: str | None = None,
) -> dict[str, list[Any]]:
    """Apply `changes` ({field: value}) to `obj`; returns the audited difference.

    A key of `editable` is a model attribute (`union_id` sets the foreign key); its
    cleaner turns the caller's value into the stored one or raises ServiceError."""
    for field in changes:
        if field not in editable:
            raise ServiceError(
                _("Field %(field)s cannot be changed here.") % {"field": field},
                code=Code.NOT_EDITABLE,
                field=field,
            )
    before = audit.snapshot(obj, list(audit_fields))
    stored_before = {f: getattr(obj, f) for f in changes}
    for field, value in changes.items():
        clean = editable[field]
        setattr(obj, field, clean(value) if clean is not None else value)
    (check or _validate)(obj)
    changed = [f for f in changes if getattr(obj, f) != stored_before[f]]
    if not changed:
        return {}
    auto_now = [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
    obj.save(update_fields=[*changed, *auto_now])
    difference = audit.diff(before, audit.snapshot(obj, list(audit_fields)))
    if difference:
        audit.record(actor=actor, action=action, obj=obj, changes=difference, org_path=org_path)
    return difference
