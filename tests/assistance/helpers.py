"""Builders shared by the assistance and campaigns tests."""

from datetime import date

from gonghui.assistance import services

from ..factories import make_member


def open_file(
    world,
    union=None,
    name: str = "王强",
    *,
    tier: str = "deep",
    causes=("illness",),
    actor=None,
    user=None,
    opened_on: date | None = None,
):
    """A member of `union` (default: the grassroots union) with an open needy-worker file."""
    union = union or world.grassroots
    membership = make_member(union, name, user=user)
    return services.file_open(
        actor=actor or _writer(world, union),
        membership_id=membership.pk,
        tier=tier,
        causes=list(causes),
        opened_on=opened_on,
    )


def _writer(world, union):
    """Someone who may write at `union`: the province's staff, or the outsider's."""
    return (
        world.outsider if union.path.startswith(world.other_province.path) else world.province_staff
    )
