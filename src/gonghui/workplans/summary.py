"""The annual summary's opening, written from the organization's work plan for the year
(seed 004 opens with the year's line of work before its four sections; seed 000 is the
plan it follows).

    2022年，全省各级工会以“建功‘十四五’、奋进新征程”为主题，按照辽宁省总工会《2022年工会
    重点工作任务》的部署，围绕开展职工思想宣传专项行动、组织开展主题劳动和技能竞赛、组织全省
    职工技能大赛等10项重点任务开展工作。

The year's theme (WorkPlan.theme; seed 004's "建功‘十四五’、奋进新征程"), the plan's title
and its tasks are what people wrote: an English summary prints the English they entered
beside them (theme_en, title_en), else their Chinese marked "[zh]" (core.writing.reported).
"""

from gonghui.core import numstyle
from gonghui.core.writing import Writer, name_of, opening, reported

from .models import WorkPlan

NAMED_TASKS = 3  # the plan's first tasks named in the opening; the rest counted


def _plan_opening(w: Writer) -> str | None:
    if w.org is None or w.period is None:
        return None
    plan = (
        WorkPlan.objects.filter(owner=w.org, year=w.period.start.year)
        .order_by("id")
        .prefetch_related("tasks")
        .first()
    )
    if plan is None:
        return None
    tasks = list(plan.tasks.all())  # in their numbers' order (Task.Meta)
    named, n, v = tasks[:NAMED_TASKS], len(tasks), w.v
    theme = plan.theme.strip().strip('“”"')  # the quotes are the sentence's
    if w.en:
        text = f"{v.when}, {v.subject}"
        if theme:
            text += f", under the theme “{reported(theme, 'en', plan.theme_en)}”,"
        text += (
            f" worked to the plan of {name_of(w.org, 'en')}, "
            f"“{reported(plan.title, 'en', plan.title_en)}”"
        )
        if named:
            listed = "; ".join(reported(t.title, "en", t.title_en) for t in named)
            text += (
                f", on its {numstyle.english_count(n, 'tasks' if n != 1 else 'task')}"
                f" ({listed}{'; …' if n > len(named) else ''})"
            )
        return text + "."
    text = f"{v.when}，{v.subject}"
    if theme:
        text += f"以“{theme}”为主题，"
    text += f"按照{name_of(w.org, 'zh-hans')}《{plan.title}》的部署"
    if named:
        more = "等" if n > len(named) else ""
        text += f"，围绕{'、'.join(t.title for t in named)}{more}{numstyle.count(n, '项')}重点任务开展工作"
    return text + "。"


opening(10, _plan_opening)
