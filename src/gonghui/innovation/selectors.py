"""Every read of mass-innovation records, restricted to the caller's subtrees (a worker
reads their own proposals)."""

from datetime import date

from django.db.models import Count, Q, QuerySet, Sum

from gonghui.accounts.models import User
from gonghui.core.lists import related_count
from gonghui.core.scoping import get_visible_or_404
from gonghui.orgs.selectors import within

from .models import (
    Coverage,
    MentoringPair,
    Result,
    ResultStatus,
    Studio,
    StudioAssessment,
    StudioMember,
)

# A studio's members: its member rows not removed (the number shown beside it).
MEMBERS = related_count(StudioMember, "studio", removed_on__isnull=True)


def result_list(
    *,
    actor: User,
    q: str = "",
    kind: str = "",
    status: str = "",
    in_use: bool | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[Result]:
    qs = Result.objects.visible_to(actor).select_related("union")
    if q.strip():
        qs = qs.filter(Q(title__icontains=q.strip()) | Q(authors__icontains=q.strip()))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if in_use is not None:
        qs = qs.filter(in_use_on__isnull=not in_use)
    if date_from:
        qs = qs.filter(submitted_on__gte=date_from)
    if date_to:
        qs = qs.filter(submitted_on__lte=date_to)
    return within(qs, actor, under_id)


def result_get(*, actor: User, result_id: int, write: bool = False) -> Result:
    return get_visible_or_404(
        Result.objects.select_related("union"), actor, write=write, pk=result_id
    )


def my_proposals(*, actor: User) -> QuerySet[Result]:
    return (
        Result.objects.visible_to(actor, own=True)
        .filter(submitted_by=actor)
        .select_related("union")
        .order_by("-submitted_on", "-id")
    )


def studio_list(
    *,
    actor: User,
    q: str = "",
    kind: str = "",
    level: str = "",
    status: str = "",
    under_id: int | None = None,
    alliance_id: int | None = None,
) -> QuerySet[Studio]:
    qs = (
        Studio.objects.visible_to(actor)
        .select_related("union", "naming_union", "alliance")
        .annotate(members=MEMBERS)
    )
    if alliance_id is not None:
        qs = qs.filter(alliance_id=alliance_id)
    if q.strip():
        qs = qs.filter(Q(name__icontains=q.strip()) | Q(leader__icontains=q.strip()))
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(level=level)
    if status:
        qs = qs.filter(status=status)
    return within(qs, actor, under_id)


def studio_get(*, actor: User, studio_id: int, write: bool = False) -> Studio:
    return get_visible_or_404(
        Studio.objects.select_related("union", "naming_union", "alliance").annotate(
            members=MEMBERS
        ),
        actor,
        write=write,
        pk=studio_id,
    )


def member_list(
    *,
    actor: User,
    studio_id: int,
    q: str = "",
    role: str = "",
    current: bool | None = True,
) -> QuerySet[StudioMember]:
    """A studio's members (current ones unless `current` is False or None)."""
    studio = studio_get(actor=actor, studio_id=studio_id)
    qs = StudioMember.objects.visible_to(actor).filter(studio=studio).select_related("studio")
    if q.strip():
        qs = qs.filter(name__icontains=q.strip())
    if role:
        qs = qs.filter(role=role)
    if current is not None:
        qs = qs.filter(removed_on__isnull=current)
    return qs


def member_get(*, actor: User, member_id: int, write: bool = False) -> StudioMember:
    return get_visible_or_404(
        StudioMember.objects.select_related("studio", "studio__union"),
        actor,
        write=write,
        pk=member_id,
    )


def assessment_list(
    *, actor: User, studio_id: int, grade: str = "", year: int | None = None
) -> QuerySet[StudioAssessment]:
    studio = studio_get(actor=actor, studio_id=studio_id)
    qs = StudioAssessment.objects.visible_to(actor).filter(studio=studio).select_related("studio")
    if grade:
        qs = qs.filter(grade=grade)
    if year is not None:
        qs = qs.filter(year=year)
    return qs


def studio_results(*, actor: User, studio: Studio) -> dict:
    """A studio's results (those the actor may see) and what they came to."""
    rows = Result.objects.visible_to(actor).filter(studio=studio).select_related("union")
    totals = rows.aggregate(
        results=Count("pk"),
        adopted=Count("pk", filter=Q(status=ResultStatus.ADOPTED)),
        in_use=Count("pk", filter=Q(status=ResultStatus.ADOPTED, in_use_on__isnull=False)),
        revenue=Sum(
            "revenue", filter=Q(status=ResultStatus.ADOPTED, in_use_on__isnull=False), default=0
        ),
    )
    return {"rows": rows.order_by("-submitted_on", "-id")[:50], **totals}


def alliance_studios(*, actor: User, alliance: Studio) -> QuerySet[Studio]:
    return (
        Studio.objects.visible_to(actor)
        .filter(alliance=alliance)
        .select_related("union")
        .order_by("name", "id")
    )


def coverage_list(*, actor: User, q: str = "", under_id: int | None = None) -> QuerySet[Coverage]:
    qs = Coverage.objects.visible_to(actor).select_related("union", "enterprise")
    if q.strip():
        qs = qs.filter(enterprise__name__icontains=q.strip())
    return within(qs, actor, under_id, "union_path")


def pair_list(*, actor: User, q: str = "", under_id: int | None = None) -> QuerySet[MentoringPair]:
    qs = MentoringPair.objects.visible_to(actor).select_related("union", "enterprise")
    if q.strip():
        qs = qs.filter(
            Q(master__icontains=q.strip())
            | Q(apprentice__icontains=q.strip())
            | Q(enterprise__name__icontains=q.strip())
        )
    return within(qs, actor, under_id)
