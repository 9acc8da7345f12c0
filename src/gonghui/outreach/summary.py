"""The summary's §4 sentences on outreach, in seed 004's phrasing (夯实基础, orders 30-49):

    …围绕政治引领强、组织功能强、服务阵地强、制度机制强、作用发挥强的“五强”目标，……省市两级工会对
    全省108个县级工会对口联系全覆盖。
    全省各级工会共组成蹲点工作组171个，下派蹲点干部484人，投入专项经费241万元，访谈基层党政
    干部职工4767人，走访企业1478个，指导新建基层工会743个，指导新发展会员64287人。

Each number is a figure of figures.py; a clause whose figure is zero is left out.
"""

from gonghui.core.writing import Writer, cap, en_join, paragraph

FIVE_STRONG = "政治引领强、组织功能强、服务阵地强、制度机制强、作用发挥强"
FIVE_STRONG_EN = (
    "strong political guidance, strong organization, strong service positions, "
    "strong rules and mechanisms and a strong role played"
)


def _clauses(w: Writer, items: list[tuple[str, str, str, tuple[str, str] | str, str]]) -> list[str]:
    """(key, Chinese with {}, English with {}, English noun, Chinese unit or "money")."""
    out = []
    for key, zh, en, noun, unit in items:
        if not w.has(key):
            continue
        if unit == "money":
            figure = w.money(key)
        elif w.en:
            figure = w.num(key, noun=noun)
        else:
            figure = w.num(key, unit)
        out.append((en if w.en else zh).format(figure))
    return out


def _pairing(w: Writer) -> str | None:
    if not w.has("outreach.counties_paired"):
        return None
    v = w.v
    full = w.val("outreach.counties_paired") == w.val("outreach.counties")
    if w.en:
        if full:
            text = (
                f"{v.when}, every one of the "
                f"{w.num('outreach.counties_paired', noun=('county union', 'county unions'))} of "
                f"{v.area} was paired with a leader or department of a higher federation"
            )
        else:
            text = (
                f"{v.when}, "
                f"{w.num('outreach.counties_paired', noun=('county union', 'county unions'))}"
                f" of {w.num('outreach.counties', noun='')} in {v.area} were paired with a "
                "leader or department of a higher federation"
            )
        if w.has("outreach.counties_paired_upper"):
            text += (
                f", {w.num('outreach.counties_paired_upper', noun='')} of them with the "
                "national or the provincial federation"
            )
        if w.has("outreach.contacts"):
            text += (
                f"; {w.num('outreach.contacts', noun=('liaison contact was', 'liaison contacts were'))}"
                " recorded"
            )
        return text + "."
    if full:
        text = (
            f"{v.when}，实现上级工会领导机关对{v.area}"
            f"{w.num('outreach.counties_paired', '个')}县级工会对口联系指导全覆盖"
        )
    else:
        text = (
            f"{v.when}，上级工会对口联系{v.area}县级工会"
            f"{w.num('outreach.counties_paired', '个')}（共{w.num('outreach.counties', '个')}）"
        )
    if w.has("outreach.counties_paired_upper"):
        text += f"，其中全国总工会和省总工会对口联系{w.num('outreach.counties_paired_upper', '个')}"
    if w.has("outreach.contacts"):
        text += f"，开展对口联系指导{w.num('outreach.contacts', '次')}"
    return text + "。"


def _five_strong(w: Writer) -> str | None:
    if not w.has("outreach.assessed"):
        return None
    if w.en:
        text = (
            f"Against the five goals of {FIVE_STRONG_EN}, "
            f"{w.num('outreach.assessed', noun=('county union was', 'county unions were'))} "
            "assessed"
        )
        if w.has("outreach.assessed_passed"):
            text += f" and {w.num('outreach.assessed_passed', noun='')} reached the line"
        return text + "."
    text = f"围绕{FIVE_STRONG}的“五强”目标，{w.num('outreach.assessed', '个')}县级工会完成评估"
    if w.has("outreach.assessed_passed"):
        text += f"，{w.num('outreach.assessed_passed', '个')}达到标准"
    return text + "。"


def _stationing(w: Writer) -> str | None:
    if not w.has("outreach.groups"):
        return None
    v = w.v
    parts = _clauses(
        w,
        [
            (
                "outreach.groups",
                "共组成蹲点工作组{}",
                "formed {}",
                ("stationing group", "stationing groups"),
                "个",
            ),
            (
                "outreach.cadres",
                "下派蹲点干部{}",
                "sent {} to the grassroots",
                ("cadre", "cadres"),
                "人",
            ),
            ("outreach.funds", "投入专项经费{}", "put in special funds of {}", "", "money"),
            (
                "outreach.interviewed",
                "访谈基层党政干部职工{}",
                "interviewed {}",
                ("local official or worker", "local officials and workers"),
                "人",
            ),
            (
                "outreach.enterprises",
                "走访企业{}",
                "visited {}",
                ("enterprise", "enterprises"),
                "个",
            ),
            (
                "outreach.unions_founded",
                "指导新建基层工会{}",
                "guided the founding of {}",
                ("new grassroots union", "new grassroots unions"),
                "个",
            ),
            (
                "outreach.members_recruited",
                "指导新发展会员{}",
                "guided the recruitment of {}",
                ("new member", "new members"),
                "人",
            ),
        ],
    )
    if w.en:
        return f"{v.when}, {v.subject} {en_join(parts)}."
    return f"{v.when}，{v.subject}{'，'.join(parts)}。"


def _visits(w: Writer) -> str | None:
    if not w.has("outreach.visits"):
        return None
    v = w.v
    parts = _clauses(
        w,
        [
            (
                "outreach.visits",
                "组织工会干部进企业、进项目现场{}",
                "made {} to enterprises and project sites",
                ("visit", "visits"),
                "次",
            ),
            ("outreach.workers_met", "走访职工{}", "met {}", ("worker", "workers"), "人次"),
            ("outreach.problems", "发现问题{}", "found {}", ("problem", "problems"), "个"),
            ("outreach.problems_solved", "已解决{}", "solved {}", ("of them", "of them"), "个"),
        ],
    )
    if w.en:
        return cap(f"{v.when}, union cadres {en_join(parts)}.")
    return f"{v.when}，{'，'.join(parts)}。"


def _training(w: Writer) -> str | None:
    if not w.has("outreach.courses"):
        return None
    v = w.v
    parts = _clauses(
        w,
        [
            (
                "outreach.courses",
                "举办工会干部培训班{}",
                "ran {}",
                ("training course", "training courses"),
                "期",
            ),
            (
                "outreach.trainees",
                "培训工会干部{}",
                "trained {}",
                ("union cadre", "union cadres"),
                "人次",
            ),
            (
                "outreach.training_hours",
                "累计{}",
                "gave {} in all",
                ("class hour", "class hours"),
                "学时",
            ),
        ],
    )
    if w.en:
        return f"{v.when}, {v.subject} {en_join(parts)}."
    return f"{v.when}，{v.subject}{'，'.join(parts)}。"


paragraph("foundation", 30, _pairing, _five_strong)
paragraph("foundation", 40, _stationing)
paragraph("foundation", 45, _visits)
paragraph("foundation", 48, _training)
