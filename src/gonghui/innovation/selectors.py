"""Every read of mass-innovation records, restricted to the caller's subtrees (a worker
reads their own proposals)."""

from datetime import date

from django.db.models import Q, QuerySet

from gonghui.accounts.models import User
from gonghui.core.scoping import get_visible_or_404
from gonghui.orgs.selectors import within

from .models import Coverage, MentoringPair, Result, Studio


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
) -> QuerySet[Studio]:
    qs = Studio.objects.visible_to(actor).select_related("union", "naming_union")
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
        Studio.objects.select_related("union", "naming_union"), actor, write=write, pk=studio_id
    )


def coverage_list(*, actor: User, q: str = "", under_id: int | None = None) -> QuerySet[Coverage]:
    qs = Coverage.objects.visible_to(actor).select_related("union", "enterprise")
    if q.strip():
        qs = qs.filter(enterprise__name__icontains=q.strip())
    return within(qs, actor, under_id)


def pair_list(*, actor: User, q: str = "", under_id: int | None = None) -> QuerySet[MentoringPair]:
    qs = MentoringPair.objects.visible_to(actor).select_related("union", "enterprise")
    if q.strip():
        qs = qs.filter(
            Q(master__icontains=q.strip())
            | Q(apprentice__icontains=q.strip())
            | Q(enterprise__name__icontains=q.strip())
        )
    return within(qs, actor, under_id)
