"""Every write to the tree and the enterprise register: atomic, checked, audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.http import Http404
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.errors import NotFound, ServiceError, from_validation_error

from . import selectors
from .models import Enterprise, Organization, Region

ORG_FIELDS = [
    "name",
    "kind",
    "parent",
    "region",
    "credit_code",
    "enterprise",
    "industry",
    "founded_on",
    "is_active",
]
ENTERPRISE_FIELDS = [
    "name",
    "credit_code",
    "industry",
    "ownership",
    "size",
    "employees",
    "region",
    "keeper",
]


def _validate(obj) -> None:
    try:
        obj.full_clean(exclude=["path", "name_pinyin"])
    except ValidationError as exc:
        raise from_validation_error(exc) from exc


def _in_scope(getter, *, field: str, message: str, **lookup):
    """A referenced record outside the actor's scope looks exactly like a missing one."""
    try:
        return getter(**lookup)
    except Http404 as exc:
        raise NotFound(message, field=field) from exc


def writable_org(actor, org_id: int, field: str) -> Organization:
    """The organization `org_id` when the actor may write there, else a clear error on
    `field`. Other capabilities check the union a record is kept by with it."""
    return _in_scope(
        selectors.org_get,
        actor=actor,
        org_id=org_id,
        write=True,
        field=field,
        message=_("No such organization in your subtree."),
    )


def _writable_parent(actor, parent_id: int | None) -> Organization | None:
    if parent_id is None:
        if not actor.is_superuser:
            raise ServiceError(_("Choose the parent organization."), field="parent_id")
        return None
    return writable_org(actor, parent_id, "parent_id")


def _region(code: str | None) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ServiceError(
            _("Unknown division code %(code)s (GB/T 2260).") % {"code": code}, field="region"
        )
    return region


def _enterprise(actor, enterprise_id: int | None) -> Enterprise | None:
    if enterprise_id is None:
        return None
    return _in_scope(
        selectors.enterprise_get,
        actor=actor,
        enterprise_id=enterprise_id,
        field="enterprise_id",
        message=_("No such enterprise in your subtree."),
    )


@transaction.atomic
def org_create(
    *,
    actor,
    name: str,
    kind: str,
    parent_id: int | None,
    region: str | None = None,
    credit_code: str | None = None,
    enterprise_id: int | None = None,
    industry: str = "",
    founded_on=None,
    request=None,
) -> Organization:
    parent = _writable_parent(actor, parent_id)
    org = Organization(
        name=name.strip(),
        kind=kind,
        parent=parent,
        region=_region(region),
        credit_code=credit_code or None,
        enterprise=_enterprise(actor, enterprise_id),
        industry=industry or "",
        founded_on=founded_on,
    )
    _validate(org)
    # The path needs the id: insert under a placeholder, then set it.
    org.path = f"{parent.path if parent else '/'}new-{id(org)}/"
    org.depth = parent.depth + 1 if parent else 0
    org.save()
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    org.save(update_fields=["path"])
    audit.record(
        actor=actor,
        action="create",
        obj=org,
        org_path=org.path,
        changes=audit.snapshot(org, ORG_FIELDS),
        ip=audit.client_ip(request),
    )
    return org


@transaction.atomic
def org_update(*, actor, org_id: int, request=None, **changes) -> Organization:
    """Change plain fields. Moving to another parent is org_move."""
    org = selectors.org_get(actor=actor, org_id=org_id, write=True)
    org = Organization.objects.select_for_update().get(pk=org.pk)
    before = audit.snapshot(org, ORG_FIELDS)
    for field, value in changes.items():
        if field == "region":
            org.region = _region(value)
        elif field == "enterprise_id":
            org.enterprise = _enterprise(actor, value)
        elif field == "credit_code":
            org.credit_code = value or None
        elif field in {"name", "industry", "founded_on", "is_active"}:
            setattr(org, field, value.strip() if isinstance(value, str) else value)
        else:
            raise ServiceError(
                _("Field %(field)s cannot be changed here.") % {"field": field}, field=field
            )
    _validate(org)
    org.save()
    change_set = audit.diff(before, audit.snapshot(org, ORG_FIELDS))
    if change_set:
        audit.record(
            actor=actor,
            action="update",
            obj=org,
            org_path=org.path,
            changes=change_set,
            ip=audit.client_ip(request),
        )
    return org


@transaction.atomic
def org_move(*, actor, org_id: int, new_parent_id: int, request=None) -> Organization:
    """Move a whole subtree under a new parent, rewriting every path below it at once."""
    org = selectors.org_get(actor=actor, org_id=org_id, write=True)
    if org.path in actor.writable_paths() and not actor.is_superuser:
        raise ServiceError(
            _("You cannot move the organization your own role is bound to."),
            code="forbidden",
            field="new_parent_id",
        )
    new_parent = _writable_parent(actor, new_parent_id)
    assert new_parent is not None  # new_parent_id is an id, never None
    if new_parent.path.startswith(org.path):
        raise ServiceError(
            _("An organization cannot be moved under itself or one of its own members."),
            code="cycle",
            field="new_parent_id",
        )
    old_parent_id = org.parent_id
    org.parent = new_parent
    _validate(org)
    old_path, new_path = org.path, f"{new_parent.path}{org.pk}/"
    depth_change = new_parent.depth + 1 - org.depth
    # Lock the subtree, then rewrite its prefix in one statement.
    list(
        Organization.objects.select_for_update()
        .filter(path__startswith=old_path)
        .values_list("pk", flat=True)
    )
    Organization.objects.filter(pk=org.pk).update(parent=new_parent)
    Organization.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path"))),
        depth=F("depth") + depth_change,
    )
    org.refresh_from_db()
    audit.record(
        actor=actor,
        action="move",
        obj=org,
        org_path=org.path,
        changes={"parent": [old_parent_id, new_parent.pk], "path": [old_path, new_path]},
        ip=audit.client_ip(request),
    )
    return org


@transaction.atomic
def enterprise_create(
    *,
    actor,
    name: str,
    credit_code: str,
    industry: str,
    ownership: str,
    size: str,
    region: str,
    keeper_id: int,
    employees: int = 0,
    request=None,
) -> Enterprise:
    keeper = writable_org(actor, keeper_id, "keeper_id")
    ent = Enterprise(
        name=name.strip(),
        credit_code=credit_code,
        industry=industry,
        ownership=ownership,
        size=size,
        employees=employees,
        region=_region(region) if region else None,
        keeper=keeper,
    )
    if ent.region is None:
        raise ServiceError(
            _("Choose the region (division code) of the enterprise."), field="region"
        )
    _validate(ent)
    ent.save()
    audit.record(
        actor=actor,
        action="create",
        obj=ent,
        org_path=keeper.path,
        changes=audit.snapshot(ent, ENTERPRISE_FIELDS),
        ip=audit.client_ip(request),
    )
    return ent


@transaction.atomic
def enterprise_update(*, actor, enterprise_id: int, request=None, **changes) -> Enterprise:
    ent = selectors.enterprise_get(actor=actor, enterprise_id=enterprise_id, write=True)
    before = audit.snapshot(ent, ENTERPRISE_FIELDS)
    for field, value in changes.items():
        if field == "region":
            # An empty code leaves None for _validate to reject with a field error.
            ent.region = _region(value)  # type: ignore[assignment]
        elif field == "keeper_id":
            ent.keeper = writable_org(actor, value, "keeper_id")
        elif field in {"name", "credit_code", "industry", "ownership", "size", "employees"}:
            setattr(ent, field, value.strip() if isinstance(value, str) else value)
        else:
            raise ServiceError(
                _("Field %(field)s cannot be changed here.") % {"field": field}, field=field
            )
    _validate(ent)
    ent.save()
    change_set = audit.diff(before, audit.snapshot(ent, ENTERPRISE_FIELDS))
    if change_set:
        audit.record(
            actor=actor,
            action="update",
            obj=ent,
            org_path=ent.keeper.path,
            changes=change_set,
            ip=audit.client_ip(request),
        )
    return ent
