"""Every read of member welfare, already restricted to the caller's subtrees (or, for
the member, to their own cover and claims)."""

from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from gonghui.accounts.models import User
from gonghui.accounts.selectors import with_signatures
from gonghui.core.lists import related_count
from gonghui.core.scoping import get_visible_or_404
from gonghui.core.types import Actor
from gonghui.orgs.selectors import within

from .models import (
    CareVisit,
    Claim,
    ClaimStatus,
    Counsellor,
    Enrolment,
    HealthProgram,
    Plan,
    RestProgram,
    RestQuota,
    RestTrip,
    Screening,
    Selection,
    Session,
    Talk,
)


def plan_list(
    *, actor: User, q: str = "", year: int | None = None, under_id: int | None = None
) -> QuerySet[Plan]:
    qs = (
        Plan.objects.visible_to(actor)
        .select_related("owner")
        .annotate(
            enrolled=related_count(Enrolment, "plan"),
            claims=related_count(Claim, "enrolment__plan"),
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
        with_signatures(
            Claim.objects.select_related("enrolment__plan__owner", "enrolment__person", "union"),
            "reviewer",
            "payer",
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


# ---- health programs -------------------------------------------------------------------


def health_program_list(
    *,
    actor: User,
    q: str = "",
    year: int | None = None,
    kind: str = "",
    under_id: int | None = None,
) -> QuerySet[HealthProgram]:
    qs = (
        HealthProgram.objects.visible_to(actor)
        .select_related("owner")
        .annotate(booked=related_count(Screening, "program"))
    )
    if q.strip():
        qs = qs.filter(name__icontains=q.strip())
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return within(qs, actor, under_id, "owner__path")


def health_program_get(*, actor: User, program_id: int) -> HealthProgram:
    return get_visible_or_404(HealthProgram.objects.select_related("owner"), actor, pk=program_id)


def screening_list(
    *,
    actor: User,
    q: str = "",
    program_id: int | None = None,
    status: str = "",
    follow_up: bool | None = None,
    under_id: int | None = None,
) -> QuerySet[Screening]:
    qs = Screening.objects.visible_to(actor).select_related("program", "person", "union")
    if q.strip():
        qs = qs.filter(Q(person__name__icontains=q.strip()) | Q(union__name__icontains=q.strip()))
    if program_id:
        qs = qs.filter(program_id=program_id)
    if status:
        qs = qs.filter(status=status)
    if follow_up is not None:
        qs = qs.filter(follow_up=follow_up)
    return within(qs, actor, under_id)


def screening_get(*, actor: User, screening_id: int, own: bool = False) -> Screening:
    return get_visible_or_404(
        Screening.objects.select_related("program", "person", "union"),
        actor,
        own=own,
        pk=screening_id,
    )


def care_visit_list(
    *,
    actor: User,
    q: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[CareVisit]:
    qs = CareVisit.objects.visible_to(actor).select_related("person", "union")
    if q.strip():
        qs = qs.filter(Q(person__name__icontains=q.strip()) | Q(union__name__icontains=q.strip()))
    if date_from:
        qs = qs.filter(visited_on__gte=date_from)
    if date_to:
        qs = qs.filter(visited_on__lte=date_to)
    return within(qs, actor, under_id)


def care_visit_get(*, actor: User, visit_id: int) -> CareVisit:
    return get_visible_or_404(
        CareVisit.objects.select_related("person", "union"), actor, pk=visit_id
    )


# ---- mental health ---------------------------------------------------------------------


def talk_list(
    *,
    actor: User,
    q: str = "",
    kind: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[Talk]:
    qs = Talk.objects.visible_to(actor).select_related("union")
    if q.strip():
        qs = qs.filter(Q(title__icontains=q.strip()) | Q(union__name__icontains=q.strip()))
    if kind:
        qs = qs.filter(kind=kind)
    if date_from:
        qs = qs.filter(held_on__gte=date_from)
    if date_to:
        qs = qs.filter(held_on__lte=date_to)
    return within(qs, actor, under_id)


def counsellor_list(*, actor: User) -> QuerySet[Counsellor]:
    return Counsellor.objects.visible_to(actor).select_related("union", "user")


def my_sessions(*, actor: User) -> QuerySet[Session]:
    """The worker's own sessions. Sessions are seen by the worker and the counsellor only:
    by these two look-ups, never by a union's subtree."""
    if not actor.is_authenticated:
        return Session.objects.none()
    return Session.objects.filter(person__user=actor).select_related("counsellor__user")


def counselling_sessions(*, actor: User) -> QuerySet[Session]:
    """The sessions the actor holds as a counsellor."""
    if not actor.is_authenticated:
        return Session.objects.none()
    return Session.objects.filter(counsellor__user=actor).select_related("person")


def session_get(*, actor: User, session_id: int) -> Session:
    session = (
        Session.objects.select_related("person", "counsellor__user", "counsellor__union")
        .filter(Q(person__user=actor) | Q(counsellor__user=actor), pk=session_id)
        .first()
        if actor.is_authenticated
        else None
    )
    if session is None:  # no one else learns that it exists
        raise Http404
    return session


# ---- rest and recuperation -------------------------------------------------------------


def rest_program_list(
    *, actor: User, q: str = "", year: int | None = None, under_id: int | None = None
) -> QuerySet[RestProgram]:
    qs = (
        RestProgram.objects.visible_to(actor)
        .select_related("owner")
        .annotate(selected=related_count(Selection, "program"))
    )
    if q.strip():
        qs = qs.filter(Q(name__icontains=q.strip()) | Q(destination__icontains=q.strip()))
    if year:
        qs = qs.filter(year=year)
    return within(qs, actor, under_id, "owner__path")


def rest_program_get(*, actor: User, program_id: int) -> RestProgram:
    """A program the actor sees: its federation's staff, or a union given places in it."""
    qs = RestProgram.objects.select_related("owner")
    program = qs.filter(pk=program_id).first()
    if program is not None and (
        RestProgram.objects.visible_to(actor).filter(pk=program_id).exists()
        or RestQuota.objects.visible_to(actor).filter(program_id=program_id).exists()
    ):
        return program
    raise Http404


def rest_quotas(*, actor: User, program: RestProgram) -> QuerySet[RestQuota]:
    return (
        RestQuota.objects.visible_to(actor)
        .filter(program=program)
        .select_related("union")
        .order_by("union__path")
    )


def selection_list(
    *,
    actor: User,
    q: str = "",
    program_id: int | None = None,
    priority: int | None = None,
    travelled: bool | None = None,
    under_id: int | None = None,
) -> QuerySet[Selection]:
    qs = Selection.objects.visible_to(actor).select_related("program", "person", "union", "trip")
    if q.strip():
        qs = qs.filter(Q(person__name__icontains=q.strip()) | Q(union__name__icontains=q.strip()))
    if program_id:
        qs = qs.filter(program_id=program_id)
    if priority:
        qs = qs.filter(priority=priority)
    if travelled is not None:
        qs = qs.filter(trip__isnull=not travelled)
    return within(qs, actor, under_id)


def trip_list(
    *,
    actor: User,
    q: str = "",
    program_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[RestTrip]:
    qs = (
        RestTrip.objects.visible_to(actor)
        .select_related("program", "union")
        .annotate(people=related_count(Selection, "trip"))
    )
    if q.strip():
        qs = qs.filter(Q(program__name__icontains=q.strip()) | Q(union__name__icontains=q.strip()))
    if program_id:
        qs = qs.filter(program_id=program_id)
    if date_from:
        qs = qs.filter(departs_on__gte=date_from)
    if date_to:
        qs = qs.filter(departs_on__lte=date_to)
    return within(qs, actor, under_id)


def my_rest(*, actor: User) -> QuerySet[Selection]:
    if not actor.is_authenticated:
        return Selection.objects.none()
    return Selection.objects.filter(person__user=actor).select_related("program", "trip")


def my_screenings(*, actor: User) -> QuerySet[Screening]:
    if not actor.is_authenticated:
        return Screening.objects.none()
    return Screening.objects.filter(person__user=actor).select_related("program")
