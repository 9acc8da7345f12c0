"""Demo work plan: the demo province's ten tasks for 2022 (the shape of seed 000), some
done, some reported on, some overdue."""

import random
from datetime import date

from gonghui.core.bulk import copy_objects
from gonghui.orgs.demo import demo_province

from .models import ProgressReport, Task, WorkPlan

YEAR = 2022
# Seed 004: the year's work ran under the theme of that year's competitions.
THEME = "建功‘十四五’、奋进新征程"
THEME_EN = "Make Contributions in the 14th Five-Year Plan, Forge Ahead on the New Journey"
TITLE_EN = f"Key Tasks of Trade Union Work in {YEAR}"
TASKS = [
    ("开展职工思想宣传专项行动", "12-31"),
    ("组织开展主题劳动和技能竞赛", "11-30"),
    ("组织全省职工技能大赛", "10-31"),
    ("开展“千名工会干部进企业”活动", "06-30"),
    ("强化在辽央企服务", "09-30"),
    ("服务结构调整“三篇大文章”", "12-31"),
    ("精准实施困难职工帮扶救助，深化工会促进就业服务", "12-31"),
    ("推进县区职工文化宫和服务阵地建设", "12-31"),
    ("全面加强工会组织和干部队伍建设", "12-31"),
    ("深化工会改革和数字化建设", "12-31"),
]
TASKS_EN = [
    "a special campaign of ideological publicity among workers",
    "themed labour and skills competitions",
    "the provincial workers' skills contest",
    "the “thousand union cadres into enterprises” campaign",
    "better services to central state-owned enterprises in Liaoning",
    "serving the “three major tasks” of structural adjustment",
    "targeted help for workers in difficulty and deeper employment services",
    "workers' cultural palaces and service positions in counties and districts",
    "stronger union organizations and cadres",
    "deeper union reform and digitalisation",
]


def build_demo(scale: str = "small", seed: int = 2022, progress=None) -> dict[str, int]:
    from gonghui.assistance.demo import demo_actors

    province = demo_province()
    if province is None:
        return {}
    actor, _checker = demo_actors(province)
    rng = random.Random(seed)
    plan = WorkPlan.objects.create(
        owner=province,
        year=YEAR,
        title=f"{YEAR}年工会重点工作任务",
        title_en=TITLE_EN,
        theme=THEME,
        theme_en=THEME_EN,
        created_by=actor,
    )
    for number, ((title, deadline), title_en) in enumerate(zip(TASKS, TASKS_EN, strict=True), 1):
        due = date.fromisoformat(f"{YEAR}-{deadline}")
        # Most tasks are done on time; a few done late or still open (overdue). The reports
        # say what done_on says, as the services keep them: a task is done on the day a
        # report said 100%, and an open task's reports stay below it.
        fate = rng.choices(["on time", "late", "open"], [7, 1, 2])[0]
        days = [date(YEAR, 2 * period, 10) for period in range(1, 7)]
        days = [d for d in days if d <= due]
        last = len(days)
        done_on = {"on time": days[-1], "late": date(YEAR + 1, 1, 20), "open": None}[fate]
        task = Task.objects.create(
            plan=plan,
            number=number,
            title=title,
            title_en=title_en,
            owner=province,
            deadline=due,
            done_on=done_on,
        )
        copy_objects(
            ProgressReport,
            (
                ProgressReport(
                    task=task,
                    period=period,
                    # the last report reaches 100% only for a task done (a late one: updated
                    # to 100% after the deadline)
                    percent=100 if period == last and fate != "open" else period * 80 // last,
                    text="按计划推进。" if period < last or fate != "late" else "已于次年1月完成。",
                    reported_on=day,
                    reported_by=actor,
                )
                for period, day in enumerate(days, 1)
            ),
        )
    return {"work-plan tasks": len(TASKS)}
