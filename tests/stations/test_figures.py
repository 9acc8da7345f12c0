"""Figures per subtree and period: positions by kind and amenity, visits, open problems."""

from datetime import date, datetime

from django.utils import timezone

from gonghui.core.figures import REGISTRY, Period
from gonghui.stations.models import Kind, Problem, Visit

from .helpers import make_station

YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))


def _at(*args):
    return timezone.make_aware(datetime(*args))


def value(key, org, period=YEAR):
    return REGISTRY[key].value(org.path, period)


def test_positions_by_kind_and_amenity_roll_up_the_tree(world):
    make_station(world.grassroots, amenities=["water", "meal"], created_at=_at(2025, 3, 1))
    make_station(
        world.township, kind=Kind.WORKER_HOME, amenities=["water"], created_at=_at(2025, 3, 1)
    )
    make_station(world.sibling_grassroots, amenities=["meal"], created_at=_at(2025, 3, 1))
    make_station(world.grassroots, status="closed", created_at=_at(2025, 3, 1))
    make_station(world.grassroots, created_at=_at(2026, 2, 1))  # after the period
    assert value("stations.total", world.county) == 2
    assert value("stations.total", world.city) == 3
    assert value("stations.by_kind.outdoor", world.county) == 1
    assert value("stations.by_kind.worker_home", world.county) == 1
    assert value("stations.by_amenity.water", world.county) == 2
    assert value("stations.by_amenity.meal", world.city) == 2
    assert value("stations.by_amenity.first_aid", world.province) == 0
    assert value("stations.total", world.other_province) == 0


def test_visits_in_the_period_and_problems_open_at_its_end(world):
    s = make_station(world.grassroots)
    for at in (_at(2024, 12, 31, 23, 30), _at(2025, 1, 1, 0, 10), _at(2025, 12, 31, 23, 50)):
        Visit.objects.create(station=s, at=at, visitor="v")
    assert value("stations.visits", world.county) == 2  # Shanghai days, both ends in
    Problem.objects.create(station=s, kind="no_water", reported_at=_at(2025, 5, 1))
    Problem.objects.create(
        station=s,
        kind="dirty",
        reported_at=_at(2025, 6, 1),
        status="closed",
        closed_at=_at(2025, 6, 2),
    )
    Problem.objects.create(
        station=s,
        kind="closed",
        reported_at=_at(2025, 12, 1),
        status="closed",
        closed_at=_at(2026, 1, 5),
    )
    assert value("stations.problems_open", world.county) == 2  # closed only after the year
    assert value("stations.problems_reported", world.county) == 3
    assert value("stations.problems_open", world.sibling) == 0
    assert REGISTRY["stations.problems_open"].records(world.county.path, YEAR).count() == 2


def test_figures_api_lists_the_station_figures(world, as_user):
    make_station(world.grassroots, created_at=_at(2025, 3, 1))
    client = as_user(world.county_staff)
    keys = {f["key"] for f in client.get("/api/v1/figures").json()}
    assert {
        "stations.total",
        "stations.by_kind.outdoor",
        "stations.by_amenity.water",
        "stations.visits",
        "stations.problems_open",
    } <= keys
    values = client.get(
        f"/api/v1/figures/values?org_id={world.county.pk}&start=2025-01-01&end=2025-12-31"
    ).json()
    assert values["stations.total"] == 1
