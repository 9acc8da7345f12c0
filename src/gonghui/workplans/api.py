"""Work plans, tasks, sub-items, progress reports and what is late, at /api/v1."""

from datetime import date
from typing import Annotated, Literal, TypeAlias

from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from . import selectors, services
from .models import ReportEvery, TaskItem

router = Router(tags=["work plans 工作计划"])

# Built from the model's choices, checked by pydantic at run time; mypy cannot build a
# Literal from a tuple and takes these aliases as Any.
ReportEveryT: TypeAlias = Literal[tuple(ReportEvery.values)]  # type: ignore[valid-type]
Year = Annotated[int, Field(ge=2000, le=2100)]
PlanTitle = Annotated[str, Field(min_length=1, max_length=200)]
TaskTitle = Annotated[str, Field(min_length=1, max_length=200)]
ItemTitle = Annotated[str, Field(min_length=1, max_length=300)]
EnglishTitle = Annotated[str, Field(max_length=300)]  # no Chinese: the service refuses it
Theme = Annotated[str, Field(max_length=200)]
LongText = Annotated[str, Field(max_length=services.MAX_TEXT)]
DueDays = Annotated[int, Field(ge=0, le=60)]


class PlanOut(Schema):
    id: int
    owner_id: int
    owner_name: str = Field(alias="owner.name")
    year: int
    title: str
    title_en: str
    theme: str
    theme_en: str
    report_every: int
    report_due_days: int


class PlanIn(Schema):
    owner_id: int
    year: Year
    title: PlanTitle
    title_en: EnglishTitle = ""
    theme: Theme = ""
    theme_en: EnglishTitle = ""
    report_every: ReportEveryT = 2
    report_due_days: DueDays = 10


class PlanPatch(Schema):
    year: Year | None = None
    title: PlanTitle | None = None
    title_en: EnglishTitle | None = None
    theme: Theme | None = None
    theme_en: EnglishTitle | None = None
    report_every: ReportEveryT | None = None
    report_due_days: DueDays | None = None


class ItemOut(Schema):
    id: int
    task_id: int
    number: int
    title: str
    owner_id: int
    owner_name: str = Field(alias="owner.name")
    deadline: date | None
    done_on: date | None


class ReportOut(Schema):
    id: int
    task_id: int
    period: int
    percent: int
    text: str
    reported_on: date


class TaskOut(Schema):
    id: int
    plan_id: int
    plan_title: str = Field(alias="plan.title")
    year: int = Field(alias="plan.year")
    number: int
    title: str
    title_en: str
    description: str
    owner_id: int
    owner_name: str = Field(alias="owner.name")
    deadline: date
    done_on: date | None
    percent: int
    items: list[ItemOut]
    reports: list[ReportOut]

    @staticmethod
    def resolve_percent(obj):
        return selectors.percent_done(obj)

    @staticmethod
    def resolve_items(obj):
        # The list route prefetches the items with their owners (no query per row).
        if "items" in getattr(obj, "_prefetched_objects_cache", {}):
            return list(obj.items.all())
        return list(obj.items.select_related("owner"))

    @staticmethod
    def resolve_reports(obj):
        return list(obj.reports.all())


class TaskIn(Schema):
    title: TaskTitle
    owner_id: int
    deadline: date
    number: Annotated[int, Field(ge=1, le=999)] | None = None
    description: LongText = ""
    title_en: EnglishTitle = ""


class TaskPatch(Schema):
    title: TaskTitle | None = None
    title_en: EnglishTitle | None = None
    owner_id: int | None = None
    deadline: date | None = None
    number: Annotated[int, Field(ge=1, le=999)] | None = None
    description: LongText | None = None


class TaskFilter(Schema):
    plan_id: int | None = None
    year: Year | None = None
    under_id: int | None = None
    status: Literal["", "open", "done", "overdue"] = ""
    on: date | None = None
    q: str = ""
    sort: Literal[tuple(selectors.TASK_SORTS)] = "number"  # type: ignore[valid-type]


class ItemIn(Schema):
    title: ItemTitle
    owner_id: int | None = None
    deadline: date | None = None


class ItemPatch(Schema):
    title: ItemTitle | None = None
    owner_id: int | None = None
    deadline: date | None = None
    done: bool | None = None


class ReportIn(Schema):
    period: Annotated[int, Field(ge=1, le=12)]
    percent: Annotated[int, Field(ge=0, le=100)]
    text: Annotated[str, Field(min_length=1, max_length=services.MAX_TEXT)]


class PeriodOut(Schema):
    number: int
    start: date
    end: date
    due: date


class OverdueOut(Schema):
    kind: str
    reason: str
    due: date
    days: int
    task_id: int
    task_number: int
    task_title: str
    item_id: int | None
    period: PeriodOut | None
    owner_id: int
    owner_name: str

    @staticmethod
    def resolve_task_id(obj):
        return obj.task.pk

    @staticmethod
    def resolve_task_number(obj):
        return obj.task.number

    @staticmethod
    def resolve_task_title(obj):
        return obj.task.title

    @staticmethod
    def resolve_item_id(obj):
        return obj.item.pk if obj.item else None

    @staticmethod
    def resolve_owner_id(obj):
        return obj.owner.pk

    @staticmethod
    def resolve_owner_name(obj):
        return obj.owner.name


class OverdueFilter(Schema):
    on: date | None = None
    plan_id: int | None = None
    under_id: int | None = None


@router.get("/workplans/overdue", response=list[OverdueOut])
def list_overdue(request, filters: Query[OverdueFilter]):
    """Tasks past their deadline, sub-items past theirs, and scheduled reports not filed."""
    return selectors.overdue(request.user, **filters.dict())


@router.get("/workplans/tasks", response=list[TaskOut])
@paginate(LimitOffsetPagination)
def list_tasks(request, filters: Query[TaskFilter]):
    return selectors.task_list(actor=request.user, **filters.dict()).prefetch_related(
        "reports", Prefetch("items", queryset=TaskItem.objects.select_related("owner"))
    )


@router.get("/workplans/tasks/{task_id}", response=TaskOut)
def get_task(request, task_id: int):
    return selectors.task_get(actor=request.user, task_id=task_id)


@router.patch("/workplans/tasks/{task_id}", response=TaskOut)
def update_task(request, task_id: int, payload: TaskPatch):
    return services.task_update(
        actor=request.user, task_id=task_id, **payload.dict(exclude_unset=True)
    )


@router.post("/workplans/tasks/{task_id}/items", response={201: ItemOut})
def create_item(request, task_id: int, payload: ItemIn):
    return Status(201, services.item_create(actor=request.user, task_id=task_id, **payload.dict()))


@router.patch("/workplans/items/{item_id}", response=ItemOut)
def update_item(request, item_id: int, payload: ItemPatch):
    return services.item_update(
        actor=request.user, item_id=item_id, **payload.dict(exclude_unset=True)
    )


@router.post("/workplans/tasks/{task_id}/reports", response={200: ReportOut, 201: ReportOut})
def report_progress(request, task_id: int, payload: ReportIn):
    """Progress for one period (201); reporting the same period again replaces it (200)."""
    report, created = services.progress_report(
        actor=request.user, task_id=task_id, **payload.dict()
    )
    return Status(201 if created else 200, report)


@router.get("/workplans", response=list[PlanOut])
@paginate(LimitOffsetPagination)
def list_plans(request, year: Year | None = None, q: str = "", under_id: int | None = None):
    return selectors.plan_list(actor=request.user, year=year, q=q, under_id=under_id)


@router.post("/workplans", response={201: PlanOut})
def create_plan(request, payload: PlanIn):
    return Status(201, services.plan_create(actor=request.user, **payload.dict()))


@router.get("/workplans/{plan_id}", response=PlanOut)
def get_plan(request, plan_id: int):
    return selectors.plan_get(actor=request.user, plan_id=plan_id)


@router.patch("/workplans/{plan_id}", response=PlanOut)
def update_plan(request, plan_id: int, payload: PlanPatch):
    return services.plan_update(
        actor=request.user, plan_id=plan_id, **payload.dict(exclude_unset=True)
    )


@router.post("/workplans/{plan_id}/tasks", response={201: TaskOut})
def create_task(request, plan_id: int, payload: TaskIn):
    return Status(201, services.task_create(actor=request.user, plan_id=plan_id, **payload.dict()))


@router.get("/workplans/{plan_id}/periods", response=list[PeriodOut])
def plan_periods(request, plan_id: int):
    """The plan's reporting schedule: each period and the day its report is due."""
    return selectors.plan_get(actor=request.user, plan_id=plan_id).periods()
