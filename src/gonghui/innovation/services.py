"""Every write about mass innovation: atomic, checked, audited.

Who may act: staff writing at a union record its 五小 activity, pairs and results; a member
submits a rationalization proposal to their own union; another staff member (never the one
who submitted) adopts a result or not, and records an adopted one put into use. A studio is
applied for by staff of its union; the naming federation's staff — not the applicant — take
it through review, public notice (公示) and naming.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core import audit, cleaning
from gonghui.core.errors import Code as CoreCode
from gonghui.core.errors import NotFound, ServiceError
from gonghui.core.money import check_fen
from gonghui.core.scoping import path_visible
from gonghui.members.models import Membership, MembershipStatus
from gonghui.orgs.models import Enterprise, Organization, OrgKind
from gonghui.orgs.services import writable_org

from .codes import Action, Code
from .models import (
    Coverage,
    MentoringPair,
    Result,
    ResultKind,
    ResultStatus,
    Studio,
    StudioKind,
    StudioLevel,
    StudioStatus,
)
from .selectors import result_get, studio_get

MAX_COUNT = 10_000_000
NOTICE_DAYS = 5  # a public notice lasts at least five working days; here, calendar days


def _enterprise(actor: User, enterprise_id, union: Organization) -> Enterprise:
    try:
        enterprise = (
            Enterprise.objects.visible_to(actor).select_related("keeper").get(pk=enterprise_id)
        )
    except (Enterprise.DoesNotExist, ValueError, TypeError):
        raise ServiceError(
            _("No such enterprise in your subtree."), field="enterprise_id"
        ) from None
    if not enterprise.keeper.path.startswith(union.path):
        raise ServiceError(
            _("This enterprise is not kept by a union under %(union)s.") % {"union": union.name},
            field="enterprise_id",
        )
    return enterprise


def _count(value, field: str, low: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= MAX_COUNT:
        raise ServiceError(
            _("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": MAX_COUNT},
            field=field,
        )
    return value


def _past(day: date, field: str) -> date:
    if day > cleaning.today():
        raise ServiceError(_("The date cannot be in the future."), field=field)
    return day


@transaction.atomic(durable=True)
def coverage_record(
    *, actor: User, union_id: int, enterprise_id: int, reported_on: date, teams: int, workers: int
) -> Coverage:
    union = writable_org(actor, union_id, "union_id", active=True)
    coverage = Coverage.objects.create(
        union=union,
        enterprise=_enterprise(actor, enterprise_id, union),
        reported_on=_past(reported_on, "reported_on"),
        teams=_count(teams, "teams"),
        workers=_count(workers, "workers", low=1),
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        action=Action.COVERAGE_RECORD,
        obj=coverage,
        changes={"enterprise": enterprise_id, "teams": teams, "workers": workers},
    )
    return coverage


@transaction.atomic(durable=True)
def pair_record(
    *,
    actor: User,
    union_id: int,
    enterprise_id: int,
    master: str,
    apprentice: str,
    paired_on: date,
    trade: str = "",
) -> MentoringPair:
    union = writable_org(actor, union_id, "union_id", active=True)
    pair = MentoringPair.objects.create(
        union=union,
        enterprise=_enterprise(actor, enterprise_id, union),
        master=cleaning.text(master, field="master", required=True, max_length=50),
        apprentice=cleaning.text(apprentice, field="apprentice", required=True, max_length=50),
        trade=cleaning.text(trade, field="trade", max_length=60),
        paired_on=_past(paired_on, "paired_on"),
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        action=Action.PAIR_RECORD,
        obj=pair,
        changes={"master": pair.master, "apprentice": pair.apprentice},
    )
    return pair


def _result(actor: User, union: Organization, kind, title, authors, summary) -> Result:
    result = Result.objects.create(
        union=union,
        kind=cleaning.choice(kind, ResultKind, field="kind"),
        title=cleaning.text(title, field="title", required=True, max_length=150),
        authors=cleaning.text(authors, field="authors", required=True, max_length=150),
        summary=cleaning.text(summary, field="summary", max_length=2000),
        submitted_on=cleaning.today(),
        submitted_by=actor,
    )
    audit.record(
        actor=actor,
        action=Action.RESULT_SUBMIT,
        obj=result,
        changes={"kind": result.kind, "title": result.title},
    )
    return result


@transaction.atomic(durable=True)
def result_submit(
    *, actor: User, union_id: int, kind: str, title: str, authors: str, summary: str = ""
) -> Result:
    """Staff record a result or proposal of a union in their subtree."""
    return _result(
        actor, writable_org(actor, union_id, "union_id", active=True), kind, title, authors, summary
    )


@transaction.atomic(durable=True)
def proposal_submit(*, actor: User, title: str, summary: str) -> Result:
    """A member sends a rationalization proposal to their own union."""
    membership = (
        Membership.objects.visible_to(actor, own=True)
        .filter(person__user=actor, status=MembershipStatus.ACTIVE)
        .select_related("union", "person")
        .first()
    )
    if membership is None:
        raise ServiceError(
            _("Only a member of a union may send a proposal."), code=CoreCode.FORBIDDEN
        )
    summary = cleaning.text(summary, field="summary", required=True, max_length=2000)
    return _result(
        actor, membership.union, ResultKind.PROPOSAL, title, membership.person.name, summary
    )


@transaction.atomic(durable=True)
def result_review(*, actor: User, result_id: int, adopt: bool, note: str = "") -> Result:
    result = result_get(actor=actor, result_id=result_id, write=True)
    result = Result.objects.select_for_update().get(pk=result.pk)
    note = cleaning.text(note, field="note", max_length=200)
    if result.status != ResultStatus.SUBMITTED:
        raise ServiceError(_("This result is already reviewed."), code=Code.WRONG_STEP)
    if result.submitted_by_id == actor.pk:
        raise ServiceError(
            _("The one who submitted a result may not review it."), code=Code.SAME_PERSON
        )
    if not adopt and not note:
        raise ServiceError(_("Say why it is not adopted."), field="note")
    result.status = ResultStatus.ADOPTED if adopt else ResultStatus.NOT_ADOPTED
    result.reviewed_by = actor
    result.review_note = note
    result.save(update_fields=["status", "reviewed_by", "review_note"])
    audit.record(
        actor=actor,
        action=Action.RESULT_REVIEW,
        obj=result,
        changes={"status": result.status, "note": note},
    )
    return result


@transaction.atomic(durable=True)
def result_in_use(*, actor: User, result_id: int, in_use_on: date, revenue: int = 0) -> Result:
    """An adopted result put into use, with the revenue it made (fen)."""
    result = result_get(actor=actor, result_id=result_id, write=True)
    result = Result.objects.select_for_update().get(pk=result.pk)
    if result.status != ResultStatus.ADOPTED:
        raise ServiceError(_("Only an adopted result is put into use."), code=Code.WRONG_STEP)
    result.in_use_on = _past(in_use_on, "in_use_on")
    result.revenue = check_fen(revenue, field="revenue", allow_zero=True)
    result.save(update_fields=["in_use_on", "revenue"])
    audit.record(
        actor=actor,
        action=Action.RESULT_IN_USE,
        obj=result,
        changes={"in_use_on": in_use_on.isoformat(), "revenue": revenue},
    )
    return result


# ---- studios -------------------------------------------------------------------------------


def _naming_union(union: Organization, level: str) -> Organization:
    kind = OrgKind.PROVINCIAL if level == StudioLevel.PROVINCE else OrgKind.CITY
    naming = (
        Organization.objects.filter(path__in=union.ancestors_paths(), kind=kind)
        .order_by("-depth")
        .first()
    )
    if naming is None:
        raise ServiceError(
            _("No federation of this level above the union names it."), field="level"
        )
    return naming


@transaction.atomic(durable=True)
def studio_apply(
    *,
    actor: User,
    union_id: int,
    kind: str,
    level: str,
    name: str,
    leader: str = "",
    members: int = 0,
) -> Studio:
    union = writable_org(actor, union_id, "union_id", active=True)
    level = cleaning.choice(level, StudioLevel, field="level")
    studio = Studio.objects.create(
        union=union,
        naming_union=_naming_union(union, level),
        kind=cleaning.choice(kind, StudioKind, field="kind"),
        level=level,
        name=cleaning.text(name, field="name", required=True, max_length=150),
        leader=cleaning.text(leader, field="leader", max_length=50),
        members=_count(members, "members"),
        applied_by=actor,
        applied_on=cleaning.today(),
    )
    audit.record(
        actor=actor,
        action=Action.STUDIO_APPLY,
        obj=studio,
        changes={"name": studio.name, "kind": studio.kind, "level": level},
    )
    return studio


# step -> (the status it needs, the status it gives)
STEPS = {
    "review": (StudioStatus.APPLIED, StudioStatus.REVIEWED),
    "notice": (StudioStatus.REVIEWED, StudioStatus.NOTICE),
    "name": (StudioStatus.NOTICE, StudioStatus.NAMED),
    "refuse": (None, StudioStatus.REFUSED),
}


def may_step(actor: User, studio: Studio) -> bool:
    return (
        studio.status not in (StudioStatus.NAMED, StudioStatus.REFUSED)
        and studio.applied_by_id != actor.pk
        and path_visible(actor, studio.naming_union.path, write=True)
    )


@transaction.atomic(durable=True)
def studio_step(*, actor: User, studio_id: int, step: str, on: date | None = None) -> Studio:
    """review → notice (公示, NOTICE_DAYS) → name; or refuse at any step before naming."""
    studio = studio_get(actor=actor, studio_id=studio_id, write=True)
    studio = Studio.objects.select_for_update().select_related("naming_union").get(pk=studio.pk)
    if step not in STEPS:
        raise ServiceError(_("The step is review, notice, name or refuse."), field="step")
    if studio.applied_by_id == actor.pk:
        raise ServiceError(
            _("The one who applied may not take the studio through naming."),
            code=Code.SAME_PERSON,
        )
    if not path_visible(actor, studio.naming_union.path, write=True):
        raise NotFound()
    needs, gives = STEPS[step]
    if studio.status in (StudioStatus.NAMED, StudioStatus.REFUSED) or (
        needs is not None and studio.status != needs
    ):
        raise ServiceError(_("The studio is not at the step this needs."), code=Code.WRONG_STEP)
    on = on or cleaning.today()
    _past(on, "on")
    if step == "notice":
        studio.notice_ends_on = on + timedelta(days=NOTICE_DAYS)
    if step == "name":
        assert studio.notice_ends_on is not None
        if on < studio.notice_ends_on:
            raise ServiceError(
                _("The public notice runs until %(day)s.") % {"day": studio.notice_ends_on},
                code=Code.WRONG_STEP,
            )
        studio.named_on = on
    studio.status = gives
    studio.decided_by = actor
    studio.save(update_fields=["status", "notice_ends_on", "named_on", "decided_by"])
    audit.record(
        actor=actor,
        action=Action.STUDIO_STEP,
        obj=studio,
        changes={"step": step, "status": gives, "on": on.isoformat()},
    )
    return studio
