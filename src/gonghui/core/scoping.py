"""The one way to restrict a query to what the acting user may see.

Each scoped model names the path of the organization it belongs to in
`scope_path_field` (or a tuple of paths, when a record belongs to two organizations,
as a transfer does) and has `ScopedManager()` as its default manager, so every query
can say `Model.objects.visible_to(actor)` (netbox's RestrictedQuerySet is the model).
A record that a member owns (their membership, their aid application) also names the
owning account in `scope_owner_field` (or a tuple of lookups, when the owner is reached
through one of two records, as for a document of a file or of an application);
`get_visible_or_404(..., own=True)` then admits "the actor's own record, or one in their
subtree". A user's roles give the subtree prefixes they may see. The system check in
`core.checks` holds every model to this.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar, cast

from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

if TYPE_CHECKING:
    from .types import Actor

_M = TypeVar("_M", bound=models.Model, covariant=True)


def _prefix_q(fields: str | tuple[str, ...], paths: list[str]) -> Q:
    """A row is visible when any of its organization paths lies under any allowed path."""
    fields = (fields,) if isinstance(fields, str) else fields
    return reduce(or_, (Q(**{f"{f}__startswith": p}) for f in fields for p in paths))


def _paths(actor: Actor | None, write: bool) -> list[str]:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return []
    return actor.writable_paths() if write else actor.visible_paths()


def _owner_q(model: type[models.Model], actor: Actor | None) -> Q | None:
    """Rows the actor owns, when the model has an owner and the actor is signed in."""
    owner = getattr(model, "scope_owner_field", None)
    if owner is None or actor is None or not actor.is_authenticated or not actor.is_active:
        return None
    owners = (owner,) if isinstance(owner, str) else owner
    return reduce(or_, (Q(**{o: actor}) for o in owners))


class ScopedQuerySet(QuerySet[_M], Generic[_M]):
    def visible_to(self, actor: Actor | None, *, write: bool = False, own: bool = False) -> Self:
        """Rows inside the actor's subtrees (those they may change, with write=True); with
        own=True also the rows they own. Nothing for anyone else."""
        paths = _paths(actor, write)
        q = _prefix_q(self.model.scope_path_field, paths) if paths else None  # type: ignore[attr-defined]
        owned = _owner_q(self.model, actor) if own else None
        if owned is not None:
            q = owned if q is None else q | owned
        return self.filter(q) if q is not None else self.none()


# The default manager of every model with scope_path_field.
ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def path_visible(actor: Actor | None, path: str, *, write: bool = False) -> bool:
    return any(path.startswith(p) for p in _paths(actor, write))


def get_visible_or_404(
    qs: QuerySet, actor: Actor | None, *, write: bool = False, own: bool = False, **lookup: Any
) -> Any:
    """The one record the actor may see (own=True: or owns); outsiders get 404, never
    403, so they do not learn that the record exists."""
    try:
        scoped = cast(ScopedQuerySet, qs)  # the check holds every scoped model to it
        return scoped.visible_to(actor, write=write, own=own).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def path_of(obj: models.Model) -> str:
    """The path of the organization a scoped record belongs to (the first of two)."""
    field = obj.scope_path_field  # type: ignore[attr-defined]
    value: Any = obj
    for part in (field if isinstance(field, str) else field[0]).split("__"):
        value = getattr(value, part)
    return value
