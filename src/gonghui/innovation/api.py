"""Mass innovation at /api/v1/innovation, within the caller's scope (staff only; a worker
sends a proposal from their page)."""

from datetime import date
from typing import Annotated, Literal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.core.money import FenOrZero

from . import selectors, services
from .lists import COVERAGE, PAIRS, RESULTS, STUDIOS, ResultKindT, StudioKindT, StudioLevelT

router = Router(tags=["innovation 群众性创新"])
Count = Annotated[int, Field(ge=0, le=services.MAX_COUNT)]


class ResultOut(Schema):
    id: int
    union_id: int
    kind: str
    title: str
    authors: str
    summary: str
    submitted_on: date
    status: str
    review_note: str
    in_use_on: date | None
    revenue: int


class ResultIn(Schema):
    union_id: int
    kind: ResultKindT
    title: Annotated[str, Field(min_length=1, max_length=150)]
    authors: Annotated[str, Field(min_length=1, max_length=150)]
    summary: Annotated[str, Field(max_length=2000)] = ""


class ReviewIn(Schema):
    adopt: bool
    note: Annotated[str, Field(max_length=200)] = ""


class InUseIn(Schema):
    in_use_on: date
    revenue: FenOrZero = 0


class StudioOut(Schema):
    id: int
    union_id: int
    naming_union_id: int
    kind: str
    level: str
    name: str
    leader: str
    members: int
    status: str
    applied_on: date
    notice_ends_on: date | None
    named_on: date | None


class StudioIn(Schema):
    union_id: int
    kind: StudioKindT
    level: StudioLevelT
    name: Annotated[str, Field(min_length=1, max_length=150)]
    leader: Annotated[str, Field(max_length=50)] = ""
    members: Count = 0


class StepIn(Schema):
    step: Literal["review", "notice", "name", "refuse"]


class CoverageOut(Schema):
    id: int
    union_id: int
    enterprise_id: int
    reported_on: date
    teams: int
    workers: int


class CoverageIn(Schema):
    union_id: int
    enterprise_id: int
    reported_on: date
    teams: Count
    workers: Annotated[int, Field(ge=1, le=services.MAX_COUNT)]


class PairOut(Schema):
    id: int
    union_id: int
    enterprise_id: int
    master: str
    apprentice: str
    trade: str
    paired_on: date


class PairIn(Schema):
    union_id: int
    enterprise_id: int
    master: Annotated[str, Field(min_length=1, max_length=50)]
    apprentice: Annotated[str, Field(min_length=1, max_length=50)]
    trade: Annotated[str, Field(max_length=60)] = ""
    paired_on: date


@router.get("/innovation/results", response=list[ResultOut])
@paginate(LimitOffsetPagination)
def list_results(request, filters: Query[RESULTS.api_filters()]):  # type: ignore[valid-type]
    return RESULTS.queryset(request.user, filters.dict())


@router.post("/innovation/results", response={201: ResultOut})
def submit_result(request, payload: ResultIn):
    return Status(201, services.result_submit(actor=request.user, **payload.dict()))


@router.get("/innovation/results/{result_id}", response=ResultOut)
def get_result(request, result_id: int):
    return selectors.result_get(actor=request.user, result_id=result_id)


@router.post("/innovation/results/{result_id}/review", response=ResultOut)
def review_result(request, result_id: int, payload: ReviewIn):
    return services.result_review(actor=request.user, result_id=result_id, **payload.dict())


@router.post("/innovation/results/{result_id}/in-use", response=ResultOut)
def result_in_use(request, result_id: int, payload: InUseIn):
    return services.result_in_use(actor=request.user, result_id=result_id, **payload.dict())


@router.get("/innovation/studios", response=list[StudioOut])
@paginate(LimitOffsetPagination)
def list_studios(request, filters: Query[STUDIOS.api_filters()]):  # type: ignore[valid-type]
    return STUDIOS.queryset(request.user, filters.dict())


@router.post("/innovation/studios", response={201: StudioOut})
def apply_studio(request, payload: StudioIn):
    return Status(201, services.studio_apply(actor=request.user, **payload.dict()))


@router.get("/innovation/studios/{studio_id}", response=StudioOut)
def get_studio(request, studio_id: int):
    return selectors.studio_get(actor=request.user, studio_id=studio_id)


@router.post("/innovation/studios/{studio_id}/step", response=StudioOut)
def studio_step(request, studio_id: int, payload: StepIn):
    return services.studio_step(actor=request.user, studio_id=studio_id, step=payload.step)


@router.get("/innovation/coverage", response=list[CoverageOut])
@paginate(LimitOffsetPagination)
def list_coverage(request, filters: Query[COVERAGE.api_filters()]):  # type: ignore[valid-type]
    return COVERAGE.queryset(request.user, filters.dict())


@router.post("/innovation/coverage", response={201: CoverageOut})
def record_coverage(request, payload: CoverageIn):
    return Status(201, services.coverage_record(actor=request.user, **payload.dict()))


@router.get("/innovation/pairs", response=list[PairOut])
@paginate(LimitOffsetPagination)
def list_pairs(request, filters: Query[PAIRS.api_filters()]):  # type: ignore[valid-type]
    return PAIRS.queryset(request.user, filters.dict())


@router.post("/innovation/pairs", response={201: PairOut})
def record_pair(request, payload: PairIn):
    return Status(201, services.pair_record(actor=request.user, **payload.dict()))
