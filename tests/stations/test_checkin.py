"""QR check-in: a scan records a visit once per browser and ten minutes; ratings; problems
reported by workers and closed by a writing role in scope."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEvent
from gonghui.stations import selectors, services
from gonghui.stations.models import Problem, Visit

from .helpers import make_station


@pytest.fixture
def station(world):
    return make_station(world.grassroots, "南湖公园工会驿站")


def _scan_url(station):
    return f"/stations/scan/{selectors.poster_token(station)}/"


def test_anonymous_scan_records_one_visit_per_window(station):
    worker = Client()
    page = worker.get(_scan_url(station))
    assert page.status_code == 200 and "南湖公园工会驿站" in page.content.decode()
    assert Visit.objects.filter(station=station, user=None).count() == 1
    worker.get(_scan_url(station))  # a second scan at once counts once
    assert Visit.objects.count() == 1
    Client().get(_scan_url(station))  # another worker's phone counts
    assert Visit.objects.count() == 2
    Visit.objects.update(at=timezone.now() - timedelta(minutes=11))
    worker.get(_scan_url(station))  # eleven minutes later it counts again
    assert Visit.objects.count() == 3
    assert AuditEvent.objects.filter(action="visit").count() == 3


def test_member_scan_counts_the_member_once_across_browsers(world, station):
    first, second = Client(), Client()
    first.force_login(world.member)
    second.force_login(world.member)
    first.get(_scan_url(station))
    second.get(_scan_url(station))
    assert list(Visit.objects.values_list("user", flat=True)) == [world.member.pk]


def test_tampered_retired_or_closed_posters_record_nothing(station):
    assert Client().get(_scan_url(station)[:-2] + "x/").status_code == 404
    old = _scan_url(station)
    station.qr_version = 2
    station.save()
    assert Client().get(old).status_code == 404
    station.status = "closed"
    station.save()
    assert Client().get(_scan_url(station)).status_code == 400
    assert not Visit.objects.exists()


def test_rating_and_problem_reports(station):
    worker = Client()
    url = _scan_url(station)
    worker.get(url)
    visit = Visit.objects.get()
    for bad in ["0", "6", "five", ""]:
        worker.post(url + "rate/", {"rating": bad})
        visit.refresh_from_db()
        assert visit.rating is None
    worker.post(url + "rate/", {"rating": "4"})
    visit.refresh_from_db()
    assert visit.rating == 4
    # "other" needs words; the form says so on its field and keeps nothing
    response = worker.post(url + "problem/", {"kind": "other", "text": ""})
    assert response.status_code == 400 and not Problem.objects.exists()
    response = worker.post(url + "problem/", {"kind": "no_water"})
    assert response.status_code == 302
    problem = Problem.objects.get()
    assert problem.visit == visit and problem.status == "open" and problem.reported_by is None
    worker.post(url + "problem/", {"kind": "closed"})
    worker.post(url + "problem/", {"kind": "dirty"})
    worker.post(url + "problem/", {"kind": "broken"})  # a fourth is one too many
    assert Problem.objects.count() == 3


def test_feedback_needs_this_browsers_visit(station):
    Client().get(_scan_url(station))
    visit = Visit.objects.get()
    with pytest.raises(ServiceError):
        services.visit_rate(visit_id=visit.pk, visitor="someone-else", rating=5)
    with pytest.raises(ServiceError):
        services.problem_report(visit_id=visit.pk, visitor="", kind="dirty")
    Visit.objects.update(at=timezone.now() - timedelta(days=2))
    with pytest.raises(ServiceError):
        services.visit_rate(visit_id=visit.pk, visitor=visit.visitor, rating=5)


def test_problem_is_closed_by_a_writing_role_in_scope(world, as_user, station):
    Client().get(_scan_url(station))
    visit = Visit.objects.get()
    problem = services.problem_report(visit_id=visit.pk, visitor=visit.visitor, kind="no_water")
    url = f"/api/v1/stations/problems/{problem.pk}/close"

    def close(user, note="已送水到站"):
        return as_user(user).post(
            url, data=json.dumps({"note": note}), content_type="application/json"
        )

    assert close(world.sibling_staff).status_code == 404
    assert close(world.city_leader).status_code == 404  # leaders read, they do not write
    assert close(world.cadre, note="").status_code == 422
    response = close(world.cadre)
    assert response.status_code == 200 and response.json()["status"] == "closed"
    problem.refresh_from_db()
    assert problem.closed_by == world.cadre and problem.close_note == "已送水到站"
    again = close(world.county_staff)
    assert again.status_code == 400 and "note" in again.json()["fields"]
    assert AuditEvent.objects.filter(action="problem_close").count() == 1


def test_staff_see_visits_and_problems_of_their_subtree(world, as_user, station):
    far = make_station(world.sibling_grassroots, "沈河区驿站")
    for s in (station, far):
        Client().get(_scan_url(s))
        v = Visit.objects.filter(station=s).get()
        services.problem_report(visit_id=v.pk, visitor=v.visitor, kind="dirty")
    client = as_user(world.county_staff)
    visits = client.get("/api/v1/stations/visits").json()["items"]
    assert [v["station_id"] for v in visits] == [station.pk]
    problems = client.get("/api/v1/stations/problems?status=open").json()["items"]
    assert [p["station_id"] for p in problems] == [station.pk]
    page = client.get("/stations/problems/").content.decode()
    assert "南湖公园工会驿站" in page and "沈河区驿站" not in page
    # closing from the page
    closed = client.post(
        f"/stations/problems/{problems[0]['id']}/close/?status=open", {"note": "已清扫"}
    )
    assert closed.status_code == 302 and closed["Location"] == "/stations/problems/?status=open"
    assert Problem.objects.get(pk=problems[0]["id"]).status == "closed"
    csv = client.get("/stations/visits/?export=csv").getvalue().decode()
    assert "南湖公园工会驿站" in csv and "沈河区驿站" not in csv
