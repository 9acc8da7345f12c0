"""Every read of rights cases, already restricted to the caller's subtrees (or, for the
worker, to their own cases)."""

from datetime import date

from django.db.models import Q, QuerySet

from gonghui.accounts.models import User
from gonghui.core import cleaning
from gonghui.core.scoping import get_visible_or_404
from gonghui.core.types import Actor
from gonghui.orgs.selectors import org_get, within

from .models import (
    CaseStatus,
    LegalEvent,
    Mediation,
    MediationCentre,
    MediationStatus,
    RightsCase,
    SupervisionLetter,
)


def case_list(
    *,
    actor: User,
    q: str = "",
    kind: str = "",
    channel: str = "",
    stage: str = "",
    status: str = "",
    outcome: str = "",
    overdue: bool = False,
    mine: bool = False,
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
    write: bool = False,
) -> QuerySet[RightsCase]:
    """The cases the actor handles or oversees that match the filters, unsorted
    (lists.CASES sorts them). The worker's own cases are `my_cases`, not these."""
    qs = RightsCase.objects.visible_to(actor, write=write).select_related("union", "handler")
    q = q.strip()
    if q:
        # The employer, or the worker's name: never the dispute itself (encrypted).
        qs = qs.filter(Q(employer__icontains=q) | Q(worker_name__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if channel:
        qs = qs.filter(channel=channel)
    if stage:
        qs = qs.filter(stage=stage)
    if status:
        qs = qs.filter(status=status)
    if outcome:
        qs = qs.filter(outcome=outcome)
    if overdue:
        qs = qs.filter(status=CaseStatus.OPEN, deadline__lt=cleaning.today())
    if mine:
        qs = qs.filter(handler=actor)
    if date_from:
        qs = qs.filter(opened_on__gte=date_from)
    if date_to:
        qs = qs.filter(opened_on__lte=date_to)
    if under_id is not None:
        qs = qs.filter(union__path__startswith=org_get(actor=actor, org_id=under_id).path)
    return qs


def case_get(*, actor: User, case_id: int, write: bool = False, own: bool = False) -> RightsCase:
    """One case: in the actor's subtree, or (own=True) the worker's own."""
    return get_visible_or_404(
        RightsCase.objects.select_related("union", "handler"),
        actor,
        write=write,
        own=own,
        pk=case_id,
    )


def my_cases(*, actor: User) -> QuerySet[RightsCase]:
    """The worker's own cases, by the owner's lookup alone: not those of a subtree they
    manage."""
    if not actor.is_authenticated:
        return RightsCase.objects.none()
    return (
        RightsCase.objects.select_related("union")
        .prefetch_related("steps")
        .filter(worker=actor)
        .order_by("-opened_on", "-id")
    )


def overdue_cases(*, actor: Actor, on: date | None = None) -> QuerySet[RightsCase]:
    """Open cases past their deadline that the actor may act on (the to-do)."""
    on = on or cleaning.today()
    return RightsCase.objects.visible_to(actor, write=True).filter(
        status=CaseStatus.OPEN, deadline__lt=on
    )


# ---- mediation and legal-service events ---------------------------------------------------


def centre_list(
    *,
    actor: Actor,
    q: str = "",
    kind: str = "",
    active: bool | None = None,
    under_id: int | None = None,
) -> QuerySet[MediationCentre]:
    qs = MediationCentre.objects.visible_to(actor).select_related("union")
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(partner__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if active is not None:
        qs = qs.filter(is_active=active)
    return within(qs, actor, under_id)


def centre_get(*, actor: Actor, centre_id: int) -> MediationCentre:
    return get_visible_or_404(MediationCentre.objects.select_related("union"), actor, pk=centre_id)


def mediation_list(
    *,
    actor: Actor,
    q: str = "",
    centre_id: int | None = None,
    kind: str = "",
    status: str = "",
    overdue: bool = False,
    from_case: bool | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[Mediation]:
    qs = Mediation.objects.visible_to(actor).select_related("centre__union", "mediator", "case")
    q = q.strip()
    if q:
        qs = qs.filter(Q(employer__icontains=q) | Q(worker_name__icontains=q))
    if centre_id is not None:
        qs = qs.filter(centre_id=centre_id)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status=MediationStatus.OPEN, due_on__lt=cleaning.today())
    if from_case is not None:
        qs = qs.filter(case__isnull=not from_case)
    if date_from:
        qs = qs.filter(received_on__gte=date_from)
    if date_to:
        qs = qs.filter(received_on__lte=date_to)
    return within(qs, actor, under_id, "centre__union__path")


def mediation_get(*, actor: Actor, mediation_id: int, write: bool = False) -> Mediation:
    return get_visible_or_404(
        Mediation.objects.select_related("centre__union", "mediator", "case"),
        actor,
        write=write,
        pk=mediation_id,
    )


def overdue_mediations(*, actor: Actor, on: date | None = None) -> QuerySet[Mediation]:
    """Open mediations past their fifteen days that the actor may act on (the to-do)."""
    on = on or cleaning.today()
    return Mediation.objects.visible_to(actor, write=True).filter(
        status=MediationStatus.OPEN, due_on__lt=on
    )


def legal_event_list(
    *,
    actor: Actor,
    q: str = "",
    campaign: str = "",
    kind: str = "",
    audience: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[LegalEvent]:
    qs = LegalEvent.objects.visible_to(actor).select_related("union")
    q = q.strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(place__icontains=q))
    if campaign:
        qs = qs.filter(campaign=campaign)
    if kind:
        qs = qs.filter(kind=kind)
    if audience:
        qs = qs.filter(audience=audience)
    if date_from:
        qs = qs.filter(held_on__gte=date_from)
    if date_to:
        qs = qs.filter(held_on__lte=date_to)
    return within(qs, actor, under_id)


# ---- supervision letters (一函两书) -------------------------------------------------------


def letter_list(
    *,
    actor: Actor,
    q: str = "",
    kind: str = "",
    addressee: str = "",
    issue: str = "",
    rectification: str = "",
    awaiting_reply: bool = False,
    overdue: bool = False,
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[SupervisionLetter]:
    qs = SupervisionLetter.objects.visible_to(actor).select_related("union")
    q = q.strip()
    if q:
        qs = qs.filter(addressee_name__icontains=q)
    for name, value in (
        ("kind", kind),
        ("addressee", addressee),
        ("issue", issue),
        ("rectification", rectification),
    ):
        if value:
            qs = qs.filter(**{name: value})
    if awaiting_reply or overdue:
        qs = qs.filter(replied_on__isnull=True)
    if overdue:
        qs = qs.filter(reply_due__lt=cleaning.today())
    if date_from:
        qs = qs.filter(sent_on__gte=date_from)
    if date_to:
        qs = qs.filter(sent_on__lte=date_to)
    return within(qs, actor, under_id)


def letter_get(*, actor: Actor, letter_id: int) -> SupervisionLetter:
    return get_visible_or_404(
        SupervisionLetter.objects.select_related("union", "enterprise", "case"),
        actor,
        pk=letter_id,
    )


def letters_awaiting_reply(*, actor: Actor, on: date | None = None) -> QuerySet[SupervisionLetter]:
    """Letters past their reply day with no reply on file (the to-do)."""
    on = on or cleaning.today()
    return SupervisionLetter.objects.visible_to(actor, write=True).filter(
        replied_on__isnull=True, reply_due__lt=on
    )
