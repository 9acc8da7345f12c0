"""Service positions at /api/v1: the public nearest search, and staff reads and writes."""

from datetime import date, datetime
from typing import Annotated

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.orgs.api import RegionCode

from . import geo, selectors, services
from .lists import PROBLEMS, STATIONS, VISITS, AmenityT, KindT, StatusT

router = Router(tags=["service positions 服务阵地"])
Name = Annotated[str, Field(min_length=1, max_length=100)]
Address = Annotated[str, Field(min_length=1, max_length=200)]


# ---- public: the nearest positions ---------------------------------------------------------
class NearestFilter(Schema):
    lat: float = Field(description="WGS-84 latitude, degrees")
    lng: float = Field(description="WGS-84 longitude, degrees")
    n: Annotated[int, Field(ge=1, le=selectors.MAX_RESULTS)] = 10
    amenity: list[AmenityT] = Field([], description="only positions with all of these")
    kind: list[KindT] = []
    open_now: bool = False


class NearbyOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    address: str
    lat: float
    lng: float
    gcj_lat: float
    gcj_lng: float
    distance_m: int
    amenities: list[str]
    amenity_labels: list[str]
    open_now: bool
    hours: str
    phone: str
    union_name: str


class NearestOut(Schema):
    items: list[NearbyOut]
    count: int
    reach_m: int
    message: str


def nearby_dict(item: selectors.Nearby, *, chinese: bool = True) -> dict:
    s = item.station
    gcj = geo.wgs84_to_gcj02(s.lat, s.lng)
    return {
        "id": s.pk,
        "name": s.name,
        "kind": s.kind,
        "kind_label": str(s.get_kind_display()),
        "address": s.address,
        "lat": s.lat,
        "lng": s.lng,
        "gcj_lat": gcj[0],
        "gcj_lng": gcj[1],
        "distance_m": round(item.distance_m),
        "amenities": s.amenities,
        "amenity_labels": s.amenity_labels(),
        "open_now": s.is_open_at(),
        "hours": s.hours_text(chinese=chinese),
        "phone": s.phone,
        "union_name": s.union.name,
    }


def nearest_message(found: int, reach_m: float) -> str:
    if found:
        return _("%(n)s positions found, nearest first.") % {"n": found}
    return _(
        "No open position within %(km)s km. Try fewer filters, or call the union hotline 12351."
    ) % {"km": round(reach_m / 1000)}


@router.get("/stations/nearest", response=NearestOut, auth=None, url_name="stations-nearest")
def nearest(request, filters: Query[NearestFilter]):
    """Public: the open positions nearest to a point (WGS-84), with distance in metres."""
    found = selectors.nearest(
        filters.lat,
        filters.lng,
        filters.n,
        amenities=filters.amenity,
        kinds=filters.kind,
        open_now=filters.open_now,
    )
    chinese = getattr(request, "LANGUAGE_CODE", "zh-hans").startswith("zh")
    return {
        "items": [nearby_dict(f, chinese=chinese) for f in found],
        "count": len(found),
        "reach_m": selectors.MAX_REACH_M,
        "message": nearest_message(len(found), selectors.MAX_REACH_M),
    }


# ---- staff: visits and problems ------------------------------------------------------------
class VisitOut(Schema):
    id: int
    station_id: int
    station_name: str = Field(alias="station.name")
    at: datetime
    member: bool
    rating: int | None

    @staticmethod
    def resolve_member(obj):
        return obj.user_id is not None


@router.get("/stations/visits", response=list[VisitOut])
@paginate(LimitOffsetPagination)
def list_visits(request, filters: Query[VISITS.api_filters()]):  # type: ignore[valid-type]
    return VISITS.queryset(request.user, filters.dict())


class ProblemOut(Schema):
    id: int
    station_id: int
    station_name: str = Field(alias="station.name")
    kind: str
    kind_label: str
    text: str
    reported_at: datetime
    status: str
    closed_at: datetime | None
    close_note: str

    @staticmethod
    def resolve_kind_label(obj):
        return str(obj.get_kind_display())


class CloseIn(Schema):
    note: Annotated[str, Field(min_length=1, max_length=500)]


@router.get("/stations/problems", response=list[ProblemOut])
@paginate(LimitOffsetPagination)
def list_problems(request, filters: Query[PROBLEMS.api_filters()]):  # type: ignore[valid-type]
    return PROBLEMS.queryset(request.user, filters.dict())


@router.get("/stations/problems/{problem_id}", response=ProblemOut)
def get_problem(request, problem_id: int):
    return selectors.problem_get(actor=request.user, problem_id=problem_id)


@router.post("/stations/problems/{problem_id}/close", response=ProblemOut)
def close_problem(request, problem_id: int, payload: CloseIn):
    return services.problem_close(actor=request.user, problem_id=problem_id, note=payload.note)


# ---- staff: positions ----------------------------------------------------------------------
class SpecialDay(Schema):
    date: date
    hours: Annotated[str, Field(max_length=100)] = ""
    note: Annotated[str, Field(max_length=100)] = ""


class StationOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    union_id: int
    union_name: str = Field(alias="union.name")
    address: str
    region: str | None = Field(None, alias="region_id")
    lat: float
    lng: float
    weekly_hours: list[str]
    hours_text: str
    special_days: list[dict]
    amenities: list[str]
    phone: str
    note: str
    status: str
    poster_url: str
    created_at: datetime

    @staticmethod
    def resolve_kind_label(obj):
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_hours_text(obj):
        return obj.hours_text()

    @staticmethod
    def resolve_poster_url(obj):
        return reverse("station-scan", args=[selectors.poster_token(obj)])


Hours = list[Annotated[str, Field(max_length=100)]] | Annotated[str, Field(max_length=300)]


class StationIn(Schema):
    name: Name
    kind: KindT
    union_id: int
    address: Address
    lat: float
    lng: float
    region: RegionCode | None = None
    hours: Hours = Field(
        "每天 08:00-20:00",
        description="7 day strings Monday first "
        "('08:00-20:00', '' closed), or one line: 周一至周五 08:00-18:00；周六 09:00-12:00",
    )
    special_days: list[SpecialDay] = []
    amenities: list[AmenityT] = []
    status: StatusT = "open"
    phone: Annotated[str, Field(max_length=20)] = ""
    note: Annotated[str, Field(max_length=300)] = ""


class StationPatch(Schema):
    name: Name | None = None
    kind: KindT | None = None
    union_id: int | None = None
    address: Address | None = None
    lat: float | None = None
    lng: float | None = None
    region: RegionCode | None = None
    hours: Hours | None = None
    special_days: list[SpecialDay] | None = None
    amenities: list[AmenityT] | None = None
    status: StatusT | None = None
    phone: Annotated[str, Field(max_length=20)] | None = None
    note: Annotated[str, Field(max_length=300)] | None = None


def _special_days(payload: dict) -> dict:
    if payload.get("special_days") is not None:
        payload["special_days"] = [
            {**d, "date": d["date"].isoformat()} for d in payload["special_days"]
        ]
    return payload


@router.get("/stations", response=list[StationOut])
@paginate(LimitOffsetPagination)
def list_stations(request, filters: Query[STATIONS.api_filters()]):  # type: ignore[valid-type]
    return STATIONS.queryset(request.user, filters.dict())


@router.post("/stations", response={201: StationOut})
def create_station(request, payload: StationIn):
    return Status(201, services.station_create(actor=request.user, **_special_days(payload.dict())))


@router.get("/stations/{station_id}", response=StationOut)
def get_station(request, station_id: int):
    return selectors.station_get(actor=request.user, station_id=station_id)


@router.patch("/stations/{station_id}", response=StationOut)
def update_station(request, station_id: int, payload: StationPatch):
    changes = _special_days(payload.dict(exclude_unset=True))
    return services.station_update(actor=request.user, station_id=station_id, **changes)


@router.post("/stations/{station_id}/poster/renew", response=StationOut)
def renew_poster(request, station_id: int):
    """Retire the printed posters: their QR codes stop working; print the new one."""
    return services.station_poster_renew(actor=request.user, station_id=station_id)
