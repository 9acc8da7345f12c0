"""What the register does when the tree changes (orgs.signals)."""

from django.dispatch import receiver

from gonghui.orgs.signals import org_moved

from .models import Membership, MembershipStatus, Person, refresh_union_paths


@receiver(org_moved)
def _union_paths_follow_a_move(sender, *, new_path: str, **kwargs) -> None:
    """The people whose active membership is in the moved subtree take its new path
    (Person.union_path), inside the move's transaction: found through their unions (the
    path's index) and memberships, not by reading every person."""
    moved = Membership.objects.filter(
        status=MembershipStatus.ACTIVE, union__path__startswith=new_path
    ).values("person_id")
    refresh_union_paths(Person.objects.filter(pk__in=moved))
