"""Writes about democratic management (职代会、厂务公开、职工董事监事、示范单位): atomic,
checked, audited. The staff of an enterprise's keeping union (and the federations above)
record its congress sessions, resolutions, openness items and worker board members; a
federation names demonstration units and records their yearly assessment scores.

A session is recorded as planned or as held; a held session cannot be in the future and
its attendance never exceeds its delegates. The first held session and the first openness
item set the enterprise's congress and openness systems (coverage counts them) when no
date was recorded for them.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core import audit, cleaning
from gonghui.core.errors import ServiceError
from gonghui.core.scoping import get_visible_or_404
from gonghui.orgs.models import Enterprise

from . import checks
from .codes import Action, Code
from .models_democracy import (
    MAX_DELEGATES,
    MAX_SCORE,
    PASS_SCORE,
    REVOKE_SCORE,
    Assessment,
    AssessmentResult,
    BoardSeat,
    CongressSession,
    DemocracyProfile,
    DemonstrationUnit,
    DemoUnitKind,
    FollowUp,
    OpennessItem,
    OpennessMedium,
    OpennessPeriod,
    OpennessTopic,
    Resolution,
    SessionKind,
    SessionStatus,
    WorkerBoardMember,
)

SESSION_FIELDS = ["enterprise", "term", "number", "kind", "status", "held_on", "delegates"]
SESSION_FIELDS += ["attendance"]
FIRST_YEAR = 1980  # 《全民所有制工业企业职工代表大会条例》 (1986) and the first 厂务公开 pilots


def _enterprise(actor: User, enterprise_id) -> Enterprise:
    """An enterprise kept by a union the actor writes for (404 otherwise)."""
    return get_visible_or_404(
        Enterprise.objects.select_related("keeper"), actor, write=True, pk=enterprise_id
    )


def _year(value, *, field: str) -> int:
    high = cleaning.today().year + 1
    if isinstance(value, bool) or not isinstance(value, int) or not FIRST_YEAR <= value <= high:
        raise ServiceError(
            _("Enter a year between %(low)s and %(high)s.") % {"low": FIRST_YEAR, "high": high},
            field=field,
        )
    return value


def _profile(enterprise: Enterprise) -> DemocracyProfile:
    profile, _created = DemocracyProfile.objects.select_for_update().get_or_create(
        enterprise=enterprise
    )
    return profile


def _establish(enterprise: Enterprise, field: str, on: date) -> None:
    """The system counts from its first recorded activity when no date was given."""
    profile = _profile(enterprise)
    if getattr(profile, field) is None or getattr(profile, field) > on:
        setattr(profile, field, on)
        profile.save(update_fields=[field, "updated_at"])


@transaction.atomic(durable=True)
def systems_set(
    *, actor: User, enterprise_id: int, congress_since=None, openness_since=None
) -> DemocracyProfile:
    """Record since when the enterprise has its congress system and its 厂务公开 (None:
    not set up)."""
    enterprise = _enterprise(actor, enterprise_id)
    profile = _profile(enterprise)
    fields = ["congress_since", "openness_since"]
    before = audit.snapshot(profile, fields)
    profile.congress_since = (
        None if congress_since is None else checks.day(congress_since, field="congress_since")
    )
    profile.openness_since = (
        None if openness_since is None else checks.day(openness_since, field="openness_since")
    )
    profile.save()
    audit.record(
        actor=actor,
        action=Action.DEMOCRACY_SYSTEMS,
        obj=profile,
        changes=audit.diff(before, audit.snapshot(profile, fields)),
    )
    return profile


def _attendance(value, delegates: int) -> int:
    attendance = checks.count(value, field="attendance", high=MAX_DELEGATES)
    if attendance > delegates:
        raise ServiceError(
            _("More delegates attended (%(attendance)s) than the congress has (%(delegates)s).")
            % {"attendance": attendance, "delegates": delegates},
            field="attendance",
        )
    return attendance


@transaction.atomic(durable=True)
def session_record(
    *,
    actor: User,
    enterprise_id: int,
    term: int,
    number: int,
    kind: str,
    held_on,
    delegates: int,
    status: str = SessionStatus.PLANNED,
    attendance: int | None = None,
    agenda: str = "",
) -> CongressSession:
    enterprise = _enterprise(actor, enterprise_id)
    status = cleaning.choice(status, SessionStatus, field="status")
    session = CongressSession(
        enterprise=enterprise,
        term=checks.count(term, field="term", low=1, high=100),
        number=checks.count(number, field="number", low=1, high=100),
        kind=cleaning.choice(kind, SessionKind, field="kind"),
        status=status,
        delegates=checks.count(delegates, field="delegates", low=1, high=MAX_DELEGATES),
        agenda=cleaning.text(agenda, field="agenda", max_length=500),
        created_by=actor,
    )
    held = status == SessionStatus.HELD
    # A planned session lies ahead; a held one has taken place.
    session.held_on = checks.day(held_on, field="held_on", default_today=False, future=not held)
    if held:
        session.attendance = _attendance(attendance, session.delegates)
    elif attendance:
        raise ServiceError(
            _("Record the attendance when the session has been held."), field="attendance"
        )
    if CongressSession.objects.filter(enterprise=enterprise, term=term, number=number).exists():
        raise ServiceError(
            _("Session %(number)s of term %(term)s is already on file.")
            % {"number": number, "term": term},
            code=Code.SESSION_DUPLICATE,
            field="number",
        )
    session.save()
    if held:
        _establish(enterprise, "congress_since", session.held_on)
    audit.record(
        actor=actor,
        action=Action.CONGRESS_SESSION,
        obj=session,
        changes=audit.snapshot(session, SESSION_FIELDS),
    )
    return session


def _session(actor: User, session_id) -> CongressSession:
    found = get_visible_or_404(CongressSession.objects.all(), actor, write=True, pk=session_id)
    return CongressSession.objects.select_for_update(of=("self",)).get(pk=found.pk)


@transaction.atomic(durable=True)
def session_held(*, actor: User, session_id: int, attendance: int, held_on=None) -> CongressSession:
    """A planned session took place: on which day, with how many delegates."""
    session = _session(actor, session_id)
    if session.status == SessionStatus.HELD:
        raise ServiceError(_("This session is already recorded as held."), code=Code.SESSION_HELD)
    before = audit.snapshot(session, SESSION_FIELDS)
    session.held_on = checks.day(
        session.held_on if held_on is None else held_on, field="held_on", default_today=False
    )
    session.attendance = _attendance(attendance, session.delegates)
    session.status = SessionStatus.HELD
    session.save(update_fields=["held_on", "attendance", "status"])
    _establish(session.enterprise, "congress_since", session.held_on)
    audit.record(
        actor=actor,
        action=Action.CONGRESS_HELD,
        obj=session,
        changes=audit.diff(before, audit.snapshot(session, SESSION_FIELDS)),
    )
    return session


@transaction.atomic(durable=True)
def resolution_add(*, actor: User, session_id: int, title: str) -> Resolution:
    session = _session(actor, session_id)
    if session.status != SessionStatus.HELD:
        raise ServiceError(
            _("A session adopts resolutions when it is held: record it as held first."),
            code=Code.SESSION_HELD,
        )
    resolution = Resolution.objects.create(
        session=session,
        title=checks.name(
            title, field="title", max_length=200, message=_("Say what the congress resolved.")
        ),
    )
    audit.record(
        actor=actor,
        action=Action.RESOLUTION_ADD,
        obj=resolution,
        changes=audit.snapshot(resolution, ["session", "title"]),
    )
    return resolution


@transaction.atomic(durable=True)
def resolution_follow_up(
    *, actor: User, resolution_id: int, follow_up: str, note: str = "", on=None
) -> Resolution:
    found = get_visible_or_404(
        Resolution.objects.select_related("session"), actor, write=True, pk=resolution_id
    )
    resolution = Resolution.objects.select_for_update(of=("self",)).get(pk=found.pk)
    fields = ["follow_up", "follow_up_note", "done_on"]
    before = audit.snapshot(resolution, fields)
    resolution.follow_up = cleaning.choice(follow_up, FollowUp, field="follow_up")
    resolution.follow_up_note = cleaning.text(note, field="note", max_length=500)
    if resolution.follow_up == FollowUp.DONE:
        done_on = checks.day(on, field="on")
        if done_on < found.session.held_on:
            raise ServiceError(_("Enter a day between the session and today."), field="on")
        resolution.done_on = done_on
    else:
        resolution.done_on = None
    resolution.save(update_fields=fields)
    audit.record(
        actor=actor,
        action=Action.RESOLUTION_FOLLOW_UP,
        obj=resolution,
        changes=audit.diff(before, audit.snapshot(resolution, fields)),
    )
    return resolution


@transaction.atomic(durable=True)
def openness_publish(
    *,
    actor: User,
    enterprise_id: int,
    topic: str,
    title: str,
    year: int,
    period: str,
    medium: str,
    published_on=None,
) -> OpennessItem:
    enterprise = _enterprise(actor, enterprise_id)
    item = OpennessItem(
        enterprise=enterprise,
        topic=cleaning.choice(topic, OpennessTopic, field="topic"),
        title=checks.name(
            title, field="title", max_length=200, message=_("Say what was made public.")
        ),
        year=_year(year, field="year"),
        period=cleaning.choice(period, OpennessPeriod, field="period"),
        medium=cleaning.choice(medium, OpennessMedium, field="medium"),
        published_on=checks.day(published_on, field="published_on"),
        created_by=actor,
    )
    item.save()
    _establish(enterprise, "openness_since", item.published_on)
    audit.record(
        actor=actor,
        action=Action.OPENNESS_PUBLISH,
        obj=item,
        changes=audit.snapshot(item, ["enterprise", "topic", "year", "period", "medium"]),
    )
    return item


@transaction.atomic(durable=True)
def board_member_elect(
    *,
    actor: User,
    enterprise_id: int,
    seat: str,
    name: str,
    elected_on,
    term_ends,
    post: str = "",
    session_id: int | None = None,
) -> WorkerBoardMember:
    enterprise = _enterprise(actor, enterprise_id)
    member = WorkerBoardMember(
        enterprise=enterprise,
        seat=cleaning.choice(seat, BoardSeat, field="seat"),
        name=checks.name(name, field="name", max_length=50, message=_("Enter the worker's name.")),
        post=cleaning.text(post, field="post", max_length=100),
        elected_on=checks.day(elected_on, field="elected_on", default_today=False),
        term_ends=checks.day(term_ends, field="term_ends", default_today=False, future=True),
        created_by=actor,
    )
    if member.term_ends <= member.elected_on:
        raise ServiceError(_("The term ends after the election."), field="term_ends")
    if session_id is not None:
        session = get_visible_or_404(CongressSession.objects.all(), actor, pk=session_id)
        if session.enterprise_id != enterprise.pk or session.status != SessionStatus.HELD:
            raise ServiceError(
                _("Choose a held session of this enterprise's congress."), field="session_id"
            )
        member.session = session
    member.save()
    audit.record(
        actor=actor,
        action=Action.BOARD_MEMBER_ELECT,
        obj=member,
        changes=audit.snapshot(member, ["enterprise", "seat", "elected_on", "term_ends"]),
    )
    return member


@transaction.atomic(durable=True)
def board_member_leave(*, actor: User, member_id: int, left_on=None) -> WorkerBoardMember:
    found = get_visible_or_404(WorkerBoardMember.objects.all(), actor, write=True, pk=member_id)
    member = WorkerBoardMember.objects.select_for_update(of=("self",)).get(pk=found.pk)
    if member.left_on is not None:
        raise ServiceError(_("This member has already left the seat."), code=Code.BOARD_MEMBER_LEFT)
    left = checks.day(left_on, field="left_on")
    if left < member.elected_on:
        raise ServiceError(_("Enter a day between the election and today."), field="left_on")
    member.left_on = left
    member.save(update_fields=["left_on"])
    audit.record(
        actor=actor,
        action=Action.BOARD_MEMBER_LEAVE,
        obj=member,
        changes={"left_on": [None, left.isoformat()]},
    )
    return member


@transaction.atomic(durable=True)
def unit_name(*, actor: User, enterprise_id: int, kind: str, named_on=None) -> DemonstrationUnit:
    """Name an enterprise a demonstration unit of 厂务公开民主管理."""
    enterprise = _enterprise(actor, enterprise_id)
    kind = cleaning.choice(kind, DemoUnitKind, field="kind")
    named_on = checks.day(named_on, field="named_on")
    if DemonstrationUnit.objects.filter(enterprise=enterprise, kind=kind).exists():
        raise ServiceError(
            _("The enterprise already holds this title."), code=Code.TITLE_HELD, field="kind"
        )
    unit = DemonstrationUnit.objects.create(enterprise=enterprise, kind=kind, named_on=named_on)
    audit.record(
        actor=actor,
        action=Action.DEMO_UNIT_NAME,
        obj=unit,
        changes=audit.snapshot(unit, ["enterprise", "kind", "named_on"]),
    )
    return unit


def result_for(score: int) -> str:
    if score >= PASS_SCORE:
        return AssessmentResult.KEPT
    return AssessmentResult.RECTIFY if score >= REVOKE_SCORE else AssessmentResult.REVOKED


@transaction.atomic(durable=True)
def assessment_record(
    *, actor: User, unit_id: int, year: int, score: int, assessed_on=None, note: str = ""
) -> Assessment:
    """A year's re-check or quality assessment: the score out of 100 decides the result
    (80 and above keeps the title, 60 to 79 rectifies, below 60 loses it)."""
    unit = get_visible_or_404(DemonstrationUnit.objects.all(), actor, write=True, pk=unit_id)
    year = _year(year, field="year")
    if year < unit.named_on.year:
        raise ServiceError(
            _("A unit is assessed from the year it was named (%(year)s).")
            % {"year": unit.named_on.year},
            field="year",
        )
    assessment = Assessment(
        unit=unit,
        year=year,
        score=checks.count(score, field="score", high=MAX_SCORE),
        assessed_on=checks.day(assessed_on, field="assessed_on"),
        note=cleaning.text(note, field="note", max_length=500),
        created_by=actor,
    )
    assessment.result = result_for(assessment.score)
    if Assessment.objects.filter(unit=unit, year=year).exists():
        raise ServiceError(
            _("This unit is already assessed for %(year)s.") % {"year": year},
            code=Code.ASSESSED,
            field="year",
        )
    try:
        with transaction.atomic():
            assessment.save()
    except IntegrityError:  # a second assessor got there first
        raise ServiceError(
            _("This unit is already assessed for %(year)s.") % {"year": year},
            code=Code.ASSESSED,
            field="year",
        ) from None
    audit.record(
        actor=actor,
        action=Action.ASSESSMENT_RECORD,
        obj=assessment,
        changes=audit.snapshot(assessment, ["unit", "year", "score", "result"]),
    )
    return assessment
