"""Every write about competitions, contests and training: atomic, checked, audited.

Who may act:
* a competition, its events and its participating enterprises: staff who may write at the
  organizer; a sub-competition is organized by a union inside its parent's organizer;
* the project library: the organizer's staff propose; staff of the provincial federation
  above it list or refuse — not the one who proposed;
* a contestant: a worker enters an open event of a federation above their union, or staff
  enter them; the holder's staff accept or refuse — not the one who entered them — and
  record the result of an accepted contestant;
* a training session: staff of the organizer record it; another of them approves it.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.campaigns import ledger
from gonghui.campaigns.ledger import Leg, PostingSpec
from gonghui.core import audit, cleaning
from gonghui.core.errors import Code as CoreCode
from gonghui.core.errors import NotFound, ServiceError, from_validation_error
from gonghui.core.money import check_fen
from gonghui.core.scoping import get_visible_or_404, path_visible
from gonghui.core.updates import audited_update
from gonghui.orgs.models import Enterprise, Organization, OrgKind
from gonghui.orgs.services import writable_org

from .apps import SUBSIDY_ACCOUNT, SUBSIDY_POSTING
from .codes import Action, Code
from .models import (
    Competition,
    CompetitionKind,
    Contestant,
    EntryStatus,
    Event,
    LibraryStatus,
    Participation,
    ReviewStatus,
    Round,
    TrainingKind,
    TrainingSession,
)
from .selectors import competition_get, contestant_get, event_get, open_events_q, worker_membership

COMPETITION_FIELDS = [
    "union",
    "parent",
    "kind",
    "title",
    "theme",
    "theme_en",
    "starts_on",
    "ends_on",
]
EVENT_FIELDS = ["competition", "trade", "round", "held_on", "participants", "open_for_entries"]
TRAINING_FIELDS = ["union", "enterprise", "kind", "course", "held_on", "trainees", "subsidy"]
MAX_WORKERS = 10_000_000
MAX_PARTICIPANTS = 10_000_000
MAX_TRAINEES = 1_000_000
MAX_SCORE = Decimal("1000")


def _validate(obj, exclude: list[str]) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise from_validation_error(exc) from exc


def _active_union(actor: User, union_id, field: str = "union_id") -> Organization:
    union = writable_org(actor, union_id, field)
    if not union.is_active:
        raise ServiceError(_("This union is no longer active."), field=field)
    return union


def _bounded(value, *, field: str, low: int, high: int, message: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ServiceError(message % {"low": low, "high": high}, field=field)
    return value


def _enterprise_under(actor: User, enterprise_id, union: Organization) -> Enterprise:
    """An enterprise the actor sees, kept inside `union`'s subtree."""
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


# ---- competitions ----------------------------------------------------------------------


def _check_competition(c: Competition) -> None:
    if c.starts_on and c.ends_on and c.ends_on < c.starts_on:
        raise ServiceError(_("The competition ends before it starts."), field="ends_on")
    if c.parent_id is not None:
        parent = c.parent
        assert parent is not None
        if not c.union.path.startswith(parent.union.path):
            raise ServiceError(
                _("A sub-competition is organized by a union under the parent's organizer."),
                field="parent_id",
            )
        if parent.kind != c.kind:
            raise ServiceError(
                _("A sub-competition is of its parent's kind (%(kind)s).")
                % {"kind": parent.get_kind_display()},
                field="kind",
            )
    _validate(c, exclude=["union", "parent", "created_by", "proposed_by", "library_decided_by"])


def _parent(actor: User, parent_id) -> Competition | None:
    if parent_id is None:
        return None
    try:
        return Competition.objects.visible_to(actor).select_related("union").get(pk=parent_id)
    except (Competition.DoesNotExist, ValueError, TypeError):
        raise ServiceError(_("No such competition in your subtree."), field="parent_id") from None


def _theme_en(value) -> str:
    """Optional English beside the theme: no Chinese in it (the length: the model's)."""
    return cleaning.english(value, field="theme_en")


@transaction.atomic(durable=True)
def competition_create(
    *,
    actor: User,
    union_id: int,
    kind: str,
    title: str,
    starts_on: date,
    ends_on: date,
    theme: str = "",
    parent_id: int | None = None,
    theme_en: str = "",
) -> Competition:
    competition = Competition(
        union=_active_union(actor, union_id),
        parent=_parent(actor, parent_id),
        kind=cleaning.choice(kind, CompetitionKind, field="kind"),
        title=cleaning.text(title, field="title", required=True),
        theme=cleaning.text(theme, field="theme"),
        theme_en=_theme_en(theme_en),
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    _check_competition(competition)
    competition.save()
    audit.record(
        actor=actor,
        action=Action.COMPETITION_CREATE,
        obj=competition,
        changes=audit.snapshot(competition, COMPETITION_FIELDS),
    )
    return competition


@transaction.atomic(durable=True)
def competition_update(*, actor: User, competition_id: int, **changes) -> Competition:
    competition = competition_get(actor=actor, competition_id=competition_id, write=True)
    competition = (
        Competition.objects.select_for_update(of=("self",))
        .select_related("union", "parent__union")
        .get(pk=competition.pk)
    )
    audited_update(
        competition,
        changes,
        actor=actor,
        editable={
            "title": lambda v: cleaning.text(v, field="title", required=True),
            "theme": lambda v: cleaning.text(v, field="theme"),
            "theme_en": _theme_en,
            "starts_on": None,
            "ends_on": None,
        },
        audit_fields=COMPETITION_FIELDS,
        check=_check_competition,
        action=Action.COMPETITION_UPDATE,
    )
    return competition


def _locked(model, pk):
    return model.objects.select_for_update().get(pk=pk)


@transaction.atomic(durable=True)
def library_propose(*, actor: User, competition_id: int) -> Competition:
    """The organizer proposes its competition for the province's project library."""
    competition = competition_get(actor=actor, competition_id=competition_id, write=True)
    competition = _locked(Competition, competition.pk)
    if competition.kind == CompetitionKind.ANKANG:
        raise ServiceError(
            _("The project library takes labour and skills competitions."),
            code=Code.WRONG_STEP,
            field="kind",
        )
    if competition.library_status not in (LibraryStatus.NONE, LibraryStatus.REFUSED):
        raise ServiceError(
            _("This competition is already proposed or in the library."), code=Code.WRONG_STEP
        )
    competition.library_status = LibraryStatus.PROPOSED
    competition.proposed_by = actor
    competition.library_decided_by = None
    competition.library_decided_on = None
    competition.save(
        update_fields=[
            "library_status",
            "proposed_by",
            "library_decided_by",
            "library_decided_on",
            "updated_at",
        ]
    )
    audit.record(
        actor=actor,
        action=Action.LIBRARY_PROPOSE,
        obj=competition,
        changes={"library_status": LibraryStatus.PROPOSED},
    )
    return competition


def may_decide_library(actor: User, competition: Competition) -> bool:
    """Staff of a provincial federation at or above the organizer, other than the proposer."""
    if competition.library_status != LibraryStatus.PROPOSED:
        return False
    if competition.proposed_by_id == actor.pk:
        return False
    provinces = [p for p in competition.union.ancestors_paths() if p.count("/") == 2]
    return any(
        path_visible(actor, p, write=True)
        and Organization.objects.filter(path=p, kind=OrgKind.PROVINCIAL).exists()
        for p in provinces
    )


@transaction.atomic(durable=True)
def library_decide(
    *, actor: User, competition_id: int, listed: bool, on: date | None = None
) -> Competition:
    competition = competition_get(actor=actor, competition_id=competition_id, write=True)
    competition = (
        Competition.objects.select_for_update().select_related("union").get(pk=competition.pk)
    )
    if competition.library_status != LibraryStatus.PROPOSED:
        raise ServiceError(_("This competition is not proposed."), code=Code.WRONG_STEP)
    if competition.proposed_by_id == actor.pk:
        raise ServiceError(
            _("The one who proposed a competition may not decide on it."), code=Code.SAME_PERSON
        )
    if not may_decide_library(actor, competition):
        raise ServiceError(
            _("Only staff of the provincial federation decide on the project library."),
            code=CoreCode.FORBIDDEN,
        )
    on = on or cleaning.today()
    if on > cleaning.today():
        raise ServiceError(_("The day of the decision cannot be in the future."), field="on")
    competition.library_status = LibraryStatus.LISTED if listed else LibraryStatus.REFUSED
    competition.library_decided_by = actor
    competition.library_decided_on = on
    competition.save(
        update_fields=["library_status", "library_decided_by", "library_decided_on", "updated_at"]
    )
    audit.record(
        actor=actor,
        action=Action.LIBRARY_DECIDE,
        obj=competition,
        changes={"library_status": competition.library_status, "on": on.isoformat()},
    )
    return competition


# ---- participating enterprises -----------------------------------------------------------


@transaction.atomic(durable=True)
def participation_record(
    *, actor: User, competition_id: int, enterprise_id: int, workers: int
) -> Participation:
    competition = competition_get(actor=actor, competition_id=competition_id, write=True)
    enterprise = _enterprise_under(actor, enterprise_id, competition.union)
    workers = _bounded(
        workers,
        field="workers",
        low=1,
        high=MAX_WORKERS,
        message=_("Workers covered is a number from %(low)s to %(high)s."),
    )
    if Participation.objects.filter(competition=competition, enterprise=enterprise).exists():
        raise ServiceError(
            _("This enterprise already takes part in this competition."),
            code=Code.DUPLICATE,
            field="enterprise_id",
        )
    participation = Participation(
        competition=competition,
        enterprise=enterprise,
        union=enterprise.keeper,
        workers=workers,
        recorded_by=actor,
    )
    try:
        with transaction.atomic():
            participation.save()
    except IntegrityError:
        raise ServiceError(
            _("This enterprise already takes part in this competition."),
            code=Code.DUPLICATE,
            field="enterprise_id",
        ) from None
    audit.record(
        actor=actor,
        action=Action.PARTICIPATION_RECORD,
        obj=participation,
        changes={"competition": competition.pk, "enterprise": enterprise.pk, "workers": workers},
    )
    return participation


@transaction.atomic(durable=True)
def participation_remove(*, actor: User, participation_id: int) -> None:
    participation = get_visible_or_404(
        Participation.objects.select_related("union"), actor, write=True, pk=participation_id
    )
    audit.record(
        actor=actor,
        action=Action.PARTICIPATION_REMOVE,
        obj=participation,
        changes={
            "competition": participation.competition_id,
            "enterprise": participation.enterprise_id,
            "workers": participation.workers,
        },
    )
    participation.delete()


# ---- skills contest events -------------------------------------------------------------------


def _check_event(event: Event) -> None:
    if event.competition.kind != CompetitionKind.SKILLS:
        raise ServiceError(_("Events by trade belong to a skills contest."), field="competition_id")
    _bounded(
        event.participants,
        field="participants",
        low=0,
        high=MAX_PARTICIPANTS,
        message=_("Workers taking part is a number from %(low)s to %(high)s."),
    )
    _validate(event, exclude=["competition", "union", "created_by"])


@transaction.atomic(durable=True)
def event_create(
    *,
    actor: User,
    competition_id: int,
    trade: str,
    round: str,
    held_on: date,
    participants: int = 0,
    open_for_entries: bool = False,
) -> Event:
    competition = competition_get(actor=actor, competition_id=competition_id, write=True)
    event = Event(
        competition=competition,
        union=competition.union,
        trade=cleaning.text(trade, field="trade", required=True),
        round=cleaning.choice(round, Round, field="round"),
        held_on=held_on,
        participants=participants,
        open_for_entries=bool(open_for_entries),
        created_by=actor,
    )
    _check_event(event)
    event.save()
    audit.record(
        actor=actor,
        action=Action.EVENT_CREATE,
        obj=event,
        changes=audit.snapshot(event, EVENT_FIELDS),
    )
    return event


@transaction.atomic(durable=True)
def event_update(*, actor: User, event_id: int, **changes) -> Event:
    event = event_get(actor=actor, event_id=event_id, write=True)
    event = Event.objects.select_for_update().select_related("competition").get(pk=event.pk)
    audited_update(
        event,
        changes,
        actor=actor,
        editable={
            "trade": lambda v: cleaning.text(v, field="trade", required=True),
            "round": lambda v: cleaning.choice(v, Round, field="round"),
            "held_on": None,
            "participants": None,
            "open_for_entries": bool,
        },
        audit_fields=EVENT_FIELDS,
        check=_check_event,
        action=Action.EVENT_UPDATE,
    )
    return event


# ---- contestants ------------------------------------------------------------------------------


def _name(value) -> str:
    return cleaning.text(value, field="name", required=True, max_length=50)


@transaction.atomic(durable=True)
def contestant_add(*, actor: User, event_id: int, name: str, employer: str = "") -> Contestant:
    """Staff of the holder enter a contestant (another of them accepts the entry)."""
    event = event_get(actor=actor, event_id=event_id, write=True)
    contestant = Contestant.objects.create(
        event=event,
        name=_name(name),
        employer=cleaning.text(employer, field="employer", max_length=120),
        entered_by=actor,
    )
    audit.record(
        actor=actor,
        action=Action.CONTESTANT_ENTER,
        obj=contestant,
        changes={"event": event.pk, "name": contestant.name, "employer": contestant.employer},
    )
    return contestant


@transaction.atomic(durable=True)
def contest_enter(*, actor: User, event_id: int) -> Contestant:
    """A worker enters an open event themselves; the holder's staff review the entry."""
    membership = worker_membership(actor)
    # An event that is not open to this worker answers as one that does not exist (404):
    # only members enter, and only what their union and the federations above it hold.
    if membership is None:
        raise NotFound(_("This contest is not open for your entry."))
    try:
        event = open_events_q(membership.union).select_related("competition").get(pk=event_id)
    except (Event.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("This contest is not open for your entry.")) from None
    if Contestant.objects.filter(event=event, user=actor).exists():
        raise ServiceError(
            _("You have already entered this contest."), code=Code.DUPLICATE, field="event_id"
        )
    union = membership.union
    employer = union.enterprise.name if union.enterprise_id and union.enterprise else union.name
    contestant = Contestant(
        event=event,
        name=membership.person.name,
        employer=employer,
        user=actor,
        entered_by=actor,
    )
    try:
        with transaction.atomic():
            contestant.save()
    except IntegrityError:
        raise ServiceError(
            _("You have already entered this contest."), code=Code.DUPLICATE, field="event_id"
        ) from None
    audit.record(
        actor=actor,
        action=Action.CONTESTANT_ENTER,
        obj=contestant,
        changes={"event": event.pk, "self": True},
    )
    return contestant


@transaction.atomic(durable=True)
def contestant_review(
    *, actor: User, contestant_id: int, accept: bool, note: str = ""
) -> Contestant:
    contestant = contestant_get(actor=actor, contestant_id=contestant_id, write=True)
    contestant = _locked(Contestant, contestant.pk)
    note = cleaning.text(note, field="note", max_length=200)
    if contestant.status != EntryStatus.APPLIED:
        raise ServiceError(_("This entry is already reviewed."), code=Code.WRONG_STEP)
    if contestant.entered_by_id == actor.pk:
        raise ServiceError(
            _("The one who entered a contestant may not review the entry."),
            code=Code.SAME_PERSON,
        )
    if not accept and not note:
        raise ServiceError(_("Say why the entry is refused."), field="note")
    contestant.status = EntryStatus.ACCEPTED if accept else EntryStatus.REFUSED
    contestant.reviewed_by = actor
    contestant.review_note = note
    contestant.save(update_fields=["status", "reviewed_by", "review_note"])
    audit.record(
        actor=actor,
        action=Action.CONTESTANT_REVIEW,
        obj=contestant,
        changes={"status": contestant.status, "note": note},
    )
    return contestant


def _score(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        score = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ServiceError(_("The score is a number."), field="score") from None
    if not score.is_finite() or not Decimal(0) <= score <= MAX_SCORE:
        raise ServiceError(
            _("The score is between 0 and %(max)s.") % {"max": MAX_SCORE}, field="score"
        )
    if score != score.quantize(Decimal("0.01")):
        raise ServiceError(_("The score has at most two decimals."), field="score")
    return score


@transaction.atomic(durable=True)
def contestant_result(
    *,
    actor: User,
    contestant_id: int,
    score=None,
    rank: int | None = None,
    title: str = "",
) -> Contestant:
    contestant = contestant_get(actor=actor, contestant_id=contestant_id, write=True)
    contestant = _locked(Contestant, contestant.pk)
    if contestant.status != EntryStatus.ACCEPTED:
        raise ServiceError(
            _("Results are recorded for accepted contestants only."), code=Code.WRONG_STEP
        )
    contestant.score = _score(score)
    if rank is not None:
        rank = _bounded(
            rank,
            field="rank",
            low=1,
            high=100_000,
            message=_("The rank is a number from %(low)s to %(high)s."),
        )
    contestant.rank = rank
    contestant.title = cleaning.text(title, field="title", max_length=60)
    contestant.save(update_fields=["score", "rank", "title"])
    audit.record(
        actor=actor,
        action=Action.CONTESTANT_RESULT,
        obj=contestant,
        changes={
            "score": str(contestant.score) if contestant.score is not None else None,
            "rank": rank,
            "title": contestant.title,
        },
    )
    return contestant


# ---- training -----------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def training_record(
    *,
    actor: User,
    union_id: int,
    enterprise_id: int,
    kind: str,
    course: str,
    held_on: date,
    trainees: int,
    subsidy: int = 0,
) -> TrainingSession:
    """Training given to one enterprise; `subsidy` in fen."""
    union = _active_union(actor, union_id)
    session = TrainingSession(
        union=union,
        enterprise=_enterprise_under(actor, enterprise_id, union),
        kind=cleaning.choice(kind, TrainingKind, field="kind"),
        course=cleaning.text(course, field="course", required=True, max_length=120),
        held_on=held_on,
        trainees=_bounded(
            trainees,
            field="trainees",
            low=1,
            high=MAX_TRAINEES,
            message=_("Trainees is a number from %(low)s to %(high)s."),
        ),
        subsidy=check_fen(subsidy, field="subsidy", allow_zero=True),
        recorded_by=actor,
    )
    if held_on > cleaning.today():
        raise ServiceError(
            _("Training is recorded once it has been given: the date cannot be in the future."),
            field="held_on",
        )
    _validate(session, exclude=["union", "enterprise", "recorded_by", "reviewed_by"])
    session.save()
    audit.record(
        actor=actor,
        action=Action.TRAINING_RECORD,
        obj=session,
        changes=audit.snapshot(session, TRAINING_FIELDS),
    )
    return session


@transaction.atomic(durable=True)
def training_review(*, actor: User, session_id: int, approve: bool) -> TrainingSession:
    session = get_visible_or_404(
        TrainingSession.objects.select_related("union"), actor, write=True, pk=session_id
    )
    session = _locked(TrainingSession, session.pk)
    if session.status != ReviewStatus.RECORDED:
        raise ServiceError(_("This session is already reviewed."), code=Code.WRONG_STEP)
    if session.recorded_by_id == actor.pk:
        raise ServiceError(
            _("The one who recorded a session may not approve it."), code=Code.SAME_PERSON
        )
    session.status = ReviewStatus.APPROVED if approve else ReviewStatus.REJECTED
    session.reviewed_by = actor
    session.save(update_fields=["status", "reviewed_by"])
    audit.record(
        actor=actor,
        action=Action.TRAINING_REVIEW,
        obj=session,
        changes={"status": session.status, "subsidy": session.subsidy},
    )
    return session


@transaction.atomic(durable=True)
def training_pay(*, actor: User, session_id: int) -> TrainingSession:
    """Pay an approved session's subsidy from the organizer's general funds, once. The one
    who recorded the session does not pay it (maker and checker); with too little in the
    funds nothing is written and the refusal says how much is left."""
    session = get_visible_or_404(
        TrainingSession.objects.select_related("union"), actor, write=True, pk=session_id
    )
    session = _locked(TrainingSession, session.pk)
    if session.posting_id is not None:
        raise ServiceError(_("This subsidy is paid already."), code=Code.PAID)
    if session.status != ReviewStatus.APPROVED:
        raise ServiceError(
            _("A subsidy is paid after the session is approved."), code=Code.WRONG_STEP
        )
    if not session.subsidy:
        raise ServiceError(_("This session has no subsidy to pay."), field="subsidy")
    if session.recorded_by_id == actor.pk:
        raise ServiceError(
            _("The one who recorded a session may not pay its subsidy."), code=Code.SAME_PERSON
        )
    amount = session.subsidy
    session.posting = ledger.post(
        PostingSpec(
            SUBSIDY_POSTING,
            session.union_id,
            memo=f"{session.held_on} {session.course}",
            legs=[
                Leg(session.union_id, SUBSIDY_ACCOUNT, amount),
                Leg(session.union_id, "available", -amount),
            ],
        ),
        actor=actor,
        field="subsidy",
    )
    session.paid_by = actor
    session.save(update_fields=["posting", "paid_by"])
    audit.record(
        actor=actor,
        action=Action.TRAINING_PAID,
        obj=session,
        changes={"subsidy": amount, "posting": session.posting.pk},
    )
    return session
