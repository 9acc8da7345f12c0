"""Demo positions: a few per county union, around the county, deterministic."""

import pytest

from gonghui.stations import demo, geo, selectors
from gonghui.stations.models import Station

from .helpers import make_station


def test_demo_positions_lie_around_their_county(world):
    added = demo.build_demo("small", seed=7)["stations"]
    counties = [world.county, world.sibling]
    assert added == Station.objects.count() == 3 * len(counties)
    for county in counties:
        centre = demo.county_centre(county.region_id)
        rows = Station.objects.filter(union__path__startswith=county.path)
        assert rows.count() == 3
        for s in rows:
            assert geo.haversine_m(centre[0], centre[1], s.lat, s.lng) < 25_000
            assert s.region_id == county.region_id and s.name.startswith(county.region.name)
            selectors.check_coordinates(s.lat, s.lng)
            assert s.has_water or s.kind != "outdoor"
    # every Liaoning city centre lies in Liaoning
    for lat, lng in demo.CITY_CENTRES.values():
        assert 38.7 < lat < 43.5 and 118.8 < lng < 125.8
    # the ORM continues after the demo's explicit ids
    assert make_station(world.grassroots).pk > Station.objects.order_by("-pk")[1].pk


@pytest.mark.one_db  # the generator's determinism (explicit ids are checked above)
def test_demo_is_deterministic(world):
    demo.build_demo("small", seed=3)
    first = list(Station.objects.order_by("pk").values_list("name", "lat", "lng", "kind"))
    Station.objects.all().delete()
    demo.build_demo("small", seed=3)
    again = list(Station.objects.order_by("pk").values_list("name", "lat", "lng", "kind"))
    assert first == again


def test_some_positions_are_kept_by_township_unions(world):
    demo.build_demo("medium", seed=5)
    kept = Station.objects.filter(union=world.township).count()
    assert 0 < kept < Station.objects.filter(union__path__startswith=world.county.path).count()


def test_province_scale_shares_100000_among_the_counties(world, monkeypatch):
    monkeypatch.setattr(demo, "PROVINCE_TOTAL", 1001)
    assert demo.build_demo("province", seed=1) == {"stations": 1001}
    assert Station.objects.count() == 1001
