"""Member welfare at /api/v1: plans, enrolment, claims (the member's own, and the plan
federation's review and payment). The illness is never in a claim's JSON: staff read it
through `illness` (logged)."""

from datetime import date, datetime
from typing import Annotated

from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.core.api import STAFF, IdempotencyKey
from gonghui.core.money import MAX_FEN, Fen, FenOrZero

from . import selectors, services
from .lists import CLAIMS, ENROLMENTS, PLANS, CoverKindT

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


@router.get("/welfare/enrolments", response=list[EnrolmentOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_enrolments(request, filters: Query[ENROLMENTS.api_filters()]):  # type: ignore[valid-type]
    return ENROLMENTS.queryset(request.user, filters.dict())


@router.get("/welfare/claims", response=list[ClaimOut], auth=STAFF)
@paginate(LimitOffsetPagination)
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


@router.post("/welfare/claims/mine", response={201: ClaimOut, 200: ClaimOut})
def file_claim(
    request,
    kind: Form[CoverKindT],
    incurred_on: Form[date],
    bills: Form[Annotated[int, Field(ge=1, le=MAX_FEN, description="fen (分)")]],  # a form's text
    illness: Form[Annotated[str, Field(min_length=1, max_length=services.MAX_ILLNESS)]],
    idempotency_key: Form[IdempotencyKey],
    documents: File[list[UploadedFile]],
):
    """A member files a claim with its documents (multipart). The same key again answers
    200 with the first claim."""
    claim, replayed = services.claim_submit(
        actor=request.user,
        kind=kind,
        incurred_on=incurred_on,
        bills=bills,
        illness=illness,
        idempotency_key=idempotency_key,
        documents=documents,
    )
    return Status(200 if replayed else 201, claim)


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
