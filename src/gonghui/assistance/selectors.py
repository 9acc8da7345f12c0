"""Every read of files and applications: scoped to the caller's subtree, or their own."""

import re
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core import cleaning
from gonghui.core.scoping import get_visible_or_404
from gonghui.members.selectors import member_search_q
from gonghui.orgs.selectors import org_get

from .models import (
    AidApplication,
    ApplicationStatus,
    ApplicationStep,
    Consent,
    FileStatus,
    HardshipFile,
    Objection,
    ObjectionStatus,
    PublicNotice,
    ReviewChain,
)


def _person_q(q: str) -> Q:
    """Name, pinyin (full or initials), ID number, phone or member number of the person."""
    q = q.strip()
    if re.fullmatch(r"\d{16}", q):
        return Q(person__memberships__number=q)
    return member_search_q(q)  # its lookups start at "person__", as ours do


def file_list(
    *,
    actor: User,
    q: str = "",
    tier: str = "",
    status: str = FileStatus.OPEN,
    cause: str = "",
    union_id: int | None = None,
    overdue: bool = False,
    returned: bool = False,
    write: bool = False,
) -> QuerySet[HardshipFile]:
    """The files the actor may see that match the filters, unsorted (lists.FILES sorts)."""
    qs = HardshipFile.objects.visible_to(actor, write=write).select_related("person", "union")
    if q.strip():
        number = q.strip().upper()
        qs = (
            qs.filter(Q(number=number) | _person_q(q))
            if number.startswith("KN")
            else qs.filter(_person_q(q))
        )
    if tier:
        qs = qs.filter(tier=tier)
    if status:
        qs = qs.filter(status=status)
    if cause:
        qs = qs.filter(causes__contains=f",{cause},")
    if union_id is not None:
        qs = qs.filter(union__path__startswith=org_get(actor=actor, org_id=union_id).path)
    if overdue:
        qs = qs.filter(status=FileStatus.OPEN, next_review_due__lt=cleaning.today())
    if returned:
        qs = qs.filter(returned=True)
    return qs


def overdue_files(*, actor: User, on: date | None = None) -> QuerySet[HardshipFile]:
    """Open files whose yearly review is past due (lists.OVERDUE sorts them)."""
    on = on or cleaning.today()
    return (
        HardshipFile.objects.visible_to(actor)
        .select_related("person", "union")
        .filter(status=FileStatus.OPEN, next_review_due__lt=on)
    )


def file_get(*, actor: User, file_id: int, write: bool = False) -> HardshipFile:
    return get_visible_or_404(
        HardshipFile.objects.select_related("person", "union", "consent", "previous"),
        actor,
        write=write,
        pk=file_id,
    )


def consents_of(*, actor: User, person_id: int) -> QuerySet[Consent]:
    return Consent.objects.visible_to(actor).filter(person_id=person_id)


def application_list(
    *,
    actor: User,
    q: str = "",
    kind: str = "",
    status: str = "",
    union_id: int | None = None,
    waiting_for_me: bool = False,
    submitted_from: date | None = None,
    submitted_to: date | None = None,
) -> QuerySet[AidApplication]:
    """The applications the actor may see that match the filters, unsorted
    (lists.APPLICATIONS sorts)."""
    qs = (
        AidApplication.objects.visible_to(actor)
        .select_related("person", "union")
        .prefetch_related("steps__org")
    )
    if q.strip():
        qs = qs.filter(_person_q(q))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if union_id is not None:
        qs = qs.filter(union__path__startswith=org_get(actor=actor, org_id=union_id).path)
    if waiting_for_me:
        mine = ApplicationStep.objects.filter(
            application=OuterRef("pk"),
            order=OuterRef("current_step"),
            org_id__in=actor.writing_org_ids(),
        )
        decided_before = ApplicationStep.objects.filter(
            application=OuterRef("pk"), decided_by=actor
        )
        qs = (  # not those the actor may not approve (services.own_part)
            qs.filter(Exists(mine), status=ApplicationStatus.REVIEWING)
            .exclude(applied_by=actor)
            .exclude(changed_by=actor)
            .exclude(person__user=actor)
            .exclude(Exists(decided_before))
        )
    if submitted_from:
        qs = qs.filter(submitted_at__date__gte=submitted_from)
    if submitted_to:
        qs = qs.filter(submitted_at__date__lte=submitted_to)
    return qs


def application_get(*, actor: User, application_id: int) -> AidApplication:
    """The applicant's own application, or one in the caller's subtree."""
    return get_visible_or_404(
        AidApplication.objects.select_related("person", "union", "file"),
        actor,
        own=True,
        pk=application_id,
    )


def current_step(application: AidApplication) -> ApplicationStep | None:
    if application.status != ApplicationStatus.REVIEWING:
        return None
    return next((s for s in application.steps.all() if s.order == application.current_step), None)


def my_applications(*, actor: User) -> QuerySet[AidApplication]:
    """The caller's own, by the owner's lookup alone: not those of a subtree they manage."""
    return (
        AidApplication.objects.select_related("union")
        .prefetch_related("steps__org")
        .filter(person__user=actor)
        .order_by("-submitted_at", "-id")
    )


def my_files(*, actor: User) -> QuerySet[HardshipFile]:
    return HardshipFile.objects.select_related("union").filter(person__user=actor)


def my_consents(*, actor: User) -> QuerySet[Consent]:
    return Consent.objects.filter(person__user=actor)


def chain_list(*, actor: User) -> QuerySet[ReviewChain]:
    return (
        ReviewChain.objects.visible_to(actor)
        .select_related("owner")
        .order_by("owner__path", "kind")
    )


def pending_count(*, actor: User) -> int:
    return application_list(actor=actor, waiting_for_me=True).count()


def notices_shown(*, on: date | None = None) -> QuerySet[PublicNotice]:
    """The public notices of aid up today, for everyone (names masked when posted)."""
    on = on or timezone.localdate()
    return (
        PublicNotice.objects.select_related("union")
        .filter(starts_on__lte=on, ends_on__gte=on)
        .order_by("-starts_on", "-id")
    )


def objection_list(*, actor: User, status: str = "open") -> QuerySet[Objection]:
    qs = Objection.objects.visible_to(actor).select_related(
        "notice__union", "notice__application", "filed_by", "resolved_by"
    )
    return (qs.filter(status=status) if status else qs).order_by("filed_at", "id")


def objections_waiting(*, actor: User) -> QuerySet[Objection]:
    """Open objections to aid of unions the actor may decide for."""
    return Objection.objects.visible_to(actor, write=True).filter(status=ObjectionStatus.OPEN)


def objection_get(*, actor: User, objection_id: int) -> Objection:
    return get_visible_or_404(
        Objection.objects.select_related("notice__union"), actor, pk=objection_id
    )


def notice_of(application: AidApplication) -> PublicNotice | None:
    return PublicNotice.objects.filter(application=application).first()
