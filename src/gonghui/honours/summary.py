"""The honours sentences of the annual summary (seed 004 §1):

    2022年，全省各级工会表彰全省劳动模范和先进工作者599名、先进集体48个；推荐表彰全国五一
    劳动奖章42名、先进集体41个。为劳模开展健康体检、疗休养、困难帮扶和走访慰问等关爱服务
    120次，支出关爱资金36.5万元。

    开展“劳模工匠进校园”活动35场。

Placed in 思想引领 at order 30; a clause whose figure is zero is left out."""

from gonghui.core.writing import Writer, en_join, paragraph

HONOURED = [
    (
        "honours.model_workers",
        "名",
        "劳动模范和先进工作者{}",
        "{} model workers and advanced workers",
    ),
    ("honours.model_collectives", "个", "先进集体{}", "{} advanced collectives"),
]
RECOMMENDED = [
    (
        "honours.may_day_medals",
        "名",
        "全国五一劳动奖章{}",
        "{} person for the national May Day Labour Medal|{} people for the national May Day "
        "Labour Medal",
    ),
    (
        "honours.may_day_collectives",
        "个",
        "先进集体{}",
        "{} collective for the national May Day Labour Certificate|{} collectives for the "
        "national May Day Labour Certificate",
    ),
]
NAMED = [
    ("honours.craftsmen", "名", "工匠{}", "{} craftsman|{} craftsmen"),
    (
        "honours.pioneers",
        "个",
        "工人先锋号{}",
        "{} workers' pioneer team|{} workers' pioneer teams",
    ),
]


def _clauses(w: Writer, items) -> list[str]:
    out: list[str] = []
    for key, unit, zh, en in items:
        out += w.pick([(key, zh, en)], unit=unit, noun="")
    return out


def _honours(w: Writer) -> str | None:
    keys = [k for k, *_rest in HONOURED + RECOMMENDED + NAMED]
    if not w.has(*keys):
        return None
    honoured, recommended, named = (
        _clauses(w, HONOURED),
        _clauses(w, RECOMMENDED),
        _clauses(w, NAMED),
    )
    v = w.v
    if w.en:
        parts = []
        if honoured:
            parts.append(f"honoured {en_join(honoured)} of {v.area}")
        if recommended:
            parts.append(f"recommended {en_join(recommended)}")
        if named:
            parts.append(f"named {en_join(named)}")
        return f"{v.when}, {v.subject} {en_join(parts)}."
    parts = []
    if honoured:
        parts.append(f"表彰{v.area}{'、'.join(honoured)}")
    if recommended:
        parts.append(f"推荐表彰{'、'.join(recommended)}")
    if named:
        parts.append(f"评选命名{'、'.join(named)}")
    return f"{v.when}，{v.subject}{'；'.join(parts)}。"


def _care(w: Writer) -> str | None:
    if not w.has("honours.care"):
        return None
    spent = w.has("honours.care_amount")
    if w.en:
        text = (
            "They cared for model workers with health checks, rest and recuperation, "
            f"hardship help and condolence visits, {w.num('honours.care', noun=('time', 'times'))} "
            "in all"
        )
        if spent:
            text += f", spending {w.money('honours.care_amount')}"
        return text + "."
    text = f"为劳模开展健康体检、疗休养、困难帮扶和走访慰问等关爱服务{w.num('honours.care', '次')}"
    if spent:
        text += f"，支出关爱资金{w.money('honours.care_amount')}"
    return text + "。"


def _events(w: Writer) -> str | None:
    """开展“劳模工匠进校园”活动345场 (seed 004 §1), with the lectures beside."""
    kinds = w.pick(
        [
            (
                "honours.events.school",
                "“劳模工匠进校园”活动{}",
                "{} visit of model workers and craftsmen to schools|{} visits of model workers "
                "and craftsmen to schools",
            ),
            ("honours.events.lecture", "劳模宣讲{}", "{} lecture|{} lectures"),
            (
                "honours.events.academy",
                "工匠学院授课{}",
                "{} craftsman academy course|{} craftsman academy courses",
            ),
        ],
        unit="场",
        noun="",
    )
    if not kinds:
        return None
    if w.en:
        return f"They held {en_join(kinds)}."
    return f"开展{'、'.join(kinds)}。"


paragraph("thought", 30, _honours, _events, _care)
