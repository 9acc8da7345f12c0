"""Demo work plan: the demo province's ten tasks for 2022 (the shape of seed 000), some
done, some reported on, some overdue."""

import random
from datetime import date

from gonghui.orgs.models import Organization, OrgKind

from .models import ProgressReport, Task, WorkPlan

YEAR = 2022
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


def build_demo(scale: str = "small", seed: int = 2022, progress=None) -> dict[str, int]:
    from gonghui.assistance.demo import demo_actors

    province = Organization.objects.filter(kind=OrgKind.PROVINCIAL).order_by("path").first()
    if province is None:
        return {}
    actor, _checker = demo_actors(province)
    rng = random.Random(seed)
    plan = WorkPlan.objects.create(
        owner=province, year=YEAR, title=f"{YEAR}年工会重点工作任务", created_by=actor
    )
    for number, (title, deadline) in enumerate(TASKS, 1):
        due = date.fromisoformat(f"{YEAR}-{deadline}")
        # Most tasks are done on time; a few late or still open (flagged as overdue).
        done_on = rng.choices([due, date(YEAR + 1, 1, 20), None], [7, 1, 2])[0]
        task = Task.objects.create(
            plan=plan, number=number, title=title, owner=province, deadline=due, done_on=done_on
        )
        for period in range(1, 7):
            if date(YEAR, 2 * period, 10) <= due:
                ProgressReport.objects.create(
                    task=task,
                    period=period,
                    percent=min(100, period * 17),
                    text="按计划推进。",
                    reported_on=date(YEAR, 2 * period, 10),
                    reported_by=actor,
                )
    return {"work-plan tasks": len(TASKS)}
