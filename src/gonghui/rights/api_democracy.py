"""Democratic management at /api/v1/rights/democracy (staff only): coverage rates,
congress sessions and resolutions, openness items, worker board members, demonstration
units and their assessments."""

from datetime import date
from typing import Annotated, Literal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.core.keyset import KeysetPagination

from . import selectors_democracy as selectors
from . import services_democracy as services
from .lists_democracy import (
    ASSESSMENTS,
    BOARD,
    COVERAGE,
    OPENNESS,
    SESSIONS,
    UNITS,
    MediumT,
    PeriodT,
    SeatT,
    SessionKindT,
    SessionStatusT,
    TopicT,
    UnitKindT,
)
from .models_democracy import MAX_DELEGATES, MAX_SCORE

router = Router(tags=["rights 民主管理"])

Delegates = Annotated[int, Field(ge=1, le=MAX_DELEGATES)]
Attending = Annotated[int, Field(ge=0, le=MAX_DELEGATES)]
SessionNo = Annotated[int, Field(ge=1, le=100)]
Year = Annotated[int, Field(ge=1980, le=9999)]
Score = Annotated[int, Field(ge=0, le=MAX_SCORE)]
Text500 = Annotated[str, Field(max_length=500)]
Text200 = Annotated[str, Field(min_length=1, max_length=200)]


class CoverageRowOut(Schema):
    key: str
    label: str
    enterprises: int
    congress: int
    openness: int
    directors: int
    congress_rate: str
    openness_rate: str
    directors_rate: str


class CoverageOut(Schema):
    by_size: list[CoverageRowOut]
    by_ownership: list[CoverageRowOut]


class CoverageQuery(Schema):
    under_id: int | None = None
    on: date | None = None  # today when empty


@router.get("/rights/democracy/coverage", response=CoverageOut)
def coverage(request, filters: Query[CoverageQuery]):
    """建制率: the share of enterprises with a congress system, with 厂务公开 and with
    worker directors, by size and by ownership (the last row is all of them)."""
    tables = selectors.coverages(actor=request.user, under_id=filters.under_id, on=filters.on)
    return {"by_size": tables["size"], "by_ownership": tables["ownership"]}


class EnterpriseCoverageOut(Schema):
    id: int
    name: str
    size: str
    ownership: str
    employees: int
    has_congress: bool
    has_openness: bool
    has_directors: bool
    has_supervisors: bool


# Grows with the province: pages by key too (`after`, core.keyset).
@router.get("/rights/democracy/enterprises", response=list[EnterpriseCoverageOut])
@paginate(KeysetPagination)
def coverage_enterprises(request, filters: Query[COVERAGE.api_filters()]):  # type: ignore[valid-type]
    """The enterprises behind the coverage rates, with what each has set up."""
    return COVERAGE.queryset(request.user, filters.dict())


class SystemsIn(Schema):
    congress_since: date | None = None
    openness_since: date | None = None


class SystemsOut(Schema):
    enterprise_id: int
    congress_since: date | None
    openness_since: date | None


@router.put("/rights/democracy/enterprises/{enterprise_id}/systems", response=SystemsOut)
def set_systems(request, enterprise_id: int, payload: SystemsIn):
    return services.systems_set(actor=request.user, enterprise_id=enterprise_id, **payload.dict())


class ResolutionOut(Schema):
    id: int
    title: str
    follow_up: str
    follow_up_note: str
    done_on: date | None


class SessionOut(Schema):
    id: int
    enterprise_id: int
    label: str
    term: int
    number: int
    kind: str
    status: str
    held_on: date
    delegates: int
    attendance: int
    agenda: str


class SessionDetailOut(SessionOut):
    resolutions: list[ResolutionOut]

    @staticmethod
    def resolve_resolutions(obj):
        return list(obj.resolutions.all())


class SessionIn(Schema):
    enterprise_id: int
    term: SessionNo
    number: SessionNo
    kind: SessionKindT
    held_on: date
    delegates: Delegates
    status: SessionStatusT = "planned"
    attendance: Attending | None = None
    agenda: Text500 = ""


class HeldIn(Schema):
    attendance: Attending
    held_on: date | None = None


class ResolutionIn(Schema):
    title: Text200


class FollowUpIn(Schema):
    follow_up: Literal["pending", "in_progress", "done"]
    note: Text500 = ""
    on: date | None = None


@router.get("/rights/democracy/sessions", response=list[SessionOut])
@paginate(LimitOffsetPagination)
def list_sessions(request, filters: Query[SESSIONS.api_filters()]):  # type: ignore[valid-type]
    return SESSIONS.queryset(request.user, filters.dict())


@router.post("/rights/democracy/sessions", response={201: SessionDetailOut})
def record_session(request, payload: SessionIn):
    """A planned session (it may lie ahead) or a held one (today or earlier, attendance
    no more than the delegates)."""
    return Status(201, services.session_record(actor=request.user, **payload.dict()))


@router.get("/rights/democracy/sessions/{session_id}", response=SessionDetailOut)
def get_session(request, session_id: int):
    return selectors.session_get(actor=request.user, session_id=session_id)


@router.post("/rights/democracy/sessions/{session_id}/held", response=SessionDetailOut)
def hold_session(request, session_id: int, payload: HeldIn):
    return services.session_held(actor=request.user, session_id=session_id, **payload.dict())


@router.post("/rights/democracy/sessions/{session_id}/resolutions", response={201: ResolutionOut})
def add_resolution(request, session_id: int, payload: ResolutionIn):
    return Status(
        201, services.resolution_add(actor=request.user, session_id=session_id, **payload.dict())
    )


@router.post("/rights/democracy/resolutions/{resolution_id}/follow-up", response=ResolutionOut)
def follow_up(request, resolution_id: int, payload: FollowUpIn):
    return services.resolution_follow_up(
        actor=request.user, resolution_id=resolution_id, **payload.dict()
    )


class OpennessOut(Schema):
    id: int
    enterprise_id: int
    topic: str
    title: str
    year: int
    period: str
    medium: str
    published_on: date


class OpennessIn(Schema):
    enterprise_id: int
    topic: TopicT
    title: Text200
    year: Year
    period: PeriodT
    medium: MediumT
    published_on: date | None = None


# Grows with the province: pages by key too (`after`, core.keyset).
@router.get("/rights/democracy/openness", response=list[OpennessOut])
@paginate(KeysetPagination)
def list_openness(request, filters: Query[OPENNESS.api_filters()]):  # type: ignore[valid-type]
    return OPENNESS.queryset(request.user, filters.dict())


@router.post("/rights/democracy/openness", response={201: OpennessOut})
def publish(request, payload: OpennessIn):
    return Status(201, services.openness_publish(actor=request.user, **payload.dict()))


class BoardMemberOut(Schema):
    id: int
    enterprise_id: int
    seat: str
    name: str
    post: str
    session_id: int | None
    elected_on: date
    term_ends: date
    left_on: date | None


class BoardMemberIn(Schema):
    enterprise_id: int
    seat: SeatT
    name: Annotated[str, Field(min_length=1, max_length=50)]
    post: Annotated[str, Field(max_length=100)] = ""
    elected_on: date
    term_ends: date
    session_id: int | None = None


class LeaveIn(Schema):
    left_on: date | None = None


# Grows with the province: pages by key too (`after`, core.keyset).
@router.get("/rights/democracy/board", response=list[BoardMemberOut])
@paginate(KeysetPagination)
def list_board(request, filters: Query[BOARD.api_filters()]):  # type: ignore[valid-type]
    return BOARD.queryset(request.user, filters.dict())


@router.post("/rights/democracy/board", response={201: BoardMemberOut})
def elect(request, payload: BoardMemberIn):
    return Status(201, services.board_member_elect(actor=request.user, **payload.dict()))


@router.get("/rights/democracy/board/{member_id}", response=BoardMemberOut)
def get_board_member(request, member_id: int):
    return selectors.board_member_get(actor=request.user, member_id=member_id)


@router.post("/rights/democracy/board/{member_id}/leave", response=BoardMemberOut)
def leave(request, member_id: int, payload: LeaveIn):
    return services.board_member_leave(actor=request.user, member_id=member_id, **payload.dict())


class AssessmentOut(Schema):
    id: int
    unit_id: int
    year: int
    score: int
    result: str
    assessed_on: date
    note: str


class UnitOut(Schema):
    id: int
    enterprise_id: int
    kind: str
    named_on: date


class UnitDetailOut(UnitOut):
    assessments: list[AssessmentOut]

    @staticmethod
    def resolve_assessments(obj):
        return list(obj.assessments.all())


class UnitIn(Schema):
    enterprise_id: int
    kind: UnitKindT
    named_on: date | None = None


class AssessmentIn(Schema):
    year: Year
    score: Score
    assessed_on: date | None = None
    note: Text500 = ""


@router.get("/rights/democracy/units", response=list[UnitOut])
@paginate(LimitOffsetPagination)
def list_units(request, filters: Query[UNITS.api_filters()]):  # type: ignore[valid-type]
    return UNITS.queryset(request.user, filters.dict())


@router.post("/rights/democracy/units", response={201: UnitDetailOut})
def name_unit(request, payload: UnitIn):
    return Status(201, services.unit_name(actor=request.user, **payload.dict()))


@router.get("/rights/democracy/units/{unit_id}", response=UnitDetailOut)
def get_unit(request, unit_id: int):
    return selectors.unit_get(actor=request.user, unit_id=unit_id)


@router.post("/rights/democracy/units/{unit_id}/assessments", response={201: AssessmentOut})
def assess(request, unit_id: int, payload: AssessmentIn):
    """A year's re-check or quality assessment, scored 0–100."""
    return Status(
        201, services.assessment_record(actor=request.user, unit_id=unit_id, **payload.dict())
    )


@router.get("/rights/democracy/assessments", response=list[AssessmentOut])
@paginate(LimitOffsetPagination)
def list_assessments(request, filters: Query[ASSESSMENTS.api_filters()]):  # type: ignore[valid-type]
    return ASSESSMENTS.queryset(request.user, filters.dict())
