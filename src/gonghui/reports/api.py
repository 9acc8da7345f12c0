from datetime import date

from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period

from . import selectors

router = Router(tags=["statistics 统计"])


def _period(start: date, end: date) -> Period:
    if end < start:
        raise ServiceError("end is before start", field="end")
    return Period(start, end)


class FigureInfo(Schema):
    key: str
    label: str
    unit: str


class ChildValue(Schema):
    org_id: int
    name: str
    value: int


@router.get("/figures", response=list[FigureInfo])
def list_figures(request):
    return [
        {"key": f.key, "label": str(f.label), "unit": str(f.unit)}
        for f in sorted(REGISTRY.values(), key=lambda f: f.key)
    ]


@router.get("/figures/values", response=dict[str, int])
def figure_values(request, org_id: int, start: date, end: date):
    return selectors.figure_values(actor=request.user, org_id=org_id, period=_period(start, end))


@router.get("/figures/{key}/children", response=list[ChildValue])
def figure_children(request, key: str, org_id: int, start: date, end: date):
    rows = selectors.figure_by_children(
        actor=request.user, org_id=org_id, key=key, period=_period(start, end)
    )
    return [{"org_id": c.pk, "name": c.name, "value": v} for c, v in rows]


class RecordRef(Schema):
    id: int
    label: str

    @staticmethod
    def resolve_label(obj):
        return str(obj)


@router.get("/figures/{key}/records", response=list[RecordRef])
@paginate(LimitOffsetPagination)
def figure_records(request, key: str, org_id: int, start: date, end: date):
    return selectors.figure_records(
        actor=request.user, org_id=org_id, key=key, period=_period(start, end)
    )


class MonthValue(Schema):
    month: date  # the first day of the calendar month
    value: int


@router.get("/figures/{key}/trend", response=list[MonthValue])
def figure_trend(request, key: str, org_id: int, year: int):
    """One value per month of the year that has started: the dashboard's line chart."""
    rows = selectors.figure_trend(actor=request.user, org_id=org_id, key=key, year=year)
    return [{"month": m, "value": v} for m, v in rows]
