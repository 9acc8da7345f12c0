"""Every write to the tree and the enterprise register: atomic, checked, audited."""

from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Model, Value
from django.db.models.functions import Concat, Length, Substr
from django.http import Http404
from django.utils.translation import gettext as _

from gonghui.core import audit, cleaning
from gonghui.core.errors import NotFound, ServiceError, from_validation_error
from gonghui.core.types import Actor
from gonghui.core.updates import audited_update

from . import selectors
from .codes import Action, Code
from .models import Enterprise, Organization, Region, refresh_sort_keys
from .signals import org_moved

ORG_FIELDS = [
    "name",
    "name_en",
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


def _validate(obj: Model) -> None:
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


def writable_org(actor: Actor, org_id: int, field: str, *, active: bool = False) -> Organization:
    """The organization `org_id` when the actor may write there, else a clear error on
    `field`. Other capabilities check the union a record is kept by with it; `active`:
    a new record may not be kept by a union that has been closed."""
    org = _in_scope(
        selectors.org_get,
        actor=actor,
        org_id=org_id,
        write=True,
        field=field,
        message=_("No such organization in your subtree."),
    )
    if active and not org.is_active:
        raise ServiceError(_("This union is no longer active."), field=field)
    return org


def _writable_parent(actor: Actor, parent_id: int | None) -> Organization | None:
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


def _enterprise(actor: Actor, enterprise_id: int | None) -> Enterprise | None:
    if enterprise_id is None:
        return None
    return _in_scope(
        selectors.enterprise_get,
        actor=actor,
        enterprise_id=enterprise_id,
        field="enterprise_id",
        message=_("No such enterprise in your subtree."),
    )


def _org_name(value: Any) -> str:
    return cleaning.text(
        value, field="name", max_length=Organization._meta.get_field("name").max_length
    )


def _org_name_en(value: Any) -> str:
    """Optional; given, it is written in Latin letters (a Chinese name has its own field)."""
    return cleaning.english(
        value,
        field="name_en",
        max_length=Organization._meta.get_field("name_en").max_length,
        message=_("Write the English name in English; the Chinese name has its own field."),
    )


def _enterprise_name(value: Any) -> str:
    return cleaning.text(
        value, field="name", max_length=Enterprise._meta.get_field("name").max_length
    )


@transaction.atomic(durable=True)
def org_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    parent_id: int | None,
    name_en: str = "",
    region: str | None = None,
    credit_code: str | None = None,
    enterprise_id: int | None = None,
    industry: str = "",
    founded_on=None,
) -> Organization:
    parent = _writable_parent(actor, parent_id)
    org = Organization(
        name=_org_name(name),
        name_en=_org_name_en(name_en),
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
        actor=actor, action=Action.CREATE, obj=org, changes=audit.snapshot(org, ORG_FIELDS)
    )
    return org


@transaction.atomic(durable=True)
def org_update(*, actor: Actor, org_id: int, **changes) -> Organization:
    """Change plain fields. Moving to another parent is org_move."""
    org = selectors.org_get(actor=actor, org_id=org_id, write=True)
    org = Organization.objects.select_for_update().get(pk=org.pk)
    difference = audited_update(
        org,
        changes,
        actor=actor,
        editable={
            "name": _org_name,
            "name_en": _org_name_en,
            "region": _region,
            "enterprise_id": lambda v: getattr(_enterprise(actor, v), "pk", None),
            "credit_code": lambda v: v or None,
            "industry": None,
            "founded_on": None,
            "is_active": None,
        },
        audit_fields=ORG_FIELDS,
        check=_validate,
        action=Action.UPDATE,
    )
    if "region" in difference:
        # The save wrote the organization's own key; the children and grandchildren
        # without a region of their own stand with this one's (models.official_sort_key).
        refresh_sort_keys(
            Organization.objects.filter(path__startswith=org.path, depth__lte=org.depth + 2)
        )
    return org


@transaction.atomic(durable=True)
def org_move(*, actor: Actor, org_id: int, new_parent_id: int) -> Organization:
    """Move a whole subtree under a new parent, rewriting every path below it at once."""
    org = selectors.org_get(actor=actor, org_id=org_id, write=True)
    if org.path in actor.writable_paths() and not actor.is_superuser:
        raise ServiceError(
            _("You cannot move the organization your own role is bound to."),
            code=Code.FORBIDDEN,
            field="new_parent_id",
        )
    new_parent = _writable_parent(actor, new_parent_id)
    assert new_parent is not None  # new_parent_id is an id, never None
    if new_parent.path.startswith(org.path):
        raise ServiceError(
            _("An organization cannot be moved under itself or one of its own members."),
            code=Code.CYCLE,
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
    for model, field in _path_copies():
        model._base_manager.filter(**{f"{field}__startswith": old_path}).update(
            **{field: Concat(Value(new_path), Substr(field, len(old_path) + 1, Length(field)))}
        )
    # The official order's key of every organization moved: its depth, and for the
    # top ones without a region of their own the division they stand with.
    refresh_sort_keys(Organization.objects.filter(path__startswith=new_path))
    org.refresh_from_db()
    audit.record(
        actor=actor,
        action=Action.MOVE,
        obj=org,
        changes={"parent": [old_parent_id, new_parent.pk], "path": [old_path, new_path]},
    )
    org_moved.send(sender=Organization, org=org, old_path=old_path, new_path=new_path)
    return org


def _path_copies() -> list[tuple[type[Model], str]]:
    """(model, column) of every record that keeps a copy of its organization's path in a
    column of its own (its scope_path_field names no relation), as members.ImportJob does:
    a move rewrites them with the tree. Records that name the organization through a
    relation follow it by themselves; the audit's org_path is history and stays
    (its scope goes through its `org`)."""
    return [
        (model, field)
        for model in apps.get_models()
        if model is not Organization
        and isinstance(field := getattr(model, "scope_path_field", None), str)
        and "__" not in field
    ]


@transaction.atomic(durable=True)
def enterprise_create(
    *,
    actor: Actor,
    name: str,
    credit_code: str,
    industry: str,
    ownership: str,
    size: str,
    region: str,
    keeper_id: int,
    employees: int = 0,
) -> Enterprise:
    keeper = writable_org(actor, keeper_id, "keeper_id")
    ent = Enterprise(
        name=_enterprise_name(name),
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
        actor=actor, action=Action.CREATE, obj=ent, changes=audit.snapshot(ent, ENTERPRISE_FIELDS)
    )
    return ent


@transaction.atomic(durable=True)
def enterprise_update(*, actor: Actor, enterprise_id: int, **changes) -> Enterprise:
    ent = selectors.enterprise_get(actor=actor, enterprise_id=enterprise_id, write=True)
    audited_update(
        ent,
        changes,
        actor=actor,
        editable={
            # An empty code leaves None for _validate to reject with a field error.
            "region": _region,
            "keeper_id": lambda v: writable_org(actor, v, "keeper_id").pk,
            "name": _enterprise_name,
            "credit_code": None,
            "industry": None,
            "ownership": None,
            "size": None,
            "employees": None,
        },
        audit_fields=ENTERPRISE_FIELDS,
        check=_validate,
        action=Action.UPDATE,
    )
    return ent
