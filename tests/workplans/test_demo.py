"""Demo work plan: the province's ten tasks of 2022, with reports and some overdue."""

from datetime import date

from gonghui.core.figures import REGISTRY, Period
from gonghui.workplans import demo
from gonghui.workplans.models import Task

YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))


def test_demo_plan_has_ten_tasks_some_overdue(world):
    assert demo.build_demo("small", seed=2022) == {"work-plan tasks": 10}
    tasks = Task.objects.filter(plan__owner=world.province, plan__year=2022)
    assert tasks.count() == 10
    overdue = [t for t in tasks if t.done_on is None]  # every deadline is in 2022: past
    assert REGISTRY["workplans.tasks_due"].value(world.province.path, YEAR) == 10
    assert REGISTRY["workplans.tasks_overdue"].value(world.province.path, YEAR) == len(overdue)
    assert REGISTRY["workplans.reports"].value(world.province.path, YEAR) > 0
    plan = tasks.first().plan
    assert plan.theme == "建功‘十四五’、奋进新征程"  # seed 004's theme of the year
    assert plan.theme_en and plan.title_en and all(t.title_en for t in tasks)
