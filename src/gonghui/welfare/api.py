"""Member welfare at /api/v1: plans, enrolment, claims (the member's own, and the plan
federation's review and payment). The illness is never in a claim's JSON: staff read it
through `illness` (logged)."""

from datetime import date, datetime
from typing import Annotated

from django.http import HttpResponse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.core.api import STAFF, IdempotencyKey
from gonghui.core.keyset import KeysetPagination
from gonghui.core.money import MAX_FEN, Fen, FenOrZero
from gonghui.core.replay import once_response, replays

from . import selectors, services
from .lists import (
    CARE_VISITS,
    CLAIMS,
    ENROLMENTS,
    HEALTH_PROGRAMS,
    PLANS,
    REST_PROGRAMS,
    SCREENINGS,
    SELECTIONS,
    TALKS,
    TRIPS,
    CoverKindT,
    ProgramKindT,
    TalkKindT,
)

router = Router(tags=["welfare 职工福利"])


class CoverIO(Schema):
    kind: CoverKindT
    deductible: FenOrZero = 0
    ratio_percent: Annotated[int, Field(ge=1, le=100)]
    cap_per_year: Fen


class PlanOut(Schema):
    id: int
    owner_id: int
    year: int
    name: str
    premium: int
    free_for_gig: bool
    covers: list[CoverIO]

    @staticmethod
    def resolve_covers(obj):
        return list(obj.covers.all())


class PlanIn(Schema):
    owner_id: int
    year: Annotated[int, Field(ge=2000, le=2100)]
    name: Annotated[str, Field(min_length=1, max_length=100)]
    premium: Fen
    free_for_gig: bool = False
    covers: Annotated[list[CoverIO], Field(min_length=1, max_length=4)]


class EnrolIn(Schema):
    union_id: int


class EnrolOut(Schema):
    enrolled: int
    free: int


class EnrolmentOut(Schema):
    id: int
    plan_id: int
    union_id: int
    payer_id: int
    free: bool
    premium: int
    enrolled_on: date


class ClaimOut(Schema):
    id: int
    plan_id: int = Field(alias="enrolment.plan_id")
    union_id: int
    kind: str
    kind_label: str
    incurred_on: date
    bills: int
    status: str
    status_label: str
    payout: int
    reason: str
    submitted_at: datetime
    paid_on: date | None

    @staticmethod
    def resolve_kind_label(obj):
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())


class RejectIn(Schema):
    reason: Annotated[str, Field(min_length=1, max_length=300)]


class ReadIn(Schema):
    purpose: Annotated[str, Field(max_length=200)] = ""


@router.get("/welfare/plans", response=list[PlanOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_plans(request, filters: Query[PLANS.api_filters()]):  # type: ignore[valid-type]
    return PLANS.queryset(request.user, filters.dict()).prefetch_related("covers")


@router.post("/welfare/plans", response={201: PlanOut}, auth=STAFF)
def create_plan(request, payload: PlanIn):
    data = payload.dict()
    return Status(201, services.plan_create(actor=request.user, **data))


@router.get("/welfare/plans/{plan_id}", response=PlanOut, auth=STAFF)
def get_plan(request, plan_id: int):
    return selectors.plan_get(actor=request.user, plan_id=plan_id)


@router.post("/welfare/plans/{plan_id}/enrol", response=EnrolOut, auth=STAFF)
def enrol(request, plan_id: int, payload: EnrolIn):
    """A union enrols every active member of its subtree not yet covered."""
    return services.enrol_union(actor=request.user, plan_id=plan_id, union_id=payload.union_id)


# Grows with the province: pages by key too (`after`, core.keyset).
@router.get("/welfare/enrolments", response=list[EnrolmentOut], auth=STAFF)
@paginate(KeysetPagination)
def list_enrolments(request, filters: Query[ENROLMENTS.api_filters()]):  # type: ignore[valid-type]
    return ENROLMENTS.queryset(request.user, filters.dict())


# Grows with the province: pages by key too (`after`, core.keyset).
@router.get("/welfare/claims", response=list[ClaimOut], auth=STAFF)
@paginate(KeysetPagination)
def list_claims(request, filters: Query[CLAIMS.api_filters()]):  # type: ignore[valid-type]
    return CLAIMS.queryset(request.user, filters.dict())


class MineOut(Schema):
    enrolments: list[EnrolmentOut]
    claims: list[ClaimOut]


@router.get("/welfare/mine", response=MineOut)
def mine(request):
    """The member's own cover and claims."""
    return {
        "enrolments": list(selectors.my_enrolments(actor=request.user)),
        "claims": list(selectors.my_claims(actor=request.user)),
    }


@router.post("/welfare/claims/mine", response={201: ClaimOut}, openapi_extra=replays())
def file_claim(
    request,
    response: HttpResponse,
    kind: Form[CoverKindT],
    incurred_on: Form[date],
    bills: Form[Annotated[int, Field(ge=1, le=MAX_FEN, description="fen (分)")]],  # a form's text
    illness: Form[Annotated[str, Field(min_length=1, max_length=services.MAX_ILLNESS)]],
    idempotency_key: Form[IdempotencyKey],
    # The count the service takes is in the document (issue 22 item 2): at least one file,
    # at most MAX_DOCUMENTS; what each file is (PDF, JPEG, PNG) is read from its bytes.
    # (File(...) with the bounds, not Annotated: ninja then no longer sees a list of parts.)
    documents: list[UploadedFile] = File(..., min_length=1, max_length=services.MAX_DOCUMENTS),  # noqa: B008
):
    """A member files a claim with its documents (multipart). The same key again answers
    201 with the first claim and the header Idempotent-Replayed: true."""
    return once_response(
        response,
        services.claim_submit(
            actor=request.user,
            kind=kind,
            incurred_on=incurred_on,
            bills=bills,
            illness=illness,
            idempotency_key=idempotency_key,
            documents=documents,
        ),
    )


@router.get("/welfare/claims/{claim_id}", response=ClaimOut)
def get_claim(request, claim_id: int):
    return selectors.claim_get(actor=request.user, claim_id=claim_id, own=True)


@router.post("/welfare/claims/{claim_id}/approve", response=ClaimOut, auth=STAFF)
def approve_claim(request, claim_id: int):
    """The payout is computed from the plan's rules."""
    return services.claim_approve(actor=request.user, claim_id=claim_id)


@router.post("/welfare/claims/{claim_id}/reject", response=ClaimOut, auth=STAFF)
def reject_claim(request, claim_id: int, payload: RejectIn):
    return services.claim_reject(actor=request.user, claim_id=claim_id, reason=payload.reason)


@router.post("/welfare/claims/{claim_id}/pay", response=ClaimOut, auth=STAFF)
def pay_claim(request, claim_id: int):
    """Someone other than the reviewer pays, once, out of the plan's fund."""
    return services.claim_pay(actor=request.user, claim_id=claim_id)


@router.post("/welfare/claims/{claim_id}/illness", response=dict[str, str], auth=STAFF)
def read_illness(request, claim_id: int, payload: ReadIn):
    """The illness as the member wrote it; the read is logged."""
    return {
        "illness": services.claim_illness(
            actor=request.user, claim_id=claim_id, purpose=payload.purpose
        )
    }


# ---- health programs -------------------------------------------------------------------

Year = Annotated[int, Field(ge=2000, le=2100)]
Places = Annotated[int, Field(ge=1, le=10_000_000)]
Id = Annotated[int, Field(ge=1, le=2**62)]
Text100 = Annotated[str, Field(min_length=1, max_length=100)]
LongText = Annotated[str, Field(min_length=1, max_length=services.MAX_ILLNESS)]


class HealthProgramIn(Schema):
    owner_id: Id
    year: Year
    kind: ProgramKindT
    name: Text100
    places: Places


class HealthProgramOut(Schema):
    id: int
    owner_id: int
    year: int
    kind: str
    name: str
    places: int


class ScreeningIn(Schema):
    person_id: Id
    appointment_on: date
    place: Text100


class ScreeningOut(Schema):
    """No result here: it is read through `result` (logged)."""

    id: int
    program_id: int
    union_id: int
    appointment_on: date
    place: str
    status: str
    follow_up: bool
    screened_on: date | None


class ResultIn(Schema):
    screened_on: date | None = None
    result: Annotated[str, Field(max_length=services.MAX_ILLNESS)] = ""
    follow_up: bool = False
    missed: bool = False


class CareVisitIn(Schema):
    union_id: Id
    person_id: Id
    visited_on: date
    illness: LongText
    amount: Fen


class CareVisitOut(Schema):
    id: int
    union_id: int
    visited_on: date
    amount: int


@router.get("/welfare/health-programs", response=list[HealthProgramOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_health_programs(request, filters: Query[HEALTH_PROGRAMS.api_filters()]):  # type: ignore[valid-type]
    return HEALTH_PROGRAMS.queryset(request.user, filters.dict())


@router.post("/welfare/health-programs", response={201: HealthProgramOut}, auth=STAFF)
def create_health_program(request, payload: HealthProgramIn):
    return Status(201, services.health_program_create(actor=request.user, **payload.dict()))


@router.get("/welfare/health-programs/{program_id}", response=HealthProgramOut, auth=STAFF)
def get_health_program(request, program_id: int):
    return selectors.health_program_get(actor=request.user, program_id=program_id)


@router.post(
    "/welfare/health-programs/{program_id}/screenings", response={201: ScreeningOut}, auth=STAFF
)
def book_screening(request, program_id: int, payload: ScreeningIn):
    return Status(
        201, services.screening_book(actor=request.user, program_id=program_id, **payload.dict())
    )


# Grows with the province: pages by key too (`after`, core.keyset).
@router.get("/welfare/screenings", response=list[ScreeningOut], auth=STAFF)
@paginate(KeysetPagination)
def list_screenings(request, filters: Query[SCREENINGS.api_filters()]):  # type: ignore[valid-type]
    return SCREENINGS.queryset(request.user, filters.dict())


@router.get("/welfare/screenings/{screening_id}", response=ScreeningOut)
def get_screening(request, screening_id: int):
    return selectors.screening_get(actor=request.user, screening_id=screening_id, own=True)


@router.post("/welfare/screenings/{screening_id}/record", response=ScreeningOut, auth=STAFF)
def record_screening(request, screening_id: int, payload: ResultIn):
    return services.screening_result(
        actor=request.user, screening_id=screening_id, **payload.dict()
    )


@router.post("/welfare/screenings/{screening_id}/result", response=dict[str, str])
def read_screening_result(request, screening_id: int, payload: ReadIn):
    """The result (the member's own, or staff's with a purpose); each read is logged."""
    return {
        "result": services.screening_result_read(
            actor=request.user, screening_id=screening_id, purpose=payload.purpose
        )
    }


@router.get("/welfare/care-visits", response=list[CareVisitOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_care_visits(request, filters: Query[CARE_VISITS.api_filters()]):  # type: ignore[valid-type]
    return CARE_VISITS.queryset(request.user, filters.dict())


@router.post("/welfare/care-visits", response={201: CareVisitOut}, auth=STAFF)
def record_care_visit(request, payload: CareVisitIn):
    """Money from the visiting union's general funds, on the ledger."""
    return Status(201, services.care_visit_record(actor=request.user, **payload.dict()))


# ---- mental health ---------------------------------------------------------------------


class TalkIn(Schema):
    union_id: Id
    kind: TalkKindT
    title: Text100
    held_on: date
    attendance: Places


class TalkOut(Schema):
    id: int
    union_id: int
    kind: str
    title: str
    held_on: date
    attendance: int


class CounsellorIn(Schema):
    union_id: Id
    user_id: Id


class CounsellorOut(Schema):
    id: int
    union_id: int
    user_id: int
    active: bool


class SessionIn(Schema):
    topic: LongText


class SessionOut(Schema):
    """No topic: only the counsellor opens it, on the page."""

    id: int
    status: str
    asked_at: datetime
    held_on: date | None


class HeldIn(Schema):
    held_on: date


@router.get("/welfare/talks", response=list[TalkOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_talks(request, filters: Query[TALKS.api_filters()]):  # type: ignore[valid-type]
    return TALKS.queryset(request.user, filters.dict())


@router.post("/welfare/talks", response={201: TalkOut}, auth=STAFF)
def record_talk(request, payload: TalkIn):
    return Status(201, services.talk_record(actor=request.user, **payload.dict()))


@router.post("/welfare/counsellors", response={201: CounsellorOut}, auth=STAFF)
def name_counsellor(request, payload: CounsellorIn):
    return Status(201, services.counsellor_name(actor=request.user, **payload.dict()))


@router.get("/welfare/sessions", response=list[SessionOut])
def list_sessions(request):
    """The caller's own sessions: those they asked for and those they hold as counsellor."""
    return list(selectors.my_sessions(actor=request.user)) + list(
        selectors.counselling_sessions(actor=request.user)
    )


@router.post("/welfare/sessions", response={201: SessionOut})
def ask_session(request, payload: SessionIn):
    """A worker asks for a confidential session: only they and the counsellor see it."""
    return Status(201, services.session_ask(actor=request.user, topic=payload.topic))


@router.get("/welfare/sessions/{session_id}", response=SessionOut)
def get_session(request, session_id: int):
    return selectors.session_get(actor=request.user, session_id=session_id)


@router.post("/welfare/sessions/{session_id}/held", response=SessionOut)
def session_held(request, session_id: int, payload: HeldIn):
    return services.session_held(actor=request.user, session_id=session_id, held_on=payload.held_on)


# ---- rest and recuperation -------------------------------------------------------------


class RestProgramIn(Schema):
    owner_id: Id
    year: Year
    name: Text100
    destination: Text100
    places: Places
    cost_per_place: Fen


class RestProgramOut(Schema):
    id: int
    owner_id: int
    year: int
    name: str
    destination: str
    places: int
    cost_per_place: int


class QuotaIn(Schema):
    union_id: Id
    places: Places


class QuotaOut(Schema):
    id: int
    program_id: int
    union_id: int
    places: int


class CandidateIn(Schema):
    person_id: Id
    front_line: bool = False


class SelectIn(Schema):
    union_id: Id
    candidates: Annotated[list[CandidateIn], Field(min_length=1, max_length=1000)]


class SelectOut(Schema):
    selected: int
    waiting: int


class SelectionOut(Schema):
    id: int
    program_id: int
    union_id: int
    priority: int
    trip_id: int | None
    selected_on: date


class TripIn(Schema):
    union_id: Id
    departs_on: date
    returns_on: date
    selection_ids: Annotated[list[Id], Field(min_length=1, max_length=1000)]


class TripOut(Schema):
    id: int
    program_id: int
    union_id: int
    departs_on: date
    returns_on: date
    cost: int


@router.get("/welfare/rest-programs", response=list[RestProgramOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_rest_programs(request, filters: Query[REST_PROGRAMS.api_filters()]):  # type: ignore[valid-type]
    return REST_PROGRAMS.queryset(request.user, filters.dict())


@router.post("/welfare/rest-programs", response={201: RestProgramOut}, auth=STAFF)
def create_rest_program(request, payload: RestProgramIn):
    return Status(201, services.rest_program_create(actor=request.user, **payload.dict()))


@router.get("/welfare/rest-programs/{program_id}", response=RestProgramOut, auth=STAFF)
def get_rest_program(request, program_id: int):
    return selectors.rest_program_get(actor=request.user, program_id=program_id)


@router.post("/welfare/rest-programs/{program_id}/quotas", response=QuotaOut, auth=STAFF)
def set_quota(request, program_id: int, payload: QuotaIn):
    return services.rest_quota_set(actor=request.user, program_id=program_id, **payload.dict())


@router.post("/welfare/rest-programs/{program_id}/select", response=SelectOut, auth=STAFF)
def select_workers(request, program_id: int, payload: SelectIn):
    """Model workers first, then front-line workers, then the others (in the order listed)."""
    return services.rest_select(
        actor=request.user,
        program_id=program_id,
        union_id=payload.union_id,
        candidates=[c.dict() for c in payload.candidates],
    )


@router.post("/welfare/rest-programs/{program_id}/trips", response={201: TripOut}, auth=STAFF)
def record_trip(request, program_id: int, payload: TripIn):
    return Status(
        201, services.rest_trip_record(actor=request.user, program_id=program_id, **payload.dict())
    )


@router.get("/welfare/selections", response=list[SelectionOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_selections(request, filters: Query[SELECTIONS.api_filters()]):  # type: ignore[valid-type]
    return SELECTIONS.queryset(request.user, filters.dict())


@router.get("/welfare/trips", response=list[TripOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_trips(request, filters: Query[TRIPS.api_filters()]):  # type: ignore[valid-type]
    return TRIPS.queryset(request.user, filters.dict())
