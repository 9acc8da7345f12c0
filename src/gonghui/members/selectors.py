"""Every read of the register, restricted to the caller's subtree or their own records."""

import re
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.selectors import with_signatures
from gonghui.core import crypto
from gonghui.core.scoping import get_visible_or_404, path_visible
from gonghui.orgs.models import Organization, OrgKind
from gonghui.orgs.selectors import org_get

from .models import (
    GIG_KINDS,
    IdConsent,
    JoinRequest,
    Membership,
    RequestStatus,
    Transfer,
    TransferStatus,
)

_ID_LIKE = re.compile(r"^\d{17}[\dXx]$")
_PHONE_LIKE = re.compile(r"^1[3-9]\d{9}$")
_NUMBER_LIKE = re.compile(r"^\d{16}$")


def member_search_q(q: str) -> Q:
    """Name, pinyin (full or initials), member number, ID number or phone.

    ID numbers and phones are found through their keyed hash, never by decrypting.
    """
    q = q.strip()
    if _ID_LIKE.match(q):
        return Q(person__id_index=crypto.blind_index(q.upper()))
    if _PHONE_LIKE.match(q):
        return Q(person__phone_index=crypto.blind_index(q))
    if _NUMBER_LIKE.match(q):
        return Q(number=q)
    if q.isascii():
        q = q.lower()
        return Q(person__name_pinyin__startswith=q) | Q(person__name_initials__startswith=q)
    return Q(person__name__startswith=q)


def member_list(
    *,
    actor: User,
    q: str = "",
    union_id: int | None = None,
    work_kind: str = "",
    gig_only: bool = False,
    status: str = "active",
    joined_from: date | None = None,
    joined_to: date | None = None,
) -> QuerySet[Membership]:
    """The memberships the actor may see that match the filters, unsorted (lists.MEMBERS
    sorts them)."""
    qs = Membership.objects.visible_to(actor).select_related("person", "union")
    if q.strip():
        qs = qs.filter(member_search_q(q))
    if union_id is not None:
        qs = qs.filter(union__path__startswith=org_get(actor=actor, org_id=union_id).path)
    if work_kind:
        qs = qs.filter(person__work_kind=work_kind)
    if gig_only:
        qs = qs.filter(person__work_kind__in=GIG_KINDS)
    if status:
        qs = qs.filter(status=status)
    if joined_from:
        qs = qs.filter(joined_on__gte=joined_from)
    if joined_to:
        qs = qs.filter(joined_on__lte=joined_to)
    return qs


def member_get(*, actor: User, membership_id: int) -> Membership:
    return get_visible_or_404(
        Membership.objects.select_related("person", "union"), actor, pk=membership_id
    )


def join_request_list(
    *, actor: User, status: str = RequestStatus.PENDING, union_id: int | None = None
) -> QuerySet[JoinRequest]:
    qs = with_signatures(
        JoinRequest.objects.visible_to(actor).select_related("person", "union"), "decided_by"
    )
    if status:
        qs = qs.filter(status=status)
    if union_id is not None:
        qs = qs.filter(union__path__startswith=org_get(actor=actor, org_id=union_id).path)
    return qs.order_by("submitted_at", "id")


def waiting_days(join: JoinRequest) -> int:
    end = join.decided_at or timezone.now()
    return (end - join.submitted_at).days


def transfer_list(
    *, actor: User, status: str = "", waiting_for_me: bool = False
) -> QuerySet[Transfer]:
    qs = Transfer.objects.visible_to(actor).select_related(
        "membership__person", "from_union", "to_union"
    )
    if waiting_for_me:
        qs = qs.filter(_transfer_step_q(actor))
    return qs.filter(status=status) if status else qs


def _transfer_step_q(actor: User) -> Q:
    """Transfers whose next step is the actor's: release by the old union, acceptance by
    the new one, each at a union the actor may write for."""
    paths = actor.writable_paths() if actor.is_authenticated else []
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(status=TransferStatus.REQUESTED, from_union__path__startswith=p)
        q |= Q(status=TransferStatus.RELEASED, to_union__path__startswith=p)
    return q


def transfer_steps(*, actor: User, transfer: Transfer) -> set[str]:
    """The steps of an open transfer this actor may take: "release" and "reject" for the
    old union, "accept" and "reject" for the new one."""
    steps: set[str] = set()
    if transfer.status == TransferStatus.REQUESTED and path_visible(
        actor, transfer.from_union.path, write=True
    ):
        steps |= {"release", "reject"}
    if transfer.status in (TransferStatus.REQUESTED, TransferStatus.RELEASED) and path_visible(
        actor, transfer.to_union.path, write=True
    ):
        steps.add("reject")
        if transfer.status == TransferStatus.RELEASED:
            steps.add("accept")
    if transfer.status == TransferStatus.RELEASED and path_visible(
        actor, transfer.from_union.path, write=True
    ):
        steps.add("reject")
    return steps


def join_requests_waiting(*, actor: User) -> QuerySet[JoinRequest]:
    """Pending requests at unions the actor may decide for (readers see, they do not act)."""
    return JoinRequest.objects.visible_to(actor, write=True).filter(status=RequestStatus.PENDING)


def transfers_waiting(*, actor: User) -> QuerySet[Transfer]:
    return Transfer.objects.visible_to(actor, write=True).filter(_transfer_step_q(actor))


def my_memberships(*, actor: User | AnonymousUser) -> QuerySet[Membership]:
    if not actor.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.select_related("union", "person")
        .filter(person__user=actor)
        .order_by("-started_on")
    )


def my_id_consents(*, actor: User | AnonymousUser) -> QuerySet[IdConsent]:
    """The worker's own consents to the processing of their ID number: theirs alone."""
    if not actor.is_authenticated:
        return IdConsent.objects.none()
    return IdConsent.objects.filter(user_id=actor.pk).select_related("join_request__union")


def my_join_requests(*, actor: User | AnonymousUser) -> QuerySet[JoinRequest]:
    if not actor.is_authenticated:
        return JoinRequest.objects.none()
    return (
        JoinRequest.objects.select_related("union", "membership")
        .filter(applicant=actor)
        .order_by("-submitted_at")
    )


def my_transfers(*, actor: User | AnonymousUser) -> QuerySet[Transfer]:
    if not actor.is_authenticated:
        return Transfer.objects.none()
    return Transfer.objects.select_related("from_union", "to_union").filter(
        membership__person__user=actor
    )


def my_active_membership(*, actor: User | AnonymousUser) -> Membership | None:
    return my_memberships(actor=actor).filter(status="active").first()


def union_by_code_or_name(value: str) -> Organization | None:
    """A union that takes in members, named by its credit code or its exact name."""
    value = value.strip()
    if not value:
        return None
    kinds = [OrgKind.GRASSROOTS, OrgKind.JOINT, OrgKind.INDUSTRY]
    return (
        Organization.objects.filter(kind__in=kinds, is_active=True)
        .filter(Q(credit_code=value.upper()) | Q(name=value))
        .first()
    )
