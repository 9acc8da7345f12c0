"""Distances, search boxes and WGS-84 <-> GCJ-02, against known points."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.stations import geo

pytestmark = pytest.mark.one_db  # pure Python: the database engine plays no part


def test_known_gcj02_pair_tiananmen():
    # A pair published with the algorithm: WGS (39.908722, 116.397499) -> GCJ (39.910125, 116.403741).
    lat, lng = geo.wgs84_to_gcj02(39.908722, 116.397499)
    assert abs(lat - 39.910125) < 5e-6 and abs(lng - 116.403741) < 5e-6


def test_gcj02_offset_is_hundreds_of_metres_in_shenyang():
    lat, lng = 41.796767, 123.429096
    glat, glng = geo.wgs84_to_gcj02(lat, lng)
    shift = geo.haversine_m(lat, lng, glat, glng)
    assert 100 < shift < 1000  # GCJ-02 moves points by a few hundred metres


def test_outside_china_gcj02_is_wgs84():
    assert geo.wgs84_to_gcj02(51.5, -0.12) == (51.5, -0.12)
    assert geo.gcj02_to_wgs84(35.68, 139.69) == (35.68, 139.69)  # Tokyo


@given(st.floats(18.5, 53.5), st.floats(73.5, 134.5))
def test_round_trip_within_1e_5_degrees(lat, lng):
    back = geo.gcj02_to_wgs84(*geo.wgs84_to_gcj02(lat, lng))
    assert abs(back[0] - lat) < 1e-5 and abs(back[1] - lng) < 1e-5


def test_haversine_known_distances():
    # One degree of latitude on the mean sphere, and Shenyang to Dalian (about 340 km).
    assert geo.haversine_m(40, 120, 41, 120) == pytest.approx(
        2 * math.pi * geo.EARTH_RADIUS_M / 360, rel=1e-9
    )
    assert 330_000 < geo.haversine_m(41.805, 123.432, 38.914, 121.615) < 360_000
    assert geo.haversine_m(41.8, 123.4, 41.8, 123.4) == 0


@given(
    st.floats(18.5, 53.5),
    st.floats(73.5, 134.5),
    st.floats(10, 60_000),
    st.floats(0, 2 * math.pi),
    st.floats(0, 1),
)
def test_bounding_box_holds_the_whole_circle(lat, lng, radius, bearing, fraction):
    """Any point within the radius (here: along any bearing) lies inside the box."""
    d = radius * fraction / geo.EARTH_RADIUS_M
    p1, l1 = math.radians(lat), math.radians(lng)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(bearing))
    l2 = l1 + math.atan2(
        math.sin(bearing) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    plat, plng = math.degrees(p2), math.degrees(l2)
    min_lat, max_lat, min_lng, max_lng = geo.bounding_box(lat, lng, radius)
    assert min_lat <= plat <= max_lat and min_lng <= plng <= max_lng
