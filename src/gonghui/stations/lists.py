"""The lists of positions, visits and problems, as the pages, the API and the exports show
them (core.lists)."""

from datetime import date, datetime
from typing import Annotated, Literal, TypeAlias

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from gonghui.core.lists import Column, ListSpec, Sort

from . import selectors
from .models import Amenity, Kind, ProblemKind
from .models import Status as StationStatus

# Built from the model's choices, checked by pydantic at run time; mypy cannot build a
# Literal from a tuple and takes these aliases as Any.
KindT: TypeAlias = Literal[tuple(Kind.values)]  # type: ignore[valid-type]
AmenityT: TypeAlias = Literal[tuple(Amenity.values)]  # type: ignore[valid-type]
StatusT: TypeAlias = Literal[tuple(StationStatus.values)]  # type: ignore[valid-type]
ProblemKindT: TypeAlias = Literal[tuple(ProblemKind.values)]  # type: ignore[valid-type]


def _local(moment: datetime | None) -> str:
    """A time to the minute, in the federation's time zone with its offset."""
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else ""


def _chinese() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


def _detail(station_id: int) -> str:
    return reverse("station-detail", args=[station_id])


class StationFilter(Schema):
    q: str = ""
    kind: KindT | Literal[""] = ""
    status: StatusT | Literal[""] = ""
    amenity: list[AmenityT] = []
    union_id: int | None = None
    region: Annotated[str, Field(pattern=r"^(\d{6})?$")] = ""


STATIONS = ListSpec(
    name="stations",
    filters=StationFilter,
    rows=selectors.station_list,
    aliases={"union": "union_id"},
    sorts={
        "name": Sort(_("name (pinyin)"), ("name_pinyin", "id")),
        "-name": Sort(_("name, Z to A"), ("-name", "id")),
        "kind": Sort(_("kind"), ("kind", "id")),
        "union": Sort(_("running union"), ("union__path", "id")),
        "-created": Sort(_("newest first"), ("-created_at", "id")),
        "created": Sort(_("oldest first"), ("created_at", "id")),
        "status": Sort(_("status"), ("status", "id")),
        "lat": Sort(_("latitude, south first"), ("lat", "id")),
        "-lat": Sort(_("latitude, north first"), ("-lat", "id")),
    },
    columns=(
        Column(_("ID"), lambda s: s.pk, on_page=False),
        Column(_("name"), lambda s: s.name, link=lambda s: _detail(s.pk)),
        Column(_("kind"), lambda s: s.get_kind_display()),
        Column(_("running union"), lambda s: s.union.name, narrow=True),
        Column(_("address"), lambda s: s.address, narrow=True),
        Column(_("division code"), lambda s: s.region_id, on_page=False),
        Column(_("latitude"), lambda s: s.lat, on_page=False),
        Column(_("longitude"), lambda s: s.lng, on_page=False),
        Column(_("amenities"), lambda s: "、".join(s.amenity_labels()), narrow=True),
        Column(_("opening hours"), lambda s: s.hours_text(_chinese()), on_page=False),
        Column(_("status"), lambda s: s.get_status_display()),
        Column(_("contact phone"), lambda s: s.phone, on_page=False),
    ),
)


class VisitFilter(Schema):
    station_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    rated: bool | None = None


VISITS = ListSpec(
    name="station-visits",
    filters=VisitFilter,
    rows=selectors.visit_list,
    aliases={"station": "station_id", "from": "date_from", "to": "date_to"},
    sorts={
        "-at": Sort(_("newest first"), ("-at", "-id")),
        "at": Sort(_("oldest first"), ("at", "-id")),
        "station": Sort(_("service position"), ("station__name", "-id")),
        "-rating": Sort(_("best rated"), ("-rating", "-id")),
        "rating": Sort(_("worst rated"), ("rating", "-id")),
    },
    columns=(
        Column(_("ID"), lambda v: v.pk, on_page=False),
        Column(
            _("service position"), lambda v: v.station.name, link=lambda v: _detail(v.station_id)
        ),
        Column(_("running union"), lambda v: v.station.union.name, narrow=True),
        Column(_("time"), lambda v: _local(v.at)),
        Column(_("member"), lambda v: gettext("yes") if v.user_id else gettext("no")),
        Column(_("rating"), lambda v: v.rating),
    ),
)


class ProblemFilter(Schema):
    status: Literal["open", "closed", ""] = ""
    kind: ProblemKindT | Literal[""] = ""
    station_id: int | None = None


# The problems page draws its own table (each open problem has its close form); the spec
# gives it the filters and sorts, and the API and the export everything.
PROBLEMS = ListSpec(
    name="station-problems",
    filters=ProblemFilter,
    rows=selectors.problem_list,
    aliases={"station": "station_id"},
    sorts={
        "-reported": Sort(_("newest first"), ("-reported_at", "-id")),
        "reported": Sort(_("oldest first"), ("reported_at", "-id")),
        "station": Sort(_("service position"), ("station__name", "-id")),
        "kind": Sort(_("problem"), ("kind", "-id")),
        "status": Sort(_("status"), ("status", "-id")),
    },
    columns=(
        Column(_("ID"), lambda p: p.pk),
        Column(_("service position"), lambda p: p.station.name),
        Column(_("running union"), lambda p: p.station.union.name),
        Column(_("problem"), lambda p: p.get_kind_display()),
        Column(_("description"), lambda p: p.text),
        Column(_("reported at"), lambda p: _local(p.reported_at)),
        Column(_("status"), lambda p: p.get_status_display()),
        Column(_("closed at"), lambda p: _local(p.closed_at)),
        Column(_("what was done"), lambda p: p.close_note),
    ),
)
