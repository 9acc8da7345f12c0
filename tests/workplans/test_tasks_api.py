"""The tasks list API asks a fixed number of queries however many tasks a page holds
(bench/bench_lists.py found 14 for 10 rows: each row's sub-items asked apart)."""

from datetime import date

from gonghui.core.cleaning import today
from gonghui.workplans import services
from tests.queries import same_queries_for_more_rows


def _task(world, plan, n):
    year = plan.year
    task = services.task_create(
        actor=world.province_staff,
        plan_id=plan.pk,
        title=f"第{n}项重点工作",
        description="推进产业工人队伍建设改革。",
        owner_id=world.province.pk,
        deadline=date(year, 12, 31),
    )
    services.item_create(
        actor=world.province_staff,
        task_id=task.pk,
        title=f"第{n}项的子项",
        owner_id=world.county.pk,
        deadline=date(year, 11, 30),
    )
    return task


def test_the_tasks_list_asks_the_same_queries_for_2_or_6_tasks(world, as_user):
    plan = services.plan_create(
        actor=world.province_staff,
        owner_id=world.province.pk,
        year=today().year,
        title=f"{today().year}年工作要点",
    )
    client = as_user(world.province_staff)
    page = same_queries_for_more_rows(
        client, "/api/v1/workplans/tasks?limit=50", lambda n: _task(world, plan, n)
    )
    # each row still shows its own sub-items with their owners
    first = page["items"][0]
    assert first["items"] == client.get(f"/api/v1/workplans/tasks/{first['id']}").json()["items"]
    assert [(i["title"], i["owner_name"]) for i in first["items"]] == [
        (f"第{first['number'] - 1}项的子项", world.county.name)
    ]
