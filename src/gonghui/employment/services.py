"""Every write of the employment services: atomic, checked, audited."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.campaigns import ledger
from gonghui.campaigns.errors import Conflict
from gonghui.campaigns.ledger import Leg, PostingSpec
from gonghui.core import audit, cleaning
from gonghui.core.errors import Code as CoreCode
from gonghui.core.errors import ServiceError, from_validation_error
from gonghui.core.money import check_fen
from gonghui.core.once import once_per_key
from gonghui.core.scoping import get_visible_or_404, path_visible
from gonghui.core.updates import audited_update
from gonghui.core.validators import normalize_phone
from gonghui.orgs.models import Enterprise, Organization, Region
from gonghui.orgs.services import writable_org

from . import selectors
from .codes import ALLOT_POSTING, FUND_ACCOUNT, PAID_ACCOUNT, PAY_POSTING, Action, Code
from .models import (
    APPLICATION_STEPS,
    Application,
    ApplicationStatus,
    Exhibitor,
    FundAllotment,
    FundPayment,
    FundUse,
    Group,
    Matching,
    MatchingKind,
    Mode,
    Placement,
    PlacementStatus,
    Post,
    RecruitmentEvent,
    Seeker,
    SeekerStatus,
    Service,
    ServiceKind,
    Trade,
    Trainee,
    TrainingKind,
    TrainingSession,
)

EVENT_FIELDS = ["union", "title", "mode", "held_on", "place", "link", "visitors", "hires"]
POST_FIELDS = [
    "union",
    "exhibitor",
    "employer_name",
    "title",
    "trade",
    "region",
    "pay_min",
    "pay_max",
    "headcount",
    "opened_on",
    "is_open",
]
# The audit names a seeker by the masked name (see seeker_create), never the phone.
SEEKER_FIELDS = [
    "union",
    "group",
    "school",
    "graduation_year",
    "skills",
    "trades",
    "region",
    "pay_min",
    "status",
    "cadre",
]
PLACEMENT_FIELDS = ["seeker", "post", "employer_name", "region", "placed_on", "status"]
MAX_COUNT = 10_000_000  # visitors or hires of one event
MAX_HEADCOUNT = 100_000
MAX_PAY_FEN = 100_000_000  # 100万元 a month: anything above is a yuan/fen mix-up
MAX_TRADES = 3


def _not_future(day: date | None, field: str, message: str) -> None:
    if day is not None and day > cleaning.today():
        raise ServiceError(message, field=field)


def _count(value, field: str, maximum: int = MAX_COUNT) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        raise ServiceError(
            _("Give a whole number between 0 and %(max)s.") % {"max": maximum}, field=field
        )
    return value


def _fen(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PAY_FEN:
        raise ServiceError(
            _("Give the pay a month in fen (1 yuan = 100 fen), at most 1 million yuan."),
            field=field,
        )
    return value


def _region(code, field: str = "region_code") -> Region:
    region = Region.objects.filter(code=str(code or "")).first()
    if region is None:
        raise ServiceError(_("No such division code (GB/T 2260)."), field=field)
    return region


def _full_clean(obj, exclude: list[str]) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        raise from_validation_error(exc) from exc


# ---- recruitment events ------------------------------------------------------------------


def _check_event(event: RecruitmentEvent) -> None:
    if not event.title:
        raise ServiceError(_("Give the name of the event."), field="title")
    cleaning.choice(event.mode, Mode, field="mode")
    if event.mode == Mode.ONSITE and not event.place:
        raise ServiceError(_("An event on site needs its place."), field="place")
    if event.mode == Mode.ONLINE and not event.link:
        raise ServiceError(_("An online event needs its link."), field="link")
    if event.visitors is not None or event.hires is not None:
        _not_future(
            event.held_on,
            "visitors" if event.visitors is not None else "hires",
            _("Visitors and hires are reported once the event has been held."),
        )
    _count(event.visitors, "visitors")
    _count(event.hires, "hires")
    _full_clean(event, ["union", "created_by"])


@transaction.atomic(durable=True)
def event_create(
    *,
    actor: User,
    union_id: int,
    title: str,
    mode: str,
    held_on: date,
    place: str = "",
    link: str = "",
    visitors: int | None = None,
    hires: int | None = None,
) -> RecruitmentEvent:
    """A union enters a recruitment event it holds (or held)."""
    event = RecruitmentEvent(
        union=writable_org(actor, union_id, "union_id", active=True),
        title=cleaning.text(title, field="title", max_length=120),
        mode=mode,
        held_on=held_on,
        place=cleaning.text(place, field="place", max_length=200),
        link=cleaning.text(link, field="link", max_length=300),
        visitors=visitors,
        hires=hires,
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
def event_update(*, actor: User, event_id: int, **changes) -> RecruitmentEvent:
    """Correct an event, or report its visitors and hires after it."""
    event = selectors.event_get(actor=actor, event_id=event_id, write=True)
    event = RecruitmentEvent.objects.select_for_update().select_related("union").get(pk=event.pk)
    audited_update(
        event,
        changes,
        actor=actor,
        editable={
            "title": lambda v: cleaning.text(v, field="title", max_length=120),
            "place": lambda v: cleaning.text(v, field="place", max_length=200),
            "link": lambda v: cleaning.text(v, field="link", max_length=300),
            "mode": None,
            "held_on": None,
            "visitors": None,
            "hires": None,
        },
        audit_fields=EVENT_FIELDS,
        check=_check_event,
        action=Action.EVENT_UPDATE,
    )
    return event


@transaction.atomic(durable=True)
def exhibitor_add(
    *, actor: User, event_id: int, name: str, enterprise_id: int | None = None
) -> Exhibitor:
    """An enterprise exhibits at the event; one on file is linked, its name taken."""
    event = selectors.event_get(actor=actor, event_id=event_id, write=True)
    enterprise = None
    if enterprise_id is not None:
        enterprise = Enterprise.objects.visible_to(actor).filter(pk=enterprise_id).first()
        if enterprise is None:
            raise ServiceError(_("No such enterprise in your subtree."), field="enterprise_id")
    # A name of spaces is no name: the enterprise's own is taken.
    name = cleaning.text(
        cleaning.text(name, field="name") or (enterprise.name if enterprise else ""),
        field="name",
        max_length=120,
        required=True,
        message=_("Give the enterprise's name."),
    )
    if event.exhibitors.filter(name=name).exists():
        raise ServiceError(
            _("This enterprise is already entered at the event."),
            code=Code.DUPLICATE,
            field="name",
        )
    exhibitor = Exhibitor.objects.create(event=event, name=name, enterprise=enterprise)
    audit.record(
        actor=actor,
        action=Action.EXHIBITOR_ADD,
        obj=exhibitor,
        changes={"event": event.pk, "name": name, "enterprise": enterprise_id},
    )
    return exhibitor


# ---- posts ----------------------------------------------------------------------------------


def _check_post(post: Post) -> None:
    cleaning.choice(post.trade, Trade, field="trade")
    if not post.title:
        raise ServiceError(_("Give the post's name."), field="title")
    if not post.employer_name:
        raise ServiceError(_("Give the employer."), field="employer_name")
    _fen(post.pay_min, "pay_min")
    _fen(post.pay_max, "pay_max")
    if post.pay_max < post.pay_min:
        raise ServiceError(_("The pay range ends below where it starts."), field="pay_max")
    if (
        isinstance(post.headcount, bool)
        or not isinstance(post.headcount, int)
        or not 1 <= post.headcount <= MAX_HEADCOUNT
    ):
        raise ServiceError(
            _("Give how many people are wanted: 1 to %(max)s.") % {"max": MAX_HEADCOUNT},
            field="headcount",
        )
    _full_clean(post, ["union", "exhibitor", "region", "created_by"])


@transaction.atomic(durable=True)
def post_create(
    *,
    actor: User,
    title: str,
    trade: str,
    region_code: str,
    pay_min: int,
    pay_max: int,
    headcount: int,
    union_id: int | None = None,
    exhibitor_id: int | None = None,
    employer_name: str = "",
    opened_on: date | None = None,
) -> Post:
    """A post offered: by an exhibitor at an event (published by the event's organizer),
    or by an employer through the union's own job board."""
    exhibitor = None
    if exhibitor_id is not None:
        exhibitor = get_visible_or_404(
            Exhibitor.objects.select_related("event__union"),
            actor,
            write=True,
            pk=exhibitor_id,
        )
        union = exhibitor.event.union
        employer_name = employer_name or exhibitor.name
        opened_on = opened_on or exhibitor.event.held_on
    elif union_id is not None:
        union = writable_org(actor, union_id, "union_id", active=True)
    else:
        raise ServiceError(
            _("Give the union that publishes the post, or the exhibitor that offers it."),
            field="union_id",
        )
    opened_on = opened_on or cleaning.today()
    _not_future(opened_on, "opened_on", _("A post is entered once it is offered."))
    post = Post(
        union=union,
        exhibitor=exhibitor,
        employer_name=cleaning.text(employer_name, field="employer_name", max_length=120),
        title=cleaning.text(title, field="title", max_length=100),
        trade=trade,
        region=_region(region_code),
        pay_min=pay_min,
        pay_max=pay_max,
        headcount=headcount,
        opened_on=opened_on,
        created_by=actor,
    )
    _check_post(post)
    post.save()
    audit.record(
        actor=actor, action=Action.POST_CREATE, obj=post, changes=audit.snapshot(post, POST_FIELDS)
    )
    return post


@transaction.atomic(durable=True)
def post_close(*, actor: User, post_id: int) -> Post:
    """The post is filled or withdrawn: it is no longer matched."""
    post = selectors.post_get(actor=actor, post_id=post_id, write=True)
    audited_update(
        post,
        {"is_open": False},
        actor=actor,
        editable={"is_open": None},
        audit_fields=POST_FIELDS,
        check=lambda p: None,
        action=Action.POST_CLOSE,
    )
    return post


# ---- seekers -----------------------------------------------------------------------------


def _trades(value) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list | tuple) or len(value) > MAX_TRADES:
        raise ServiceError(_("Choose at most %(n)s trades.") % {"n": MAX_TRADES}, field="trades")
    for trade in value:
        cleaning.choice(trade, Trade, field="trades")
    return list(dict.fromkeys(value))


def _check_seeker(seeker: Seeker) -> None:
    cleaning.choice(seeker.group, Group, field="group")
    cleaning.choice(seeker.status, SeekerStatus, field="status")
    if seeker.group == Group.NEEDY_GRADUATE and not seeker.graduation_year:
        raise ServiceError(
            _("A graduate of a needy family is entered with the year of graduation."),
            field="graduation_year",
        )
    if seeker.graduation_year is not None and not (
        1950 <= seeker.graduation_year <= cleaning.today().year + 1
    ):
        raise ServiceError(_("Give a real graduation year."), field="graduation_year")
    _fen(seeker.pay_min, "pay_min")
    _full_clean(
        seeker, ["union", "person", "household_member", "region", "cadre", "created_by", "trades"]
    )


def _person(actor: User, person_id: int | None):
    """A member on file, seen through a membership in the actor's subtree."""
    if person_id is None:
        return None
    from gonghui.members.models import Membership

    membership = (
        Membership.objects.visible_to(actor)
        .select_related("person")
        .filter(person_id=person_id)
        .first()
    )
    if membership is None:
        raise ServiceError(_("No such member in your subtree."), field="person_id")
    return membership.person


def _household_member(actor: User, household_member_id: int | None):
    if household_member_id is None:
        return None
    from gonghui.assistance.models import HouseholdMember

    found = HouseholdMember.objects.visible_to(actor).filter(pk=household_member_id).first()
    if found is None:
        raise ServiceError(
            _("No such family member on a needy-worker file in your subtree."),
            field="household_member_id",
        )
    return found


def _cadre(actor: User, seeker_union: Organization, cadre_id: int | None) -> User | None:
    """The cadre in charge: an account whose writing role reaches the seeker's union."""
    if cadre_id is None:
        return None
    cadre = User.objects.filter(pk=cadre_id, is_active=True).first()
    if cadre is None or not path_visible(cadre, seeker_union.path, write=True):
        raise ServiceError(
            _("The cadre in charge must be a cadre of the seeker's union or above it."),
            field="cadre_id",
        )
    if not path_visible(actor, seeker_union.path, write=True):  # checked by the caller too
        raise ServiceError(_("No such organization in your subtree."), field="union_id")
    return cadre


def _seeker_audit(seeker: Seeker) -> dict:
    return {"name": seeker.name_masked, **audit.snapshot(seeker, SEEKER_FIELDS)}


@transaction.atomic(durable=True)
def seeker_create(
    *,
    actor: User,
    union_id: int,
    name: str,
    group: str,
    phone: str = "",
    person_id: int | None = None,
    household_member_id: int | None = None,
    school: str = "",
    graduation_year: int | None = None,
    skills: str = "",
    trades: list[str] | None = None,
    region_code: str = "",
    pay_min: int = 0,
    consented: bool = False,
    cadre_id: int | None = None,
    registered_on: date | None = None,
) -> Seeker:
    """A union takes on a job seeker. `consented`: the seeker agreed, as recorded now, that
    their wishes are matched to posts and shown to employers."""
    union = writable_org(actor, union_id, "union_id", active=True)
    person = _person(actor, person_id)
    household_member = _household_member(actor, household_member_id)
    name = cleaning.text(name, field="name")  # spaces are no name: the record's is taken
    if not name and person is not None:
        name = person.name
    if not name and household_member is not None:
        name = household_member.name
    phone = cleaning.text(phone, field="phone", max_length=20)
    if phone:
        phone = normalize_phone(phone)
        if not (len(phone) == 11 and phone.isdigit() and phone.startswith("1")):
            raise ServiceError(_("Give a mobile number of 11 digits."), field="phone")
    registered_on = registered_on or cleaning.today()
    _not_future(registered_on, "registered_on", _("The registration day cannot be in the future."))
    seeker = Seeker(
        union=union,
        name=cleaning.text(
            name, field="name", max_length=50, required=True, message=_("Give the name.")
        ),
        person=person,
        household_member=household_member,
        group=group,
        school=cleaning.text(school, field="school", max_length=100),
        graduation_year=graduation_year,
        skills=cleaning.text(skills, field="skills", max_length=300),
        trades=_trades(trades),
        region=_region(region_code, "region_code") if region_code else None,
        pay_min=pay_min,
        consented_at=timezone.now() if consented else None,
        cadre=_cadre(actor, union, cadre_id),
        registered_on=registered_on,
        created_by=actor,
    )
    seeker.set_phone(phone)
    _check_seeker(seeker)
    seeker.save()
    audit.record(
        actor=actor,
        action=Action.SEEKER_CREATE,
        obj=seeker,
        changes={**_seeker_audit(seeker), "consented": consented},
    )
    return seeker


@transaction.atomic(durable=True)
def seeker_update(*, actor: User, seeker_id: int, **changes) -> Seeker:
    """Correct a seeker's wishes, group or status."""
    seeker = selectors.seeker_get(actor=actor, seeker_id=seeker_id, write=True)
    seeker = Seeker.objects.select_for_update().select_related("union").get(pk=seeker.pk)
    editable = {
        "group": None,
        "school": lambda v: cleaning.text(v, field="school", max_length=100),
        "graduation_year": None,
        "skills": lambda v: cleaning.text(v, field="skills", max_length=300),
        "trades": _trades,
        "region_id": lambda v: _region(v, "region_id").pk if v else None,
        "pay_min": None,
        "status": None,
    }
    audited_update(
        seeker,
        changes,
        actor=actor,
        editable=editable,
        audit_fields=SEEKER_FIELDS,
        check=_check_seeker,
        action=Action.SEEKER_UPDATE,
    )
    return seeker


@transaction.atomic(durable=True)
def seeker_consent(*, actor: User, seeker_id: int, consented: bool) -> Seeker:
    """Record the seeker's consent to matching, or its withdrawal (then nothing is
    matched or recommended until they consent again)."""
    seeker = selectors.seeker_get(actor=actor, seeker_id=seeker_id, write=True, own=True)
    if seeker.person is None or seeker.person.user_id != actor.pk:
        # A cadre records what the seeker said; the seeker may say it themselves.
        if not path_visible(actor, seeker.union.path, write=True):
            raise ServiceError(_("Only the seeker or their union records this."))
    seeker.consented_at = timezone.now() if consented else None
    seeker.save(update_fields=["consented_at", "updated_at"])
    audit.record(
        actor=actor,
        action=Action.SEEKER_CONSENT if consented else Action.SEEKER_WITHDRAW_CONSENT,
        obj=seeker,
        changes={"consented": consented},
    )
    return seeker


@transaction.atomic(durable=True)
def cadre_assign(*, actor: User, seeker_id: int, cadre_id: int | None) -> Seeker:
    """Name the cadre in charge of a seeker (包人包户); None takes the assignment off."""
    seeker = selectors.seeker_get(actor=actor, seeker_id=seeker_id, write=True)
    seeker = Seeker.objects.select_for_update().select_related("union").get(pk=seeker.pk)
    cadre = _cadre(actor, seeker.union, cadre_id)
    audited_update(
        seeker,
        {"cadre_id": cadre.pk if cadre else None},
        actor=actor,
        editable={"cadre_id": None},
        audit_fields=SEEKER_FIELDS,
        check=lambda s: None,
        action=Action.CADRE_ASSIGN,
    )
    return seeker


# ---- services -------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def service_record(
    *,
    actor: User,
    kind: str,
    channel: str,
    seeker_id: int | None = None,
    union_id: int | None = None,
    given_on: date | None = None,
    post_id: int | None = None,
    note: str = "",
) -> Service:
    """One employment service given (一人次). To a seeker on file the union is theirs
    unless another union gave it; a recommended post needs the seeker's consent."""
    seeker = None
    if seeker_id is not None:
        seeker = selectors.seeker_get(actor=actor, seeker_id=seeker_id)
    if union_id is not None:
        union = writable_org(actor, union_id, "union_id", active=True)
    elif seeker is not None:
        union = writable_org(actor, seeker.union_id, "union_id", active=True)
    else:
        raise ServiceError(_("Give the union that gave the service."), field="union_id")
    cleaning.choice(kind, ServiceKind, field="kind")
    cleaning.choice(channel, Mode, field="channel")
    if kind in (ServiceKind.CONTACT, ServiceKind.RECOMMENDATION) and seeker is None:
        raise ServiceError(_("This service is given to a seeker on file."), field="seeker_id")
    given_on = given_on or cleaning.today()
    _not_future(given_on, "given_on", _("A service is entered once it is given."))
    post = None
    if post_id is not None:
        if kind != ServiceKind.RECOMMENDATION:
            raise ServiceError(_("Only a recommendation names a post."), field="post_id")
        post = selectors.post_for_matching(post_id=post_id, seeker=seeker)
        if not post.is_open:
            raise ServiceError(_("This post is closed."), code=Code.CLOSED, field="post_id")
    if kind == ServiceKind.RECOMMENDATION:
        assert seeker is not None
        if not seeker.has_consented:
            raise ServiceError(
                _("The seeker has not agreed to be matched to posts."),
                code=Code.NO_CONSENT,
                field="seeker_id",
            )
    service = Service.objects.create(
        union=union,
        seeker=seeker,
        kind=kind,
        channel=channel,
        given_on=given_on,
        post=post,
        note=cleaning.text(note, field="note", max_length=300),
        given_by=actor,
    )
    audit.record(
        actor=actor,
        action=Action.SERVICE_RECORD,
        obj=service,
        changes={
            "kind": kind,
            "channel": channel,
            "seeker": seeker_id,
            "post": post_id,
            "given_on": given_on.isoformat(),
        },
    )
    return service


# ---- placements ---------------------------------------------------------------------------


@transaction.atomic(durable=True)
def placement_record(
    *,
    actor: User,
    seeker_id: int,
    placed_on: date,
    post_id: int | None = None,
    employer_name: str = "",
    region_code: str = "",
) -> Placement:
    """A seeker has a job: who, where, from which post, on which day. It counts once a
    later check (by someone else) confirms it."""
    seeker = selectors.seeker_get(actor=actor, seeker_id=seeker_id, write=True)
    seeker = Seeker.objects.select_for_update().get(pk=seeker.pk)
    post = None
    if post_id is not None:
        post = selectors.post_for_matching(post_id=post_id, seeker=seeker)
    return _place(
        actor=actor,
        seeker=seeker,
        placed_on=placed_on,
        post=post,
        employer_name=employer_name,
        region_code=region_code,
    )


def _place(
    *,
    actor: User,
    seeker: Seeker,
    placed_on: date,
    post: Post | None,
    employer_name: str = "",
    region_code: str = "",
) -> Placement:
    """The one rule of a real-name placement (the seeker row locked by the caller): from a
    cadre's form, or from a hire through an application."""
    _not_future(placed_on, "placed_on", _("A placement is recorded once the person works."))
    if seeker.placements.exclude(status=PlacementStatus.FAILED).exists():
        raise ServiceError(
            _("This seeker already has a placement recorded."),
            code=Code.ALREADY_PLACED,
            field="seeker_id",
        )
    if post is not None:
        employer_name = employer_name or post.employer_name
        region_code = region_code or post.region_id
    placement = Placement(
        seeker=seeker,
        post=post,
        employer_name=cleaning.text(
            employer_name,
            field="employer_name",
            max_length=120,
            required=True,
            message=_("Give the employer."),
        ),
        region=_region(region_code),
        placed_on=placed_on,
        recorded_by=actor,
    )
    try:
        with transaction.atomic():
            placement.save()
    except IntegrityError as exc:  # a second placement at the same moment
        raise ServiceError(
            _("This seeker already has a placement recorded."),
            code=Code.ALREADY_PLACED,
            field="seeker_id",
        ) from exc
    audit.record(
        actor=actor,
        action=Action.PLACEMENT_RECORD,
        obj=placement,
        changes=audit.snapshot(placement, PLACEMENT_FIELDS),
    )
    return placement


# ---- the seeker on the phone: their record and their applications --------------------------


@transaction.atomic(durable=True)
def seeker_register_self(
    *,
    actor: User,
    group: str,
    trades: list[str] | None = None,
    region_code: str = "",
    phone: str = "",
    consented: bool = False,
) -> Seeker:
    """A member without a seeker record registers from their phone: the few fields
    needed (group, trades wished, the place they look in); their union follows them."""
    from gonghui.members.models import Membership

    if selectors.own_seekers(actor=actor).exists():
        raise ServiceError(_("You are registered as a job seeker already."), code=Code.DUPLICATE)
    membership = (
        Membership.objects.filter(person__user=actor)
        .select_related("person", "union")
        .order_by("-id")
        .first()
    )
    if membership is None:
        raise ServiceError(
            _("Only a member on file registers here: join a union first, or ask one.")
        )
    if cleaning.choice(group, Group, field="group") == Group.NEEDY_GRADUATE:
        raise ServiceError(
            _("A graduate of a needy family is registered by their union's cadre."),
            field="group",
        )
    trades = _trades(trades)
    if not trades:
        raise ServiceError(_("Choose at least one trade."), field="trades")
    phone = cleaning.text(phone, field="phone", max_length=20)
    if phone:
        phone = normalize_phone(phone)
        if not (len(phone) == 11 and phone.isdigit() and phone.startswith("1")):
            raise ServiceError(_("Give a mobile number of 11 digits."), field="phone")
    union = membership.union
    seeker = Seeker(
        union=union,
        name=membership.person.name,
        person=membership.person,
        group=group,
        trades=trades,
        region=_region(region_code, "region_code")
        if region_code
        else (union.region if union.region_id else None),
        consented_at=timezone.now() if consented else None,
        registered_on=cleaning.today(),
        created_by=actor,
    )
    seeker.set_phone(phone)
    _check_seeker(seeker)
    seeker.save()
    audit.record(
        actor=actor,
        action=Action.SEEKER_CREATE,
        obj=seeker,
        changes={**_seeker_audit(seeker), "consented": consented, "self": True},
    )
    return seeker


@transaction.atomic(durable=True)
def application_apply(*, actor: User, post_id: int, consented: bool) -> Application:
    """The seeker applies to an open post: their record is shared with the employer for
    this post, so the consent is asked each time. Once per post while it stands."""
    seeker = selectors.own_seekers(actor=actor).select_for_update(of=("self",)).first()
    if seeker is None:
        raise ServiceError(
            _("Register as a job seeker first."), code=Code.NO_SEEKER, field="post_id"
        )
    if seeker.status != SeekerStatus.SEEKING:
        raise ServiceError(
            _("Your record says you are not seeking work now; ask your union."),
            code=Code.ALREADY_PLACED,
            field="post_id",
        )
    post = selectors.post_for_matching(post_id=post_id, seeker=seeker)
    if not post.is_open:
        raise ServiceError(_("This post is closed."), code=Code.CLOSED, field="post_id")
    if not consented:
        raise ServiceError(
            _("Agree that your record is shared with the employer, or do not apply."),
            code=Code.NO_CONSENT,
            field="consented",
        )
    if seeker.applications.filter(post=post).exclude(status=ApplicationStatus.WITHDRAWN).exists():
        raise ServiceError(
            _("You have applied to this post already."), code=Code.DUPLICATE, field="post_id"
        )
    try:
        with transaction.atomic():
            application = Application.objects.create(
                seeker=seeker,
                post=post,
                applied_on=cleaning.today(),
                consented_at=timezone.now(),
            )
    except IntegrityError as exc:  # the same application sent twice at once
        raise ServiceError(
            _("You have applied to this post already."), code=Code.DUPLICATE, field="post_id"
        ) from exc
    audit.record(
        actor=actor,
        action=Action.APPLICATION_APPLY,
        obj=application,
        changes={"seeker": seeker.pk, "post": post.pk, "consented": True},
    )
    return application


@transaction.atomic(durable=True)
def application_withdraw(*, actor: User, application_id: int) -> Application:
    """The seeker withdraws an application still open: the employer no longer sees it."""
    application = get_visible_or_404(
        Application.objects.filter(seeker__person__user=actor).select_for_update(),
        actor,
        own=True,
        pk=application_id,
    )
    if not application.is_open:
        raise ServiceError(
            _("This application is decided or withdrawn already."),
            code=CoreCode.CONFLICT,
            field="status",
        )
    before = application.status
    application.status = ApplicationStatus.WITHDRAWN
    application.updated_by = actor
    application.save(update_fields=["status", "updated_by", "updated_at"])
    audit.record(
        actor=actor,
        action=Action.APPLICATION_WITHDRAW,
        obj=application,
        changes={"status": [before, application.status]},
    )
    return application


@transaction.atomic(durable=True)
def application_advance(
    *,
    actor: User,
    application_id: int,
    status: str,
    note: str = "",
    placed_on: date | None = None,
) -> Application:
    """The seeker's union or the post's publisher moves an application on: seen by the
    employer, invited to an interview, hired or not. A hire records the real-name
    placement (the same rule as a cadre's form)."""
    application = get_visible_or_404(
        Application.objects.select_related("post__region", "seeker"),
        actor,
        write=True,
        pk=application_id,
    )
    seeker = Seeker.objects.select_for_update().get(pk=application.seeker_id)
    application = (
        Application.objects.select_for_update().select_related("post").get(pk=application.pk)
    )
    status = cleaning.choice(status, ApplicationStatus, field="status")
    if status not in APPLICATION_STEPS.get(application.status, ()):
        raise ServiceError(
            _("An application that is %(now)s cannot become %(then)s.")
            % {
                "now": ApplicationStatus(application.status).label,
                "then": ApplicationStatus(status).label,
            },
            code=CoreCode.CONFLICT,
            field="status",
        )
    note = cleaning.text(note, field="note", max_length=300)
    before = application.status
    if status == ApplicationStatus.HIRED:
        application.placement = _place(
            actor=actor,
            seeker=seeker,
            placed_on=placed_on or cleaning.today(),
            post=application.post,
        )
    application.status = status
    application.note = note or application.note
    application.updated_by = actor
    application.save(update_fields=["status", "note", "placement", "updated_by", "updated_at"])
    audit.record(
        actor=actor,
        action=Action.APPLICATION_ADVANCE,
        obj=application,
        changes={"status": [before, status], "note": note},
    )
    return application


@transaction.atomic(durable=True)
def placement_check(
    *,
    actor: User,
    placement_id: int,
    confirmed: bool,
    checked_on: date | None = None,
    note: str = "",
) -> Placement:
    """The later check (回访核实): the person works there (confirmed, the seeker is placed)
    or does not (the placement fails and the seeker is sought a post again). The one who
    recorded the placement may not check it."""
    placement = selectors.placement_get(actor=actor, placement_id=placement_id, write=True)
    placement = Placement.objects.select_for_update().select_related("seeker").get(pk=placement.pk)
    if placement.status != PlacementStatus.RECORDED:
        raise ServiceError(
            _("This placement has been checked already."), code=CoreCode.CONFLICT, field="status"
        )
    if placement.recorded_by_id == actor.pk:
        raise ServiceError(
            _("The one who recorded the placement may not check it: ask another cadre."),
            code=Code.SAME_PERSON,
        )
    checked_on = checked_on or cleaning.today()
    _not_future(checked_on, "checked_on", _("The check is entered once it is made."))
    if checked_on < placement.placed_on:
        raise ServiceError(_("The check comes after the placement."), field="checked_on")
    note = cleaning.text(note, field="note", max_length=300)
    if not confirmed and not note:
        raise ServiceError(_("Say what the check found."), field="note")
    placement.status = PlacementStatus.CONFIRMED if confirmed else PlacementStatus.FAILED
    placement.checked_by = actor
    placement.checked_on = checked_on
    placement.check_note = note
    placement.save(update_fields=["status", "checked_by", "checked_on", "check_note"])
    seeker = placement.seeker
    seeker.status = SeekerStatus.PLACED if confirmed else SeekerStatus.SEEKING
    seeker.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action=Action.PLACEMENT_CHECK,
        obj=placement,
        changes={"status": placement.status, "checked_on": checked_on.isoformat(), "note": note},
    )
    return placement


# ---- matchings and training ------------------------------------------------------------------


@transaction.atomic(durable=True)
def matching_create(
    *,
    actor: User,
    union_id: int,
    title: str,
    kind: str,
    held_on: date,
    partners: str,
    posts_offered: int | None = None,
) -> Matching:
    """A union records a matching (就业对接) it organized with enterprises, schools or
    other unions."""
    matching = Matching(
        union=writable_org(actor, union_id, "union_id", active=True),
        title=cleaning.text(
            title, field="title", max_length=120, required=True, message=_("Give the name.")
        ),
        kind=cleaning.choice(kind, MatchingKind, field="kind"),
        held_on=held_on,
        partners=cleaning.text(
            partners,
            field="partners",
            max_length=500,
            required=True,
            message=_("Name the enterprises, schools or unions that took part."),
        ),
        posts_offered=_count(posts_offered, "posts_offered"),
        created_by=actor,
    )
    _not_future(held_on, "held_on", _("A matching is entered once it is held."))
    matching.save()
    audit.record(
        actor=actor,
        action=Action.MATCHING_CREATE,
        obj=matching,
        changes=audit.snapshot(matching, ["union", "title", "kind", "held_on", "partners"]),
    )
    return matching


@transaction.atomic(durable=True)
def training_create(
    *,
    actor: User,
    union_id: int,
    title: str,
    kind: str,
    trade: str,
    starts_on: date,
    ends_on: date,
    employer_name: str = "",
) -> TrainingSession:
    """A union enters a training session (一期培训班); order-based training names the
    enterprise that ordered it."""
    session = TrainingSession(
        union=writable_org(actor, union_id, "union_id", active=True),
        title=cleaning.text(
            title, field="title", max_length=120, required=True, message=_("Give the name.")
        ),
        kind=cleaning.choice(kind, TrainingKind, field="kind"),
        trade=cleaning.choice(trade, Trade, field="trade"),
        employer_name=cleaning.text(employer_name, field="employer_name", max_length=120),
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    if ends_on < starts_on:
        raise ServiceError(_("The session ends before it starts."), field="ends_on")
    if session.kind == TrainingKind.ORDER and not session.employer_name:
        raise ServiceError(
            _("Order-based training names the enterprise that ordered it."),
            field="employer_name",
        )
    session.save()
    audit.record(
        actor=actor,
        action=Action.TRAINING_CREATE,
        obj=session,
        changes=audit.snapshot(
            session, ["union", "title", "kind", "trade", "employer_name", "starts_on", "ends_on"]
        ),
    )
    return session


@transaction.atomic(durable=True)
def trainee_add(
    *,
    actor: User,
    session_id: int,
    name: str = "",
    seeker_id: int | None = None,
    completed: bool = True,
) -> Trainee:
    """Someone attended the session: a seeker on file (their name taken) or a worker
    named here. A seeker attends a session once."""
    session = get_visible_or_404(
        TrainingSession.objects.select_related("union"), actor, write=True, pk=session_id
    )
    if session.starts_on > cleaning.today():
        raise ServiceError(_("Attendance is entered once the session has started."))
    seeker = None
    if seeker_id is not None:
        seeker = Seeker.objects.visible_to(actor).filter(pk=seeker_id).first()
        if seeker is None:
            raise ServiceError(_("No such job seeker in your subtree."), field="seeker_id")
        if session.trainees.filter(seeker=seeker).exists():
            raise ServiceError(
                _("This seeker is already on the session's list."),
                code=Code.DUPLICATE,
                field="seeker_id",
            )
        name = cleaning.text(name, field="name") or seeker.name
    trainee = Trainee.objects.create(
        session=session,
        name=cleaning.text(
            name, field="name", max_length=50, required=True, message=_("Give the name.")
        ),
        seeker=seeker,
        completed=bool(completed),
    )
    audit.record(
        actor=actor,
        action=Action.TRAINEE_ADD,
        obj=trainee,
        changes={"session": session.pk, "name": trainee.name_masked, "seeker": seeker_id},
    )
    return trainee


# ---- the employment fund, on the one ledger ------------------------------------------------


def _fund_union(actor: User, union_id) -> Organization:
    if isinstance(union_id, bool) or not isinstance(union_id, int):
        raise ServiceError(_("Choose the union that pays."), field="union_id")
    return get_visible_or_404(Organization.objects.all(), actor, write=True, pk=union_id)


@transaction.atomic(durable=True)
def fund_allot(
    *,
    actor: User,
    union_id: int,
    amount: int,
    request_key: str,
    memo: str = "",
    allotted_on: date | None = None,
) -> tuple[FundAllotment, bool]:
    """A union sets money of its general funds aside as its employment fund. Once per
    request key: a repeated request returns the allotment already made (True: replayed);
    the same key for another sum is refused."""
    union = _fund_union(actor, union_id)
    amount = check_fen(amount, field="amount")
    key = cleaning.request_key(request_key, field="request_key")
    memo = cleaning.text(memo, field="memo", max_length=200)
    allotted_on = allotted_on or cleaning.today()
    if not isinstance(allotted_on, date):
        raise ServiceError(_("Enter a date."), field="allotted_on")
    _not_future(allotted_on, "allotted_on", _("An allotment is recorded once made."))

    def make() -> FundAllotment:
        posting = ledger.post(
            PostingSpec(
                ALLOT_POSTING,
                union.pk,
                memo=memo or _("employment fund"),
                legs=[Leg(union.pk, FUND_ACCOUNT, amount), Leg(union.pk, "available", -amount)],
            ),
            actor=actor,
        )
        return FundAllotment.objects.create(
            union=union,
            amount=amount,
            allotted_on=allotted_on,
            memo=memo,
            request_key=key,
            posting=posting,
            created_by=actor,
        )

    allotment, replayed = once_per_key(
        lambda: FundAllotment.objects.filter(union=union, request_key=key).first(),
        make,
        same=lambda done: done.amount == amount,
        refused=_key_used,
    )
    if not replayed:
        audit.record(
            actor=actor,
            action=Action.FUND_ALLOT,
            obj=allotment,
            changes={"amount": amount, "memo": memo, "allotted_on": allotted_on.isoformat()},
        )
    return allotment, replayed


def _key_used() -> Conflict:
    return Conflict(  # 409, as every reused key (core.replay)
        _("This request was already used for another payment; reload the form to make a new one."),
        code=CoreCode.CONFLICT,
        field="request_key",
    )


@transaction.atomic(durable=True)
def fund_pay(
    *,
    actor: User,
    union_id: int,
    use: str,
    amount: int,
    paid_on: date,
    memo: str = "",
    request_key: str = "",
    seeker_id: int | None = None,
    session_id: int | None = None,
    to_id: int | None = None,
) -> tuple[FundPayment, bool]:
    """Pay from the union's employment fund, once per request key (a repeat returns the
    payment already made, True: replayed): a subsidy to a seeker it follows, the costs of
    one of its training sessions, services, or a grant to the employment fund of a union
    below it."""
    union = _fund_union(actor, union_id)
    use = cleaning.choice(use, FundUse, field="use")
    amount = check_fen(amount, field="amount")
    if not isinstance(paid_on, date):
        raise ServiceError(_("Enter a date."), field="paid_on")
    _not_future(paid_on, "paid_on", _("A payment is recorded once made: not a future date."))
    memo = cleaning.text(memo, field="memo", max_length=200)
    key = cleaning.request_key(request_key, field="request_key")
    seeker = session = to_org = None
    if use == FundUse.SUBSIDY:
        seeker = get_visible_or_404(Seeker.objects.all(), actor, pk=seeker_id or 0)
        if not seeker.union.path.startswith(union.path):
            raise ServiceError(
                _("A subsidy goes to a seeker the paying union or one below it follows."),
                field="seeker_id",
            )
    elif use == FundUse.TRAINING:
        session = get_visible_or_404(TrainingSession.objects.all(), actor, pk=session_id or 0)
        if not session.union.path.startswith(union.path):
            raise ServiceError(
                _("Training costs are paid for a session of the paying union or one below it."),
                field="session_id",
            )
    elif use == FundUse.GRANT:
        to_org = get_visible_or_404(Organization.objects.all(), actor, pk=to_id or 0)
        if to_org.pk == union.pk or not to_org.path.startswith(union.path):
            raise ServiceError(_("Grant to a union below the paying union."), field="to_id")
    legs = [Leg(union.pk, FUND_ACCOUNT, -amount)]
    if to_org is not None:  # into the lower union's own fund
        legs += [Leg(to_org.pk, FUND_ACCOUNT, amount)]
    else:
        legs += [Leg(union.pk, PAID_ACCOUNT, amount)]

    def make() -> FundPayment:
        posting = ledger.post(
            PostingSpec(PAY_POSTING, union.pk, memo=memo or str(FundUse(use).label), legs=legs),
            actor=actor,
        )
        return FundPayment.objects.create(
            union=union,
            use=use,
            seeker=seeker,
            session=session,
            to_org=to_org,
            amount=amount,
            paid_on=paid_on,
            memo=memo,
            request_key=key,
            posting=posting,
            created_by=actor,
        )

    def same(done: FundPayment) -> bool:
        return (done.use, done.amount, done.seeker_id, done.session_id, done.to_org_id) == (
            use,
            amount,
            seeker.pk if seeker else None,
            session.pk if session else None,
            to_org.pk if to_org else None,
        )

    payment, replayed = once_per_key(
        lambda: FundPayment.objects.filter(union=union, request_key=key).first(),
        make,
        same=same,
        refused=_key_used,
    )
    if not replayed:
        audit.record(
            actor=actor,
            action=Action.FUND_PAY,
            obj=payment,
            changes={"use": use, "amount": amount, "paid_on": paid_on.isoformat()},
        )
    return payment, replayed
