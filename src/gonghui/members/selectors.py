"""Every read of the register, restricted to the caller's subtree or their own records."""

import re
from datetime import date
from functools import reduce
from operator import or_
from typing import Any

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
    ByteOrder,
    IdConsent,
    JoinRequest,
    Membership,
    MembershipStatus,
    RequestStatus,
    Transfer,
    TransferStatus,
)

_ID_LIKE = re.compile(r"^\d{17}[\dXx]$")
_PHONE_LIKE = re.compile(r"^1[3-9]\d{9}$")
_NUMBER_LIKE = re.compile(r"^\d{16}$")


# Pinyin syllables: an initial (or none) and a final. Generous (it allows pairs no
# syllable has): it only decides whether a search could be full pinyin.
_INITIAL_SOUNDS = "b p m f d t n l g k h j q x zh ch sh r z c s y w".split()
_FINAL_SOUNDS = (
    "a o e i u v ai ei ao ou an en ang eng ong er ia ie iu ua uo ue ui ve in un vn ian iao "
    "ing uai uan van iang iong uang ueng"
).split()
_SYLLABLES = {i + f for i in ["", *_INITIAL_SOUNDS] for f in _FINAL_SOUNDS} | {"ng", "n", "m"}
_SYLLABLE_STARTS = {s[:k] for s in _SYLLABLES for k in range(1, len(s) + 1)}
# Initials are one letter a character; no syllable starts with i, u or v.
_INITIALS_LIKE = re.compile(r"^[a-hj-tw-z]{1,4}$")


def _reads_as_pinyin(q: str) -> bool:
    """`q` is whole syllables then the start of one: "wangw", "zh", "xiaom"."""
    starts = {0}  # where a syllable may start
    for at in range(len(q)):
        if at in starts:
            starts |= {at + k for k in range(1, 7) if q[at : at + k] in _SYLLABLES}
    return len(q) in starts or any(q[at:] in _SYLLABLE_STARTS for at in starts)


def search_kind(q: str) -> str:
    """What a search term is: "id", "phone", "number", "name" (Chinese characters),
    "pinyin" (full pinyin only: it has i, u or v, or more letters than a name has
    characters), "initials" (letters no pinyin starts with: "zw" for 张伟), "letters"
    (either: "zh" is 张华's initials and the start of "zhang"), or "" for none."""
    q = q.strip()
    if not q:
        return ""
    if _ID_LIKE.match(q):
        return "id"
    if _PHONE_LIKE.match(q):
        return "phone"
    if _NUMBER_LIKE.match(q):
        return "number"
    if not q.isascii():
        return "name"
    q = q.lower()
    pinyin, initials = _reads_as_pinyin(q), bool(_INITIALS_LIKE.match(q))
    if pinyin and not initials:
        return "pinyin"
    if initials and not pinyin:
        return "initials"
    return "letters"


def member_search_q(q: str) -> Q:
    """Name, pinyin (full or initials), member number, ID number or phone.

    ID numbers and phones are found through their keyed hash, never by decrypting. Letters
    are searched as full pinyin, as initials or as both, as `search_kind` reads them: a
    search of one kind walks one index (and, in its order, stops after a page).
    """
    kind = search_kind(q)
    q = q.strip()
    if kind == "id":
        return Q(person__id_index=crypto.blind_index(q.upper()))
    if kind == "phone":
        return Q(person__phone_index=crypto.blind_index(q))
    if kind == "number":
        return Q(number=q)
    if kind == "name":
        return Q(person__name__startswith=q)
    q = q.lower()
    if kind == "pinyin":
        return Q(person__name_pinyin__startswith=q)
    if kind == "initials":
        return Q(person__name_initials__startswith=q)
    return Q(person__name_pinyin__startswith=q) | Q(person__name_initials__startswith=q)


# The column each kind of search walks in its index (members.models.ByteOrder).
SEARCH_ORDER = {"name": "person__name", "pinyin": "person__name_pinyin"}
SEARCH_ORDER["initials"] = "person__name_initials"


def member_search_order(q: str) -> tuple[Any, ...] | None:
    """The order of a search's results that lets PostgreSQL stop after a page: the
    column the search walks, in its index's order, then the person (the index's second
    column: many people share a name), then the membership; None for a search that
    finds a handful (number, ID number, phone) or walks two indexes ("letters")."""
    column = SEARCH_ORDER.get(search_kind(q))
    if column is None:
        return None
    return (ByteOrder(column).asc(), "person_id", "id")


# Searches that walk a name index of Person (name, pinyin, initials).
NAME_KINDS = {"name", "pinyin", "initials", "letters"}


def _searched_in(paths: list[str]) -> Q:
    """An active member's person under one of `paths`, by the copy of their union's path
    on the person (Person.union_path), which the name indexes hold after the name and
    the id: a county's search skips the province's other namesakes inside the index
    instead of reading each one's person, membership and union (12 of 2,031 冯宁). It
    narrows, never widens: the scope is still the membership's own union."""
    return reduce(or_, (Q(person__union_path__startswith=p) for p in paths))


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
    paths = actor.visible_paths() if actor.is_authenticated else []
    if union_id is not None:
        paths = [org_get(actor=actor, org_id=union_id).path]
        qs = qs.filter(union__path__startswith=paths[0])
    if status == MembershipStatus.ACTIVE and search_kind(q) in NAME_KINDS and paths:
        qs = qs.filter(_searched_in(paths))
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
