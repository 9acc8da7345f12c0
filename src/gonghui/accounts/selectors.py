"""Reads of users and their roles that other capabilities share."""

from typing import TypeVar

from django.db.models import Model, Prefetch, QuerySet

from gonghui.orgs.models import Organization

from .models import WRITING_ROLES, Role, User

M = TypeVar("M", bound=Model)


def with_signatures(qs: QuerySet[M], *user_fields: str) -> QuerySet[M]:
    """The rows with the roles of the users they name prefetched, so that a list showing
    `user.signature` (张伟（和平区总工会）) for each row reads the roles in one query, not one
    per row. `user_fields` are the rows' user foreign keys ("maker", "checker" …)."""
    roles = Role.objects.select_related("organization")
    return qs.select_related(*user_fields).prefetch_related(
        *(Prefetch(f"{field}__roles", queryset=roles) for field in user_fields)
    )


def writers_at_or_above(org: Organization, *, limit: int = 200) -> list[User]:
    """Active users who may write at `org` or at a union above it, nearest union first:
    those to whom a record of `org` (a job seeker, a rights case …) can be assigned."""
    roles = (
        Role.objects.filter(
            kind__in=WRITING_ROLES,
            organization__path__in=org.ancestors_paths(),
            user__is_active=True,
        )
        .select_related("user")
        .order_by("-organization__depth", "user__username")
    )
    found: dict[int, User] = {}
    for role in roles:
        if len(found) == limit:
            break
        found.setdefault(role.user_id, role.user)
    return list(found.values())
