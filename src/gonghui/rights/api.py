"""Rights cases at /api/v1: the worker's own, and the handlers' within their subtree.

The dispute itself is never in a case's JSON: a handler reads it through `reveal`
(logged), the worker on their own page.
"""

from datetime import date, datetime
from typing import Annotated, Literal, TypeAlias

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.core.api import MOBILE_PATTERN, STAFF, required_text
from gonghui.core.keyset import KeysetPagination
from gonghui.core.money import FenOrZero

from . import selectors, services, services_letters, services_mediation
from .lists import (
    CASES,
    CENTRES,
    LEGAL_EVENTS,
    LETTERS,
    MEDIATIONS,
    AddresseeT,
    AudienceT,
    CampaignT,
    CentreKindT,
    ChannelT,
    EventKindT,
    IssueT,
    KindT,
    LetterKindT,
    MediationStatusT,
    MediatorKindT,
    OutcomeT,
    ReferredToT,
    StageT,
)
from .models import Rectification

router = Router(tags=["rights 维权"])

Text500 = Annotated[str, Field(max_length=500)]
Description = Annotated[str, Field(min_length=1, max_length=services.MAX_DESCRIPTION)]
Workers = Annotated[int, Field(ge=1, le=services.MAX_WORKERS)]


class StepOut(Schema):
    stage: str
    stage_label: str
    note: str
    at: datetime

    @staticmethod
    def resolve_stage_label(obj):
        return str(obj.get_stage_display())


class CaseOut(Schema):
    id: int
    reference: str
    union_id: int
    union_name: str = Field(alias="union.name")
    kind: str
    kind_label: str
    channel: str
    worker_name: str
    phone_masked: str
    employer: str
    workers_involved: int
    amount_claimed: int
    amount_recovered: int
    stage: str
    status: str
    outcome: str
    outcome_note: str
    handler_id: int | None
    opened_on: date
    deadline: date
    closed_on: date | None
    steps: list[StepOut]

    @staticmethod
    def resolve_kind_label(obj):
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_steps(obj):
        return list(obj.steps.all())


class CaseSubmitIn(Schema):
    kind: KindT
    employer: Annotated[str, Field(max_length=100)]
    description: Description
    amount_claimed: FenOrZero = 0
    workers_involved: Workers = 1
    phone: Annotated[str, Field(max_length=20, pattern=MOBILE_PATTERN)] = ""
    union_id: int | None = None


class CaseOpenIn(Schema):
    union_id: int
    kind: KindT
    channel: ChannelT
    worker_name: Annotated[str, Field(max_length=50)]
    employer: Annotated[str, Field(max_length=100)]
    description: Description
    phone: Annotated[str, Field(max_length=20, pattern=MOBILE_PATTERN)] = ""
    amount_claimed: FenOrZero = 0
    workers_involved: Workers = 1
    opened_on: date | None = None
    handler_id: int | None = None


class AssignIn(Schema):
    handler_id: int


class StepIn(Schema):
    stage: StageT
    note: Text500 = ""


class CloseIn(Schema):
    outcome: OutcomeT
    amount_recovered: FenOrZero = 0
    note: Text500 = ""
    closed_on: date | None = None


class RevealIn(Schema):
    purpose: Annotated[str, required_text(200)]


# A province's cases run to millions: page by key (`after`) at any depth; offsets and
# their bounded count stay for the first pages (core.keyset).
@router.get("/rights/cases", response=list[CaseOut], auth=STAFF)
@paginate(KeysetPagination)
def list_cases(request, filters: Query[CASES.api_filters()]):  # type: ignore[valid-type]
    return CASES.queryset(request.user, filters.dict()).prefetch_related("steps")


@router.post("/rights/cases", response={201: CaseOut}, auth=STAFF)
def open_case(request, payload: CaseOpenIn):
    """A cadre takes a case by the 12351 hotline, at the desk, or on referral."""
    return Status(201, services.case_open(actor=request.user, **payload.dict()))


@router.get("/rights/cases/mine", response=list[CaseOut])
def my_cases(request):
    return list(selectors.my_cases(actor=request.user))


@router.post("/rights/cases/mine", response={201: CaseOut})
def submit_case(request, payload: CaseSubmitIn):
    """A worker asks their union for help."""
    return Status(201, services.case_submit(actor=request.user, **payload.dict()))


@router.get("/rights/cases/{case_id}", response=CaseOut)
def get_case(request, case_id: int):
    return selectors.case_get(actor=request.user, case_id=case_id, own=True)


@router.post("/rights/cases/{case_id}/assign", response=CaseOut, auth=STAFF)
def assign_case(request, case_id: int, payload: AssignIn):
    return services.case_assign(actor=request.user, case_id=case_id, **payload.dict())


@router.post("/rights/cases/{case_id}/step", response=CaseOut, auth=STAFF)
def step_case(request, case_id: int, payload: StepIn):
    return services.case_step(actor=request.user, case_id=case_id, **payload.dict())


@router.post("/rights/cases/{case_id}/close", response=CaseOut, auth=STAFF)
def close_case(request, case_id: int, payload: CloseIn):
    return services.case_close(actor=request.user, case_id=case_id, **payload.dict())


@router.post("/rights/cases/{case_id}/withdraw", response=CaseOut)
def withdraw_case(request, case_id: int):
    return services.case_withdraw(actor=request.user, case_id=case_id)


@router.post("/rights/cases/{case_id}/reveal", response=dict[str, str], auth=STAFF)
def reveal_case(request, case_id: int, payload: RevealIn):
    """The dispute as the worker told it; the read is logged."""
    return {
        "description": services.case_reveal(
            actor=request.user, case_id=case_id, purpose=payload.purpose
        )
    }


# ---- mediation and legal-service events ---------------------------------------------------

Name50 = Annotated[str, Field(max_length=50)]
Name100 = Annotated[str, Field(max_length=100)]
Count = Annotated[int, Field(ge=0, le=1_000_000)]


class CentreOut(Schema):
    id: int
    union_id: int
    union_name: str = Field(alias="union.name")
    name: str
    kind: str
    partner: str
    address: str
    phone: str
    established_on: date
    is_active: bool


class CentreIn(Schema):
    union_id: int
    name: Name100
    kind: CentreKindT
    partner: Name100 = ""
    address: Annotated[str, Field(max_length=200)] = ""
    phone: Annotated[str, Field(max_length=20, pattern=MOBILE_PATTERN)] = ""
    established_on: date | None = None


class MediatorOut(Schema):
    id: int
    centre_id: int
    name: str
    kind: str
    is_active: bool


class MediatorIn(Schema):
    name: Annotated[str, required_text(50)]
    kind: MediatorKindT


class SessionOut(Schema):
    id: int
    held_on: date
    mediator_id: int | None
    note: str


class MediationOut(Schema):
    id: int
    reference: str
    centre_id: int
    centre_name: str = Field(alias="centre.name")
    case_id: int | None
    worker_name: str
    employer: str
    kind: str
    workers_involved: int
    amount_claimed: int
    mediator_id: int | None
    received_on: date
    due_on: date
    status: str
    closed_on: date | None
    amount_agreed: int
    result_note: str
    referred_to: str
    sessions: list[SessionOut]

    @staticmethod
    def resolve_sessions(obj):
        return list(obj.sessions.all())


class MediationIn(Schema):
    centre_id: int
    case_id: int | None = None
    worker_name: Name50 = ""
    employer: Name100 = ""
    kind: KindT | Literal[""] = ""
    workers_involved: Workers = 1
    amount_claimed: FenOrZero = 0
    received_on: date | None = None
    mediator_id: int | None = None


class SessionIn(Schema):
    held_on: date | None = None
    mediator_id: int | None = None
    note: Text500 = ""


class MediationCloseIn(Schema):
    status: MediationStatusT
    amount_agreed: FenOrZero = 0
    note: Text500 = ""
    referred_to: ReferredToT | Literal[""] = ""
    closed_on: date | None = None


class LegalEventOut(Schema):
    id: int
    union_id: int
    union_name: str = Field(alias="union.name")
    campaign: str
    kind: str
    audience: str
    title: str
    held_on: date
    place: str
    attendance: int
    lawyers: int
    consultations: int
    cases_taken: int


class LegalEventIn(Schema):
    union_id: int
    campaign: CampaignT | Literal[""] = ""
    kind: EventKindT
    audience: AudienceT
    title: Name100
    held_on: date | None = None
    place: Name100 = ""
    attendance: Count = 0
    lawyers: Annotated[int, Field(ge=0, le=10_000)] = 0
    consultations: Count = 0
    cases_taken: Annotated[int, Field(ge=0, le=100_000)] = 0


@router.get("/rights/centres", response=list[CentreOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_centres(request, filters: Query[CENTRES.api_filters()]):  # type: ignore[valid-type]
    return CENTRES.queryset(request.user, filters.dict())


@router.post("/rights/centres", response={201: CentreOut}, auth=STAFF)
def create_centre(request, payload: CentreIn):
    return Status(201, services_mediation.centre_create(actor=request.user, **payload.dict()))


@router.get("/rights/centres/{centre_id}/mediators", response=list[MediatorOut], auth=STAFF)
def list_mediators(request, centre_id: int):
    return list(selectors.centre_get(actor=request.user, centre_id=centre_id).mediators.all())


@router.post("/rights/centres/{centre_id}/mediators", response={201: MediatorOut}, auth=STAFF)
def add_mediator(request, centre_id: int, payload: MediatorIn):
    return Status(
        201,
        services_mediation.mediator_add(actor=request.user, centre_id=centre_id, **payload.dict()),
    )


# Grows with the province: pages by key too (`after`, core.keyset).
@router.get("/rights/mediations", response=list[MediationOut], auth=STAFF)
@paginate(KeysetPagination)
def list_mediations(request, filters: Query[MEDIATIONS.api_filters()]):  # type: ignore[valid-type]
    return MEDIATIONS.queryset(request.user, filters.dict()).prefetch_related("sessions")


@router.post("/rights/mediations", response={201: MediationOut}, auth=STAFF)
def open_mediation(request, payload: MediationIn):
    """A dispute comes to a centre; with `case_id`, from a rights case (which then stands
    at its mediation step)."""
    return Status(201, services_mediation.mediation_open(actor=request.user, **payload.dict()))


@router.get("/rights/mediations/{mediation_id}", response=MediationOut, auth=STAFF)
def get_mediation(request, mediation_id: int):
    return selectors.mediation_get(actor=request.user, mediation_id=mediation_id)


@router.post("/rights/mediations/{mediation_id}/sessions", response={201: MediationOut}, auth=STAFF)
def add_session(request, mediation_id: int, payload: SessionIn):
    session = services_mediation.mediation_session(
        actor=request.user, mediation_id=mediation_id, **payload.dict()
    )
    return Status(201, session.mediation)


@router.post("/rights/mediations/{mediation_id}/close", response=MediationOut, auth=STAFF)
def close_mediation(request, mediation_id: int, payload: MediationCloseIn):
    return services_mediation.mediation_close(
        actor=request.user, mediation_id=mediation_id, **payload.dict()
    )


@router.get("/rights/legal-events", response=list[LegalEventOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_legal_events(request, filters: Query[LEGAL_EVENTS.api_filters()]):  # type: ignore[valid-type]
    return LEGAL_EVENTS.queryset(request.user, filters.dict())


@router.post("/rights/legal-events", response={201: LegalEventOut}, auth=STAFF)
def create_legal_event(request, payload: LegalEventIn):
    return Status(201, services_mediation.legal_event_create(actor=request.user, **payload.dict()))


# ---- supervision letters (一函两书) -------------------------------------------------------


class LetterOut(Schema):
    id: int
    reference: str
    union_id: int
    kind: str
    addressee: str
    enterprise_id: int | None
    addressee_name: str
    issue: str
    summary: str
    case_id: int | None
    sent_on: date
    reply_due: date
    replied_on: date | None
    reply_note: str
    rectification: str
    rectified_on: date | None
    rectification_note: str


class LetterIn(Schema):
    union_id: int
    kind: LetterKindT
    addressee: AddresseeT
    issue: IssueT
    summary: Annotated[str, Field(max_length=1000)]
    enterprise_id: int | None = None
    addressee_name: Name100 = ""
    case_id: int | None = None
    sent_on: date | None = None
    reply_due: date | None = None


class ReplyIn(Schema):
    note: Text500
    replied_on: date | None = None


# What the addressee did: "pending" is the state before, not an answer (services_letters).
RectificationDoneT: TypeAlias = Literal[  # type: ignore[valid-type]
    tuple(v for v in Rectification.values if v != Rectification.PENDING)
]


class RectificationIn(Schema):
    rectification: RectificationDoneT
    note: Text500 = ""
    on: date | None = None


@router.get("/rights/letters", response=list[LetterOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_letters(request, filters: Query[LETTERS.api_filters()]):  # type: ignore[valid-type]
    return LETTERS.queryset(request.user, filters.dict())


@router.post("/rights/letters", response={201: LetterOut}, auth=STAFF)
def send_letter(request, payload: LetterIn):
    """A 提示函 to an enterprise, or an 意见书 or 建议书 to it or to the government."""
    return Status(201, services_letters.letter_send(actor=request.user, **payload.dict()))


@router.get("/rights/letters/{letter_id}", response=LetterOut, auth=STAFF)
def get_letter(request, letter_id: int):
    return selectors.letter_get(actor=request.user, letter_id=letter_id)


@router.post("/rights/letters/{letter_id}/reply", response=LetterOut, auth=STAFF)
def reply_letter(request, letter_id: int, payload: ReplyIn):
    return services_letters.letter_reply(actor=request.user, letter_id=letter_id, **payload.dict())


@router.post("/rights/letters/{letter_id}/rectification", response=LetterOut, auth=STAFF)
def rectify_letter(request, letter_id: int, payload: RectificationIn):
    return services_letters.letter_rectification(
        actor=request.user, letter_id=letter_id, **payload.dict()
    )
