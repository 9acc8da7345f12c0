"""Reads of users and their roles that other capabilities share."""

from gonghui.orgs.models import Organization

from .models import WRITING_ROLES, Role, User


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
