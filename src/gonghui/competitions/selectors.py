"""Every read of competitions, contests and training, restricted to the caller's subtrees
(a worker reads their own entries and the events open to them)."""

from datetime import date

from django.db.models import Q, QuerySet

from gonghui.accounts.models import User
from gonghui.core import cleaning
from gonghui.core.lists import related_count, related_sum
from gonghui.core.scoping import get_visible_or_404
from gonghui.members.models import Membership, MembershipStatus
from gonghui.orgs.models import Enterprise, Organization
from gonghui.orgs.selectors import within

from .models import Competition, Contestant, Event, Participation, TrainingSession


def competition_list(
    *,
    actor: User,
    q: str = "",
    kind: str = "",
    library_status: str = "",
    year: int | None = None,
    under_id: int | None = None,
    parent_id: int | None = None,
) -> QuerySet[Competition]:
    qs = (
        Competition.objects.visible_to(actor)
        .select_related("union", "parent")
        .annotate(
            enterprise_count=related_count(Participation, "competition"),
            workers_total=related_sum(Participation, "competition", "workers"),
        )
    )
    q = q.strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(theme__icontains=q) | Q(union__name__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if library_status:
        qs = qs.filter(library_status=library_status)
    if year:
        qs = qs.filter(starts_on__year=year)
    if parent_id is not None:  # a competition the actor does not see answers 404
        qs = qs.filter(parent_id=competition_get(actor=actor, competition_id=parent_id).pk)
    return within(qs, actor, under_id, "union__path")


def competition_get(*, actor: User, competition_id: int, write: bool = False) -> Competition:
    return get_visible_or_404(
        Competition.objects.select_related("union", "parent__union"),
        actor,
        write=write,
        pk=competition_id,
    )


def participation_list(
    *, actor: User, competition_id: int | None = None, q: str = ""
) -> QuerySet[Participation]:
    qs = Participation.objects.visible_to(actor).select_related(
        "enterprise", "union", "competition"
    )
    if competition_id is not None:
        qs = qs.filter(competition_id=competition_id)
    if q.strip():
        qs = qs.filter(enterprise__name__icontains=q.strip())
    return qs


def event_list(
    *,
    actor: User,
    q: str = "",
    round: str = "",
    competition_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[Event]:
    qs = (
        Event.objects.visible_to(actor)
        .select_related("competition", "union")
        .annotate(
            entries=related_count(Contestant, "event"),
            waiting=related_count(Contestant, "event", status="applied"),
        )
    )
    if q.strip():
        qs = qs.filter(Q(trade__icontains=q.strip()) | Q(competition__title__icontains=q.strip()))
    if round:
        qs = qs.filter(round=round)
    if competition_id is not None:
        qs = qs.filter(
            competition_id=competition_get(actor=actor, competition_id=competition_id).pk
        )
    if date_from:
        qs = qs.filter(held_on__gte=date_from)
    if date_to:
        qs = qs.filter(held_on__lte=date_to)
    return within(qs, actor, under_id, "union__path")


def event_get(*, actor: User, event_id: int, write: bool = False) -> Event:
    return get_visible_or_404(
        Event.objects.select_related("competition", "union"), actor, write=write, pk=event_id
    )


def contestant_list(
    *, actor: User, event_id: int | None = None, status: str = "", q: str = ""
) -> QuerySet[Contestant]:
    qs = Contestant.objects.visible_to(actor).select_related("event__competition", "event__union")
    if event_id is not None:
        qs = qs.filter(event_id=event_get(actor=actor, event_id=event_id).pk)
    if status:
        qs = qs.filter(status=status)
    if q.strip():
        qs = qs.filter(Q(name__icontains=q.strip()) | Q(employer__icontains=q.strip()))
    return qs


def contestant_get(*, actor: User, contestant_id: int, write: bool = False) -> Contestant:
    return get_visible_or_404(
        Contestant.objects.select_related("event__union", "event__competition"),
        actor,
        write=write,
        pk=contestant_id,
    )


def training_list(
    *,
    actor: User,
    q: str = "",
    kind: str = "",
    status: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[TrainingSession]:
    qs = TrainingSession.objects.visible_to(actor).select_related("union", "enterprise")
    if q.strip():
        qs = qs.filter(Q(course__icontains=q.strip()) | Q(enterprise__name__icontains=q.strip()))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if date_from:
        qs = qs.filter(held_on__gte=date_from)
    if date_to:
        qs = qs.filter(held_on__lte=date_to)
    return within(qs, actor, under_id, "union__path")


def training_get(*, actor: User, session_id: int, write: bool = False) -> TrainingSession:
    return get_visible_or_404(
        TrainingSession.objects.select_related("union", "enterprise"),
        actor,
        write=write,
        pk=session_id,
    )


# ---- the worker's side --------------------------------------------------------------------


def worker_membership(actor: User) -> Membership | None:
    """The worker's active membership, if they have one."""
    return (
        Membership.objects.visible_to(actor, own=True)
        .filter(person__user=actor, status=MembershipStatus.ACTIVE)
        .select_related("union__enterprise", "person")
        .first()
    )


def open_events_q(union: Organization) -> QuerySet[Event]:
    """Events a worker of `union` may enter: open, not yet held, held by a federation at or
    above their union."""
    return Event.objects.filter(
        open_for_entries=True,
        held_on__gte=cleaning.today(),
        union__path__in=union.ancestors_paths(),
    )


def worker_open_events(*, actor: User) -> list[Event]:
    membership = worker_membership(actor)
    if membership is None:
        return []
    entered = Contestant.objects.visible_to(actor, own=True).filter(user=actor)
    return list(
        open_events_q(membership.union)
        .exclude(pk__in=entered.values("event_id"))
        .select_related("competition", "union")
        .order_by("held_on", "id")
    )


def worker_entries(*, actor: User) -> QuerySet[Contestant]:
    return (
        Contestant.objects.visible_to(actor, own=True)
        .filter(user=actor)
        .select_related("event__competition", "event__union")
        .order_by("-event__held_on", "-id")
    )


def enterprise_by_reference(*, actor: User, ref: str) -> Enterprise | None:
    """An enterprise the actor sees, named by its credit code or exact name."""
    ref = (ref or "").strip()
    if not ref:
        return None
    qs = Enterprise.objects.visible_to(actor)
    return qs.filter(credit_code=ref.upper()).first() or qs.filter(name=ref).first()


def participation_get(*, actor: User, participation_id: int, write: bool = False) -> Participation:
    return get_visible_or_404(
        Participation.objects.select_related("competition", "enterprise", "union"),
        actor,
        write=write,
        pk=participation_id,
    )
