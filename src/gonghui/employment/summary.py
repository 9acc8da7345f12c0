"""The employment paragraph of the annual summary (seed 004 §3), written from figures:

2022年，全省各级工会累计提供就业服务（含线上）134万余人次，实名制安置就业各类人员2759人。
举办招聘活动550场，参展企业12275家，提供就业岗位12万余个，招聘107万余人。
"""

from gonghui.core.writing import Writer, cap, en_join, paragraph


def _services(w: Writer) -> str | None:
    if not w.has("employment.services", "employment.placements"):
        return None
    v = w.v
    online = w.has("employment.services.online")
    if w.en:
        parts = []
        if w.has("employment.services"):
            parts.append(
                f"gave {w.num('employment.services', kind='approx', noun='')} employment "
                f"services{' (online included)' if online else ''}"
            )
        if w.has("employment.placements"):
            parts.append(
                f"placed {w.num('employment.placements', noun=('person', 'people'))} in work "
                "by name"
            )
        return f"{v.when}, {v.subject} {en_join(parts)}."
    parts = []
    if w.has("employment.services"):
        parts.append(
            f"累计提供就业服务{'（含线上）' if online else ''}"
            f"{w.num('employment.services', '人次', kind='approx')}"
        )
    if w.has("employment.placements"):
        parts.append(f"实名制安置就业各类人员{w.num('employment.placements', '人')}")
    return f"{v.when}，{v.subject}{'，'.join(parts)}。"


def _fund(w: Writer) -> str | None:
    """并安排500万元促进就业专项资金 (seed 004 §3): the unions' allotments to the fund."""
    if not w.has("employment.fund.allotted"):
        return None
    if w.en:
        who = f"{w.v.when}, {w.v.subject}" if w.first else "They"
        return (
            f"{who} set aside {w.money('employment.fund.allotted')} as a special fund "
            "for promoting employment."
        )
    who = f"{w.v.when}，{w.v.subject}" if w.first else ""
    return f"{who}安排{w.money('employment.fund.allotted')}促进就业专项资金。"


def _events(w: Writer) -> str | None:
    if not w.has("employment.events"):
        return None  # exhibitors, posts and hires are those of the events
    v = w.v
    if w.en:
        parts = [w.num("employment.events", noun=("recruitment event", "recruitment events"))]
        tail = []
        if w.has("employment.exhibitors"):
            tail.append(
                f"{w.num('employment.exhibitors', noun=('enterprise', 'enterprises'))} exhibiting"
            )
        if w.has("employment.posts"):
            tail.append(f"{w.num('employment.posts', kind='approx', noun='posts')} offered")
        if w.has("employment.hires"):
            tail.append(f"{w.num('employment.hires', kind='approx', noun='people')} hired")
        who = f"{v.when}, {v.subject}" if w.first else "They"
        text = f"{who} held {parts[0]}"
        return text + (f", with {en_join(tail)}." if tail else ".")
    parts = [f"举办招聘活动{w.num('employment.events', '场')}"]
    if w.has("employment.exhibitors"):
        parts.append(f"参展企业{w.num('employment.exhibitors', '家')}")
    if w.has("employment.posts"):
        parts.append(f"提供就业岗位{w.num('employment.posts', '个', kind='approx')}")
    if w.has("employment.hires"):
        parts.append(f"招聘{w.num('employment.hires', '人', kind='approx')}")
    who = f"{v.when}，{v.subject}" if w.first else ""
    return who + "，".join(parts) + "。"


def _matchings_training(w: Writer) -> str | None:
    """组织工会就业对接100次，组织各类培训131期，培训人数5167人。"""
    if not w.has("employment.matchings", "employment.trainings"):
        return None
    if w.en:
        parts = []
        if w.has("employment.matchings"):
            parts.append(
                f"organized {w.num('employment.matchings', noun=('employment matching', 'employment matchings'))}"
            )
        if w.has("employment.trainings"):
            text = f"ran {w.num('employment.trainings', noun=('training session', 'training sessions'))}"
            if w.has("employment.trainees"):
                text += f" for {w.num('employment.trainees', noun=('trainee', 'trainees'))}"
            parts.append(text)
        who = f"{w.v.when}, {w.v.subject}" if w.first else "They also"
        return f"{who} {en_join(parts)}."
    parts = []
    if w.has("employment.matchings"):
        parts.append(f"组织工会就业对接{w.num('employment.matchings', '次')}")
    if w.has("employment.trainings"):
        parts.append(f"组织各类培训{w.num('employment.trainings', '期')}")
        if w.has("employment.trainees"):
            parts.append(f"培训人数{w.num('employment.trainees', '人')}")
    who = f"{w.v.when}，{w.v.subject}" if w.first else ""
    return who + "，".join(parts) + "。"


def _graduates(w: Writer) -> str | None:
    if not w.has("employment.graduates"):
        return None
    if w.en:
        text = (
            f"Under the sunshine employment drive, cadres took charge of "
            f"{w.num('employment.graduates', noun=('graduate', 'graduates'))} of needy families"
        )
        if w.has("employment.graduates_placed"):
            text += (
                f"; {w.num('employment.graduates_placed', noun=('graduate was', 'graduates were'))}"
                " placed in work"
            )

        return cap(text) + "."
    text = (
        f"开展困难职工家庭高校毕业生阳光就业行动，包人包户帮扶毕业生"
        f"{w.num('employment.graduates', '人')}"
    )
    if w.has("employment.graduates_placed"):
        text += f"，帮助{w.num('employment.graduates_placed', '人')}实现就业"
    return text + "。"


paragraph("service", 40, _services, _fund, _events, _matchings_training, _graduates)
