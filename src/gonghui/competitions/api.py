"""Competitions, contest events, contestants and training at /api/v1, within the caller's
scope (staff only; a worker enters a contest from their page)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import WithJsonSchema

from gonghui.core.money import FenOrZero

from . import selectors, services
from .lists import COMPETITIONS, CONTESTANTS, EVENTS, TRAINING, KindT, RoundT, TrainingKindT

router = Router(tags=["competitions 劳动和技能竞赛"])

Title = Annotated[str, Field(min_length=1, max_length=150)]
Theme = Annotated[str, Field(max_length=150)]
ThemeEn = Annotated[str, Field(max_length=300)]  # no Chinese: the service refuses it
Trade = Annotated[str, Field(min_length=1, max_length=60)]
Count = Annotated[int, Field(ge=0, le=services.MAX_PARTICIPANTS)]


class CompetitionOut(Schema):
    id: int
    union_id: int
    union_name: str = Field(alias="union.name")
    parent_id: int | None
    kind: str
    kind_label: str
    title: str
    theme: str
    theme_en: str
    starts_on: date
    ends_on: date
    library_status: str
    library_decided_on: date | None
    created_at: datetime

    @staticmethod
    def resolve_kind_label(obj):
        return str(obj.get_kind_display())


class CompetitionIn(Schema):
    union_id: int
    kind: KindT
    title: Title
    theme: Theme = ""
    theme_en: ThemeEn = ""
    starts_on: date
    ends_on: date
    parent_id: int | None = None


class CompetitionPatch(Schema):
    title: Title | None = None
    theme: Theme | None = None
    theme_en: ThemeEn | None = None
    starts_on: date | None = None
    ends_on: date | None = None


class DecisionIn(Schema):
    listed: bool


class ParticipationOut(Schema):
    id: int
    competition_id: int
    enterprise_id: int
    enterprise_name: str = Field(alias="enterprise.name")
    union_id: int
    workers: int


class ParticipationIn(Schema):
    enterprise_id: int
    workers: Annotated[int, Field(ge=1, le=services.MAX_WORKERS)]


class EventOut(Schema):
    id: int
    competition_id: int
    union_id: int
    trade: str
    round: str
    held_on: date
    participants: int
    open_for_entries: bool


class EventIn(Schema):
    trade: Trade
    round: RoundT
    held_on: date
    participants: Count = 0
    open_for_entries: bool = False


class EventPatch(Schema):
    trade: Trade | None = None
    round: RoundT | None = None
    held_on: date | None = None
    participants: Count | None = None
    open_for_entries: bool | None = None


class ContestantOut(Schema):
    id: int
    event_id: int
    name: str
    employer: str
    status: str
    review_note: str
    score: Decimal | None
    rank: int | None
    title: str


class ContestantIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=50)]
    employer: Annotated[str, Field(max_length=120)] = ""


class ReviewIn(Schema):
    accept: bool
    note: Annotated[str, Field(max_length=200)] = ""


# A number of points with two decimals at most. pydantic documents a Decimal as a number
# or any string, and not its places: the document says what is taken, a number.
Score = Annotated[
    Decimal,
    Field(ge=0, le=services.MAX_SCORE, decimal_places=2),
    WithJsonSchema(
        {"type": "number", "minimum": 0, "maximum": float(services.MAX_SCORE), "multipleOf": 0.01}
    ),
]


class ResultIn(Schema):
    score: Score | None = None
    rank: Annotated[int, Field(ge=1, le=100_000)] | None = None
    title: Annotated[str, Field(max_length=60)] = ""


class TrainingOut(Schema):
    id: int
    union_id: int
    enterprise_id: int
    enterprise_name: str = Field(alias="enterprise.name")
    kind: str
    course: str
    held_on: date
    trainees: int
    subsidy: int
    status: str


class TrainingIn(Schema):
    union_id: int
    enterprise_id: int
    kind: TrainingKindT
    course: Annotated[str, Field(min_length=1, max_length=120)]
    held_on: date
    trainees: Annotated[int, Field(ge=1, le=services.MAX_TRAINEES)]
    subsidy: FenOrZero = 0


class ApproveIn(Schema):
    approve: bool


# ---- competitions -------------------------------------------------------------------------


@router.get("/competitions", response=list[CompetitionOut])
@paginate(LimitOffsetPagination)
def list_competitions(request, filters: Query[COMPETITIONS.api_filters()]):  # type: ignore[valid-type]
    return COMPETITIONS.queryset(request.user, filters.dict())


@router.post("/competitions", response={201: CompetitionOut})
def create_competition(request, payload: CompetitionIn):
    return Status(201, services.competition_create(actor=request.user, **payload.dict()))


@router.get("/competitions/events", response=list[EventOut])
@paginate(LimitOffsetPagination)
def list_events(request, filters: Query[EVENTS.api_filters()]):  # type: ignore[valid-type]
    return EVENTS.queryset(request.user, filters.dict())


@router.get("/competitions/events/{event_id}", response=EventOut)
def get_event(request, event_id: int):
    return selectors.event_get(actor=request.user, event_id=event_id)


@router.patch("/competitions/events/{event_id}", response=EventOut)
def update_event(request, event_id: int, payload: EventPatch):
    return services.event_update(
        actor=request.user, event_id=event_id, **payload.dict(exclude_unset=True)
    )


@router.post("/competitions/events/{event_id}/contestants", response={201: ContestantOut})
def add_contestant(request, event_id: int, payload: ContestantIn):
    return Status(
        201, services.contestant_add(actor=request.user, event_id=event_id, **payload.dict())
    )


@router.get("/competitions/contestants", response=list[ContestantOut])
@paginate(LimitOffsetPagination)
def list_contestants(request, filters: Query[CONTESTANTS.api_filters()]):  # type: ignore[valid-type]
    return CONTESTANTS.queryset(request.user, filters.dict())


@router.get("/competitions/contestants/{contestant_id}", response=ContestantOut)
def get_contestant(request, contestant_id: int):
    return selectors.contestant_get(actor=request.user, contestant_id=contestant_id)


@router.post("/competitions/contestants/{contestant_id}/review", response=ContestantOut)
def review_contestant(request, contestant_id: int, payload: ReviewIn):
    return services.contestant_review(
        actor=request.user, contestant_id=contestant_id, **payload.dict()
    )


@router.post("/competitions/contestants/{contestant_id}/result", response=ContestantOut)
def record_result(request, contestant_id: int, payload: ResultIn):
    return services.contestant_result(
        actor=request.user, contestant_id=contestant_id, **payload.dict()
    )


@router.delete("/competitions/enterprises/{participation_id}", response={204: None})
def remove_participation(request, participation_id: int):
    services.participation_remove(actor=request.user, participation_id=participation_id)
    return Status(204, None)


@router.get("/competitions/training", response=list[TrainingOut])
@paginate(LimitOffsetPagination)
def list_training(request, filters: Query[TRAINING.api_filters()]):  # type: ignore[valid-type]
    return TRAINING.queryset(request.user, filters.dict())


@router.post("/competitions/training", response={201: TrainingOut})
def record_training(request, payload: TrainingIn):
    return Status(201, services.training_record(actor=request.user, **payload.dict()))


@router.get("/competitions/training/{session_id}", response=TrainingOut)
def get_training(request, session_id: int):
    return selectors.training_get(actor=request.user, session_id=session_id)


@router.post("/competitions/training/{session_id}/review", response=TrainingOut)
def review_training(request, session_id: int, payload: ApproveIn):
    return services.training_review(
        actor=request.user, session_id=session_id, approve=payload.approve
    )


@router.get("/competitions/{competition_id}", response=CompetitionOut)
def get_competition(request, competition_id: int):
    return selectors.competition_get(actor=request.user, competition_id=competition_id)


@router.patch("/competitions/{competition_id}", response=CompetitionOut)
def update_competition(request, competition_id: int, payload: CompetitionPatch):
    return services.competition_update(
        actor=request.user, competition_id=competition_id, **payload.dict(exclude_unset=True)
    )


@router.post("/competitions/{competition_id}/library/propose", response=CompetitionOut)
def propose_for_library(request, competition_id: int):
    return services.library_propose(actor=request.user, competition_id=competition_id)


@router.post("/competitions/{competition_id}/library/decide", response=CompetitionOut)
def decide_library(request, competition_id: int, payload: DecisionIn):
    return services.library_decide(
        actor=request.user, competition_id=competition_id, listed=payload.listed
    )


@router.get("/competitions/{competition_id}/enterprises", response=list[ParticipationOut])
@paginate(LimitOffsetPagination)
def list_participations(request, competition_id: int):
    selectors.competition_get(actor=request.user, competition_id=competition_id)
    return selectors.participation_list(actor=request.user, competition_id=competition_id).order_by(
        "enterprise__name_pinyin", "id"
    )


@router.post("/competitions/{competition_id}/enterprises", response={201: ParticipationOut})
def record_participation(request, competition_id: int, payload: ParticipationIn):
    return Status(
        201,
        services.participation_record(
            actor=request.user, competition_id=competition_id, **payload.dict()
        ),
    )


@router.post("/competitions/{competition_id}/events", response={201: EventOut})
def create_event(request, competition_id: int, payload: EventIn):
    return Status(
        201,
        services.event_create(actor=request.user, competition_id=competition_id, **payload.dict()),
    )
