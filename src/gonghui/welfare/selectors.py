"""Every read of member welfare, already restricted to the caller's subtrees (or, for
the member, to their own cover and claims)."""

from datetime import date

from django.db.models import Count, Q, QuerySet, Sum

from gonghui.accounts.models import User
from gonghui.core.scoping import get_visible_or_404
from gonghui.core.types import Actor
from gonghui.orgs.selectors import within

from .models import Claim, ClaimStatus, Enrolment, Plan


def plan_list(
    *, actor: User, q: str = "", year: int | None = None, under_id: int | None = None
) -> QuerySet[Plan]:
    qs = (
        Plan.objects.visible_to(actor)
        .select_related("owner")
        .annotate(
            enrolled=Count("enrolments", distinct=True),
            claims=Count("enrolments__claims", distinct=True),
        )
    )
    if q.strip():
        qs = qs.filter(name__icontains=q.strip())
    if year:
        qs = qs.filter(year=year)
    return within(qs, actor, under_id, "owner__path")


def plan_get(*, actor: User, plan_id: int) -> Plan:
    return get_visible_or_404(Plan.objects.select_related("owner"), actor, pk=plan_id)


def plan_totals(plan: Plan, actor: User) -> dict:
    enrolments = Enrolment.objects.visible_to(actor).filter(plan=plan)
    claims = Claim.objects.visible_to(actor).filter(enrolment__plan=plan)
    return enrolments.aggregate(
        enrolled=Count("id"), free=Count("id", filter=Q(free=True)), premiums=Sum("premium")
    ) | claims.aggregate(
        claims=Count("id"),
        waiting=Count("id", filter=Q(status=ClaimStatus.SUBMITTED)),
        paid=Count("id", filter=Q(status=ClaimStatus.PAID)),
        payouts=Sum("payout", filter=Q(status=ClaimStatus.PAID)),
    )


def enrolment_list(
    *,
    actor: User,
    q: str = "",
    plan_id: int | None = None,
    free: bool | None = None,
    under_id: int | None = None,
) -> QuerySet[Enrolment]:
    qs = Enrolment.objects.visible_to(actor).select_related("plan", "person", "union", "payer")
    if q.strip():
        qs = qs.filter(Q(person__name__icontains=q.strip()) | Q(union__name__icontains=q.strip()))
    if plan_id:
        qs = qs.filter(plan_id=plan_id)
    if free is not None:
        qs = qs.filter(free=free)
    return within(qs, actor, under_id)


def claim_list(
    *,
    actor: User,
    q: str = "",
    plan_id: int | None = None,
    kind: str = "",
    status: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
    waiting: bool = False,
) -> QuerySet[Claim]:
    """The claims in the actor's subtrees matching the filters, unsorted (lists.CLAIMS).
    `waiting`: those the actor may act on now (review, or pay one they did not approve)."""
    qs: QuerySet[Claim] = Claim.objects.visible_to(actor).select_related(
        "enrolment__plan__owner", "enrolment__person", "union"
    )
    if q.strip():
        qs = qs.filter(
            Q(enrolment__person__name__icontains=q.strip()) | Q(union__name__icontains=q.strip())
        )
    if plan_id:
        qs = qs.filter(enrolment__plan_id=plan_id)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if date_from:
        qs = qs.filter(submitted_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(submitted_at__date__lte=date_to)
    if waiting:
        qs = waiting_claims(actor=actor, qs=qs)
    return within(qs, actor, under_id)


def waiting_claims(*, actor: Actor, qs: QuerySet[Claim] | None = None) -> QuerySet[Claim]:
    """Claims the actor's federation reviews or pays now: filed by someone else and
    waiting for review, or approved by someone else and waiting for payment."""
    if qs is None:
        qs = Claim.objects.visible_to(actor)
    owners = Q()
    for path in actor.writable_paths():
        owners |= Q(enrolment__plan__owner__path__startswith=path)
    if not owners:
        return qs.none()
    return qs.filter(owners).filter(
        (Q(status=ClaimStatus.SUBMITTED) & ~Q(submitted_by_id=actor.pk))
        | (Q(status=ClaimStatus.APPROVED) & ~Q(reviewer_id=actor.pk))
    )


def claim_get(*, actor: User, claim_id: int, own: bool = False) -> Claim:
    return get_visible_or_404(
        Claim.objects.select_related(
            "enrolment__plan__owner", "enrolment__person", "union", "reviewer", "payer"
        ).prefetch_related("documents"),
        actor,
        own=own,
        pk=claim_id,
    )


def my_enrolments(*, actor: User) -> QuerySet[Enrolment]:
    """The member's own cover, by the owner's lookup alone."""
    if not actor.is_authenticated:
        return Enrolment.objects.none()
    return (
        Enrolment.objects.select_related("plan", "union")
        .prefetch_related("plan__covers")
        .filter(person__user=actor)
        .order_by("-plan__year", "-id")
    )


def my_claims(*, actor: User) -> QuerySet[Claim]:
    if not actor.is_authenticated:
        return Claim.objects.none()
    return (
        Claim.objects.select_related("enrolment__plan")
        .filter(enrolment__person__user=actor)
        .order_by("-submitted_at", "-id")
    )
