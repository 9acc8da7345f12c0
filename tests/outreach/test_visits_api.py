"""The visits list API asks a fixed number of queries however many visits a page holds
(bench/bench_lists.py found 55 for 50 rows: each row's problems asked apart)."""

from datetime import timedelta

from gonghui.core.cleaning import today
from gonghui.outreach import services
from tests.queries import same_queries_for_more_rows


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


def test_the_visits_list_asks_the_same_queries_for_2_or_6_visits(world, as_user):
    client = as_user(world.province_staff)
    page = same_queries_for_more_rows(
        client, "/api/v1/outreach/visits?limit=50", lambda n: _visit(world, n)
    )
    # each row still shows its own problems, with who answers for them
    first = page["items"][0]
    assert (
        first["problems"] == client.get(f"/api/v1/outreach/visits/{first['id']}").json()["problems"]
    )
    assert [p["responsible_name"] for p in first["problems"]] == [world.county.name]
    assert first["problems"][0]["description"] == "部分农民工工资未按月发放（第0次）"
