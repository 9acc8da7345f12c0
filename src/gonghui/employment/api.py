"""Employment services at /api/v1/employment, within the caller's scope."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, TypeVar

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import ConfigDict

from gonghui.core.api import GIVEN_ID, GIVEN_TEXT, STAFF, IdempotencyKey, at_least_one
from gonghui.core.errors import ServiceError
from gonghui.core.keyset import KeysetPagination
from gonghui.core.money import JSON_WHOLE, Fen
from gonghui.core.replay import once_response, replays
from gonghui.orgs.api import RegionCode

from . import selectors, services
from .lists import (
    APPLICATIONS,
    EVENTS,
    FUND_ALLOTMENTS,
    FUND_PAYMENTS,
    MATCHINGS,
    PLACEMENTS,
    POSTS,
    SEEKERS,
    SERVICES,
    TRAININGS,
    ApplicationStatusT,
    FundUseT,
    GroupT,
    MatchingKindT,
    ModeT,
    SeekerStatusT,
    ServiceKindT,
    TradeT,
    TrainingKindT,
)

R = TypeVar("R")

router = Router(tags=["employment 就业服务"])

Count = Annotated[int, Field(ge=0, le=services.MAX_COUNT)]
PayFen = Annotated[int, Field(ge=0, le=services.MAX_PAY_FEN, description="fen (分)"), JSON_WHOLE]


class EventOut(Schema):
    id: int
    union_id: int
    union_name: str = Field(alias="union.name")
    title: str
    mode: str
    held_on: date
    place: str
    link: str
    visitors: int | None
    hires: int | None
    created_at: datetime


class EventIn(Schema):
    union_id: int
    title: Annotated[str, Field(max_length=120)]
    mode: ModeT
    held_on: date
    place: Annotated[str, Field(max_length=200)] = ""
    link: Annotated[str, Field(max_length=300)] = ""
    visitors: Count | None = None
    hires: Count | None = None


class EventPatch(Schema):
    title: Annotated[str, Field(max_length=120)] | None = None
    mode: ModeT | None = None
    held_on: date | None = None
    place: Annotated[str, Field(max_length=200)] | None = None
    link: Annotated[str, Field(max_length=300)] | None = None
    visitors: Count | None = None
    hires: Count | None = None


class ExhibitorIn(Schema):
    model_config = ConfigDict(
        json_schema_extra=at_least_one(name=GIVEN_TEXT, enterprise_id=GIVEN_ID)
    )
    name: Annotated[str, Field(max_length=120)] = ""
    enterprise_id: int | None = None


class ExhibitorOut(Schema):
    id: int
    event_id: int
    name: str
    enterprise_id: int | None


class PostOut(Schema):
    id: int
    union_id: int
    exhibitor_id: int | None
    employer_name: str
    title: str
    trade: str
    region_code: str = Field(alias="region_id")
    region_name: str = Field(alias="region.name")
    pay_min: int
    pay_max: int
    headcount: int
    opened_on: date
    is_open: bool


class PostIn(Schema):
    union_id: int | None = None
    exhibitor_id: int | None = None
    employer_name: Annotated[str, Field(max_length=120)] = ""
    title: Annotated[str, Field(min_length=1, max_length=100)]
    trade: TradeT
    region_code: RegionCode
    pay_min: PayFen
    pay_max: PayFen
    headcount: Annotated[int, Field(ge=1, le=services.MAX_HEADCOUNT)]
    opened_on: date | None = None


class SeekerOut(Schema):
    id: int
    union_id: int
    union_name: str = Field(alias="union.name")
    name: str = Field(alias="name_masked")
    phone: str = Field(alias="phone_masked")
    group: str
    school: str
    graduation_year: int | None
    skills: str
    trades: list[str]
    region_code: str | None = Field(alias="region_id")
    pay_min: int
    consented: bool = Field(alias="has_consented")
    status: str
    cadre_id: int | None
    person_id: int | None
    household_member_id: int | None
    registered_on: date


class SeekerIn(Schema):
    model_config = ConfigDict(
        json_schema_extra=at_least_one(
            name=GIVEN_TEXT, person_id=GIVEN_ID, household_member_id=GIVEN_ID
        )
    )
    union_id: int
    name: Annotated[str, Field(max_length=50)] = ""
    group: GroupT
    phone: Annotated[str, Field(max_length=20)] = ""
    person_id: int | None = None
    household_member_id: int | None = None
    school: Annotated[str, Field(max_length=100)] = ""
    graduation_year: Annotated[int, Field(ge=1950, le=2100)] | None = None
    skills: Annotated[str, Field(max_length=300)] = ""
    trades: Annotated[list[TradeT], Field(max_length=services.MAX_TRADES)] = []
    region_code: RegionCode | None = None
    pay_min: PayFen = 0
    consented: bool = False
    cadre_id: int | None = None
    registered_on: date | None = None


class SeekerPatch(Schema):
    group: GroupT | None = None
    school: Annotated[str, Field(max_length=100)] | None = None
    graduation_year: Annotated[int, Field(ge=1950, le=2100)] | None = None
    skills: Annotated[str, Field(max_length=300)] | None = None
    trades: Annotated[list[TradeT], Field(max_length=services.MAX_TRADES)] | None = None
    region_code: RegionCode | None = None
    pay_min: PayFen | None = None
    status: SeekerStatusT | None = None


class ConsentIn(Schema):
    consented: bool


class CadreIn(Schema):
    cadre_id: int | None


class ServiceIn(Schema):
    kind: ServiceKindT
    channel: ModeT
    union_id: int | None = None
    given_on: date | None = None
    post_id: int | None = None
    note: Annotated[str, Field(max_length=300)] = ""


class OpenServiceIn(ServiceIn):
    """A service to a worker not on file (an online consultation): the union gives it."""

    union_id: int


class ServiceOut(Schema):
    id: int
    union_id: int
    seeker_id: int | None
    kind: str
    channel: str
    given_on: date
    post_id: int | None
    note: str


class PlacementIn(Schema):
    placed_on: date
    post_id: int | None = None
    employer_name: Annotated[str, Field(max_length=120)] = ""
    region_code: RegionCode | None = None


class PlacementCheckIn(Schema):
    confirmed: bool
    checked_on: date | None = None
    note: Annotated[str, Field(max_length=300)] = ""


class PlacementOut(Schema):
    id: int
    seeker_id: int
    post_id: int | None
    employer_name: str
    region_code: str = Field(alias="region_id")
    placed_on: date
    status: str
    checked_on: date | None
    check_note: str


# ---- events -------------------------------------------------------------------------------


@router.get("/employment/events", response=list[EventOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_events(request, filters: Query[EVENTS.api_filters()]):  # type: ignore[valid-type]
    return EVENTS.queryset(request.user, filters.dict())


@router.post("/employment/events", response={201: EventOut}, auth=STAFF)
def create_event(request, payload: EventIn):
    return Status(201, services.event_create(actor=request.user, **payload.dict()))


@router.get("/employment/events/{event_id}", response=EventOut, auth=STAFF)
def get_event(request, event_id: int):
    return selectors.event_get(actor=request.user, event_id=event_id)


@router.patch("/employment/events/{event_id}", response=EventOut, auth=STAFF)
def update_event(request, event_id: int, payload: EventPatch):
    return services.event_update(
        actor=request.user, event_id=event_id, **payload.dict(exclude_unset=True)
    )


@router.post("/employment/events/{event_id}/exhibitors", response={201: ExhibitorOut}, auth=STAFF)
def add_exhibitor(request, event_id: int, payload: ExhibitorIn):
    return Status(
        201, services.exhibitor_add(actor=request.user, event_id=event_id, **payload.dict())
    )


# ---- posts --------------------------------------------------------------------------------


@router.get("/employment/posts", response=list[PostOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_posts(request, filters: Query[POSTS.api_filters()]):  # type: ignore[valid-type]
    return POSTS.queryset(request.user, filters.dict())


@router.post("/employment/posts", response={201: PostOut}, auth=STAFF)
def create_post(request, payload: PostIn):
    return Status(201, services.post_create(actor=request.user, **payload.dict()))


@router.get("/employment/posts/{post_id}", response=PostOut, auth=STAFF)
def get_post(request, post_id: int):
    return selectors.post_get(actor=request.user, post_id=post_id)


@router.post("/employment/posts/{post_id}/close", response=PostOut, auth=STAFF)
def close_post(request, post_id: int):
    return services.post_close(actor=request.user, post_id=post_id)


# ---- seekers ------------------------------------------------------------------------------


@router.get("/employment/seekers", response=list[SeekerOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_seekers(request, filters: Query[SEEKERS.api_filters()]):  # type: ignore[valid-type]
    return SEEKERS.queryset(request.user, filters.dict())


@router.post("/employment/seekers", response={201: SeekerOut}, auth=STAFF)
def create_seeker(request, payload: SeekerIn):
    data = payload.dict()
    data["region_code"] = data["region_code"] or ""
    data["trades"] = list(data["trades"])
    return Status(201, services.seeker_create(actor=request.user, **data))


@router.get("/employment/seekers/{seeker_id}", response=SeekerOut)
def get_seeker(request, seeker_id: int):
    """A seeker's record: staff in scope, or the seeker themselves."""
    return selectors.seeker_get(actor=request.user, seeker_id=seeker_id, own=True)


@router.patch("/employment/seekers/{seeker_id}", response=SeekerOut, auth=STAFF)
def update_seeker(request, seeker_id: int, payload: SeekerPatch):
    changes = payload.dict(exclude_unset=True)
    if "region_code" in changes:
        changes["region_id"] = changes.pop("region_code")
    return services.seeker_update(actor=request.user, seeker_id=seeker_id, **changes)


@router.post("/employment/seekers/{seeker_id}/consent", response=SeekerOut)
def set_consent(request, seeker_id: int, payload: ConsentIn):
    """Consent to matching, recorded by the seeker's union or given by the seeker."""
    return services.seeker_consent(
        actor=request.user, seeker_id=seeker_id, consented=payload.consented
    )


@router.post("/employment/seekers/{seeker_id}/cadre", response=SeekerOut, auth=STAFF)
def assign_cadre(request, seeker_id: int, payload: CadreIn):
    return services.cadre_assign(actor=request.user, seeker_id=seeker_id, cadre_id=payload.cadre_id)


@router.get("/employment/seekers/{seeker_id}/matches", response=list[PostOut])
def seeker_matches(request, seeker_id: int):
    """Open posts for the seeker's wishes (trade, place, pay), with their consent."""
    return selectors.matches(actor=request.user, seeker_id=seeker_id)


@router.post("/employment/seekers/{seeker_id}/services", response={201: ServiceOut}, auth=STAFF)
def record_service(request, seeker_id: int, payload: ServiceIn):
    return Status(
        201, services.service_record(actor=request.user, seeker_id=seeker_id, **payload.dict())
    )


@router.post("/employment/seekers/{seeker_id}/placements", response={201: PlacementOut}, auth=STAFF)
def record_placement(request, seeker_id: int, payload: PlacementIn):
    data = payload.dict()
    data["region_code"] = data["region_code"] or ""
    return Status(201, services.placement_record(actor=request.user, seeker_id=seeker_id, **data))


# ---- services and placements -------------------------------------------------------------


# Grows with the province: pages by key too (`after`, core.keyset).
@router.get("/employment/services", response=list[ServiceOut], auth=STAFF)
@paginate(KeysetPagination)
def list_services(request, filters: Query[SERVICES.api_filters()]):  # type: ignore[valid-type]
    return SERVICES.queryset(request.user, filters.dict())


@router.post("/employment/services", response={201: ServiceOut}, auth=STAFF)
def record_open_service(request, payload: OpenServiceIn):
    return Status(201, services.service_record(actor=request.user, **payload.dict()))


@router.get("/employment/placements", response=list[PlacementOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_placements(request, filters: Query[PLACEMENTS.api_filters()]):  # type: ignore[valid-type]
    return PLACEMENTS.queryset(request.user, filters.dict())


@router.post("/employment/placements/{placement_id}/check", response=PlacementOut, auth=STAFF)
def check_placement(request, placement_id: int, payload: PlacementCheckIn):
    return services.placement_check(actor=request.user, placement_id=placement_id, **payload.dict())


# ---- matchings and training ------------------------------------------------------------------


class MatchingIn(Schema):
    union_id: int
    title: Annotated[str, Field(max_length=120)]
    kind: MatchingKindT
    held_on: date
    partners: Annotated[str, Field(max_length=500)]
    posts_offered: Count | None = None


class MatchingOut(Schema):
    id: int
    union_id: int
    title: str
    kind: str
    held_on: date
    partners: str
    posts_offered: int | None


class TrainingIn(Schema):
    union_id: int
    title: Annotated[str, Field(max_length=120)]
    kind: TrainingKindT
    trade: TradeT
    starts_on: date
    ends_on: date
    employer_name: Annotated[str, Field(max_length=120)] = ""


class TrainingOut(Schema):
    id: int
    union_id: int
    title: str
    kind: str
    trade: str
    employer_name: str
    starts_on: date
    ends_on: date


class TraineeIn(Schema):
    model_config = ConfigDict(json_schema_extra=at_least_one(name=GIVEN_TEXT, seeker_id=GIVEN_ID))
    name: Annotated[str, Field(max_length=50)] = ""
    seeker_id: int | None = None
    completed: bool = True


class TraineeOut(Schema):
    id: int
    session_id: int
    name: str = Field(alias="name_masked")
    seeker_id: int | None
    completed: bool


@router.get("/employment/matchings", response=list[MatchingOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_matchings(request, filters: Query[MATCHINGS.api_filters()]):  # type: ignore[valid-type]
    return MATCHINGS.queryset(request.user, filters.dict())


@router.post("/employment/matchings", response={201: MatchingOut}, auth=STAFF)
def create_matching(request, payload: MatchingIn):
    return Status(201, services.matching_create(actor=request.user, **payload.dict()))


@router.get("/employment/training", response=list[TrainingOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_training(request, filters: Query[TRAININGS.api_filters()]):  # type: ignore[valid-type]
    return TRAININGS.queryset(request.user, filters.dict())


@router.post("/employment/training", response={201: TrainingOut}, auth=STAFF)
def create_training(request, payload: TrainingIn):
    return Status(201, services.training_create(actor=request.user, **payload.dict()))


@router.get("/employment/training/{session_id}/trainees", response=list[TraineeOut], auth=STAFF)
def list_trainees(request, session_id: int):
    return list(selectors.training_get(actor=request.user, session_id=session_id).trainees.all())


@router.post("/employment/training/{session_id}/trainees", response={201: TraineeOut}, auth=STAFF)
def add_trainee(request, session_id: int, payload: TraineeIn):
    return Status(
        201, services.trainee_add(actor=request.user, session_id=session_id, **payload.dict())
    )


# ---- applications: the seeker applies, the union or the post's publisher moves them on -------


class ApplicationOut(Schema):
    id: int
    seeker_id: int
    post_id: int
    post_title: str = Field(alias="post.title")
    employer_name: str = Field(alias="post.employer_name")
    status: str
    applied_on: date
    consented_at: datetime
    note: str
    placement_id: int | None
    updated_at: datetime


class ApplyIn(Schema):
    post_id: int
    consented: bool = Field(
        description="the seeker agrees that their record is shared with the employer"
    )


class AdvanceIn(Schema):
    status: ApplicationStatusT
    note: Annotated[str, Field(max_length=300)] = ""
    placed_on: date | None = Field(None, description="with a hire: the first day of work")


@router.get("/employment/applications", response=list[ApplicationOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_applications(request, filters: Query[APPLICATIONS.api_filters()]):  # type: ignore[valid-type]
    return APPLICATIONS.queryset(request.user, filters.dict())


@router.get("/employment/applications/mine", response=list[ApplicationOut])
def my_applications(request):
    """The caller's own applications, newest first."""
    return list(selectors.my_applications(actor=request.user)[:100])


@router.post("/employment/applications", response={201: ApplicationOut})
def apply(request, payload: ApplyIn):
    """The caller (a registered job seeker) applies to an open post, once per post."""
    return Status(201, services.application_apply(actor=request.user, **payload.dict()))


@router.post("/employment/applications/{application_id}/withdraw", response=ApplicationOut)
def withdraw_application(request, application_id: int):
    return services.application_withdraw(actor=request.user, application_id=application_id)


@router.get("/employment/applications/{application_id}", response=ApplicationOut, auth=STAFF)
def get_application(request, application_id: int):
    return selectors.application_get(actor=request.user, application_id=application_id)


@router.post(
    "/employment/applications/{application_id}/status", response=ApplicationOut, auth=STAFF
)
def advance_application(request, application_id: int, payload: AdvanceIn):
    """Seen, interview, hired (records the real-name placement) or not hired."""
    return services.application_advance(
        actor=request.user, application_id=application_id, **payload.dict()
    )


# ---- the employment fund, on the one ledger --------------------------------------------------


class FundOut(Schema):
    union_id: int
    union_name: str
    balance: int = Field(description="fen (分)")
    allotted: int
    received: int
    paid: int
    granted: int


class AllotmentOut(Schema):
    id: int
    union_id: int
    union_name: str = Field(alias="union.name")
    amount: int
    allotted_on: date
    memo: str
    request_key: str
    posting_id: int
    created_at: datetime


class AllotIn(Schema):
    union_id: int
    amount: Fen
    allotted_on: date | None = None
    memo: Annotated[str, Field(max_length=200)] = ""
    idempotency_key: IdempotencyKey


class FundPaymentOut(Schema):
    id: int
    union_id: int
    union_name: str = Field(alias="union.name")
    use: str
    seeker_id: int | None
    session_id: int | None
    to_org_id: int | None
    amount: int
    paid_on: date
    memo: str
    request_key: str
    posting_id: int
    created_at: datetime


class FundPayIn(Schema):
    union_id: int
    use: FundUseT
    amount: Fen
    paid_on: date
    memo: Annotated[str, Field(max_length=200)] = ""
    seeker_id: int | None = None
    session_id: int | None = None
    to_id: int | None = None
    idempotency_key: IdempotencyKey


@router.get("/employment/fund/allotments", response=list[AllotmentOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_allotments(request, filters: Query[FUND_ALLOTMENTS.api_filters()]):  # type: ignore[valid-type]
    return FUND_ALLOTMENTS.queryset(request.user, filters.dict())


def _keyed(write: Callable[..., R], actor, payload: Schema) -> R:
    """A fund write with the caller's key: the services name it `request_key` (their
    form's field), the API `idempotency_key`, and a refusal names the caller's input."""
    data = payload.dict()
    data["request_key"] = data.pop("idempotency_key")
    try:
        return write(actor=actor, **data)
    except ServiceError as exc:
        if "request_key" in exc.fields:
            exc.fields["idempotency_key"] = exc.fields.pop("request_key")
        raise


@router.post(
    "/employment/fund/allotments",
    response={201: AllotmentOut},
    auth=STAFF,
    openapi_extra=replays(),
)
def allot(request, response: HttpResponse, payload: AllotIn):
    """Set money aside as the union's employment fund; the same key again replays."""
    return once_response(response, _keyed(services.fund_allot, request.user, payload))


@router.get("/employment/fund/payments", response=list[FundPaymentOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_fund_payments(request, filters: Query[FUND_PAYMENTS.api_filters()]):  # type: ignore[valid-type]
    return FUND_PAYMENTS.queryset(request.user, filters.dict())


@router.post(
    "/employment/fund/payments",
    response={201: FundPaymentOut},
    auth=STAFF,
    openapi_extra=replays(),
)
def pay(request, response: HttpResponse, payload: FundPayIn):
    """Pay from the union's employment fund; the same key again replays."""
    return once_response(response, _keyed(services.fund_pay, request.user, payload))


@router.get("/employment/fund/{union_id}", response=FundOut, auth=STAFF)
def fund(request, union_id: int):
    """A union's employment fund: its balance and what was allotted, received, paid and
    granted, in fen, from the ledger."""
    row = selectors.fund_balance(actor=request.user, union_id=union_id)
    union = row.pop("union")
    return {"union_id": union.pk, "union_name": union.name, **row}
