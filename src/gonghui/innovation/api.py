"""Mass innovation at /api/v1/innovation, within the caller's scope (staff only; a worker
sends a proposal from their page)."""

from datetime import date
from typing import Annotated, Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.core.money import FenOrZero

from . import selectors, services
from .lists import (
    ASSESSMENTS,
    COVERAGE,
    MEMBERS,
    PAIRS,
    RESULTS,
    STUDIOS,
    GradeT,
    MemberRoleT,
    ResultKindT,
    StudioKindT,
    StudioLevelT,
)

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
    studio_id: int | None


class ResultIn(Schema):
    union_id: int
    kind: ResultKindT
    title: Annotated[str, Field(min_length=1, max_length=150)]
    authors: Annotated[str, Field(min_length=1, max_length=150)]
    summary: Annotated[str, Field(max_length=2000)] = ""
    studio_id: int | None = None


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
    members: int  # current member rows
    alliance_id: int | None
    status: str
    applied_on: date
    notice_ends_on: date | None
    named_on: date | None
    revoked_on: date | None


class StudioIn(Schema):
    union_id: int
    kind: StudioKindT
    level: StudioLevelT
    name: Annotated[str, Field(min_length=1, max_length=150)]
    leader: Annotated[str, Field(max_length=50)] = ""


class StepIn(Schema):
    step: Literal["review", "notice", "name", "refuse"]


class AllianceIn(Schema):
    alliance_id: int | None


class MemberOut(Schema):
    id: int
    studio_id: int
    person_id: int | None
    name: str
    role: str
    added_on: date
    removed_on: date | None


class MemberIn(Schema):
    name: Annotated[str, Field(max_length=50)] = ""
    person_id: int | None = None
    role: MemberRoleT = "member"


class AssessmentOut(Schema):
    id: int
    studio_id: int
    year: int
    score: int
    grade: str
    note: str
    assessed_on: date


class AssessmentIn(Schema):
    year: Annotated[int, Field(ge=2000, le=2100)]
    score: Annotated[int, Field(ge=0, le=100)]
    grade: GradeT
    note: Annotated[str, Field(max_length=200)] = ""


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
    studio = services.studio_apply(actor=request.user, **payload.dict())
    return Status(201, selectors.studio_get(actor=request.user, studio_id=studio.pk))


@router.get("/innovation/studios/{studio_id}", response=StudioOut)
def get_studio(request, studio_id: int):
    return selectors.studio_get(actor=request.user, studio_id=studio_id)


@router.post("/innovation/studios/{studio_id}/step", response=StudioOut)
def studio_step(request, studio_id: int, payload: StepIn):
    services.studio_step(actor=request.user, studio_id=studio_id, step=payload.step)
    return selectors.studio_get(actor=request.user, studio_id=studio_id)


@router.post("/innovation/studios/{studio_id}/alliance", response=StudioOut)
def studio_alliance(request, studio_id: int, payload: AllianceIn):
    services.alliance_set(actor=request.user, studio_id=studio_id, **payload.dict())
    return selectors.studio_get(actor=request.user, studio_id=studio_id)


@router.get("/innovation/studios/{studio_id}/members", response=list[MemberOut])
@paginate(LimitOffsetPagination)
def list_members(request, studio_id: int, filters: Query[MEMBERS.api_filters()]):  # type: ignore[valid-type]
    return MEMBERS.queryset(request.user, {**filters.dict(), "studio_id": studio_id})


@router.post("/innovation/studios/{studio_id}/members", response={201: MemberOut})
def add_member(request, studio_id: int, payload: MemberIn):
    return Status(
        201, services.member_add(actor=request.user, studio_id=studio_id, **payload.dict())
    )


@router.post("/innovation/studios/{studio_id}/members/{member_id}/remove", response=MemberOut)
def remove_member(request, studio_id: int, member_id: int):
    selectors.studio_get(actor=request.user, studio_id=studio_id)
    member = selectors.member_get(actor=request.user, member_id=member_id)
    if member.studio_id != studio_id:
        raise Http404
    return services.member_remove(actor=request.user, member_id=member_id)


@router.get("/innovation/studios/{studio_id}/assessments", response=list[AssessmentOut])
@paginate(LimitOffsetPagination)
def list_assessments(request, studio_id: int, filters: Query[ASSESSMENTS.api_filters()]):  # type: ignore[valid-type]
    return ASSESSMENTS.queryset(request.user, {**filters.dict(), "studio_id": studio_id})


@router.post("/innovation/studios/{studio_id}/assessments", response={201: AssessmentOut})
def assess_studio(request, studio_id: int, payload: AssessmentIn):
    return Status(
        201,
        services.assessment_record(actor=request.user, studio_id=studio_id, **payload.dict()),
    )


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
