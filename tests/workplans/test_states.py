"""Done, open, overdue: one selector decides (issue 12 item 7).

Tasks 6, 9 and 10 of the demo were at 100 % before their deadline yet listed as overdue by
1,430 days, and the summary counted them as 未按期完成. A task done on time is done;
overdue means past its deadline and not done; the work-plan page, the dashboard's late
list, the to-do count and the summary's figures say the same of each task.
"""

from datetime import date

from gonghui.core.figures import REGISTRY, Period
from gonghui.reports import selectors as report_selectors
from gonghui.reports import summary
from gonghui.workplans import demo, selectors, services
from gonghui.workplans.models import Task

from . import test_workplans

clock = test_workplans.clock  # fixtures
plan = test_workplans.plan

YEAR_2022 = Period(date(2022, 1, 1), date(2022, 12, 31))
YEAR_2023 = Period(date(2023, 1, 1), date(2023, 12, 31))
YEAR_2024 = Period(date(2024, 1, 1), date(2024, 12, 31))


def _late_tasks(late):
    return sorted(o.task.number for o in late if o.kind == "task")


def test_demo_tasks_at_100_percent_are_done_and_never_overdue(world):
    demo.build_demo("small", seed=2022)
    tasks = list(Task.objects.filter(plan__owner=world.province).prefetch_related("reports"))
    today = date.today()
    full = {t.number for t in tasks if selectors.percent_done(t) == 100}
    done = {t.number for t in tasks if selectors.task_state(t, today) == "done"}
    assert full == done
    late = _late_tasks(
        report_selectors.dashboard_overdue(actor=world.province_staff, org_id=world.province.pk)
    )
    assert not full & set(late)
    assert sorted(t.number for t in tasks if selectors.task_state(t, today) == "overdue") == late
    overdue = REGISTRY["workplans.tasks_overdue"].value(world.province.path, YEAR_2022)
    assert overdue == len(late)


def test_done_on_time_done_late_and_overdue_agree_everywhere(plan, clock, as_user):
    task1, task2, task3 = (Task.objects.get(plan=plan.plan, number=n) for n in (1, 2, 3))
    # Task 3 (deadline October 31) at 100 % in September: done on time.
    clock.set("2023-09-01")
    services.progress_report(
        actor=plan.province_staff, task_id=task3.pk, period=5, percent=100, text="大赛结束"
    )
    # Task 2 (November 30) done in January: done, late.
    clock.set("2024-01-10")
    services.progress_report(
        actor=plan.province_staff, task_id=task2.pk, period=6, percent=100, text="补齐"
    )
    on = date(2024, 1, 15)
    for task, state in ((task3, "done"), (task2, "done"), (task1, "overdue")):
        task.refresh_from_db()
        assert selectors.task_state(task, on) == state, task.number
    assert selectors.task_state(task3, date(2023, 10, 1)) == "done"
    assert selectors.task_state(task1, date(2023, 10, 1)) == "open"
    # The work-plan list, the overdue page and the dashboard list the same tasks.
    late = _late_tasks(selectors.overdue(plan.province_staff, on=on))
    listed = sorted(
        t.number for t in selectors.task_list(actor=plan.province_staff, status="overdue", on=on)
    )
    dashboard = _late_tasks(
        report_selectors.dashboard_overdue(
            actor=plan.province_staff, org_id=plan.province.pk, on=on
        )
    )
    assert late == listed == dashboard and 2 not in late and 3 not in late and 1 in late
    # The summary's figures: overdue today is what the lists show (all 2023 tasks are past
    # their deadline now); task 2 counts as done late, not as overdue.
    path = plan.province.path
    assert REGISTRY["workplans.tasks_overdue"].value(path, YEAR_2023) == len(
        _late_tasks(selectors.overdue(plan.province_staff))
    )
    assert REGISTRY["workplans.tasks_done_late"].value(path, YEAR_2024) == 1
    assert REGISTRY["workplans.tasks_done_late"].value(path, YEAR_2023) == 0
    # The task page says the same.
    client = as_user(plan.province_staff)
    page = client.get(f"/workplans/tasks/{task1.pk}/", headers={"accept-language": "zh-hans"})
    assert "逾期未完成" in page.content.decode()
    page = client.get(f"/workplans/tasks/{task2.pk}/", headers={"accept-language": "zh-hans"})
    assert "逾期未完成" not in page.content.decode() and "2024-01-10" in page.content.decode()


def test_the_summary_says_overdue_only_of_tasks_not_done(world):
    demo.build_demo("small", seed=2022)
    content = summary.summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=2022, lang="zh-hans"
    )
    text = "".join(
        s["text"] for sec in content["sections"] for p in sec["paragraphs"] for s in p["sentences"]
    )
    assert "未按期完成" not in text
    late = _late_tasks(selectors.overdue(world.province_staff))
    if late:
        assert f"{len(late)}项任务逾期未完成" in text
