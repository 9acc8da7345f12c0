"""Every write about rights cases: atomic, checked, audited.

Who may act: a worker opens their own case on the phone and may withdraw it while it is
open; a cadre of the union it was brought to, or staff of a federation above, takes a
case at the desk or by the hotline, assigns a handler, moves it through its steps and
closes it. Once a handler is assigned, only that handler or staff of a union above the
case's union move or close it. The dispute itself never goes to the audit: the audit
says that it was set, and each staff read of it is a logged sensitive read.
"""

import re
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.models import WRITING_ROLES, User
from gonghui.core import audit, cleaning, crypto
from gonghui.core.errors import ServiceError
from gonghui.core.money import MAX_FEN
from gonghui.core.scoping import path_visible
from gonghui.core.validators import normalize_phone
from gonghui.members.models import MembershipStatus, Person
from gonghui.orgs.models import FEDERATION_KINDS, Organization
from gonghui.orgs.services import writable_org

from . import selectors
from .codes import Action, Code
from .models import (
    STAGE_ORDER,
    CaseKind,
    CaseStatus,
    CaseStep,
    Channel,
    Outcome,
    RightsCase,
    Stage,
)

CASE_FIELDS = [
    "union",
    "kind",
    "channel",
    "employer",
    "workers_involved",
    "amount_claimed",
    "amount_recovered",
    "stage",
    "status",
    "outcome",
    "handler",
    "opened_on",
    "deadline",
    "closed_on",
]
MAX_DESCRIPTION = 2000
MAX_WORKERS = 100_000
MOBILE = re.compile(r"^1[3-9]\d{9}$")
STAFF_CHANNELS = [Channel.HOTLINE, Channel.WALK_IN, Channel.REFERRAL]


def _description(value) -> str:
    return cleaning.text(
        value,
        field="description",
        max_length=MAX_DESCRIPTION,
        required=True,
        message=_("Tell what happened: who owes what, since when, what you have tried."),
    )


def _employer(value) -> str:
    return cleaning.text(
        value,
        field="employer",
        max_length=100,
        required=True,
        message=_("Name the employer or the platform the dispute is with."),
    )


def _amount(value, field: str) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_FEN:
        raise ServiceError(
            _("Enter the amount as a whole number of fen, 0 or more (1 yuan = 100 fen)."),
            field=field,
        )
    return value


def _workers(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_WORKERS:
        raise ServiceError(
            _("Workers involved is a number between 1 and %(max)s.") % {"max": MAX_WORKERS},
            field="workers_involved",
        )
    return value


def _phone(value) -> str:
    phone = normalize_phone(cleaning.text(value, field="phone"))
    if phone and not MOBILE.match(phone):
        raise ServiceError(
            _("Enter a mainland mobile number of 11 digits, e.g. 139 0000 0001."), field="phone"
        )
    return phone


def _opened_on(value) -> date:
    if value is None:
        return cleaning.today()
    if not isinstance(value, date):
        raise ServiceError(_("Enter a date."), field="opened_on")
    if value > cleaning.today():
        raise ServiceError(_("A case is opened today or earlier."), field="opened_on")
    return value


def _save_new(case: RightsCase, actor: User, description: str) -> RightsCase:
    case.description_cipher = crypto.encrypt(description)
    case.deadline = RightsCase.deadline_for(case.kind, case.opened_on)
    case.save()
    CaseStep.objects.create(case=case, stage=Stage.CONSULTATION, note="", by=actor)
    audit.record(
        actor=actor,
        action=Action.CASE_OPEN,
        obj=case,
        changes={**audit.snapshot(case, CASE_FIELDS), "description": "(encrypted)"},
    )
    return case


def _federation(union_id) -> Organization:
    """The federation a worker with no union brings the case to (a city's or a county's)."""
    union = (
        Organization.objects.filter(pk=union_id, is_active=True, kind__in=FEDERATION_KINDS).first()
        if isinstance(union_id, int) and not isinstance(union_id, bool)
        else None
    )
    if union is None:
        raise ServiceError(
            _("You are not a union member yet: choose the federation of your city or county."),
            code=Code.NOT_MEMBER,
            field="union_id",
        )
    return union


@transaction.atomic(durable=True)
def case_submit(
    *,
    actor: User,
    kind: str,
    employer: str,
    description: str,
    amount_claimed: int | None = 0,
    workers_involved: int = 1,
    phone: str = "",
    union_id: int | None = None,
) -> RightsCase:
    """A worker asks for help from their phone. A member's case goes to their union; a
    worker with no union names the federation of their city or county."""
    person = Person.objects.filter(user=actor).first()
    membership = (
        person.memberships.select_related("union")
        .filter(status=MembershipStatus.ACTIVE, union__is_active=True)
        .first()
        if person
        else None
    )
    union = membership.union if membership else _federation(union_id)
    case = RightsCase(
        union=union,
        worker=actor,
        worker_name=person.name if person else (actor.get_full_name() or actor.get_username()),
        kind=cleaning.choice(kind, CaseKind, field="kind"),
        channel=Channel.ONLINE,
        employer=_employer(employer),
        workers_involved=_workers(workers_involved),
        amount_claimed=_amount(amount_claimed, "amount_claimed"),
        opened_on=cleaning.today(),
        opened_by=actor,
    )
    description = _description(description)
    case.set_phone(
        _phone(phone)
        or (crypto.decrypt(person.phone_cipher) if person and person.phone_cipher else "")
    )
    return _save_new(case, actor, description)


@transaction.atomic(durable=True)
def case_open(
    *,
    actor: User,
    union_id: int,
    kind: str,
    channel: str,
    worker_name: str,
    employer: str,
    description: str,
    phone: str = "",
    amount_claimed: int | None = 0,
    workers_involved: int = 1,
    opened_on: date | None = None,
    handler_id: int | None = None,
) -> RightsCase:
    """A cadre takes a case by the 12351 hotline, at the desk, or on referral."""
    union = writable_org(actor, union_id, "union_id")
    if not union.is_active:
        raise ServiceError(_("This union is no longer active."), field="union_id")
    if channel not in STAFF_CHANNELS:
        raise ServiceError(
            _("Choose how the case came in: the 12351 hotline, walk-in or referral."),
            field="channel",
        )
    case = RightsCase(
        union=union,
        worker_name=cleaning.text(
            worker_name,
            field="worker_name",
            max_length=50,
            required=True,
            message=_("Give the worker's name."),
        ),
        kind=cleaning.choice(kind, CaseKind, field="kind"),
        channel=channel,
        employer=_employer(employer),
        workers_involved=_workers(workers_involved),
        amount_claimed=_amount(amount_claimed, "amount_claimed"),
        opened_on=_opened_on(opened_on),
        opened_by=actor,
    )
    description = _description(description)
    case.set_phone(_phone(phone))
    if handler_id is not None:
        case.handler = _handler(case, handler_id)
    return _save_new(case, actor, description)


def _handler(case: RightsCase, handler_id) -> User:
    """A handler is someone who may write where the case is kept."""
    handler = (
        User.objects.filter(pk=handler_id, is_active=True).first()
        if isinstance(handler_id, int) and not isinstance(handler_id, bool)
        else None
    )
    if handler is None or not path_visible(handler, case.union.path, write=True):
        raise ServiceError(
            _("The handler must be a cadre or staff member who may act for this union."),
            field="handler_id",
        )
    return handler


def _may_handle(actor: User, case: RightsCase) -> None:
    """Once a handler is assigned, only they or staff of a union above the case's act."""
    handler = case.handler
    if handler is None or handler.pk == actor.pk:
        return
    above = [
        r.organization.path
        for r in actor.active_roles
        if r.kind in WRITING_ROLES and r.organization.path != case.union.path
    ]
    if not any(case.union.path.startswith(p) for p in above):
        raise ServiceError(
            _("%(name)s handles this case: ask them, or their federation, to act.")
            % {"name": handler.get_full_name() or handler.get_username()},
            code=Code.NOT_HANDLER,
        )


def _open_case(actor: User, case_id: int) -> RightsCase:
    case = selectors.case_get(actor=actor, case_id=case_id, write=True)
    case = (
        RightsCase.objects.select_for_update(of=("self",))
        .select_related("union", "handler")
        .get(pk=case.pk)
    )
    if case.status != CaseStatus.OPEN:
        raise ServiceError(_("This case is closed."), code=Code.CLOSED)
    return case


def _save(case: RightsCase, actor: User, action: Action, before: dict, fields: list[str]) -> None:
    case.save(update_fields=[*fields, "updated_at"])
    changes = audit.diff(before, audit.snapshot(case, CASE_FIELDS))
    audit.record(actor=actor, action=action, obj=case, changes=changes)


@transaction.atomic(durable=True)
def case_assign(*, actor: User, case_id: int, handler_id: int) -> RightsCase:
    case = _open_case(actor, case_id)
    _may_handle(actor, case)
    before = audit.snapshot(case, CASE_FIELDS)
    case.handler = _handler(case, handler_id)
    _save(case, actor, Action.CASE_ASSIGN, before, ["handler"])
    return case


@transaction.atomic(durable=True)
def case_step(*, actor: User, case_id: int, stage: str, note: str = "") -> RightsCase:
    """The case moves to a later step (consultation → mediation → legal aid → arbitration
    or court linkage), with what was done; a step may be skipped, never undone."""
    case = _open_case(actor, case_id)
    _may_handle(actor, case)
    stage = cleaning.choice(stage, Stage, field="stage")
    note = cleaning.text(note, field="note", max_length=500)
    if STAGE_ORDER[stage] <= STAGE_ORDER[case.stage]:
        raise ServiceError(
            _("The case is already at “%(stage)s”: choose a later step.")
            % {"stage": case.get_stage_display()},
            code=Code.STEP_BACKWARDS,
            field="stage",
        )
    before = audit.snapshot(case, CASE_FIELDS)
    case.stage = stage
    if case.handler_id is None:
        case.handler = actor  # who moves an unassigned case takes it
    CaseStep.objects.create(case=case, stage=stage, note=note, by=actor)
    _save(case, actor, Action.CASE_STEP, before, ["stage", "handler"])
    return case


@transaction.atomic(durable=True)
def case_close(
    *,
    actor: User,
    case_id: int,
    outcome: str,
    amount_recovered: int | None = 0,
    note: str = "",
    closed_on: date | None = None,
) -> RightsCase:
    case = _open_case(actor, case_id)
    _may_handle(actor, case)
    outcome = cleaning.choice(outcome, Outcome, field="outcome")
    if outcome == Outcome.WITHDRAWN:
        raise ServiceError(
            _("Only the worker withdraws a case; choose the outcome the union reached."),
            field="outcome",
        )
    amount = _amount(amount_recovered, "amount_recovered")
    note = cleaning.text(note, field="note", max_length=500)
    day = closed_on or cleaning.today()
    if not isinstance(day, date) or day > cleaning.today() or day < case.opened_on:
        raise ServiceError(
            _("The case closes between the day it was opened and today."), field="closed_on"
        )
    before = audit.snapshot(case, CASE_FIELDS)
    case.status, case.outcome, case.outcome_note = CaseStatus.CLOSED, outcome, note
    case.amount_recovered, case.closed_on = amount, day
    if case.handler_id is None:
        case.handler = actor
    _save(
        case,
        actor,
        Action.CASE_CLOSE,
        before,
        ["status", "outcome", "outcome_note", "amount_recovered", "closed_on", "handler"],
    )
    return case


@transaction.atomic(durable=True)
def case_withdraw(*, actor: User, case_id: int) -> RightsCase:
    """The worker withdraws their own open case (settled with the employer, or no longer
    wanted)."""
    case = selectors.case_get(actor=actor, case_id=case_id, own=True)
    if case.worker_id != actor.pk:
        raise ServiceError(_("Only the worker withdraws their own case."), code=Code.NOT_HANDLER)
    case = (
        RightsCase.objects.select_for_update(of=("self",)).select_related("union").get(pk=case.pk)
    )
    if case.status != CaseStatus.OPEN:
        raise ServiceError(_("This case is closed."), code=Code.CLOSED)
    before = audit.snapshot(case, CASE_FIELDS)
    case.status, case.outcome, case.closed_on = (
        CaseStatus.CLOSED,
        Outcome.WITHDRAWN,
        cleaning.today(),
    )
    _save(case, actor, Action.CASE_WITHDRAW, before, ["status", "outcome", "closed_on"])
    return case


@transaction.atomic(durable=True)
def case_reveal(*, actor: User, case_id: int, purpose: str) -> str:
    """The dispute as the worker told it, for one who handles the case; every read is
    logged. (The worker reads their own on their page: `case_description_own`.)"""
    purpose = cleaning.text(
        purpose,
        field="purpose",
        max_length=200,
        required=True,
        message=_("Say why you need to read the dispute; the read is logged."),
    )
    case = selectors.case_get(actor=actor, case_id=case_id, write=True)
    audit.record_sensitive_read(
        actor=actor, obj=case, field="description", purpose=purpose, org_path=case.union.path
    )
    return crypto.decrypt(case.description_cipher)


def case_description_own(*, actor: User, case: RightsCase) -> str:
    """The worker's own words, for the worker: no staff read, nothing logged."""
    if case.worker_id is None or case.worker_id != actor.pk:
        return ""
    return crypto.decrypt(case.description_cipher)
