"""The one way to restrict a query to what the acting user may see.

Each scoped model names the path of the organization it belongs to in
`scope_path_field` (or a tuple of paths, when a record belongs to two organizations,
as a transfer does); a user's roles give the subtree prefixes they may see.
"""

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.http import Http404


def _prefix_q(fields: str | tuple[str, ...], paths: list[str]) -> Q:
    """A row is visible when any of its organization paths lies under any allowed path."""
    fields = (fields,) if isinstance(fields, str) else fields
    return reduce(or_, (Q(**{f"{f}__startswith": p}) for f in fields for p in paths))


def visible(qs: QuerySet, actor, *, write: bool = False) -> QuerySet:
    """Rows of `qs` inside the actor's subtrees; nothing for anyone else."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return qs.none()
    paths = actor.writable_paths() if write else actor.visible_paths()
    if not paths:
        return qs.none()
    return qs.filter(_prefix_q(qs.model.scope_path_field, paths))


def path_visible(actor, path: str, *, write: bool = False) -> bool:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    paths = actor.writable_paths() if write else actor.visible_paths()
    return any(path.startswith(p) for p in paths)


def get_visible_or_404(qs: QuerySet, actor, *, write: bool = False, **lookup):
    """Outsiders get 404, never 403: they must not learn that the record exists."""
    try:
        return visible(qs, actor, write=write).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
