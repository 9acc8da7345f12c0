"""Honour schemes, nominations and their review, objections, the model-worker register
and its care at /api/v1, within the caller's scope (staff only; the public notice is a
page). Amounts are integer fen."""

from datetime import date, datetime
from typing import Annotated, Literal, TypeAlias

from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.core.api import PHONE_PATTERN
from gonghui.core.money import FenOrZero

from . import selectors, services
from .lists import (
    CARE,
    EVENTS,
    NOMINATIONS,
    SCHEMES,
    WORKERS,
    CareKindT,
    EventKindT,
    SchemeKindT,
    WorkerStatusT,
)
from .models import Category, Level, Step, Subject, Subjects

router = Router(tags=["honours 劳模和评选表彰"])

LevelT: TypeAlias = Literal[tuple(Level.values)]  # type: ignore[valid-type]
Places = Annotated[int, Field(ge=0, le=services.MAX_PLACES)]
Votes = Annotated[int, Field(ge=0, le=services.MAX_VOTES)]


class SchemeOut(Schema):
    id: int
    owner_id: int
    owner_name: str = Field(alias="owner.name")
    kind: str
    level: str
    title: str
    year: int
    subjects: str
    opens_on: date
    closes_on: date
    notice_days: int
    managers_max_percent: int


class SchemeIn(Schema):
    owner_id: int
    kind: SchemeKindT
    level: LevelT
    title: Annotated[str, Field(min_length=1, max_length=100)]
    year: Annotated[int, Field(ge=1950, le=2100)]
    opens_on: date
    closes_on: date
    subjects: Literal[tuple(Subjects.values)] = "both"  # type: ignore[valid-type]
    notice_days: Annotated[int, Field(ge=1, le=services.MAX_NOTICE_DAYS)] = 5
    managers_max_percent: Annotated[int, Field(ge=0, le=100)] = 100


class QuotaIn(Schema):
    union_id: int
    people: Places = 0
    collectives: Places = 0


class QuotaOut(Schema):
    id: int
    union_id: int
    union_name: str = Field(alias="union.name")
    people: int
    collectives: int
    managers_max: int


class StepOut(Schema):
    order: int
    org_id: int
    org_name: str = Field(alias="org.name")
    decision: str
    opinion: str
    votes_for: int | None
    votes_against: int | None
    decided_at: datetime | None


class NominationOut(Schema):
    id: int
    scheme_id: int
    union_id: int
    subject: str
    person_id: int | None
    name: str
    employer: str
    position: str
    category: str
    deeds: str
    documents: str
    status: str
    current_step: int
    notice_from: date | None
    notice_to: date | None
    certificate_number: str
    awarded_on: date | None
    created_at: datetime
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(obj):
        # The list route prefetches the steps with their federations (no query per row).
        if "steps" in getattr(obj, "_prefetched_objects_cache", {}):
            return list(obj.steps.all())
        return list(obj.steps.select_related("org").all())


class NominationIn(Schema):
    scheme_id: int
    union_id: int
    subject: Literal[tuple(Subject.values)]  # type: ignore[valid-type]
    deeds: Annotated[str, Field(min_length=1, max_length=services.MAX_DEEDS)]
    category: Literal[tuple(Category.values)] = "frontline"  # type: ignore[valid-type]
    person_id: int | None = None
    name: Annotated[str, Field(max_length=100)] = ""
    id_number: Annotated[str, Field(max_length=20)] = ""
    employer: Annotated[str, Field(max_length=120)] = ""
    position: Annotated[str, Field(max_length=60)] = ""
    documents: Annotated[str, Field(max_length=500)] = ""


class DecisionIn(Schema):
    step: int
    decision: Literal["approved", "rejected"]
    opinion: Annotated[str, Field(max_length=500)] = ""
    votes_for: Votes | None = None
    votes_against: Votes | None = None


class AwardIn(Schema):
    certificate_number: Annotated[str, Field(min_length=1, max_length=40)]
    awarded_on: date | None = None


class ObjectionOut(Schema):
    id: int
    nomination_id: int
    text: str
    received_on: date
    status: str
    resolution: str


class ResolveIn(Schema):
    outcome: Literal["upheld", "dismissed"]
    resolution: Annotated[str, Field(min_length=1, max_length=500)]


class TitleOut(Schema):
    year: int
    kind: str
    level: str
    name: str
    certificate_number: str


class WorkerOut(Schema):
    id: int
    union_id: int
    union_name: str = Field(alias="union.name")
    name: str
    employer: str
    contact_masked: str
    status: str
    titles: list[TitleOut]

    @staticmethod
    def resolve_titles(obj):
        return list(obj.titles.all())


# A mobile or a landline with its area code, or empty (services._contact).
Phone = Annotated[str, Field(max_length=30, pattern=PHONE_PATTERN)]


class WorkerIn(Schema):
    union_id: int
    name: Annotated[str, Field(min_length=1, max_length=50)]
    employer: Annotated[str, Field(min_length=1, max_length=120)]
    id_number: Annotated[str, Field(max_length=20)] = ""
    contact: Phone = ""
    status: WorkerStatusT = "working"


class WorkerPatch(Schema):
    employer: Annotated[str, Field(min_length=1, max_length=120)] | None = None
    contact: Phone | None = None
    status: WorkerStatusT | None = None


class CareOut(Schema):
    id: int
    worker_id: int
    kind: str
    given_on: date
    amount: int
    note: str


class CareIn(Schema):
    kind: CareKindT
    given_on: date
    amount: FenOrZero = 0
    note: Annotated[str, Field(max_length=300)] = ""


# ---- schemes ---------------------------------------------------------------------------


@router.get("/honours/schemes", response=list[SchemeOut])
@paginate(LimitOffsetPagination)
def list_schemes(request, filters: Query[SCHEMES.api_filters()]):  # type: ignore[valid-type]
    return SCHEMES.queryset(request.user, filters.dict())


@router.post("/honours/schemes", response={201: SchemeOut})
def create_scheme(request, payload: SchemeIn):
    return Status(201, services.scheme_create(actor=request.user, **payload.dict()))


@router.get("/honours/schemes/{scheme_id}", response=SchemeOut)
def get_scheme(request, scheme_id: int):
    return selectors.scheme_get(actor=request.user, scheme_id=scheme_id)


@router.get("/honours/schemes/{scheme_id}/quotas", response=list[QuotaOut])
def list_quotas(request, scheme_id: int):
    selectors.scheme_get(actor=request.user, scheme_id=scheme_id)
    return list(selectors.quota_list(actor=request.user, scheme_id=scheme_id))


@router.post("/honours/schemes/{scheme_id}/quotas", response=QuotaOut)
def set_quota(request, scheme_id: int, payload: QuotaIn):
    return services.quota_set(actor=request.user, scheme_id=scheme_id, **payload.dict())


# ---- nominations -----------------------------------------------------------------------


@router.get("/honours/nominations", response=list[NominationOut])
@paginate(LimitOffsetPagination)
def list_nominations(request, filters: Query[NOMINATIONS.api_filters()]):  # type: ignore[valid-type]
    return NOMINATIONS.queryset(request.user, filters.dict()).prefetch_related(
        Prefetch("steps", queryset=Step.objects.select_related("org"))
    )


@router.post("/honours/nominations", response={201: NominationOut})
def create_nomination(request, payload: NominationIn):
    return Status(201, services.nomination_create(actor=request.user, **payload.dict()))


@router.get("/honours/nominations/{nomination_id}", response=NominationOut)
def get_nomination(request, nomination_id: int):
    return selectors.nomination_get(actor=request.user, nomination_id=nomination_id)


@router.post("/honours/nominations/{nomination_id}/decide", response=NominationOut)
def decide_step(request, nomination_id: int, payload: DecisionIn):
    return services.step_decide(actor=request.user, nomination_id=nomination_id, **payload.dict())


@router.post("/honours/nominations/{nomination_id}/award", response=NominationOut)
def award(request, nomination_id: int, payload: AwardIn):
    return services.nomination_award(
        actor=request.user, nomination_id=nomination_id, **payload.dict()
    )


@router.post("/honours/nominations/{nomination_id}/withdraw", response=NominationOut)
def withdraw(request, nomination_id: int):
    return services.nomination_withdraw(actor=request.user, nomination_id=nomination_id)


@router.get("/honours/nominations/{nomination_id}/objections", response=list[ObjectionOut])
def list_objections(request, nomination_id: int):
    selectors.nomination_get(actor=request.user, nomination_id=nomination_id)
    return list(selectors.objection_list(actor=request.user, nomination_id=nomination_id))


@router.post("/honours/objections/{objection_id}/resolve", response=ObjectionOut)
def resolve_objection(request, objection_id: int, payload: ResolveIn):
    return services.objection_resolve(
        actor=request.user, objection_id=objection_id, **payload.dict()
    )


# ---- the register ----------------------------------------------------------------------


@router.get("/honours/workers", response=list[WorkerOut])
@paginate(LimitOffsetPagination)
def list_workers(request, filters: Query[WORKERS.api_filters()]):  # type: ignore[valid-type]
    return WORKERS.queryset(request.user, filters.dict()).prefetch_related("titles")


@router.post("/honours/workers", response={201: WorkerOut})
def create_worker(request, payload: WorkerIn):
    return Status(201, services.worker_create(actor=request.user, **payload.dict()))


@router.get("/honours/workers/{worker_id}", response=WorkerOut)
def get_worker(request, worker_id: int):
    return selectors.worker_get(actor=request.user, worker_id=worker_id)


@router.patch("/honours/workers/{worker_id}", response=WorkerOut)
def update_worker(request, worker_id: int, payload: WorkerPatch):
    return services.worker_update(
        actor=request.user, worker_id=worker_id, **payload.dict(exclude_unset=True)
    )


@router.get("/honours/care", response=list[CareOut])
@paginate(LimitOffsetPagination)
def list_care(request, filters: Query[CARE.api_filters()]):  # type: ignore[valid-type]
    return CARE.queryset(request.user, filters.dict())


@router.post("/honours/workers/{worker_id}/care", response={201: CareOut})
def record_care(request, worker_id: int, payload: CareIn):
    return Status(
        201, services.care_record(actor=request.user, worker_id=worker_id, **payload.dict())
    )


# ---- model workers' activities ------------------------------------------------------------


class EventOut(Schema):
    id: int
    union_id: int
    kind: str
    held_on: date
    title: str
    place: str
    attendance: int
    worker_ids: list[int]

    @staticmethod
    def resolve_worker_ids(obj):
        return [w.pk for w in obj.workers.all()]


class EventIn(Schema):
    union_id: int
    kind: EventKindT
    held_on: date
    title: Annotated[str, Field(min_length=1, max_length=100)]
    place: Annotated[str, Field(min_length=1, max_length=100)]
    attendance: Annotated[int, Field(ge=0, le=services.MAX_ATTENDANCE)] = 0
    worker_ids: list[int] = []


@router.get("/honours/events", response=list[EventOut])
@paginate(LimitOffsetPagination)
def list_events(request, filters: Query[EVENTS.api_filters()]):  # type: ignore[valid-type]
    return EVENTS.queryset(request.user, filters.dict()).prefetch_related("workers")


@router.post("/honours/events", response={201: EventOut})
def create_event(request, payload: EventIn):
    return Status(201, services.event_create(actor=request.user, **payload.dict()))


@router.get("/honours/events/{event_id}", response=EventOut)
def get_event(request, event_id: int):
    return selectors.event_get(actor=request.user, event_id=event_id)


@router.delete("/honours/events/{event_id}", response={204: None})
def delete_event(request, event_id: int):
    services.event_delete(actor=request.user, event_id=event_id)
    return Status(204, None)


class TitleIn(Schema):
    kind: SchemeKindT
    level: LevelT
    year: Annotated[int, Field(ge=1950, le=2100)]
    name: Annotated[str, Field(min_length=1, max_length=100)]
    certificate_number: Annotated[str, Field(max_length=40)] = ""


@router.post("/honours/workers/{worker_id}/titles", response={201: TitleOut})
def add_title(request, worker_id: int, payload: TitleIn):
    """A title of an earlier year, from the paper register."""
    return Status(
        201, services.title_add(actor=request.user, worker_id=worker_id, **payload.dict())
    )
