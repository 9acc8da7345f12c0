"""The annual summary's rights paragraphs (seed 004 §3, 服务职工): 健全劳动争议调解对接、
诉调对接工作机制 …, written from the rights figures. A sentence whose figures are all zero
is left out."""

from gonghui.core.writing import Writer, cap, en_join, paragraph

CASE_KINDS = [
    ("wage_arrears", "拖欠工资案件{}", "{} of wage arrears"),
    ("dismissal", "解除劳动关系案件{}", "{} of dismissal"),
    ("injury", "工伤案件{}", "{} of work injury"),
    ("social_insurance", "社会保险案件{}", "{} of social insurance"),
    ("overtime", "工时加班案件{}", "{} of working hours and overtime"),
    ("gig_platform", "新就业形态平台用工纠纷{}", "{} of gig-platform disputes"),
]


def _cases(w: Writer) -> str | None:
    if not w.has("rights.cases"):
        return None
    v = w.v
    kinds = w.pick([(f"rights.cases.by_kind.{k}", zh, en) for k, zh, en in CASE_KINDS], unit="件")
    if w.en:
        text = (
            f"{v.when}, {v.subject} took up "
            f"{w.num('rights.cases', noun=('rights case', 'rights cases'))} for workers"
        )
        if w.has("rights.cases_workers"):
            text += f" concerning {w.num('rights.cases_workers', noun=('worker', 'workers'))}"
        return text + (f": {en_join(kinds)}." if kinds else ".")
    text = (
        f"{v.when}，{v.subject}健全劳动争议调解对接、诉调对接工作机制，"
        f"受理职工维权案件{w.num('rights.cases', '件')}"
    )
    if w.has("rights.cases_workers"):
        text += f"，涉及职工{w.num('rights.cases_workers', '人')}"
    return text + (f"，其中{'、'.join(kinds)}。" if kinds else "。")


def _closed(w: Writer) -> str | None:
    if not w.has("rights.cases_closed"):
        return None
    ways = w.pick(
        [
            ("rights.cases_closed.by_outcome.mediated", "调解成功{}", "{} settled by mediation"),
            (
                "rights.cases_closed.by_outcome.awarded",
                "经仲裁诉讼获得支持{}",
                "{} won at arbitration or in court",
            ),
        ],
        unit="件",
    )
    recovered = w.has("rights.recovered")
    if w.en:
        text = f"{w.num('rights.cases_closed', noun=('case was', 'cases were'))} closed"
        if ways:
            text += f", {en_join(ways)}"
        if recovered:
            text += f", recovering {w.money('rights.recovered')} for workers"
        return cap(text) + "."
    text = f"全年办结维权案件{w.num('rights.cases_closed', '件')}"
    if ways:
        text += f"，其中{'、'.join(ways)}"
    if recovered:
        text += f"，为职工追回经济损失{w.money('rights.recovered')}"
    return text + "，促进劳动争议多元化化解。"


paragraph("service", 50, _cases, _closed)
