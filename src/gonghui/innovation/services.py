"""Every write about mass innovation: atomic, checked, audited.

Who may act: staff writing at a union record its 五小 activity, pairs and results; a member
submits a rationalization proposal to their own union; another staff member (never the one
who submitted) adopts a result or not, and records an adopted one put into use. A studio is
applied for by staff of its union; the naming federation's staff — not the applicant — take
it through review, public notice (公示) and naming. The studio's union staff keep its members
(one 领办人 among them) and its results; staff writing at both an alliance and a studio put
the studio in the alliance. Each year the naming federation's staff — and no one below it —
assess a named studio once (年度考核); a second 不合格 in a row revokes its naming.
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
    Grade,
    MemberRole,
    MentoringPair,
    Result,
    ResultKind,
    ResultStatus,
    Studio,
    StudioAssessment,
    StudioKind,
    StudioLevel,
    StudioMember,
    StudioStatus,
)
from .selectors import member_get, result_get, studio_get

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


def _studio_of(actor: User, studio_id: int | None, union: Organization) -> Studio | None:
    """The studio a result belongs to: one the actor writes for, of the result's union or
    above or below it."""
    if studio_id is None:
        return None
    studio = studio_get(actor=actor, studio_id=studio_id, write=True)
    if not (studio.union.path.startswith(union.path) or union.path.startswith(studio.union.path)):
        raise ServiceError(
            _("This studio is not of %(union)s or a union above or below it.")
            % {"union": union.name},
            field="studio_id",
        )
    return studio


def _result(
    actor: User, union: Organization, kind, title, authors, summary, studio: Studio | None = None
) -> Result:
    result = Result.objects.create(
        union=union,
        studio=studio,
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
    *,
    actor: User,
    union_id: int,
    kind: str,
    title: str,
    authors: str,
    summary: str = "",
    studio_id: int | None = None,
) -> Result:
    """Staff record a result or proposal of a union in their subtree (of one of its studios
    when `studio_id` is given)."""
    union = writable_org(actor, union_id, "union_id", active=True)
    studio = _studio_of(actor, studio_id, union)
    return _result(actor, union, kind, title, authors, summary, studio)


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
) -> Studio:
    """An application; a leader named here becomes the studio's first member (领办人)."""
    union = writable_org(actor, union_id, "union_id", active=True)
    level = cleaning.choice(level, StudioLevel, field="level")
    studio = Studio.objects.create(
        union=union,
        naming_union=_naming_union(union, level),
        kind=cleaning.choice(kind, StudioKind, field="kind"),
        level=level,
        name=cleaning.text(name, field="name", required=True, max_length=150),
        leader=cleaning.text(leader, field="leader", max_length=50),
        applied_by=actor,
        applied_on=cleaning.today(),
    )
    if studio.leader:
        StudioMember.objects.create(
            studio=studio,
            name=studio.leader,
            role=MemberRole.LEADER,
            added_on=studio.applied_on,
            added_by=actor,
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


CLOSED = (StudioStatus.NAMED, StudioStatus.REFUSED, StudioStatus.REVOKED)


def may_step(actor: User, studio: Studio) -> bool:
    return (
        studio.status not in CLOSED
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
    if studio.status in CLOSED or (needs is not None and studio.status != needs):
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


# ---- members, alliances, results, yearly assessment ----------------------------------------


def may_keep(actor: User, studio: Studio) -> bool:
    """The studio's union staff keep its members and results (not once refused or revoked)."""
    return studio.status not in (StudioStatus.REFUSED, StudioStatus.REVOKED) and path_visible(
        actor, studio.union.path, write=True
    )


def _kept(actor: User, studio_id: int) -> Studio:
    studio = studio_get(actor=actor, studio_id=studio_id, write=True)
    studio = Studio.objects.select_for_update().select_related("union").get(pk=studio.pk)
    if studio.status in (StudioStatus.REFUSED, StudioStatus.REVOKED):
        raise ServiceError(
            _("The members of a studio not named or revoked are not kept."),
            code=Code.WRONG_STEP,
        )
    return studio


@transaction.atomic(durable=True)
def member_add(
    *,
    actor: User,
    studio_id: int,
    name: str = "",
    person_id: int | None = None,
    role: str = MemberRole.MEMBER,
) -> StudioMember:
    """A member of the studio: a member on file (`person_id`, in the studio's union or below
    it) or a name typed in. One 领办人 at a time."""
    studio = _kept(actor, studio_id)
    role = cleaning.choice(role, MemberRole, field="role")
    person = None
    if person_id is not None:
        membership = (
            Membership.objects.visible_to(actor)
            .filter(
                person_id=person_id,
                status=MembershipStatus.ACTIVE,
                union__path__startswith=studio.union.path,
            )
            .select_related("person")
            .first()
        )
        if membership is None:
            raise ServiceError(
                _("No active member with this number in %(union)s.") % {"union": studio.union.name},
                field="person_id",
            )
        person = membership.person
        name = person.name
        if studio.member_rows.filter(person=person, removed_on__isnull=True).exists():
            raise ServiceError(_("This member is already in the studio."), field="person_id")
    name = cleaning.text(name, field="name", required=True, max_length=50)
    if (
        role == MemberRole.LEADER
        and studio.member_rows.filter(role=MemberRole.LEADER, removed_on__isnull=True).exists()
    ):
        raise ServiceError(
            _("The studio has a leader; remove them first."), field="role", code=Code.WRONG_STEP
        )
    member = StudioMember.objects.create(
        studio=studio,
        person=person,
        name=name,
        role=role,
        added_on=cleaning.today(),
        added_by=actor,
    )
    if role == MemberRole.LEADER:
        studio.leader = name
        studio.save(update_fields=["leader"])
    audit.record(
        actor=actor,
        action=Action.STUDIO_MEMBER_ADD,
        obj=studio,
        changes={"member": member.pk, "name": name, "role": role, "person": person_id},
    )
    return member


@transaction.atomic(durable=True)
def member_remove(*, actor: User, member_id: int) -> StudioMember:
    member = member_get(actor=actor, member_id=member_id, write=True)
    studio = _kept(actor, member.studio_id)
    member = StudioMember.objects.select_for_update().get(pk=member.pk)
    if member.removed_on is not None:
        raise ServiceError(_("This member is already removed."), code=Code.WRONG_STEP)
    member.removed_on = cleaning.today()
    member.save(update_fields=["removed_on"])
    if member.role == MemberRole.LEADER:
        studio.leader = ""
        studio.save(update_fields=["leader"])
    audit.record(
        actor=actor,
        action=Action.STUDIO_MEMBER_REMOVE,
        obj=studio,
        changes={"member": member.pk, "name": member.name, "role": member.role},
    )
    return member


@transaction.atomic(durable=True)
def alliance_set(*, actor: User, studio_id: int, alliance_id: int | None) -> Studio:
    """Put a studio in an alliance (or take it out with None); the actor writes for both."""
    studio = _kept(actor, studio_id)
    if studio.kind == StudioKind.ALLIANCE:
        raise ServiceError(_("An alliance is not a member of an alliance."), field="studio_id")
    alliance = None
    if alliance_id is not None:
        alliance = studio_get(actor=actor, studio_id=alliance_id, write=True)
        if alliance.kind != StudioKind.ALLIANCE or alliance.status in (
            StudioStatus.REFUSED,
            StudioStatus.REVOKED,
        ):
            raise ServiceError(
                _("Choose an alliance that is not refused or revoked."), field="alliance_id"
            )
    before = studio.alliance_id
    studio.alliance = alliance
    studio.save(update_fields=["alliance"])
    audit.record(
        actor=actor,
        action=Action.STUDIO_ALLIANCE,
        obj=studio,
        changes={"alliance": [before, alliance_id]},
    )
    return studio


PASS_MARK = 60  # below it, 不合格; 优秀 needs EXCELLENT_MARK or more
EXCELLENT_MARK = 90


def may_assess(actor: User, studio: Studio) -> bool:
    return studio.status == StudioStatus.NAMED and path_visible(
        actor, studio.naming_union.path, write=True
    )


@transaction.atomic(durable=True)
def assessment_record(
    *, actor: User, studio_id: int, year: int, score: int, grade: str, note: str = ""
) -> StudioAssessment:
    """The yearly assessment of a named studio by its naming federation's staff, once a year.
    A second 不合格 in a row revokes the naming (audited), in the same transaction."""
    studio = studio_get(actor=actor, studio_id=studio_id, write=False)
    if not path_visible(actor, studio.naming_union.path, write=True):
        raise ServiceError(
            _("Only the staff of %(union)s, which named this studio, assess it.")
            % {"union": studio.naming_union.name},
            code=Code.NOT_NAMING,
        )
    studio = Studio.objects.select_for_update().select_related("naming_union").get(pk=studio.pk)
    if studio.status != StudioStatus.NAMED or studio.named_on is None:
        raise ServiceError(_("Only a named studio is assessed."), code=Code.WRONG_STEP)
    today = cleaning.today()
    if (
        isinstance(year, bool)
        or not isinstance(year, int)
        or not studio.named_on.year <= year <= today.year
    ):
        raise ServiceError(
            _("Give a year from %(first)s, when it was named, to %(last)s.")
            % {"first": studio.named_on.year, "last": today.year},
            field="year",
        )
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
        raise ServiceError(_("Give a score from 0 to 100."), field="score")
    grade = cleaning.choice(grade, Grade, field="grade")
    if (grade == Grade.FAIL) != (score < PASS_MARK) or (
        grade == Grade.EXCELLENT and score < EXCELLENT_MARK
    ):
        raise ServiceError(
            _(
                "The grade does not fit the score: below %(pass)s is fail, "
                "excellent needs %(excellent)s or more."
            )
            % {"pass": PASS_MARK, "excellent": EXCELLENT_MARK},
            field="grade",
        )
    note = cleaning.text(note, field="note", max_length=200)
    if grade == Grade.FAIL and not note:
        raise ServiceError(_("Say why it failed."), field="note")
    if StudioAssessment.objects.filter(studio=studio, year=year).exists():
        raise ServiceError(
            _("The studio is already assessed for %(year)s.") % {"year": year},
            code=Code.ASSESSED,
            field="year",
        )
    assessment = StudioAssessment.objects.create(
        studio=studio,
        year=year,
        score=score,
        grade=grade,
        note=note,
        assessed_on=today,
        assessed_by=actor,
    )
    audit.record(
        actor=actor,
        action=Action.STUDIO_ASSESS,
        obj=studio,
        changes={"year": year, "score": score, "grade": grade, "note": note},
    )
    if (
        grade == Grade.FAIL
        and StudioAssessment.objects.filter(
            studio=studio, year__in=(year - 1, year + 1), grade=Grade.FAIL
        ).exists()
    ):
        studio.status = StudioStatus.REVOKED
        studio.revoked_on = today
        studio.decided_by = actor
        studio.save(update_fields=["status", "revoked_on", "decided_by"])
        audit.record(
            actor=actor,
            action=Action.STUDIO_REVOKE,
            obj=studio,
            changes={"status": StudioStatus.REVOKED, "failed": [year - 1, year]},
        )
    return assessment
