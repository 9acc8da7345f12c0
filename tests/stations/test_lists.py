"""The positions, visits and problems lists: page, API and export answer the same filters
and sorts (core.lists)."""

import csv
import io
from datetime import timedelta

from django.utils import timezone

from gonghui.stations.lists import PROBLEMS, STATIONS, VISITS
from gonghui.stations.models import Problem, Visit

from .helpers import make_station


def _csv(response):
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def _offered(client, url, spec, api):
    page = client.get(url).content.decode()
    for key in spec.sorts:
        assert f'value="{key}"' in page, key
        assert client.get(f"{api}?sort={key}").status_code == 200, key


def test_positions(world, as_user):
    make_station(world.grassroots, "甲驿站")
    make_station(world.grassroots, "乙之家", kind="worker_home")
    make_station(world.grassroots, "丙之家", kind="worker_home")
    make_station(world.sibling_grassroots, "丁之家", kind="worker_home")
    client = as_user(world.county_staff)
    query = "kind=worker_home&sort=-name"
    api = [s["name"] for s in client.get(f"/api/v1/stations?{query}").json()["items"]]
    rows = _csv(client.get(f"/stations/?{query}&export=csv"))
    page = client.get(f"/stations/?{query}").content.decode()
    assert api == ["乙之家", "丙之家"] == [r[1] for r in rows[1:]]
    assert page.index("乙之家") < page.index("丙之家") and "甲驿站" not in page
    assert rows[0] == [str(c.label) for c in STATIONS.columns]
    _offered(client, "/stations/", STATIONS, "/api/v1/stations")
    # The old name of the union filter still filters the page.
    old = client.get(f"/stations/?union={world.sibling.pk}")
    assert old.status_code == 404  # the sibling county is outside the county's subtree


def test_visits(world, as_user):
    station = make_station(world.grassroots, "甲驿站")
    now = timezone.now()
    good = Visit.objects.create(station=station, visitor="a", rating=5, at=now)
    poor = Visit.objects.create(station=station, visitor="b", rating=2, at=now - timedelta(1))
    Visit.objects.create(station=station, visitor="c", at=now - timedelta(2))
    client = as_user(world.county_staff)
    query = "rated=true&sort=rating"
    api = [v["id"] for v in client.get(f"/api/v1/stations/visits?{query}").json()["items"]]
    rows = _csv(client.get(f"/stations/visits/?{query}&export=csv"))
    page = client.get(f"/stations/visits/?{query}").content.decode()
    assert api == [poor.pk, good.pk] == [int(r[0]) for r in rows[1:]]
    assert page.index(f'data-id="{poor.pk}"') < page.index(f'data-id="{good.pk}"')
    assert page.count("data-id=") == 2
    assert rows[0] == [str(c.label) for c in VISITS.columns]
    # Times are the federation's (UTC+8), as on the page.
    assert rows[1][3] == timezone.localtime(poor.at).isoformat(timespec="minutes")
    _offered(client, "/stations/visits/", VISITS, "/api/v1/stations/visits")
    old = client.get(f"/stations/visits/?from={(now - timedelta(1)).date()}&to={now.date()}")
    assert old.content.decode().count("data-id=") == 2


def test_problems(world, as_user):
    station = make_station(world.grassroots, "甲驿站")
    now = timezone.now()
    first = Problem.objects.create(station=station, kind="dirty", reported_at=now - timedelta(1))
    second = Problem.objects.create(station=station, kind="broken", reported_at=now)
    Problem.objects.create(station=station, kind="no_water", status="closed")
    client = as_user(world.county_staff)
    query = "status=open&sort=reported"
    api = [p["id"] for p in client.get(f"/api/v1/stations/problems?{query}").json()["items"]]
    rows = _csv(client.get(f"/stations/problems/?{query}&export=csv"))
    page = client.get(f"/stations/problems/?{query}").content.decode()
    assert api == [first.pk, second.pk] == [int(r[0]) for r in rows[1:]]
    assert page.index(f'data-problem="{first.pk}"') < page.index(f'data-problem="{second.pk}"')
    assert page.count("data-problem=") == 2
    assert rows[0] == [str(c.label) for c in PROBLEMS.columns]
    _offered(client, "/stations/problems/", PROBLEMS, "/api/v1/stations/problems")
    # The tab opens the open problems; without a status the page lists all, as the API does.
    assert 'href="/stations/problems/?status=open"' in page
    assert client.get("/stations/problems/").content.decode().count("data-problem=") == 3
