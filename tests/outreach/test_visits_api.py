"""The visits list API asks a fixed number of queries however many visits a page holds
(bench/bench_lists.py found 55 for 50 rows: each row's problems asked apart)."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.cleaning import today
from gonghui.outreach import services


def _visit(world, n):
    return services.visit_create(
        actor=world.province_staff,
        union_id=world.city.pk,
        visitor="王强",
        visited_on=today() - timedelta(days=n + 1),
        enterprise_id=world.enterprise.pk,
        workers_met=20,
        problems=[
            {
                "kind": "wages",
                "urgency": "urgent",
                "description": f"部分农民工工资未按月发放（第{n}次）",
                "responsible_id": world.county.pk,
                "due_on": today() + timedelta(days=30),
            }
        ],
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.json()


def test_the_visits_list_asks_the_same_queries_for_2_or_6_visits(world, as_user):
    client = as_user(world.province_staff)
    client.get("/api/v1/outreach/visits")  # the session's first use is written once
    for n in range(2):
        _visit(world, n)
    few, page = _queries(client, "/api/v1/outreach/visits?limit=50")
    assert len(page["items"]) == 2
    for n in range(2, 6):
        _visit(world, n)
    many, page = _queries(client, "/api/v1/outreach/visits?limit=50")
    assert len(page["items"]) == 6
    assert many == few
    # each row still shows its own problems, with who answers for them
    first = page["items"][0]
    assert (
        first["problems"] == client.get(f"/api/v1/outreach/visits/{first['id']}").json()["problems"]
    )
    assert [p["responsible_name"] for p in first["problems"]] == [world.county.name]
    assert first["problems"][0]["description"] == "部分农民工工资未按月发放（第0次）"
