"""Every read of positions, visits and problems.

Staff reads are scoped to the caller's subtree (core.scoping). Two reads are public by
design, as a worker on the street has no account: the nearest search and a poster's
position; they return open positions only, and only what a passer-by may know.
"""

import json
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core import signing
from django.db import connections, router
from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core.errors import ServiceError
from gonghui.core.scoping import get_visible_or_404, path_visible
from gonghui.orgs.models import Organization
from gonghui.orgs.selectors import org_get

from . import geo
from .codes import Code
from .models import (
    AMENITY_FIELDS,
    Amenity,
    Kind,
    Photo,
    Problem,
    ProblemStatus,
    Station,
    Status,
    Visit,
)

QR_SALT = "gonghui.station-poster"

# The nearest search widens its box up to MAX_REACH_M.
FIRST_RADIUS_M = 1_000
# Where the next search starts: near the radius the last one needed (per process). Only
# the number of box queries depends on it, never the answer.
_RADIUS_HINT = {"m": float(FIRST_RADIUS_M)}
MAX_REACH_M = 50_000
MAX_RESULTS = 50


def _in_china(lat: float, lng: float) -> bool:
    return (
        geo.CHINA_LAT[0] <= lat <= geo.CHINA_LAT[1] and geo.CHINA_LNG[0] <= lng <= geo.CHINA_LNG[1]
    )


def check_coordinates(lat, lng) -> tuple[float, float]:
    """WGS-84 degrees of a point in China, or a ServiceError naming the field at fault."""
    values = {}
    for field, value in (("lat", lat), ("lng", lng)):
        try:
            values[field] = float(value)
        except (TypeError, ValueError):
            raise ServiceError(
                _("Enter the coordinate as a number of degrees, for example 41.8057."), field=field
            ) from None
        if not math.isfinite(values[field]):
            raise ServiceError(
                _("A latitude lies between -90 and 90 degrees, a longitude between -180 and 180."),
                field=field,
            )
    lat, lng = values["lat"], values["lng"]
    if _in_china(lat, lng):
        return lat, lng
    if _in_china(lng, lat):
        raise ServiceError(
            _(
                "Latitude and longitude look swapped: in China the latitude is "
                "about 18 to 54 and the longitude about 73 to 135."
            ),
            code=Code.OUT_OF_RANGE,
            field="lat",
        )
    for field, value, limit in (("lat", lat, 90), ("lng", lng, 180)):
        if abs(value) > limit:
            # Off the globe is outside China too: one code for both (the document's number
            # is any number; the box of China is a rule of the service).
            raise ServiceError(
                _("A latitude lies between -90 and 90 degrees, a longitude between -180 and 180."),
                code=Code.OUT_OF_RANGE,
                field=field,
            )
    in_lat = geo.CHINA_LAT[0] <= lat <= geo.CHINA_LAT[1]
    raise ServiceError(
        _(
            "This point is not in China: the latitude must be between 18 and 54 "
            "and the longitude between 73 and 135 (WGS-84 degrees)."
        ),
        code=Code.OUT_OF_RANGE,
        field="lng" if in_lat else "lat",
    )


# ---- staff reads -----------------------------------------------------------------------
def station_list(
    *,
    actor: User,
    q: str = "",
    kind: str = "",
    status: str = "",
    amenity: list[str] | tuple = (),
    union_id: int | None = None,
    region: str = "",
    write: bool = False,
) -> QuerySet[Station]:
    """The positions the actor sees that match the filters, unsorted (lists.STATIONS sorts
    them); `amenity`: only those with all of these."""
    qs = Station.objects.visible_to(actor, write=write).select_related("union", "region")
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(address__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    for name in amenity:
        if name in AMENITY_FIELDS:
            qs = qs.filter(**{AMENITY_FIELDS[name]: True})
    if union_id is not None:
        qs = qs.filter(union__path__startswith=org_get(actor=actor, org_id=union_id).path)
    if region:
        from gonghui.orgs.selectors import region_prefix

        qs = qs.filter(region__code__startswith=region_prefix(region))
    return qs


def station_get(*, actor: User, station_id: int, write: bool = False) -> Station:
    return get_visible_or_404(
        Station.objects.select_related("union", "region"), actor, write=write, pk=station_id
    )


def station_summary(station: Station, *, days: int = 30) -> dict:
    """Visits and ratings of the last `days` days, and problems still open."""
    since = timezone.now() - timedelta(days=days)
    visits = station.visits.filter(at__gte=since).aggregate(n=Count("id"), rating=Avg("rating"))
    return {
        "visits": visits["n"],
        "rating": round(visits["rating"], 1) if visits["rating"] else None,
        "open_problems": station.problems.filter(status=ProblemStatus.OPEN).count(),
        "days": days,
    }


def map_points(
    *,
    actor: User,
    bbox: tuple[float, float, float, float] | None = None,
    limit: int = 2000,
    **filters,
) -> tuple[list[dict], int]:
    """Positions for the staff map, inside a (min_lng, min_lat, max_lng, max_lat) box."""
    qs = station_list(actor=actor, **filters)
    if bbox is not None:
        min_lng, min_lat, max_lng, max_lat = bbox
        qs = qs.filter(lat__gte=min_lat, lat__lte=max_lat, lng__gte=min_lng, lng__lte=max_lng)
    total = qs.count()
    rows = qs.order_by("id").values("id", "name", "lat", "lng", "kind", "status")[:limit]
    return [dict(r) for r in rows], total


def photo_list(station: Station) -> QuerySet[Photo]:
    return station.photos.all()


def photo_public(photo_id: int) -> Photo:
    """A photo of a position that is not closed: shown to anyone who finds the position."""
    photo = (
        Photo.objects.select_related("station")
        .filter(pk=photo_id)
        .exclude(station__status=Status.CLOSED)
        .first()
    )
    if photo is None:
        from django.http import Http404

        raise Http404
    return photo


def visit_list(
    *,
    actor: User,
    station_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    rated: bool | None = None,
) -> QuerySet[Visit]:
    """Visits the actor sees that match the filters, newest first (lists.VISITS sorts them
    as asked)."""
    qs = Visit.objects.visible_to(actor).select_related("station", "station__union", "user")
    if station_id is not None:
        qs = qs.filter(station=station_get(actor=actor, station_id=station_id))
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    if rated is not None:
        qs = qs.filter(rating__isnull=not rated)
    return qs


def problem_list(
    *,
    actor: User,
    status: str = "",
    kind: str = "",
    station_id: int | None = None,
    write: bool = False,
) -> QuerySet[Problem]:
    """Problems the actor sees that match the filters, newest first (lists.PROBLEMS sorts
    them as asked)."""
    qs = Problem.objects.visible_to(actor, write=write).select_related(
        "station", "station__union", "closed_by"
    )
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if station_id is not None:
        qs = qs.filter(station=station_get(actor=actor, station_id=station_id))
    return qs


def problem_get(*, actor: User, problem_id: int, write: bool = False) -> Problem:
    return get_visible_or_404(
        Problem.objects.select_related("station", "station__union"),
        actor,
        write=write,
        pk=problem_id,
    )


def station_writable(*, actor: User, station: Station) -> bool:
    return path_visible(actor, station.union.path, write=True)


def own_union(*, actor: User) -> Organization | None:
    """The one union an actor may write to, when there is exactly one (a cadre's own)."""
    paths = actor.writable_paths() if actor.is_authenticated else []
    return Organization.objects.filter(path=paths[0]).first() if len(paths) == 1 else None


# ---- public reads ------------------------------------------------------------------------
def station_cities() -> list[tuple[str, str]]:
    """(division code, name) of the cities that have open positions, in code order: the
    choice that keeps a search by place name inside one city."""
    from gonghui.orgs.models import Region

    codes = {
        code[:4] + "00"
        for code in Station.objects.filter(status=Status.OPEN, region__isnull=False)
        .values_list("region_id", flat=True)
        .distinct()
    }
    return list(Region.objects.filter(code__in=codes).order_by("code").values_list("code", "name"))


def address_point(text: str, city: str = "") -> tuple[float, float, str] | None:
    """A typed address, located offline: an open position whose address mentions it, in
    the city chosen (its division code) when one is: 中山路 is in Shenyang and in Dalian."""
    qs = Station.objects.filter(status=Status.OPEN, address__icontains=text.strip())
    if city:
        qs = qs.filter(region__code__startswith=city[:4])
    match = qs.order_by("id").values_list("lat", "lng", "address").first()
    return match if match else None


def poster_token(station: Station) -> str:
    """What a printed poster's QR code carries: the position and its poster version, signed.
    No timestamp: the same poster prints the same code; renewing bumps the version."""
    return signing.Signer(salt=QR_SALT).sign_object([station.pk, station.qr_version], compress=True)


def station_for_token(token: str) -> Station | None:
    """The position a scanned poster names, if the token is genuine and still current."""
    try:
        pk, version = signing.Signer(salt=QR_SALT).unsign_object(token)
        station = Station.objects.select_related("union").get(pk=int(pk))
    except (signing.BadSignature, ValueError, TypeError, Station.DoesNotExist):
        return None
    return station if station.qr_version == version else None


@dataclass
class Nearby:
    station: Station
    distance_m: float


def _open_row(weekly, special, when: datetime) -> bool:
    from .hours import is_open_at

    weekly = json.loads(weekly) if isinstance(weekly, str) else weekly
    special = json.loads(special) if isinstance(special, str) else special
    return is_open_at(weekly, special or [], when)


def nearest(
    lat,
    lng,
    n: int = 10,
    *,
    amenities: list[str] | tuple = (),
    open_now: bool = False,
    kinds: list[str] | tuple = (),
    at: datetime | None = None,
    max_reach_m: float = MAX_REACH_M,
) -> list[Nearby]:
    """The n open positions nearest to (lat, lng), nearest first, within max_reach_m.

    Works on any database: a box on the indexed (status, lat, lng) columns, widened
    (by the density it found) until it holds n matching positions within its inscribed
    circle (then no position outside the box can be nearer), or until it reaches
    max_reach_m; then the exact great-circle distance, in Python. Ties are broken by id,
    so the answer is the same as sorting every position by (distance, id).
    """
    lat, lng = check_coordinates(lat, lng)
    if not 1 <= int(n) <= MAX_RESULTS:
        raise ServiceError(
            _("Ask for between 1 and %(max)s positions.") % {"max": MAX_RESULTS}, field="n"
        )
    n = int(n)
    unknown = [a for a in amenities if a not in AMENITY_FIELDS]
    if unknown:
        raise ServiceError(
            _("Unknown amenity: %(names)s. Choose from %(choices)s.")
            % {"names": ", ".join(unknown), "choices": ", ".join(Amenity.values)},
            field="amenity",
        )
    bad_kinds = [k for k in kinds if k not in Kind.values]
    if bad_kinds:
        raise ServiceError(
            _("Unknown kind: %(names)s.") % {"names": ", ".join(bad_kinds)}, field="kind"
        )
    open_at = timezone.localtime(at or timezone.now()) if open_now else None
    # The hot path in plain SQL (the ORM's per-query work would double its time); every
    # condition is a column test, so the same on PostgreSQL and SQLite.
    db = connections[router.db_for_read(Station)]
    q = db.ops.quote_name
    columns = ["id", "lat", "lng"] + (["weekly_hours", "special_days"] if open_now else [])
    where = [
        f"{q('status')} = %s",
        f"{q('lat')} >= %s",
        f"{q('lat')} <= %s",
        f"{q('lng')} >= %s",
        f"{q('lng')} <= %s",
    ]
    extra: list = []
    for amenity in amenities:
        where.append(f"{q(AMENITY_FIELDS[amenity])} = %s")
        extra.append(True)
    if kinds:
        where.append(f"{q('kind')} IN ({', '.join(['%s'] * len(kinds))})")
        extra += list(kinds)
    sql = (
        f"SELECT {', '.join(q(c) for c in columns)} FROM {q(Station._meta.db_table)} "
        f"WHERE {' AND '.join(where)}"
    )

    radius = min(_RADIUS_HINT["m"], max_reach_m)
    while True:
        min_lat, max_lat, min_lng, max_lng = geo.bounding_box(lat, lng, radius)
        with db.cursor() as cursor:
            cursor.execute(sql, [Status.OPEN.value, min_lat, max_lat, min_lng, max_lng, *extra])
            rows = cursor.fetchall()
        if open_at is not None:
            rows = [r for r in rows if _open_row(r[3], r[4], open_at)]
        found = sorted((geo.haversine_m(lat, lng, r[1], r[2]), r[0]) for r in rows)
        within = [f for f in found if f[0] <= radius]
        if len(within) >= n or radius >= max_reach_m:
            break
        # Grow by the density seen so far (n positions expected, with a margin), at least
        # 1.5 times, four times when the box was empty.
        growth = 1.3 * math.sqrt(n / len(within)) if within else 4.0
        radius = min(radius * max(growth, 1.5), max_reach_m)
    chosen = within[:n]
    if len(chosen) == n:  # the next search starts where this one would have sufficed
        _RADIUS_HINT["m"] = min(max(chosen[-1][0] * 1.2, 200.0), 8_000.0)
    by_id = Station.objects.select_related("union").in_bulk([pk for _d, pk in chosen])
    return [Nearby(by_id[pk], d) for d, pk in chosen]


def nearest_brute_force(
    lat: float,
    lng: float,
    n: int = 10,
    *,
    amenities=(),
    open_now=False,
    kinds=(),
    at: datetime | None = None,
    max_reach_m: float = MAX_REACH_M,
) -> list[tuple[float, int]]:
    """Every open position's distance, sorted: what the bench compares nearest() with."""
    open_at = timezone.localtime(at or timezone.now()) if open_now else None
    qs = Station.objects.filter(status=Status.OPEN, **{AMENITY_FIELDS[a]: True for a in amenities})
    if kinds:
        qs = qs.filter(kind__in=list(kinds))
    if open_at is not None:
        rows = [
            (r[0], r[1], r[2])
            for r in qs.values_list("id", "lat", "lng", "weekly_hours", "special_days")
            if _open_row(r[3], r[4], open_at)
        ]
    else:
        rows = list(qs.values_list("id", "lat", "lng"))
    found = sorted((geo.haversine_m(lat, lng, r[1], r[2]), r[0]) for r in rows)
    return [f for f in found if f[0] <= max_reach_m][:n]
