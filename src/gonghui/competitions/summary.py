"""The annual summary's 助力发展 sentences on competitions and training (seed 004 §2):

    全省各级工会广泛开展劳动和技能竞赛，参与企业1.33万家，覆盖职工134.2万人，有31个劳动和
    技能竞赛项目纳入全省劳动和技能竞赛项目库。组织开展职工技能大赛，设定96个工种省级决赛，
    4900余名选手参赛，带动开展赛事3000余场，参与职工98万多人。……开展“送技能进企业”活动，
    订单式现场培训企业471家，培训职工8.28万人次。

Each number is one figure of competitions/figures.py; a sentence whose figures are all zero
is left out.
"""

from gonghui.core.writing import Writer, en_join, paragraph


def _competitions(w: Writer) -> str | None:
    keys = ("competitions.enterprises", "competitions.workers", "competitions.library")
    if not w.has(*keys):
        return None
    v = w.v
    if w.en:
        parts = []
        if w.has("competitions.enterprises"):
            parts.append(
                f"{w.num('competitions.enterprises', noun=('enterprise', 'enterprises'))} took part"
            )
        if w.has("competitions.workers"):
            parts.append(f"{w.num('competitions.workers', noun='workers')} were covered")
        if w.has("competitions.library"):
            n = w.val("competitions.library")
            parts.append(
                f"{w.num('competitions.library', noun=('competition', 'competitions'))} "
                f"{'was' if n == 1 else 'were'} taken into the provincial project library of "
                "labour and skills competitions"
            )
        return f"{v.when}, {v.subject} ran labour and skills competitions: {en_join(parts)}."
    parts = []
    if w.has("competitions.enterprises"):
        parts.append(f"参与企业{w.num('competitions.enterprises', '家')}")
    if w.has("competitions.workers"):
        parts.append(f"覆盖职工{w.num('competitions.workers', '人')}")
    if w.has("competitions.library"):
        parts.append(
            f"有{w.num('competitions.library', '个')}劳动和技能竞赛项目纳入全省劳动和技能竞赛项目库"
        )
    return f"{v.when}，{v.subject}广泛开展劳动和技能竞赛，{'，'.join(parts)}。"


def _skills(w: Writer) -> str | None:
    keys = (
        "competitions.final_trades",
        "competitions.final_contestants",
        "competitions.events",
        "competitions.event_participants",
    )
    if not w.has(*keys):
        return None
    if w.en:
        parts = []
        if w.has("competitions.final_trades"):
            parts.append(
                f"provincial finals were held in "
                f"{w.num('competitions.final_trades', noun=('trade', 'trades'))}"
            )
        if w.has("competitions.final_contestants"):
            parts.append(
                f"{w.num('competitions.final_contestants', kind='approx', noun='contestants')}"
                " competed in them"
            )
        if w.has("competitions.events"):
            parts.append(
                f"{w.num('competitions.events', kind='approx', noun='contest events')} "
                "were held at every level"
            )
        if w.has("competitions.event_participants"):
            parts.append(
                f"{w.num('competitions.event_participants', kind='approx', noun='workers')}"
                " took part"
            )
        return f"In the workers' skills contests, {en_join(parts)}."
    head = []
    if w.has("competitions.final_trades"):
        head.append(f"设定{w.num('competitions.final_trades', '个')}工种省级决赛")
    if w.has("competitions.final_contestants"):
        head.append(f"{w.num('competitions.final_contestants', '名', kind='approx')}选手参赛")
    tail = []
    if w.has("competitions.events"):
        tail.append(f"带动开展赛事{w.num('competitions.events', '场', kind='approx')}")
    if w.has("competitions.event_participants"):
        tail.append(f"参与职工{w.num('competitions.event_participants', '人', kind='approx')}")
    return f"组织开展职工技能大赛，{'，'.join(head + tail)}。"


def _titles(w: Writer) -> str | None:
    if not w.has("competitions.titled"):
        return None
    if w.en:
        return (
            f"{w.num('competitions.titled', noun=('contestant was', 'contestants were'))} "
            "awarded titles such as technical expert."
        )
    return f"{w.num('competitions.titled', '名')}选手获得技术能手等称号。"


def _training(w: Writer) -> str | None:
    keys = (
        "competitions.training.on_site",
        "competitions.training.on_site_trainees",
        "competitions.training.trainees",
        "competitions.training.subsidy",
    )
    if not w.has(*keys):
        return None
    on_site = w.has("competitions.training.on_site", "competitions.training.on_site_trainees")
    if w.en:
        parts = []
        if w.has("competitions.training.on_site"):
            parts.append(
                "order-based on-site training was given in "
                f"{w.num('competitions.training.on_site', noun=('enterprise', 'enterprises'))}"
            )
        if w.has("competitions.training.on_site_trainees"):
            parts.append(
                f"training {w.num('competitions.training.on_site_trainees', noun='person-times')}"
                " of workers there"
            )
        if w.has("competitions.training.trainees"):
            parts.append(
                f"all courses trained {w.num('competitions.training.trainees', noun='person-times')}"
            )
        if w.has("competitions.training.subsidy"):
            parts.append(
                f"{w.money('competitions.training.subsidy')} of training subsidies was paid"
            )
        lead = (
            "Unions took skills into enterprises"
            if on_site
            else "Unions trained workers in enterprises"
        )
        return f"{lead}: {en_join(parts)}."
    parts = []
    if w.has("competitions.training.on_site"):
        parts.append(f"订单式现场培训企业{w.num('competitions.training.on_site', '家')}")
    if w.has("competitions.training.on_site_trainees"):
        parts.append(f"培训职工{w.num('competitions.training.on_site_trainees', '人次')}")
    if w.has("competitions.training.trainees"):
        parts.append(f"各类培训合计{w.num('competitions.training.trainees', '人次')}")
    if w.has("competitions.training.subsidy"):
        parts.append(f"发放培训补贴{w.money('competitions.training.subsidy')}")
    return f"开展“送技能进企业”活动，{'，'.join(parts)}。"


def _ankang(w: Writer) -> str | None:
    if not w.has("competitions.ankang.enterprises", "competitions.ankang.workers"):
        return None
    if w.en:
        parts = []
        if w.has("competitions.ankang.enterprises"):
            parts.append(
                w.num("competitions.ankang.enterprises", noun=("enterprise", "enterprises"))
            )
        if w.has("competitions.ankang.workers"):
            parts.append(f"{w.num('competitions.ankang.workers', noun='workers')}")
        return f"The Ankang Cup safety competition covered {en_join(parts)}."
    parts = []
    if w.has("competitions.ankang.enterprises"):
        parts.append(f"参与企业{w.num('competitions.ankang.enterprises', '家')}")
    if w.has("competitions.ankang.workers"):
        parts.append(f"覆盖职工{w.num('competitions.ankang.workers', '人')}")
    return f"组织开展“安康杯”竞赛活动，{'，'.join(parts)}。"


paragraph("development", 10, _competitions, _skills, _titles)
paragraph("development", 20, _training)
paragraph("development", 28, _ankang)
