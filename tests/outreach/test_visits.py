"""Cadres into enterprises: visits, problems found, who solves them, and the to-dos."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period
from gonghui.core.todos import waiting_for
from gonghui.outreach import services
from gonghui.outreach.models import Problem, Visit

YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))


def _post(client, url, payload):
    return client.post(url, data=json.dumps(payload), content_type="application/json")


def _problem(world, **changes):
    p = {
        "kind": "wages",
        "urgency": "urgent",
        "description": "部分农民工工资未按月发放",
        "responsible_id": world.county.pk,
        "due_on": date(2022, 7, 1),
    }
    p.update(changes)
    return p


def _visit(world, actor=None, problems=None, **changes):
    fields = {
        "union_id": world.city.pk,
        "visitor": "王强",
        "visited_on": date(2022, 6, 1),
        "enterprise_id": world.enterprise.pk,
        "workers_met": 20,
        "problems": [_problem(world)] if problems is None else problems,
    }
    fields.update(changes)
    return services.visit_create(actor=actor or world.province_staff, **fields)


def test_record_a_visit_with_problems_through_the_api(world, as_user):
    client = as_user(world.province_staff)
    r = _post(
        client,
        "/api/v1/outreach/visits",
        {
            "union_id": world.province.pk,
            "visitor": "李娜",
            "visited_on": "2022-06-01",
            "site": "沈白高铁站前工程项目部",
            "workers_met": 35,
            "problems": [
                {
                    "kind": "living",
                    "description": "工地缺少休息场所",
                    "responsible_id": world.county.pk,
                    "due_on": "2022-07-01",
                }
            ],
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["where"] == "沈白高铁站前工程项目部" and len(body["problems"]) == 1
    problem_id = body["problems"][0]["id"]
    r = _post(
        client,
        f"/api/v1/outreach/problems/{problem_id}/solve",
        {"solution": "已协调建设休息室", "solved_on": "2022-06-20"},
    )
    assert r.status_code == 200 and r.json()["status"] == "solved"
    listed = client.get("/api/v1/outreach/problems?status=solved").json()["items"]
    assert [p["id"] for p in listed] == [problem_id]
    assert REGISTRY["outreach.visits"].value(world.province.path, YEAR) == 1
    assert REGISTRY["outreach.workers_met"].value(world.province.path, YEAR) == 35
    assert REGISTRY["outreach.problems_solved"].value(world.province.path, YEAR) == 1


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"enterprise_id": None, "site": ""}, "site"),
        ({"visitor": " "}, "visitor"),
        ({"visited_on": date(2999, 1, 1)}, "visited_on"),
        ({"workers_met": -1}, "workers_met"),
        (
            {"problems": [{"kind": "wages", "description": "x", "responsible_id": 1}]},
            "problems.0.due_on",
        ),
    ],
)
def test_bad_visit_input_writes_nothing(world, changes, field):
    with pytest.raises(ServiceError) as exc:
        _visit(world, **changes)
    assert field in exc.value.fields
    assert not Visit.objects.exists() and not Problem.objects.exists()


def test_bad_problem_rows_name_their_row(world):
    for bad, field in [
        (_problem(world, kind="weather"), "problems.1.kind"),
        (_problem(world, description=""), "problems.1.description"),
        (_problem(world, due_on=date(2022, 5, 1)), "problems.1.due_on"),
        (_problem(world, responsible_id=world.other_grassroots.pk), "problems.1.responsible_id"),
    ]:
        with pytest.raises(ServiceError) as exc:
            _visit(world, problems=[_problem(world), bad])
        assert field in exc.value.fields
    assert not Visit.objects.exists()


def test_the_responsible_union_solves_not_the_sibling(world):
    visit = _visit(world)
    problem = visit.problems.get()
    with pytest.raises(ServiceError) as exc:
        services.problem_solve(actor=world.city_leader, problem_id=problem.pk, solution="已解决")
    assert exc.value.code == "forbidden"
    with pytest.raises(ServiceError) as exc:
        services.problem_solve(actor=world.county_staff, problem_id=problem.pk, solution="  ")
    assert "solution" in exc.value.fields
    services.problem_solve(
        actor=world.county_staff,
        problem_id=problem.pk,
        solution="已督促企业补发",
        solved_on=date(2022, 6, 20),
    )
    problem.refresh_from_db()
    assert problem.status == "solved" and problem.solved_by == world.county_staff
    with pytest.raises(ServiceError):
        services.problem_solve(actor=world.county_staff, problem_id=problem.pk, solution="again")


def _keys(user):
    return {w.todo.key: w.count for w in waiting_for(user)}


def test_unsolved_problems_wait_for_the_responsible_union_and_rise_when_overdue(world):
    today = timezone.localdate()
    _visit(
        world,
        visited_on=today,
        problems=[_problem(world, due_on=today + timedelta(days=10))],
    )
    assert _keys(world.county_staff).get("outreach.problems") == 1
    assert "outreach.problems_overdue" not in _keys(world.city_leader)
    assert "outreach.problems" not in _keys(world.sibling_staff)
    # overdue: the city above the county sees it too
    Problem.objects.update(due_on=today - timedelta(days=1))
    city_staff = _city_staff(world)
    assert _keys(city_staff).get("outreach.problems_overdue") == 1
    assert "outreach.problems_overdue" not in _keys(world.province_staff)  # two levels up
    assert "outreach.problems_overdue" not in _keys(world.sibling_staff)
    # the to-dos' links list exactly what they count
    from django.test import Client

    client = Client()
    client.force_login(city_staff)
    mine = client.get("/api/v1/outreach/problems?waiting=below").json()["items"]
    assert len(mine) == 1
    assert client.get("/api/v1/outreach/problems?waiting=mine").json()["items"] == []
    client.force_login(world.county_staff)
    assert len(client.get("/api/v1/outreach/problems?waiting=mine").json()["items"]) == 1


def _city_staff(world):
    from tests.factories import make_user

    return make_user("city_staff_outreach", "staff", world.city)


def test_visit_form_on_a_phone(world, as_user):
    client = as_user(world.county_staff)
    page = client.get("/outreach/visits/new/")
    assert page.status_code == 200
    data = {
        "union": world.county.name,
        "visitor": "赵敏",
        "visited_on": "2022-06-01",
        "enterprise": world.enterprise.name,
        "site": "",
        "workers_met": "12",
        "notes": "",
        "problems-TOTAL_FORMS": "2",
        "problems-INITIAL_FORMS": "0",
        "problems-MIN_NUM_FORMS": "0",
        "problems-MAX_NUM_FORMS": "20",
        "problems-0-description": "车间防暑降温不到位",
        "problems-0-kind": "safety",
        "problems-0-urgency": "urgent",
        "problems-0-responsible": "",
        "problems-0-due_on": "2022-05-01",  # before the visit
        "problems-1-description": "",
        "problems-1-kind": "other",
        "problems-1-urgency": "normal",
    }
    r = client.post("/outreach/visits/new/", data)
    assert r.status_code == 400 and not Visit.objects.exists()
    data["problems-0-due_on"] = "2022-06-30"
    r = client.post("/outreach/visits/new/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    visit = Visit.objects.get()
    problem = visit.problems.get()
    assert problem.responsible == world.county and visit.enterprise == world.enterprise
    page = client.get(f"/outreach/problems/{problem.pk}/").content.decode()
    assert f"outreach/problems/{problem.pk}/solve/" in page
    r = client.post(
        f"/outreach/problems/{problem.pk}/solve/", {"solution": "", "solved_on": "2022-06-10"}
    )
    assert r.status_code == 400
    r = client.post(
        f"/outreach/problems/{problem.pk}/solve/", {"solution": "已整改", "solved_on": "2022-06-10"}
    )
    assert r.status_code == 302
    body = client.get("/outreach/problems/?status=solved").content.decode()
    assert "车间防暑降温不到位" in body
    body = client.get("/outreach/visits/?sort=-open").content.decode()
    assert world.enterprise.name in body
