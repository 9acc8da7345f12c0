"""Every write about honours: atomic, checked, audited. Who may act is said at each step:
a federation decides its own step, the scheme's federation resolves objections and
awards, and the one who entered a nomination never approves it."""

import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.assistance.models import HardshipFile
from gonghui.campaigns import ledger
from gonghui.campaigns.ledger import Leg, PostingSpec
from gonghui.competitions.models import Contestant, EntryStatus
from gonghui.core import audit, cleaning, crypto
from gonghui.core.errors import Code as CoreCode
from gonghui.core.errors import ServiceError
from gonghui.core.money import check_fen
from gonghui.core.scoping import get_visible_or_404
from gonghui.core.types import Actor
from gonghui.core.updates import audited_update
from gonghui.core.validators import clean_resident_id, normalize_phone
from gonghui.members.models import Membership, MembershipStatus, Person
from gonghui.orgs.models import FEDERATION_KINDS, Organization
from gonghui.orgs.services import writable_org

from . import selectors
from .apps import CARE_ACCOUNT, CARE_POSTING
from .codes import Action, Code
from .models import (
    OPEN_STATUSES,
    Care,
    CareKind,
    Category,
    Event,
    EventKind,
    Level,
    ModelWorker,
    Nomination,
    Objection,
    ObjectionStatus,
    Quota,
    Scheme,
    SchemeKind,
    Status,
    Step,
    StepDecision,
    Subject,
    Subjects,
    Title,
    WorkerStatus,
)

MAX_DEEDS = 5000
MAX_NOTICE_DAYS = 30
MAX_PLACES = 100_000
MAX_VOTES = 10_000


def _int(value, *, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ServiceError(
            _("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high},
            field=field,
        )
    return value


def _date(value, *, field: str) -> date:
    if not isinstance(value, date):
        raise ServiceError(_("Enter a date."), field=field)
    return value


def _id_number(value, *, field: str = "id_number") -> str:
    raw = cleaning.text(value, field=field, required=True)
    try:
        return clean_resident_id(raw)
    except ValidationError as exc:
        raise ServiceError(exc.messages[0], field=field) from exc


PHONE = re.compile(
    r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$"
)  # a mobile, or a landline with its area code


def _contact(value, *, field: str = "contact") -> str:
    """A phone number, encrypted; empty stays empty."""
    raw = cleaning.text(value, field=field, max_length=30)
    if not raw:
        return ""
    phone = normalize_phone(raw)
    if not PHONE.match(phone):
        raise ServiceError(
            _("Enter a mobile number, or a landline with its area code."), field=field
        )
    return crypto.encrypt(phone)


# ---- schemes and quotas ----------------------------------------------------------------


@transaction.atomic(durable=True)
def scheme_create(
    *,
    actor: User,
    owner_id: int,
    kind: str,
    level: str,
    title: str,
    year: int,
    opens_on: date,
    closes_on: date,
    subjects: str = Subjects.BOTH,
    notice_days: int = 5,
    managers_max_percent: int = 100,
) -> Scheme:
    """A federation announces a round of an honour to the unions below it."""
    owner = writable_org(actor, owner_id, "owner_id")
    if owner.kind not in FEDERATION_KINDS:
        raise ServiceError(_("Honours are run by a federation (总工会)."), field="owner_id")
    scheme = Scheme(
        owner=owner,
        kind=cleaning.choice(kind, SchemeKind, field="kind"),
        level=cleaning.choice(level, Level, field="level"),
        title=cleaning.text(title, field="title", required=True, max_length=100),
        year=_int(year, field="year", low=1950, high=2100),
        subjects=cleaning.choice(subjects, Subjects, field="subjects"),
        opens_on=_date(opens_on, field="opens_on"),
        closes_on=_date(closes_on, field="closes_on"),
        notice_days=_int(notice_days, field="notice_days", low=1, high=MAX_NOTICE_DAYS),
        managers_max_percent=_int(
            managers_max_percent, field="managers_max_percent", low=0, high=100
        ),
        created_by=actor,
    )
    if scheme.closes_on < scheme.opens_on:
        raise ServiceError(_("Nominations close after they open."), field="closes_on")
    scheme.save()
    audit.record(
        actor=actor,
        action=Action.SCHEME_CREATED,
        obj=scheme,
        changes=audit.snapshot(
            scheme, ["owner", "kind", "level", "title", "year", "opens_on", "closes_on"]
        ),
    )
    return scheme


@transaction.atomic(durable=True)
def quota_set(
    *, actor: User, scheme_id: int, union_id: int, people: int = 0, collectives: int = 0
) -> Quota:
    """The scheme's federation gives a lower union its places (setting them again
    replaces them; fewer than already taken is refused)."""
    scheme = selectors.scheme_get(actor=actor, scheme_id=scheme_id, write=True)
    union = writable_org(actor, union_id, "union_id")
    if union.pk == scheme.owner_id or not union.path.startswith(scheme.owner.path):
        raise ServiceError(
            _("Places go to a union below %(owner)s.") % {"owner": scheme.owner.name},
            code=Code.NOT_HERE,
            field="union_id",
        )
    people = _int(people, field="people", low=0, high=MAX_PLACES)
    collectives = _int(collectives, field="collectives", low=0, high=MAX_PLACES)
    Scheme.objects.select_for_update().get(pk=scheme.pk)
    quota, _created = Quota.objects.get_or_create(
        scheme=scheme, union=union, defaults={"set_by": actor}
    )
    taken = selectors.places_taken(quota)
    if people < taken["people"] or collectives < taken["collectives"]:
        raise ServiceError(
            _("%(people)s people and %(collectives)s collectives hold places already.") % taken,
            code=Code.QUOTA_FULL,
            field="people" if people < taken["people"] else "collectives",
        )
    before = {"people": quota.people, "collectives": quota.collectives}
    quota.people, quota.collectives, quota.set_by = people, collectives, actor
    quota.save()
    audit.record(
        actor=actor,
        action=Action.QUOTA_SET,
        obj=quota,
        changes=audit.diff(before, {"people": people, "collectives": collectives}),
    )
    return quota


# ---- nominations -----------------------------------------------------------------------


def chain_for(union: Organization, owner: Organization) -> list[Organization]:
    """The federations that review, from the one above the nominating union up to the
    scheme's own; a federation nominating to its own scheme reviews it itself."""
    paths = [p for p in union.ancestors_paths() if p.startswith(owner.path) and p != union.path]
    chain = list(
        Organization.objects.filter(path__in=paths, kind__in=FEDERATION_KINDS).order_by("-depth")
    )
    return chain or [owner]


def _check_places(scheme: Scheme, union: Organization, subject: str, category: str) -> None:
    if not scheme.quotas.exists():
        return  # a scheme without quotas takes every nomination
    quota = selectors.quota_for(scheme=scheme, union=union)
    if quota is None:
        raise ServiceError(
            _("%(scheme)s gave %(union)s no places.") % {"scheme": scheme, "union": union.name},
            code=Code.NO_QUOTA,
            field="union_id",
        )
    taken = selectors.places_taken(quota)
    if subject == Subject.PERSON and taken["people"] >= quota.people:
        raise ServiceError(
            _("The %(n)s places for people of %(union)s are taken.")
            % {"n": quota.people, "union": quota.union.name},
            code=Code.QUOTA_FULL,
            field="subject",
        )
    if subject == Subject.COLLECTIVE and taken["collectives"] >= quota.collectives:
        raise ServiceError(
            _("The %(n)s places for collectives of %(union)s are taken.")
            % {"n": quota.collectives, "union": quota.union.name},
            code=Code.QUOTA_FULL,
            field="subject",
        )
    if category == Category.MANAGER and taken["managers"] >= quota.managers_max:
        raise ServiceError(
            _(
                "At most %(n)s of the places of %(union)s go to managers: front-line "
                "workers and technicians come first."
            )
            % {"n": quota.managers_max, "union": quota.union.name},
            code=Code.QUOTA_FULL,
            field="category",
        )


@transaction.atomic(durable=True)
def nomination_create(
    *,
    actor: User,
    scheme_id: int,
    union_id: int,
    subject: str,
    deeds: str,
    category: str = Category.FRONTLINE,
    person_id: int | None = None,
    name: str = "",
    id_number: str = "",
    employer: str = "",
    position: str = "",
    documents: str = "",
) -> Nomination:
    """A lower union nominates a member (`person_id`), a person it names (with their ID
    number) or a collective, to a scheme of a federation above it."""
    return _nominate(
        actor=actor,
        union=writable_org(actor, union_id, "union_id"),
        scheme_id=scheme_id,
        subject=subject,
        deeds=deeds,
        category=category,
        person_id=person_id,
        name=name,
        id_number=id_number,
        employer=employer,
        position=position,
        documents=documents,
    )


def _nominate(
    *,
    actor: User,
    union: Organization,
    scheme_id: int,
    subject: str,
    deeds: str,
    category: str = Category.FRONTLINE,
    person_id: int | None = None,
    name: str = "",
    id_number: str = "",
    employer: str = "",
    position: str = "",
    documents: str = "",
    source: Contestant | None = None,
) -> Nomination:
    """The checks and writes of a nomination, inside the caller's transaction."""
    scheme = selectors.scheme_for_union(scheme_id=scheme_id, union=union)
    if scheme is None:
        raise ServiceError(
            _("No such honour scheme above %(union)s.") % {"union": union.name},
            code=Code.NOT_HERE,
            field="scheme_id",
        )
    today = cleaning.today()
    if not scheme.opens_on <= today <= scheme.closes_on:
        raise ServiceError(
            _("%(scheme)s takes nominations from %(start)s to %(end)s.")
            % {"scheme": scheme.title, "start": scheme.opens_on, "end": scheme.closes_on},
            code=Code.CLOSED,
            field="scheme_id",
        )
    subject = cleaning.choice(subject, Subject, field="subject")
    if subject == Subject.PERSON and not scheme.takes_people:
        raise ServiceError(_("This scheme honours collectives only."), field="subject")
    if subject == Subject.COLLECTIVE and not scheme.takes_collectives:
        raise ServiceError(_("This scheme honours people only."), field="subject")
    nomination = Nomination(
        scheme=scheme,
        union=union,
        subject=subject,
        deeds=cleaning.text(
            deeds,
            field="deeds",
            required=True,
            max_length=MAX_DEEDS,
            message=_("Write the deeds: what the nominee did."),
        ),
        documents=cleaning.text(documents, field="documents", max_length=500),
        position=cleaning.text(position, field="position", max_length=60),
        source=source,
        entered_by=actor,
    )
    if subject == Subject.COLLECTIVE:
        nomination.category = Category.COLLECTIVE
        nomination.name = cleaning.text(
            name, field="name", required=True, max_length=100, message=_("Name the collective.")
        )
        nomination.employer = cleaning.text(employer, field="employer", max_length=120)
    else:
        category = cleaning.choice(category, Category, field="category")
        if category == Category.COLLECTIVE:
            raise ServiceError(_("Choose the person's category."), field="category")
        nomination.category = category
        if person_id is not None:
            membership = (
                Membership.objects.visible_to(actor)
                .filter(
                    person_id=person_id,
                    status=MembershipStatus.ACTIVE,
                    union__path__startswith=union.path,
                )
                .select_related("person")
                .first()
            )
            if membership is None:
                raise ServiceError(
                    _("No active member with this number in %(union)s.") % {"union": union.name},
                    field="person_id",
                )
            person = membership.person
            nomination.person = person
            nomination.name = person.name
            nomination.id_cipher, nomination.id_index = person.id_cipher, person.id_index
            nomination.employer = cleaning.text(
                employer or person.employer_name, field="employer", max_length=120
            )
        else:
            nomination.name = cleaning.text(
                name, field="name", required=True, max_length=50, message=_("Name the person.")
            )
            number = _id_number(id_number)
            nomination.id_cipher = crypto.encrypt(number)
            nomination.id_index = crypto.blind_index(number)
            nomination.employer = cleaning.text(employer, field="employer", max_length=120)
    if not nomination.employer:
        raise ServiceError(_("Give the employer."), field="employer")
    Scheme.objects.select_for_update().get(pk=scheme.pk)  # one place counted at a time
    if (
        subject == Subject.PERSON
        and Nomination.objects.filter(
            scheme=scheme, id_index=nomination.id_index, status__in=OPEN_STATUSES
        ).exists()
    ):
        raise ServiceError(
            _("This person already has an open nomination for %(scheme)s.")
            % {"scheme": scheme.title},
            code=Code.OPEN_NOMINATION,
            field="person_id" if person_id is not None else "id_number",
        )
    _check_places(scheme, union, subject, nomination.category)
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError as exc:  # a nomination of the same person in between
        raise ServiceError(
            _("This person already has an open nomination for %(scheme)s.")
            % {"scheme": scheme.title},
            code=Code.OPEN_NOMINATION,
            field="id_number",
        ) from exc
    Step.objects.bulk_create(
        Step(nomination=nomination, order=i, org=org)
        for i, org in enumerate(chain_for(union, scheme.owner), start=1)
    )
    audit.record(
        actor=actor,
        action=Action.NOMINATED,
        obj=nomination,
        changes={
            "scheme": scheme.pk,
            "union": union.pk,
            "subject": subject,
            "category": nomination.category,
            "name": nomination.public_name,
            "source": source.pk if source else None,
        },
    )
    return nomination


def is_winner(contestant: Contestant) -> bool:
    """What a contest result must be to be put forward: an accepted entry that took first
    place or a title (技术能手)."""
    return contestant.status == EntryStatus.ACCEPTED and (
        contestant.rank == 1 or bool(contestant.title)
    )


def result_deeds(contestant: Contestant) -> str:
    event = contestant.event
    parts = []
    if contestant.rank == 1:
        parts.append(_("took first place"))
    if contestant.title:
        parts.append(_("was awarded the title %(title)s") % {"title": contestant.title})
    return _("In %(competition)s, %(trade)s (%(round)s), %(what)s.") % {
        "competition": event.competition.title,
        "trade": event.trade,
        "round": event.get_round_display(),
        "what": _(", and ").join(str(p) for p in parts),
    }


@transaction.atomic(durable=True)
def nominate_from_results(
    *,
    actor: User,
    scheme_id: int,
    union_id: int,
    contestant_ids: list[int],
    id_numbers: dict[int, str] | None = None,
    category: str = Category.TECHNICIAN,
) -> tuple[list[Nomination], list[Nomination]]:
    """Put a contest's winners forward to an honour scheme (issue 14/17): one nomination
    per chosen result, naming the result, in the scheme's review flow like any other.
    A result already put forward to the scheme is left as it is (so the action may be
    repeated); all or nothing otherwise. A winner without a member account gives the ID
    number in `id_numbers`. Returns (made now, made before)."""
    union = writable_org(actor, union_id, "union_id")
    ids = sorted({int(i) for i in contestant_ids if not isinstance(i, bool)})
    if not ids:
        raise ServiceError(_("Choose the winners to nominate."), field="contestant_ids")
    id_numbers = id_numbers or {}
    contestants = [
        get_visible_or_404(
            Contestant.objects.select_related("event__competition", "user"), actor, pk=i
        )
        for i in ids
    ]
    made: list[Nomination] = []
    before: list[Nomination] = []
    for contestant in contestants:
        if not is_winner(contestant):
            raise ServiceError(
                _(
                    "%(name)s neither took first place nor a title: only winners are "
                    "nominated from results."
                )
                % {"name": contestant.name},
                code=Code.NOT_WINNER,
                field="contestant_ids",
            )
        existing = Nomination.objects.filter(scheme_id=scheme_id, source=contestant).first()
        if existing is not None:
            before.append(existing)
            continue
        person = (
            Person.objects.filter(user_id=contestant.user_id).first()
            if contestant.user_id
            else None
        )
        member = None
        if person is not None:
            member = Membership.objects.filter(
                person=person, status=MembershipStatus.ACTIVE, union__path__startswith=union.path
            ).first()
        number = str(id_numbers.get(contestant.pk, "") or "")
        if member is None and not number.strip():
            raise ServiceError(
                _("Give the ID number of %(name)s: they are not a member of %(union)s.")
                % {"name": contestant.name, "union": union.name},
                field=f"id_number_{contestant.pk}",
            )
        made.append(
            _nominate(
                actor=actor,
                union=union,
                scheme_id=scheme_id,
                subject=Subject.PERSON,
                deeds=result_deeds(contestant),
                category=category,
                person_id=member.person_id if member else None,
                name=contestant.name,
                id_number=number,
                employer=contestant.employer,
                source=contestant,
            )
        )
    return made, before


def _locked(actor: User, nomination_id: int, *, write: bool = False) -> Nomination:
    get_visible_or_404(Nomination.objects.all(), actor, write=write, pk=nomination_id)
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("scheme__owner", "union")
        .get(pk=nomination_id)
    )


def _not_own(actor: User, nomination: Nomination) -> None:
    if nomination.entered_by_id == actor.pk:
        raise ServiceError(
            _("You entered this nomination: another person approves it."),
            code=Code.OWN_ENTRY,
        )


def _status(nomination: Nomination, *wanted: str) -> None:
    if nomination.status not in wanted:
        raise ServiceError(
            _("This nomination is %(status)s: it cannot be done now.")
            % {"status": nomination.get_status_display()},
            code=Code.WRONG_STATUS,
        )


@transaction.atomic(durable=True)
def step_decide(
    *,
    actor: User,
    nomination_id: int,
    step: int,
    decision: str,
    opinion: str = "",
    votes_for: int | None = None,
    votes_against: int | None = None,
) -> Nomination:
    """The federation at the current step agrees or does not, with its opinion (and the
    votes of its panel). The last agreement puts the nomination on public notice."""
    nomination = _locked(actor, nomination_id)
    _status(nomination, Status.REVIEWING)
    current = nomination.steps.select_related("org").get(order=nomination.current_step)
    if step != current.order:
        raise ServiceError(
            _("This nomination is at step %(n)s (%(org)s).")
            % {"n": current.order, "org": current.org.name},
            code=Code.WRONG_LEVEL,
            field="step",
        )
    if not selectors.decides_at(actor, current.org):
        raise ServiceError(
            _("Step %(n)s is decided by %(org)s.") % {"n": current.order, "org": current.org.name},
            code=Code.WRONG_LEVEL,
            field="step",
        )
    _not_own(actor, nomination)
    if decision not in (StepDecision.APPROVED, StepDecision.REJECTED):
        raise ServiceError(_("Agree or do not agree."), field="decision")
    opinion = cleaning.text(
        opinion,
        field="opinion",
        max_length=500,
        required=decision == StepDecision.REJECTED,
        message=_("Say why, so the nominating union knows."),
    )
    for field, votes in (("votes_for", votes_for), ("votes_against", votes_against)):
        if votes is not None:
            _int(votes, field=field, low=0, high=MAX_VOTES)
    now = timezone.now()
    current.decision, current.opinion = decision, opinion
    current.votes_for, current.votes_against = votes_for, votes_against
    current.decided_by, current.decided_at = actor, now
    current.save()
    last = not nomination.steps.filter(order__gt=current.order).exists()
    if decision == StepDecision.REJECTED:
        nomination.status, nomination.decided_at = Status.REJECTED, now
    elif last:
        today = cleaning.today()
        nomination.status = Status.NOTICE
        nomination.notice_from = today
        nomination.notice_to = today + timedelta(days=nomination.scheme.notice_days - 1)
    else:
        nomination.current_step = current.order + 1
    nomination.save()
    audit.record(
        actor=actor,
        action=Action.STEP_DECIDED,
        obj=nomination,
        changes={"step": current.order, "decision": decision, "opinion": opinion},
    )
    if nomination.status == Status.NOTICE:
        audit.record(
            actor=actor,
            action=Action.NOTICE_STARTED,
            obj=nomination,
            changes={"from": str(nomination.notice_from), "to": str(nomination.notice_to)},
        )
    return nomination


@transaction.atomic(durable=True)
def objection_file(
    *, actor: Actor | None, nomination_id: int, text: str, contact: str = ""
) -> Objection:
    """Anyone (signed in or not) objects to a nomination on public notice."""
    nomination = (
        Nomination.objects.select_for_update()
        .filter(pk=nomination_id, status=Status.NOTICE)
        .first()
    )
    today = cleaning.today()
    if nomination is None or not (
        nomination.notice_from
        and nomination.notice_from <= today <= (nomination.notice_to or today)
    ):
        raise ServiceError(
            _("This nomination is not on public notice."),
            code=Code.WRONG_STATUS,
            field="nomination",
        )
    objection = Objection.objects.create(
        nomination=nomination,
        text=cleaning.text(
            text,
            field="text",
            required=True,
            max_length=1000,
            message=_("Write what you object to."),
        ),
        contact_cipher=_contact(contact),
        received_on=today,
    )
    audit.record(
        actor=actor,
        action=Action.OBJECTION_RECEIVED,
        obj=objection,
        changes={"nomination": nomination.pk},
        actor_name="" if getattr(actor, "pk", None) else "public",
    )
    return objection


@transaction.atomic(durable=True)
def objection_resolve(
    *, actor: User, objection_id: int, outcome: str, resolution: str
) -> Objection:
    """The scheme's federation checks an objection: upheld, the nomination is not
    approved; dismissed, it goes on."""
    objection = selectors.objection_get(actor=actor, objection_id=objection_id)
    nomination = _locked(actor, objection.nomination_id)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.status != ObjectionStatus.OPEN:
        raise ServiceError(_("This objection is resolved already."), code=Code.WRONG_STATUS)
    if not selectors.decides_at(actor, nomination.scheme.owner):
        raise ServiceError(
            _("Objections are resolved by %(org)s.") % {"org": nomination.scheme.owner.name},
            code=Code.WRONG_LEVEL,
        )
    if outcome not in (ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED):
        raise ServiceError(_("Uphold or dismiss the objection."), field="outcome")
    objection.resolution = cleaning.text(
        resolution,
        field="resolution",
        required=True,
        max_length=500,
        message=_("Say what was checked and found."),
    )
    objection.status, objection.resolved_by, objection.resolved_at = (
        outcome,
        actor,
        timezone.now(),
    )
    objection.save()
    if outcome == ObjectionStatus.UPHELD and nomination.status in OPEN_STATUSES:
        nomination.status, nomination.decided_at = Status.REJECTED, timezone.now()
        nomination.save(update_fields=["status", "decided_at"])
    audit.record(
        actor=actor,
        action=Action.OBJECTION_RESOLVED,
        obj=objection,
        changes={"outcome": outcome, "resolution": objection.resolution},
    )
    return objection


@transaction.atomic(durable=True)
def nomination_award(
    *, actor: User, nomination_id: int, certificate_number: str, awarded_on: date | None = None
) -> Nomination:
    """After the public notice, with every objection resolved, the scheme's federation
    awards the honour with its certificate number. A person joins the model-worker
    register with the title."""
    nomination = _locked(actor, nomination_id)
    _status(nomination, Status.NOTICE)
    if not selectors.decides_at(actor, nomination.scheme.owner):
        raise ServiceError(
            _("The award is made by %(org)s.") % {"org": nomination.scheme.owner.name},
            code=Code.WRONG_LEVEL,
        )
    _not_own(actor, nomination)
    today = cleaning.today()
    if nomination.notice_to is not None and today <= nomination.notice_to:
        raise ServiceError(
            _("The public notice runs until %(end)s.") % {"end": nomination.notice_to},
            code=Code.NOTICE_RUNNING,
        )
    if selectors.open_objections(nomination):
        raise ServiceError(
            _("Resolve the objections first."), code=Code.OPEN_OBJECTION, field="objections"
        )
    number = cleaning.text(
        certificate_number,
        field="certificate_number",
        required=True,
        max_length=40,
        message=_("Give the certificate number."),
    )
    if Nomination.objects.filter(scheme=nomination.scheme, certificate_number=number).exists():
        raise ServiceError(
            _("Certificate number %(n)s is given already.") % {"n": number},
            code=CoreCode.CONFLICT,
            field="certificate_number",
        )
    awarded_on = _date(awarded_on or today, field="awarded_on")
    if awarded_on > today:
        raise ServiceError(_("The award date cannot be in the future."), field="awarded_on")
    nomination.status, nomination.certificate_number = Status.AWARDED, number
    nomination.awarded_on, nomination.decided_at = awarded_on, timezone.now()
    nomination.save()
    if nomination.subject == Subject.PERSON:
        _register_title(nomination)
    audit.record(
        actor=actor,
        action=Action.AWARDED,
        obj=nomination,
        changes={"certificate_number": number, "awarded_on": str(awarded_on)},
    )
    return nomination


def _register_title(nomination: Nomination) -> Title:
    """The title on the register: the person's entry found by their ID number, or a new
    one kept by the nominating union."""
    worker = (
        ModelWorker.objects.filter(id_index=nomination.id_index).order_by("id").first()
        if nomination.id_index
        else None
    )
    if worker is None:
        worker = ModelWorker.objects.create(
            union=nomination.union,
            person=nomination.person,
            name=nomination.name,
            id_cipher=nomination.id_cipher,
            id_index=nomination.id_index,
            employer=nomination.employer,
        )
    scheme = nomination.scheme
    return Title.objects.create(
        worker=worker,
        kind=scheme.kind,
        level=scheme.level,
        year=scheme.year,
        name=scheme.title,
        certificate_number=nomination.certificate_number,
        nomination=nomination,
    )


@transaction.atomic(durable=True)
def nomination_withdraw(*, actor: User, nomination_id: int) -> Nomination:
    """The nominating union (or one above it) withdraws a nomination still under review."""
    nomination = _locked(actor, nomination_id, write=True)
    _status(nomination, Status.REVIEWING)
    nomination.status, nomination.decided_at = Status.WITHDRAWN, timezone.now()
    nomination.save(update_fields=["status", "decided_at"])
    audit.record(actor=actor, action=Action.WITHDRAWN, obj=nomination)
    return nomination


# ---- the register ----------------------------------------------------------------------


@transaction.atomic(durable=True)
def worker_create(
    *,
    actor: User,
    union_id: int,
    name: str,
    employer: str,
    id_number: str = "",
    contact: str = "",
    status: str = WorkerStatus.WORKING,
) -> ModelWorker:
    """A model worker honoured before the platform (or elsewhere) enters the register."""
    union = writable_org(actor, union_id, "union_id")
    worker = ModelWorker(
        union=union,
        name=cleaning.text(
            name, field="name", required=True, max_length=50, message=_("Name the person.")
        ),
        employer=cleaning.text(employer, field="employer", required=True, max_length=120),
        contact_cipher=_contact(contact),
        status=cleaning.choice(status, WorkerStatus, field="status"),
    )
    if cleaning.text(id_number, field="id_number"):
        number = _id_number(id_number)
        worker.id_cipher, worker.id_index = crypto.encrypt(number), crypto.blind_index(number)
        if ModelWorker.objects.filter(id_index=worker.id_index).exists():
            raise ServiceError(
                _("This person is on the register already."),
                code=CoreCode.CONFLICT,
                field="id_number",
            )
        # A member of the union's subtree is the same person: their needy-worker file and
        # their own pages follow the register entry.
        member = Membership.objects.filter(
            person__id_index=worker.id_index,
            status=MembershipStatus.ACTIVE,
            union__path__startswith=union.path,
        ).first()
        worker.person_id = member.person_id if member else None
    worker.save()
    audit.record(
        actor=actor,
        action=Action.WORKER_ADDED,
        obj=worker,
        changes={"union": union.pk, "status": worker.status},
    )
    return worker


@transaction.atomic(durable=True)
def worker_update(*, actor: User, worker_id: int, **changes) -> ModelWorker:
    worker = selectors.worker_get(actor=actor, worker_id=worker_id, write=True)
    worker = ModelWorker.objects.select_for_update().get(pk=worker.pk)
    audited_update(
        worker,
        {("contact_cipher" if k == "contact" else k): v for k, v in changes.items()},
        actor=actor,
        editable={
            "employer": lambda v: cleaning.text(v, field="employer", required=True, max_length=120),
            "status": lambda v: cleaning.choice(v, WorkerStatus, field="status"),
            "contact_cipher": _contact,
        },
        audit_fields=["employer", "status"],
        action=Action.WORKER_UPDATED,
    )
    return worker


@transaction.atomic(durable=True)
def title_add(
    *,
    actor: User,
    worker_id: int,
    kind: str,
    level: str,
    year: int,
    name: str,
    certificate_number: str = "",
) -> Title:
    """A title of an earlier year, entered from the paper register."""
    worker = selectors.worker_get(actor=actor, worker_id=worker_id, write=True)
    title = Title.objects.create(
        worker=worker,
        kind=cleaning.choice(kind, SchemeKind, field="kind"),
        level=cleaning.choice(level, Level, field="level"),
        year=_int(year, field="year", low=1950, high=cleaning.today().year),
        name=cleaning.text(name, field="name", required=True, max_length=100),
        certificate_number=cleaning.text(
            certificate_number, field="certificate_number", max_length=40
        ),
    )
    audit.record(
        actor=actor,
        action=Action.WORKER_UPDATED,
        obj=worker,
        changes={"title": f"{title.year} {title.name}"},
    )
    return title


@transaction.atomic(durable=True)
def care_record(
    *,
    actor: User,
    worker_id: int,
    kind: str,
    given_on: date,
    amount: int = 0,
    note: str = "",
) -> Care:
    """Care given to a model worker. Money (fen) is paid from the general funds of the union
    the actor gives it for: the nearest union they write at that holds the worker."""
    worker = selectors.worker_get(actor=actor, worker_id=worker_id, write=True)
    given_on = _date(given_on, field="given_on")
    if given_on > cleaning.today():
        raise ServiceError(_("Care is recorded once given: not a future date."), field="given_on")
    amount = check_fen(amount, field="amount", allow_zero=True)
    kind = cleaning.choice(kind, CareKind, field="kind")
    note = cleaning.text(note, field="note", max_length=300)
    payer = _care_payer(actor, worker.union) if amount else None
    posting = None
    if payer is not None:
        posting = ledger.post(
            PostingSpec(
                CARE_POSTING,
                payer.pk,
                memo=f"{worker.name} · {CareKind(kind).label}",
                legs=[Leg(payer.pk, CARE_ACCOUNT, amount), Leg(payer.pk, "available", -amount)],
            ),
            actor=actor,
            field="amount",
        )
    care = Care.objects.create(
        worker=worker,
        kind=kind,
        given_on=given_on,
        amount=amount,
        payer=payer,
        posting=posting,
        note=note,
        # Hardship help goes on the worker's open needy-worker file when the actor sees one.
        aid_file=selectors.open_aid_file(actor=actor, worker=worker)
        if kind == CareKind.HARDSHIP
        else None,
        entered_by=actor,
    )
    audit.record(
        actor=actor,
        action=Action.CARE_RECORDED,
        obj=care,
        changes={
            "kind": care.kind,
            "given_on": str(given_on),
            "amount": care.amount,
            "payer": payer.name if payer else "",
            "aid_file": care.aid_file.number if care.aid_file else "",
        },
    )
    return care


@transaction.atomic(durable=True)
def care_link_file(*, actor: User, care_id: int, file_id: int) -> Care:
    """Link hardship help given to a model worker to the worker's needy-worker file (one
    opened after the help, or another of the worker's files)."""
    get_visible_or_404(Care.objects.all(), actor, write=True, pk=care_id)
    care = Care.objects.select_for_update().select_related("worker").get(pk=care_id)
    if care.kind != CareKind.HARDSHIP:
        raise ServiceError(
            _("Only hardship help is linked to a needy-worker file."),
            code=Code.NOT_HARDSHIP,
            field="care_id",
        )
    file = get_visible_or_404(HardshipFile.objects.all(), actor, pk=file_id)
    if care.worker.person_id is None or file.person_id != care.worker.person_id:
        raise ServiceError(
            _("This needy-worker file is not the model worker's: choose one of theirs."),
            field="file_id",
        )
    before = care.aid_file.number if care.aid_file else ""
    care.aid_file = file
    care.save(update_fields=["aid_file"])
    audit.record(
        actor=actor,
        action=Action.CARE_LINKED,
        obj=care,
        changes={"aid_file": [before, file.number]},
    )
    return care


def _care_payer(actor: User, union: Organization) -> Organization:
    """The deepest union the actor writes at on the worker's line (their own union first)."""
    ids = set(actor.writing_org_ids())
    line = Organization.objects.filter(path__in=union.ancestors_paths(), pk__in=ids)
    payer = line.order_by("-depth").first()
    if payer is None:  # worker_get(write=True) let them in through a root they write at
        raise ServiceError(
            _("You give care for a union you work at; none of yours holds this worker."),
            field="worker_id",
        )
    return payer


# ---- model workers' activities ------------------------------------------------------------

MAX_ATTENDANCE = 1_000_000


@transaction.atomic(durable=True)
def event_create(
    *,
    actor: User,
    union_id: int,
    kind: str,
    held_on: date,
    title: str,
    place: str,
    attendance: int = 0,
    worker_ids: list[int] | None = None,
) -> Event:
    """A union records an activity of model workers (劳模工匠进校园, a lecture, a course)."""
    union = writable_org(actor, union_id, "union_id")
    held_on = _date(held_on, field="held_on")
    if held_on > cleaning.today():
        raise ServiceError(
            _("An activity is recorded once held: not a future date."), field="held_on"
        )
    ids = list(dict.fromkeys(worker_ids or []))
    workers = list(ModelWorker.objects.visible_to(actor).filter(pk__in=ids))
    if len(workers) != len(ids):
        raise ServiceError(_("No such model worker in your subtree."), field="worker_ids")
    event = Event.objects.create(
        union=union,
        kind=cleaning.choice(kind, EventKind, field="kind"),
        held_on=held_on,
        title=cleaning.text(title, field="title", required=True, max_length=100),
        place=cleaning.text(place, field="place", required=True, max_length=100),
        attendance=_int(attendance, field="attendance", low=0, high=MAX_ATTENDANCE),
        entered_by=actor,
    )
    event.workers.set(workers)
    audit.record(
        actor=actor,
        action=Action.EVENT_RECORDED,
        obj=event,
        changes={
            "kind": event.kind,
            "held_on": str(held_on),
            "attendance": event.attendance,
            "workers": ids,
        },
    )
    return event


@transaction.atomic(durable=True)
def event_delete(*, actor: User, event_id: int) -> None:
    """Withdraw an activity recorded in error."""
    event = get_visible_or_404(Event.objects.all(), actor, write=True, pk=event_id)
    audit.record(
        actor=actor,
        action=Action.EVENT_DELETED,
        obj=event,
        changes={"title": event.title, "held_on": str(event.held_on)},
    )
    event.delete()
