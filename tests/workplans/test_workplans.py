"""Work plans: seed 000's ten tasks, progress every two months, what is late, scope."""

import json
from datetime import date

import pytest
from django.db import connection

from gonghui.accounts.models import RoleKind
from gonghui.core import cleaning
from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period
from gonghui.core.models import AuditEvent
from gonghui.workplans import selectors, services
from gonghui.workplans.models import ProgressReport, Task, TaskItem, WorkPlan

from ..factories import make_user
from .seed000 import PLAN_TITLE, TASKS


def _post(client, url, payload, method="post"):
    return getattr(client, method)(url, data=json.dumps(payload), content_type="application/json")


class Clock:
    """The federation's "today" (core.cleaning.today, what the services read), set by the test."""

    def __init__(self, monkeypatch):
        self.today = date(2023, 2, 10)  # the day seed 000's plan was published
        monkeypatch.setattr(cleaning, "today", lambda: self.today)

    def set(self, day: str) -> None:
        self.today = date.fromisoformat(day)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def plan(world, clock):
    """Seed 000's plan at the province; task 4 belongs to the city, one sub-item to its county."""
    world.city_staff = make_user("city_staff", RoleKind.FEDERATION_STAFF, world.city)
    p = services.plan_create(
        actor=world.province_staff, owner_id=world.province.pk, year=2023, title=PLAN_TITLE
    )
    for number, (title, description, deadline) in enumerate(TASKS, start=1):
        owner = world.city if number == 4 else world.province
        services.task_create(
            actor=world.province_staff,
            plan_id=p.pk,
            title=title,
            description=description,
            owner_id=owner.pk,
            deadline=date.fromisoformat(f"2023-{deadline}"),
        )
    world.task4 = Task.objects.get(plan=p, number=4)
    world.item = services.item_create(
        actor=world.city_staff,
        task_id=world.task4.pk,
        title="和平区工会干部走访辖区企业",
        owner_id=world.county.pk,
        deadline=date(2023, 5, 31),
    )
    world.plan = p
    return world


def _kinds(late):
    return sorted((o.kind, o.task.number, o.period.number if o.period else None) for o in late)


def test_seed_plan_through_the_api(world, as_user):
    client = as_user(world.province_staff)
    created = _post(
        client,
        "/api/v1/workplans",
        {"owner_id": world.province.pk, "year": 2023, "title": PLAN_TITLE},
    )
    assert created.status_code == 201, created.content
    plan_id = created.json()["id"]
    for title, description, deadline in TASKS:
        response = _post(
            client,
            f"/api/v1/workplans/{plan_id}/tasks",
            {
                "title": title,
                "description": description,
                "owner_id": world.province.pk,
                "deadline": f"2023-{deadline}",
            },
        )
        assert response.status_code == 201, response.content
    tasks = client.get(f"/api/v1/workplans/tasks?plan_id={plan_id}&limit=100").json()["items"]
    assert [t["number"] for t in tasks] == list(range(1, 11))
    assert tasks[3]["title"] == "开展“千名工会干部进企业”活动" and tasks[3]["percent"] == 0
    periods = client.get(f"/api/v1/workplans/{plan_id}/periods").json()
    assert len(periods) == 6  # a schedule every two months
    assert periods[0] == {
        "number": 1,
        "start": "2023-01-01",
        "end": "2023-02-28",
        "due": "2023-03-10",
    }
    assert periods[5]["start"] == "2023-11-01" and periods[5]["due"] == "2024-01-10"
    assert AuditEvent.objects.filter(target_type="workplans.task", action="create").count() == 10


def test_progress_replaces_within_a_period_and_marks_done(plan, clock):
    clock.set("2023-03-05")
    task1 = Task.objects.get(plan=plan.plan, number=1)
    report, created = services.progress_report(
        actor=plan.province_staff, task_id=task1.pk, period=1, percent=50, text="制定方案，启动宣讲"
    )
    assert created and report.reported_on == date(2023, 3, 5)
    clock.set("2023-03-08")
    report, created = services.progress_report(
        actor=plan.province_staff, task_id=task1.pk, period=1, percent=60, text="宣讲30场"
    )
    assert not created and report.percent == 60 and report.reported_on == date(2023, 3, 5)
    assert ProgressReport.objects.filter(task=task1).count() == 1
    clock.set("2023-12-20")
    services.progress_report(
        actor=plan.province_staff, task_id=task1.pk, period=6, percent=100, text="全面完成"
    )
    task1.refresh_from_db()
    assert task1.done_on == date(2023, 12, 20)
    clock.set("2023-12-22")
    services.progress_report(
        actor=plan.province_staff, task_id=task1.pk, period=6, percent=90, text="尚有收尾"
    )
    task1.refresh_from_db()
    assert task1.done_on is None  # reopened
    assert AuditEvent.objects.filter(action="update_report", target_id=str(task1.pk)).count() == 2


def test_what_is_late(plan, clock):
    # Before the first report is due nothing is late.
    assert selectors.overdue(plan.province_staff, on=date(2023, 3, 10)) == []
    clock.set("2023-03-06")
    for number in (1, 2, 3, 5, 6, 7, 8, 9, 10):
        task = Task.objects.get(plan=plan.plan, number=number)
        services.progress_report(
            actor=plan.province_staff, task_id=task.pk, period=1, percent=10, text="已部署"
        )
    late = selectors.overdue(plan.province_staff, on=date(2023, 3, 20))
    assert _kinds(late) == [("report", 4, 1)]  # the city's task 4 has not reported
    assert late[0].owner == plan.city and late[0].days == 10
    # The city reports late; on the 20th it was still missing, on April 2 it is not.
    clock.set("2023-04-01")
    services.progress_report(
        actor=plan.city_staff, task_id=plan.task4.pk, period=1, percent=20, text="首批干部进企业"
    )
    assert _kinds(selectors.overdue(plan.province_staff, on=date(2023, 3, 20))) == [
        ("report", 4, 1)
    ]
    assert selectors.overdue(plan.province_staff, on=date(2023, 4, 2)) == []
    # July 5: period 2 (March–April, due May 10) unreported by all; task 4 is past its
    # deadline (June 30) and so is its sub-item (May 31).
    late = selectors.overdue(plan.province_staff, on=date(2023, 7, 5))
    assert _kinds(late) == sorted(
        [("item", 4, None), ("task", 4, None)] + [("report", n, 2) for n in range(1, 11)]
    )
    assert late[0].kind == "report" and late[0].due == date(2023, 5, 10)
    item = next(o for o in late if o.kind == "item")
    assert item.owner == plan.county and item.days == 35
    assert "4.1" in item.reason
    # Task 4 done on July 6: nothing about it is late any more, but it was on July 5.
    clock.set("2023-07-06")
    services.progress_report(
        actor=plan.city_staff, task_id=plan.task4.pk, period=4, percent=100, text="完成进企业活动"
    )
    after = _kinds(selectors.overdue(plan.province_staff, on=date(2023, 7, 7)))
    assert all(number != 4 for _kind, number, _p in after) and len(after) == 9
    assert ("task", 4, None) in _kinds(selectors.overdue(plan.province_staff, on=date(2023, 7, 5)))
    # The sub-item done on time keeps it off the list.
    services.item_update(actor=plan.county_staff, item_id=plan.item.pk, done=True)
    assert TaskItem.objects.get().done_on == date(2023, 7, 6)


def test_overdue_is_scoped(plan, clock, as_user):
    on = date(2023, 7, 5)
    assert selectors.overdue(plan.sibling_staff, on=on) == []
    # The county sees the sub-item it owns, not the city's task.
    assert _kinds(selectors.overdue(plan.county_staff, on=on)) == [("item", 4, None)]
    assert {o.task.number for o in selectors.overdue(plan.city_leader, on=on)} == {4}
    # No report yet: periods 1 and 2 of ten tasks, task 4 and its sub-item.
    assert len(selectors.overdue(plan.province_staff, on=on)) == 22
    body = as_user(plan.county_staff).get("/api/v1/workplans/overdue?on=2023-07-05").json()
    assert [(o["kind"], o["owner_name"], o["days"]) for o in body] == [("item", "和平区总工会", 35)]
    sibling = as_user(plan.sibling_staff)
    assert sibling.get("/api/v1/workplans/overdue?on=2023-07-05").json() == []
    assert sibling.get(f"/api/v1/workplans/{plan.plan.pk}").status_code == 404
    assert sibling.get(f"/api/v1/workplans/tasks/{plan.task4.pk}").status_code == 404
    assert sibling.get(f"/workplans/{plan.plan.pk}/").status_code == 404
    assert sibling.get(f"/workplans/tasks/{plan.task4.pk}/").status_code == 404
    assert sibling.get("/api/v1/workplans/tasks").json()["count"] == 0
    assert (
        _post(
            sibling,
            f"/api/v1/workplans/tasks/{plan.task4.pk}/reports",
            {"period": 1, "percent": 5, "text": "越权"},
        ).status_code
        == 404
    )
    assert not ProgressReport.objects.exists()


def _unchanged(plan):
    return (
        WorkPlan.objects.count(),
        Task.objects.count(),
        TaskItem.objects.count(),
        ProgressReport.objects.count(),
        AuditEvent.objects.count(),
        list(Task.objects.values_list("number", "title", "deadline", "owner_id")),
    )


def test_bad_input_gets_a_field_message_and_changes_nothing(plan, clock, as_user):
    client = as_user(plan.province_staff)
    p, t = plan.plan.pk, plan.task4.pk
    cases = [
        (
            "post",
            "/api/v1/workplans",
            {"owner_id": plan.province.pk, "year": 1999, "title": "旧计划"},
            422,
            "year",
        ),
        (
            "post",
            "/api/v1/workplans",
            {"owner_id": plan.province.pk, "year": 2023, "title": PLAN_TITLE},
            400,
            "title",
        ),
        (
            "post",
            "/api/v1/workplans",
            {"owner_id": plan.province.pk, "year": 2023, "title": "季报", "report_every": 4},
            422,
            "report_every",
        ),
        (
            "post",
            "/api/v1/workplans",
            {"owner_id": plan.other_province.pk, "year": 2023, "title": "外省"},
            404,
            "owner_id",
        ),
        (
            "post",
            f"/api/v1/workplans/{p}/tasks",
            {"title": "跨年", "owner_id": plan.province.pk, "deadline": "2024-01-15"},
            400,
            "deadline",
        ),
        (
            "post",
            f"/api/v1/workplans/{p}/tasks",
            {"title": "重号", "owner_id": plan.province.pk, "deadline": "2023-05-01", "number": 4},
            400,
            "number",
        ),
        (
            "post",
            f"/api/v1/workplans/{p}/tasks",
            {"title": "", "owner_id": plan.province.pk, "deadline": "2023-05-01"},
            422,
            "title",
        ),
        (
            "post",
            f"/api/v1/workplans/{p}/tasks",
            {"title": "外省", "deadline": "2023-05-01", "owner_id": plan.other_grassroots.pk},
            404,
            "owner_id",
        ),
        ("patch", f"/api/v1/workplans/tasks/{t}", {"deadline": "2022-12-31"}, 400, "deadline"),
        ("patch", f"/api/v1/workplans/{p}", {"year": 2024}, 400, "year"),
        (
            "post",
            f"/api/v1/workplans/tasks/{t}/items",
            {"title": "晚于任务", "deadline": "2023-07-31"},
            400,
            "deadline",
        ),
        (
            "post",
            f"/api/v1/workplans/tasks/{t}/reports",
            {"period": 7, "percent": 5, "text": "第七期"},
            400,
            "period",
        ),
        (
            "post",
            f"/api/v1/workplans/tasks/{t}/reports",
            {"period": 2, "percent": 5, "text": "未到期"},
            400,
            "period",
        ),
        (
            "post",
            f"/api/v1/workplans/tasks/{t}/reports",
            {"period": 1, "percent": 101, "text": "超过"},
            422,
            "percent",
        ),
        (
            "post",
            f"/api/v1/workplans/tasks/{t}/reports",
            {"period": 1, "percent": 5, "text": "   "},
            400,
            "text",
        ),
        ("post", f"/api/v1/workplans/tasks/{t}/reports", {"period": 1, "percent": 5}, 422, "text"),
    ]
    before = _unchanged(plan)
    for method, url, payload, status, field in cases:
        response = _post(client, url, payload, method)
        assert response.status_code == status, (url, payload, response.content)
        assert field in response.json()["fields"], (url, payload, response.json())
        assert response.json()["message"]
    assert _unchanged(plan) == before
    # A county plan may not hand a task to the city above it.
    county_plan = services.plan_create(
        actor=plan.county_staff, owner_id=plan.county.pk, year=2023, title="区总工会计划"
    )
    with pytest.raises(ServiceError) as exc:
        services.task_create(
            actor=plan.province_staff,
            plan_id=county_plan.pk,
            title="交给市",
            owner_id=plan.city.pk,
            deadline=date(2023, 9, 1),
        )
    assert list(exc.value.fields) == ["owner_id"] and exc.value.status == 400


def test_the_years_theme_and_english_texts(plan, clock, as_user):
    """Issue 12 items 2 and 5: a plan keeps the year's theme and the English an English
    summary prints; Chinese in an English field is refused, nothing written."""
    client = as_user(plan.province_staff)
    p, t = plan.plan.pk, plan.task4.pk
    theme_en = "Make Contributions in the 14th Five-Year Plan, Forge Ahead on the New Journey"
    changed = _post(
        client,
        f"/api/v1/workplans/{p}",
        {"theme": "建功‘十四五’、奋进新征程", "theme_en": theme_en, "title_en": "Key Tasks"},
        "patch",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["theme"] == "建功‘十四五’、奋进新征程"
    assert changed.json()["theme_en"] == theme_en
    task = _post(client, f"/api/v1/workplans/tasks/{t}", {"title_en": "Cadres visit"}, "patch")
    assert task.status_code == 200 and task.json()["title_en"] == "Cadres visit"
    before = _unchanged(plan)
    for url, payload, field in [
        (f"/api/v1/workplans/{p}", {"theme_en": "建功十四五"}, "theme_en"),
        (f"/api/v1/workplans/{p}", {"title_en": "Key 任务"}, "title_en"),
        (f"/api/v1/workplans/tasks/{t}", {"title_en": "干部进企业"}, "title_en"),
    ]:
        response = _post(client, url, payload, "patch")
        assert response.status_code == 400, response.content
        assert list(response.json()["fields"]) == [field]
    created = _post(
        client,
        "/api/v1/workplans",
        {"owner_id": plan.province.pk, "year": 2023, "title": "新计划", "theme_en": "中文"},
    )
    assert created.status_code == 400 and "theme_en" in created.json()["fields"]
    assert _unchanged(plan) == before
    assert WorkPlan.objects.get(pk=p).theme_en == theme_en


def test_the_plan_owner_sets_the_terms_the_task_owner_reports(plan, clock, as_user):
    clock.set("2023-03-01")
    city = as_user(plan.city_staff)
    refused = _post(
        city, f"/api/v1/workplans/tasks/{plan.task4.pk}", {"deadline": "2023-12-31"}, "patch"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "forbidden"
    assert Task.objects.get(pk=plan.task4.pk).deadline == date(2023, 6, 30)
    reported = _post(
        city,
        f"/api/v1/workplans/tasks/{plan.task4.pk}/reports",
        {"period": 1, "percent": 15, "text": "已走访企业120家"},
    )
    assert reported.status_code == 201 and reported.json()["reported_on"] == "2023-03-01"
    again = _post(
        city,
        f"/api/v1/workplans/tasks/{plan.task4.pk}/reports",
        {"period": 1, "percent": 20, "text": "已走访企业150家"},
    )
    assert again.status_code == 200 and again.json()["percent"] == 20
    province = as_user(plan.province_staff)
    moved = _post(
        province, f"/api/v1/workplans/tasks/{plan.task4.pk}", {"deadline": "2023-08-31"}, "patch"
    )
    assert moved.status_code == 200 and moved.json()["deadline"] == "2023-08-31"
    # The county marks its own sub-item done, but cannot change its terms.
    county = as_user(plan.county_staff)
    done = _post(county, f"/api/v1/workplans/items/{plan.item.pk}", {"done": True}, "patch")
    assert done.status_code == 200 and done.json()["done_on"] == "2023-03-01"
    retitled = _post(county, f"/api/v1/workplans/items/{plan.item.pk}", {"title": "改"}, "patch")
    assert retitled.status_code == 400 and retitled.json()["code"] == "forbidden"
    # A leader reads, and writes nothing.
    leader = as_user(plan.city_leader)
    assert leader.get(f"/api/v1/workplans/tasks/{plan.task4.pk}").status_code == 200
    assert (
        _post(
            leader,
            f"/api/v1/workplans/tasks/{plan.task4.pk}/reports",
            {"period": 1, "percent": 99, "text": "读者"},
        ).status_code
        == 404
    )


def test_pages(plan, clock, as_user):
    client = as_user(plan.province_staff)
    listing = client.get("/workplans/").content.decode()
    assert PLAN_TITLE in listing
    detail = client.get(f"/workplans/{plan.plan.pk}/?on=2023-07-05")
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "开展“千名工会干部进企业”活动" in page and "沈阳市总工会" in page
    assert page.count('class="late"') >= 10
    added = client.post(
        f"/workplans/{plan.plan.pk}/",
        {
            "title": "推进数字工会建设",
            "owner": plan.city.name,
            "deadline": "2023-12-31",
            "description": "",
            "number": "",
        },
    )
    assert added.status_code == 302 and Task.objects.get(number=11).owner == plan.city
    english = {"accept-language": "en"}
    bad = client.post(
        f"/workplans/{plan.plan.pk}/",
        {"title": "跨年任务", "owner": plan.province.name, "deadline": "2024-03-01"},
        headers=english,
    )
    assert bad.status_code == 400 and "The deadline falls in the plan" in bad.content.decode()
    assert not Task.objects.filter(title="跨年任务").exists()
    clock.set("2023-03-02")
    task = client.post(
        f"/workplans/tasks/{plan.task4.pk}/report/",
        {"period": "1", "percent": "30", "text": "已走访企业"},
    )
    assert task.status_code == 302
    shown = client.get(f"/workplans/tasks/{plan.task4.pk}/").content.decode()
    assert "已走访企业" in shown and "30%" in shown
    assert "<dd>30%" in shown  # the task's percent done, beside the period's report
    item = client.post(
        f"/workplans/tasks/{plan.task4.pk}/items/",
        {"title": "沈河区工会干部走访", "owner": "不存在", "deadline": ""},
        headers=english,
    )
    assert item.status_code == 400 and "No organization with this name" in item.content.decode()
    new = client.post(
        "/workplans/new/",
        {
            "owner": plan.county.name,
            "year": "2023",
            "title": "和平区工作计划",
            "report_every": "3",
            "report_due_days": "15",
        },
    )
    assert new.status_code == 302 and WorkPlan.objects.get(title="和平区工作计划").report_every == 3
    late = client.get("/workplans/overdue/?on=2023-07-05", headers=english).content.decode()
    assert "sub-item 4.1 is past its deadline and not done" in late
    export = client.get("/workplans/overdue/?on=2023-07-05&export=csv").getvalue().decode()
    assert export.count("千名工会干部进企业") >= 2
    tasks_xlsx = client.get(f"/workplans/{plan.plan.pk}/?export=xlsx")
    assert tasks_xlsx.status_code == 200 and tasks_xlsx.content[:2] == b"PK"


def test_each_task_page_action_has_its_own_url_and_refuses_outsiders(plan, clock, as_user):
    t, i = plan.task4.pk, plan.item.pk
    report = {"period": "1", "percent": "30", "text": "越权"}
    item = {"title": "越权的子项", "owner": "", "deadline": ""}
    for user in (plan.sibling_staff, plan.city_leader):  # outside, or reading only
        client = as_user(user)
        assert client.post(f"/workplans/tasks/{t}/report/", report).status_code == 404
        assert client.post(f"/workplans/tasks/{t}/items/", item).status_code == 404
        assert client.post(f"/workplans/tasks/{t}/items/{i}/done/").status_code == 404
    assert not ProgressReport.objects.exists() and TaskItem.objects.count() == 1
    assert TaskItem.objects.get().done_on is None
    city = as_user(plan.city_staff)
    assert city.get(f"/workplans/tasks/{t}/report/").status_code == 405
    # A sub-item is marked through its own task's address only.
    other = Task.objects.get(plan=plan.plan, number=1).pk
    assert city.post(f"/workplans/tasks/{other}/items/{i}/done/").status_code == 404
    done = city.post(f"/workplans/tasks/{t}/items/{i}/done/")
    assert done.status_code == 302 and done["Location"] == f"/workplans/tasks/{t}/"
    assert TaskItem.objects.get().done_on == date(2023, 2, 10)
    assert city.post(f"/workplans/tasks/{t}/items/{i}/reopen/").status_code == 302
    assert TaskItem.objects.get().done_on is None
    added = city.post(f"/workplans/tasks/{t}/items/", {**item, "title": "第二个子项"})
    assert added.status_code == 302 and TaskItem.objects.count() == 2


SQL = {
    "workplans.tasks_due": "t.deadline BETWEEN %(start)s AND %(end)s",
    "workplans.tasks_done": "t.done_on BETWEEN %(start)s AND %(end)s",
    "workplans.tasks_done_late": "t.done_on BETWEEN %(start)s AND %(end)s AND t.done_on > t.deadline",
    # overdue: past the deadline today and not done (a task done late is done, not overdue)
    "workplans.tasks_overdue": "t.deadline BETWEEN %(start)s AND %(end)s AND t.deadline < "
    "%(today)s AND (t.done_on IS NULL OR t.done_on > %(today)s)",
}


@pytest.mark.parametrize("place", ["province", "city", "county", "sibling"])
def test_figures_match_sql(plan, clock, place):
    clock.set("2023-07-06")
    services.progress_report(
        actor=plan.city_staff, task_id=plan.task4.pk, period=4, percent=100, text="完成"
    )  # done after its June 30 deadline
    task3 = Task.objects.get(plan=plan.plan, number=3)
    clock.set("2023-09-01")
    services.progress_report(
        actor=plan.province_staff, task_id=task3.pk, period=5, percent=100, text="大赛结束"
    )  # done before its October deadline
    year = Period(date(2023, 1, 1), date(2023, 12, 31))
    path = getattr(plan, place).path
    for key, where in SQL.items():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM workplans_task t JOIN orgs_organization o ON o.id = "
                f"t.owner_id WHERE o.path LIKE %(path)s AND {where}",
                {"path": path + "%", "start": year.start, "end": year.end, "today": date.today()},
            )
            assert REGISTRY[key].value(path, year) == cursor.fetchone()[0], key
    if place == "province":
        assert REGISTRY["workplans.tasks_due"].value(path, year) == 10
        assert REGISTRY["workplans.tasks_done"].value(path, year) == 2
        assert REGISTRY["workplans.tasks_done_late"].value(path, year) == 1  # task 4
        assert REGISTRY["workplans.tasks_overdue"].value(path, year) == 8  # all but 3 and 4
        assert REGISTRY["workplans.reports"].value(path, year) == 2
