"""The nearest search: the same answer as sorting every position by distance, and its edges."""

import math
from datetime import datetime

import pytest
from django.db import transaction
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.core.errors import ServiceError
from gonghui.stations import geo, selectors
from gonghui.stations.models import AMENITY_FIELDS, Amenity, Kind, Station

from ..factories import OrgKind, make_org
from .helpers import make_station

CENTRE = (41.80, 123.43)  # Shenyang
AMENITIES = Amenity.values
KINDS = [Kind.OUTDOOR, Kind.WORKER_HOME, Kind.LIBRARY]
AT = timezone.make_aware(datetime(2025, 6, 4, 21, 30))  # a Wednesday evening


@pytest.fixture
def union(db):
    return make_org("沈阳市总工会", OrgKind.CITY, make_org("辽宁省总工会", OrgKind.PROVINCIAL))


def _reference(points, lat, lng, n, amenities, kinds, open_now, reach):
    """Brute force, written independently of the code under test."""
    rows = []
    for p in points:
        if p["status"] != "open" or (kinds and p["kind"] not in kinds):
            continue
        if any(a not in p["amenities"] for a in amenities):
            continue
        if open_now and not p["open_at_AT"]:
            continue
        d = geo.haversine_m(lat, lng, p["lat"], p["lng"])
        if d <= reach:
            rows.append((d, p["id"]))
    return sorted(rows)[:n]


offsets = st.tuples(
    st.sampled_from([0.002, 0.02, 0.1, 0.3, 0.8]), st.floats(-1, 1), st.floats(-1, 1)
)
point_st = st.fixed_dictionaries(
    {
        "offset": offsets,
        "amenities": st.sets(st.sampled_from(AMENITIES), max_size=4),
        "kind": st.sampled_from(KINDS),
        "status": st.sampled_from(["open", "open", "open", "suspended", "closed"]),
        "hours": st.sampled_from(["08:00-20:00", "00:00-24:00", "20:00-02:00", ""]),
    }
)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    points=st.lists(point_st, max_size=40),
    query=offsets,
    n=st.integers(1, 12),
    amenities=st.sets(st.sampled_from(AMENITIES), max_size=2),
    kinds=st.sets(st.sampled_from(KINDS), max_size=2),
    open_now=st.booleans(),
    reach=st.sampled_from([5_000, 50_000]),
    start=st.sampled_from([200.0, 1000.0, 8000.0]),
)
def test_nearest_equals_brute_force(
    union, points, query, n, amenities, kinds, open_now, reach, start
):
    selectors._RADIUS_HINT["m"] = start  # where the search starts changes no answer
    qlat = CENTRE[0] + query[0] * query[1]
    qlng = CENTRE[1] + query[0] * query[2]
    with transaction.atomic():
        made = []
        for p in points:
            scale, dy, dx = p["offset"]
            station = Station(
                name="s",
                kind=p["kind"],
                union=union,
                address="a",
                lat=CENTRE[0] + scale * dy,
                lng=CENTRE[1] + scale * dx,
                status=p["status"],
                weekly_hours=[p["hours"]] * 7,
            )
            station.set_amenities(p["amenities"])
            made.append(station)
        Station.objects.bulk_create(made)
        plain = [
            {
                "id": s.pk,
                "lat": s.lat,
                "lng": s.lng,
                "status": s.status,
                "kind": s.kind,
                "amenities": s.amenities,
                "open_at_AT": s.is_open_at(AT),
            }
            for s in made
        ]
        got = selectors.nearest(
            qlat,
            qlng,
            n,
            amenities=sorted(amenities),
            kinds=sorted(kinds),
            open_now=open_now,
            at=AT,
            max_reach_m=reach,
        )
        want = _reference(plain, qlat, qlng, n, amenities, kinds, open_now, reach)
        assert [g.station.pk for g in got] == [pk for _d, pk in want]
        assert all(
            math.isclose(g.distance_m, d, abs_tol=1e-6)
            for g, (d, _pk) in zip(got, want, strict=True)
        )
        assert got == sorted(got, key=lambda g: g.distance_m)
        transaction.set_rollback(True)


def test_positions_on_the_edges_of_the_first_search_box_are_found(union, monkeypatch):
    """The first box (1 km) is exact to its edges: a position exactly 1 km due north, and
    one on the box's east edge (farther than 1 km), are found in the right order."""
    monkeypatch.setitem(selectors._RADIUS_HINT, "m", float(selectors.FIRST_RADIUS_M))
    lat, lng = CENTRE
    north = lat + math.degrees(selectors.FIRST_RADIUS_M / geo.EARTH_RADIUS_M)
    min_lat, max_lat, min_lng, max_lng = geo.bounding_box(lat, lng, selectors.FIRST_RADIUS_M)
    on_circle = make_station(union, "正北一公里", north, lng)
    on_corner = make_station(union, "框东北角", max_lat, max_lng)
    on_east_edge = make_station(union, "框东边", lat, max_lng)
    found = selectors.nearest(lat, lng, 3)
    assert [f.station for f in found] == [on_circle, on_east_edge, on_corner]
    assert found[0].distance_m == pytest.approx(1000, abs=1e-6)
    assert found[1].distance_m > 1000  # outside the circle, still inside the box
    # Asked for one, the position on the circle is the answer in the first round.
    monkeypatch.setitem(selectors._RADIUS_HINT, "m", float(selectors.FIRST_RADIUS_M))
    assert [f.station for f in selectors.nearest(lat, lng, 1)] == [on_circle]


def test_position_across_a_regions_edge_is_found(union, world):
    """The search ignores unions and regions: a station just across the provincial border
    (run by another province's union) is the nearest for a worker on this side."""
    jilin = make_station(world.other_grassroots, "吉林省界驿站", 42.9005, 124.1)
    make_station(union, "辽宁远处驿站", 42.70, 124.1)
    found = selectors.nearest(42.8995, 124.1, 1)
    assert found[0].station == jilin and found[0].distance_m < 200


def test_reach_is_inclusive_and_nothing_beyond_it(union):
    lat, lng = CENTRE
    deg = math.degrees(1 / geo.EARTH_RADIUS_M)  # one metre of latitude
    inside = make_station(union, "49999米", lat + 49_999 * deg, lng)
    make_station(union, "50001米", lat - 50_001 * deg, lng)
    found = selectors.nearest(lat, lng, 10)
    assert [f.station for f in found] == [inside]


def test_none_within_reach_api_says_so(union, client):
    make_station(union, "很远的驿站", CENTRE[0] + 1.0, CENTRE[1])  # about 111 km
    assert selectors.nearest(*CENTRE, 10) == []
    body = client.get("/api/v1/stations/nearest", {"lat": CENTRE[0], "lng": CENTRE[1]}).json()
    assert body["items"] == [] and body["count"] == 0 and "50" in body["message"]


def test_only_open_positions_and_filters(union):
    lat, lng = CENTRE
    make_station(union, "停用", lat + 0.001, lng, status="suspended")
    make_station(union, "关闭", lat + 0.001, lng, status="closed")
    water = make_station(union, "有水", lat + 0.002, lng, amenities=["water"])
    meal = make_station(union, "能热饭", lat + 0.003, lng, amenities=["water", "meal"])
    night = make_station(union, "夜里关门", lat + 0.0005, lng, weekly_hours=["08:00-18:00"] * 7)
    assert [f.station for f in selectors.nearest(lat, lng, 5)] == [night, water, meal]
    assert [f.station for f in selectors.nearest(lat, lng, 5, amenities=["meal"])] == [meal]
    assert [f.station for f in selectors.nearest(lat, lng, 5, open_now=True, at=AT)] == [
        water,
        meal,
    ]


@pytest.mark.parametrize(
    "lat,lng,field,words",
    [
        (200, 123.4, "lat", "between -90 and 90"),
        (41.8, 181, "lng", "between -180 and 180"),
        (0, 0, "lat", "not in China"),
        (123.43, 41.8, "lat", "swapped"),
        ("abc", 123.4, "lat", "number"),
        (float("nan"), 123.4, "lat", "between"),
        (41.8, 150.0, "lng", "not in China"),
    ],
)
def test_wrong_coordinates_are_refused_with_the_field(lat, lng, field, words):
    with translation.override("en"), pytest.raises(ServiceError) as exc:
        selectors.check_coordinates(lat, lng)
    assert field in exc.value.fields and words in exc.value.fields[field][0]


def test_api_nearest_public_with_distance_and_amenities(union, client):
    s = make_station(
        union,
        "中山路驿站",
        CENTRE[0] + 0.01,
        CENTRE[1],
        amenities=["water", "meal"],
        phone="024-12345678",
    )
    body = client.get("/api/v1/stations/nearest?lat=41.80&lng=123.43&amenity=water").json()
    item = body["items"][0]
    assert item["id"] == s.pk and 1100 < item["distance_m"] < 1120
    assert item["amenities"] == ["water", "meal"] and item["open_now"] is True
    gcj = geo.wgs84_to_gcj02(s.lat, s.lng)
    assert (item["gcj_lat"], item["gcj_lng"]) == pytest.approx(gcj)


@pytest.mark.parametrize(
    "query,status,field",
    [
        ("lat=91&lng=123", 400, "lat"),
        ("lat=41.8&lng=200", 400, "lng"),
        ("lat=0&lng=0", 400, "lat"),
        ("lat=nan&lng=123.4", 400, "lat"),
        ("lat=abc&lng=123.4", 422, "lat"),
        ("lng=123.4", 422, "lat"),
        ("lat=41.8&lng=123.4&n=0", 422, "n"),
        ("lat=41.8&lng=123.4&n=51", 422, "n"),
        ("lat=41.8&lng=123.4&amenity=sauna", 422, "amenity.0"),
    ],
)
def test_api_nearest_refuses_bad_input(db, client, query, status, field):
    response = client.get(f"/api/v1/stations/nearest?{query}")
    assert response.status_code == status, response.content
    body = response.json()
    assert field in body["fields"] and body["message"]


def test_amenity_fields_cover_every_amenity():
    assert set(AMENITY_FIELDS) == set(Amenity.values)
