"""Writes about labour-dispute mediation and legal-service events: atomic, checked,
audited.

A centre is kept by the union that sponsors it (an industry centre too: the provincial
federation sponsors the ride-hailing association's). Staff who may write at that union
keep its mediators and take its mediations; a mediation taken from a rights case moves
the case to its mediation step, so the worker sees it on their page.
"""

from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core import audit, cleaning
from gonghui.core.errors import ServiceError
from gonghui.core.scoping import get_visible_or_404
from gonghui.orgs.services import writable_org

from . import checks, selectors
from .codes import Action, Code
from .models import (
    MEDIATION_DAYS,
    STAGE_ORDER,
    Audience,
    CaseKind,
    CaseStatus,
    CaseStep,
    CentreKind,
    LegalCampaign,
    LegalEvent,
    LegalEventKind,
    Mediation,
    MediationCentre,
    MediationSession,
    MediationStatus,
    Mediator,
    MediatorKind,
    ReferredTo,
    RightsCase,
    Stage,
)

CENTRE_FIELDS = ["union", "name", "kind", "partner", "address", "phone", "established_on"]
MEDIATION_FIELDS = [
    "centre",
    "case",
    "kind",
    "employer",
    "workers_involved",
    "amount_claimed",
    "mediator",
    "received_on",
    "due_on",
    "status",
    "closed_on",
    "amount_agreed",
    "referred_to",
]
EVENT_FIELDS = [
    "union",
    "campaign",
    "kind",
    "audience",
    "title",
    "held_on",
    "place",
    "attendance",
    "lawyers",
    "consultations",
    "cases_taken",
]


@transaction.atomic(durable=True)
def centre_create(
    *,
    actor: User,
    union_id: int,
    name: str,
    kind: str,
    partner: str = "",
    address: str = "",
    phone: str = "",
    established_on=None,
) -> MediationCentre:
    union = writable_org(actor, union_id, "union_id", active=True)
    kind = cleaning.choice(kind, CentreKind, field="kind")
    partner = cleaning.text(partner, field="partner", max_length=100)
    if kind == CentreKind.INDUSTRY and not partner:
        raise ServiceError(
            _("Name the association or body the industry centre is set up with."),
            field="partner",
        )
    centre = MediationCentre.objects.create(
        union=union,
        name=checks.name(name, field="name", max_length=100, message=_("Give the centre's name.")),
        kind=kind,
        partner=partner,
        address=cleaning.text(address, field="address", max_length=200),
        phone=cleaning.text(phone, field="phone", max_length=20),
        established_on=checks.day(established_on, field="established_on"),
    )
    audit.record(
        actor=actor,
        action=Action.CENTRE_CREATE,
        obj=centre,
        changes=audit.snapshot(centre, CENTRE_FIELDS),
    )
    return centre


def _centre(actor: User, centre_id) -> MediationCentre:
    return get_visible_or_404(
        MediationCentre.objects.select_related("union"), actor, write=True, pk=centre_id
    )


@transaction.atomic(durable=True)
def mediator_add(*, actor: User, centre_id: int, name: str, kind: str) -> Mediator:
    centre = _centre(actor, centre_id)
    mediator = Mediator.objects.create(
        centre=centre,
        name=checks.name(name, field="name", max_length=50, message=_("Give the mediator's name.")),
        kind=cleaning.choice(kind, MediatorKind, field="kind"),
    )
    audit.record(
        actor=actor,
        action=Action.MEDIATOR_ADD,
        obj=mediator,
        changes={"centre": centre.pk, "name": mediator.name, "kind": mediator.kind},
    )
    return mediator


def _mediator(centre: MediationCentre, mediator_id) -> Mediator | None:
    if mediator_id is None:
        return None
    found = checks.pk(mediator_id)
    mediator = (
        Mediator.objects.filter(pk=found, centre=centre, is_active=True).first()
        if found is not None
        else None
    )
    if mediator is None:
        raise ServiceError(_("Choose one of this centre's mediators."), field="mediator_id")
    return mediator


@transaction.atomic(durable=True)
def mediation_open(
    *,
    actor: User,
    centre_id: int,
    case_id: int | None = None,
    worker_name: str = "",
    employer: str = "",
    kind: str = "",
    workers_involved: int = 1,
    amount_claimed: int | None = 0,
    received_on=None,
    mediator_id: int | None = None,
) -> Mediation:
    """A dispute comes to a centre: brought by the parties, or from a rights case (whose
    worker, employer, kind and claim it takes; the case moves to its mediation step)."""
    centre = _centre(actor, centre_id)
    if not centre.is_active:
        raise ServiceError(
            _("This centre no longer takes disputes: choose an active one."),
            code=Code.CENTRE_INACTIVE,
            field="centre_id",
        )
    received = checks.day(received_on, field="received_on")
    mediation = Mediation(
        centre=centre,
        mediator=_mediator(centre, mediator_id),
        received_on=received,
        due_on=received + timedelta(days=MEDIATION_DAYS),
        opened_by=actor,
    )
    case = None
    if case_id is not None:
        case = selectors.case_get(actor=actor, case_id=case_id, write=True)
        case = RightsCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
        if case.status != CaseStatus.OPEN:
            raise ServiceError(_("This case is closed."), code=Code.CLOSED, field="case_id")
        mediation.case = case
        mediation.worker_name, mediation.employer, mediation.kind = (
            case.worker_name,
            case.employer,
            case.kind,
        )
        mediation.workers_involved, mediation.amount_claimed = (
            case.workers_involved,
            case.amount_claimed,
        )
    else:
        mediation.worker_name = checks.name(
            worker_name, field="worker_name", max_length=50, message=_("Give the worker's name.")
        )
        mediation.employer = checks.name(
            employer,
            field="employer",
            max_length=100,
            message=_("Name the employer or the platform the dispute is with."),
        )
        mediation.kind = cleaning.choice(kind, CaseKind, field="kind")
        mediation.workers_involved = checks.count(
            workers_involved, field="workers_involved", low=1, high=100_000
        )
        mediation.amount_claimed = checks.fen(amount_claimed, field="amount_claimed")
    mediation.save()
    if case is not None and STAGE_ORDER[case.stage] < STAGE_ORDER[Stage.MEDIATION]:
        before = audit.snapshot(case, ["stage"])
        case.stage = Stage.MEDIATION
        if case.handler_id is None:
            case.handler = actor
        case.save(update_fields=["stage", "handler", "updated_at"])
        CaseStep.objects.create(
            case=case,
            stage=Stage.MEDIATION,
            note=_("Brought to %(centre)s") % {"centre": centre.name},
            by=actor,
        )
        audit.record(
            actor=actor,
            action=Action.CASE_STEP,
            obj=case,
            changes=audit.diff(before, audit.snapshot(case, ["stage"])),
        )
    audit.record(
        actor=actor,
        action=Action.MEDIATION_OPEN,
        obj=mediation,
        changes=audit.snapshot(mediation, MEDIATION_FIELDS),
    )
    return mediation


def _open_mediation(actor: User, mediation_id) -> Mediation:
    found = get_visible_or_404(Mediation.objects.all(), actor, write=True, pk=mediation_id)
    mediation = (
        Mediation.objects.select_for_update(of=("self",))
        .select_related("centre__union")
        .get(pk=found.pk)
    )
    if mediation.status != MediationStatus.OPEN:
        raise ServiceError(
            _("This mediation has ended: open a new one if the parties come back."),
            code=Code.MEDIATION_CLOSED,
        )
    return mediation


@transaction.atomic(durable=True)
def mediation_session(
    *, actor: User, mediation_id: int, held_on=None, mediator_id: int | None = None, note=""
) -> MediationSession:
    mediation = _open_mediation(actor, mediation_id)
    held = checks.day(held_on, field="held_on")
    if held < mediation.received_on:
        raise ServiceError(
            _("A session is held on or after the day the dispute was received."),
            field="held_on",
        )
    mediator = _mediator(mediation.centre, mediator_id) or mediation.mediator
    session = MediationSession.objects.create(
        mediation=mediation,
        held_on=held,
        mediator=mediator,
        note=cleaning.text(note, field="note", max_length=500),
        by=actor,
    )
    if mediation.mediator_id is None and mediator is not None:
        mediation.mediator = mediator
        mediation.save(update_fields=["mediator"])
    audit.record(
        actor=actor,
        action=Action.MEDIATION_SESSION,
        obj=mediation,
        changes={"session": session.pk, "held_on": held.isoformat()},
    )
    return session


@transaction.atomic(durable=True)
def mediation_close(
    *,
    actor: User,
    mediation_id: int,
    status: str,
    amount_agreed: int | None = 0,
    note: str = "",
    referred_to: str = "",
    closed_on=None,
) -> Mediation:
    """The mediation ends: an agreement (with the amount the employer pays), no
    agreement, or a referral to arbitration, the court or labour inspection."""
    mediation = _open_mediation(actor, mediation_id)
    status = cleaning.choice(status, MediationStatus, field="status")
    if status == MediationStatus.OPEN:
        raise ServiceError(
            _("Choose how the mediation ended: agreement, no agreement or referral."),
            field="status",
        )
    amount = checks.fen(amount_agreed, field="amount_agreed")
    if status != MediationStatus.AGREED and amount:
        raise ServiceError(
            _("Only an agreement has an amount agreed: leave it at 0."), field="amount_agreed"
        )
    referred_to = referred_to or ""
    if status == MediationStatus.REFERRED:
        referred_to = cleaning.choice(referred_to, ReferredTo, field="referred_to")
    elif referred_to:
        raise ServiceError(
            _("Only a referral names where the dispute was referred to."), field="referred_to"
        )
    day = checks.day(closed_on, field="closed_on")
    if day < mediation.received_on:
        raise ServiceError(
            _("The mediation ends between the day it was received and today."),
            field="closed_on",
        )
    before = audit.snapshot(mediation, MEDIATION_FIELDS)
    mediation.status, mediation.amount_agreed, mediation.referred_to = status, amount, referred_to
    mediation.result_note = cleaning.text(note, field="note", max_length=500)
    mediation.closed_on = day
    mediation.save()
    audit.record(
        actor=actor,
        action=Action.MEDIATION_CLOSE,
        obj=mediation,
        changes=audit.diff(before, audit.snapshot(mediation, MEDIATION_FIELDS)),
    )
    return mediation


@transaction.atomic(durable=True)
def legal_event_create(
    *,
    actor: User,
    union_id: int,
    kind: str,
    audience: str,
    title: str,
    held_on=None,
    campaign: str = "",
    place: str = "",
    attendance: int = 0,
    lawyers: int = 0,
    consultations: int = 0,
    cases_taken: int = 0,
) -> LegalEvent:
    """A legal-service event held: a lecture, a consultation day, a visit to a site."""
    union = writable_org(actor, union_id, "union_id", active=True)
    event = LegalEvent(
        union=union,
        campaign=cleaning.choice(campaign or "", LegalCampaign, field="campaign"),
        kind=cleaning.choice(kind, LegalEventKind, field="kind"),
        audience=cleaning.choice(audience, Audience, field="audience"),
        title=checks.name(title, field="title", max_length=100, message=_("Give the title.")),
        held_on=checks.day(held_on, field="held_on"),
        place=cleaning.text(place, field="place", max_length=100),
        attendance=checks.count(attendance, field="attendance", high=1_000_000),
        lawyers=checks.count(lawyers, field="lawyers", high=10_000),
        consultations=checks.count(consultations, field="consultations", high=1_000_000),
        cases_taken=checks.count(cases_taken, field="cases_taken", high=100_000),
        created_by=actor,
    )
    if event.consultations > event.attendance or event.cases_taken > event.consultations:
        raise ServiceError(
            _("Consultations are at most the people reached, cases at most the consultations."),
            field="consultations",
        )
    event.save()
    audit.record(
        actor=actor,
        action=Action.LEGAL_EVENT_CREATE,
        obj=event,
        changes=audit.snapshot(event, EVENT_FIELDS),
    )
    return event
