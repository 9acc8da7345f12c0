"""Rights cases at /api/v1: the worker's own, and the handlers' within their subtree.

The dispute itself is never in a case's JSON: a handler reads it through `reveal`
(logged), the worker on their own page.
"""

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.core.api import STAFF
from gonghui.core.money import FenOrZero

from . import selectors, services
from .lists import CASES, ChannelT, KindT, OutcomeT, StageT

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
    phone: Annotated[str, Field(max_length=20)] = ""
    union_id: int | None = None


class CaseOpenIn(Schema):
    union_id: int
    kind: KindT
    channel: ChannelT
    worker_name: Annotated[str, Field(max_length=50)]
    employer: Annotated[str, Field(max_length=100)]
    description: Description
    phone: Annotated[str, Field(max_length=20)] = ""
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
    purpose: Annotated[str, Field(max_length=200)]


@router.get("/rights/cases", response=list[CaseOut], auth=STAFF)
@paginate(LimitOffsetPagination)
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
