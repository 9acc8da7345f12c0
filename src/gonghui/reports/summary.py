"""The annual work summary (年度工作综述), written from figures in the shape of seed 004.

For an organization and a year the summary has the seed's four sections — 思想引领,
助力发展, 服务职工, 夯实基础 — each a list of paragraphs, each paragraph a list of
sentences, each sentence written from one or more figures of the registry:

    截至年底，全省共有基层工会（含联合基层工会）1234个，工会会员总数达到134.2万人，其中货车
    司机、快递员等新就业形态劳动者会员28万余人。

Rules that keep the text true:
* every number is a figure's value through `reports.selectors.figure_values` (scoped to
  the requester, read from roll-ups for closed years), written with `core.numstyle`;
* a clause whose figure is zero or missing (a capability not installed) is left out, a
  sentence with no clause left is left out, a section with no sentence is left out —
  nothing is invented, not even a "0人";
* the sentences say only what the figure's definition says (an approved application is
  "申请…件", not "…名职工").

The Chinese is the report's own language, kept here rather than in the interface
catalogue. Traditional Chinese is core.chinese.to_traditional of the Simplified text;
English is written as its own sentences with the English number style.

The content is plain JSON (kept in SummaryJob.content), from which the page, the Word
document and the workbook are drawn (summary_output.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone, translation

from gonghui.accounts.models import User
from gonghui.core import writing
from gonghui.core.chinese import to_traditional
from gonghui.core.figures import REGISTRY, Period
from gonghui.core.scoping import get_visible_or_404
from gonghui.core.writing import (
    Lower,
    Sentence,
    Voice,
    Writer,
    cap,
    en_join,
    highlight,
    name_of,
    paragraph,
    section_lead,
)
from gonghui.orgs.models import FEDERATION_KINDS, Organization, OrgKind
from gonghui.orgs.selectors import org_get

from . import selectors
from .models import SummaryJob

LANGUAGES = {"zh-hans": "简体中文", "zh-hant": "繁體中文", "en": "English"}


def period_for(year: int, today: date | None = None) -> Period:
    """The calendar year; the current year only up to today (its figures are "so far")."""
    today = today or timezone.localdate()
    end = date(year, 12, 31)
    return Period(date(year, 1, 1), min(end, today) if year == today.year else end)


# ---- who the text speaks of ---------------------------------------------------------


def _area(org: Organization) -> str:
    """全省, 全市, 全县, 全区 ... from the organization's kind and name; else its name."""
    stem = org.name.removesuffix("总工会")
    if org.kind == OrgKind.NATIONAL:
        return "全国"
    if org.kind == OrgKind.PROVINCIAL:
        return "全区" if stem.endswith("自治区") else "全市" if stem.endswith("市") else "全省"
    if org.kind == OrgKind.CITY:
        return {"州": "全州", "盟": "全盟"}.get(stem[-1:], "全市")
    if org.kind == OrgKind.COUNTY:
        return {"区": "全区", "市": "全市", "旗": "全旗"}.get(stem[-1:], "全县")
    return org.name


_EN_AREA = {
    "全国": "the country",
    "全省": "the province",
    "全市": "the city",
    "全县": "the county",
    "全区": "the district",
    "全州": "the prefecture",
    "全盟": "the league",
    "全旗": "the banner",
}


# The lower unions a federation's highlights speak of (its direct children).
_LOWER: dict[str, tuple[str, str]] = {
    OrgKind.NATIONAL: ("各省（区、市）总工会", "the provincial federations"),
    OrgKind.PROVINCIAL: ("各市总工会", "the city federations"),
    OrgKind.CITY: ("各县（市、区）总工会", "the county and district federations"),
    OrgKind.COUNTY: ("所属各工会", "the unions under it"),
}


def _voice(org: Organization, period: Period, en: bool) -> Voice:
    current = period.end.year == timezone.localdate().year and period.end < date(
        period.end.year, 12, 31
    )
    area = _area(org)
    federation = org.kind in FEDERATION_KINDS
    lower_zh, lower_en = _LOWER.get(org.kind, ("所属工会", "the unions under it"))
    if en:
        name = name_of(org, "en")
        place = _EN_AREA.get(area, name)
        return Voice(
            True,
            "So far this year" if current else f"In {period.start.year}",
            f"As of {period.end:%d %B %Y}".replace(" 0", " ")
            if current
            else f"At the end of {period.end.year}",
            f"unions at all levels across {place}" if federation else name,
            place,
            "",
            name,
            lower_en,
        )
    return Voice(
        False,
        "今年以来" if current else f"{period.start.year}年",
        "截至目前" if current else "截至年底",
        f"{area}各级工会" if federation else org.name,
        area,
        f"{area}工会会员总数" if federation else f"{org.name}会员总数",
        org.name,
        lower_zh,
    )


# ---- 思想引领 Thought and publicity ------------------------------------------------------

MEETING_KINDS = [
    (
        "leadership",
        "党组（扩大）会议和领导班子会议{}",
        "{} leadership-group meeting|{} leadership-group meetings",
    ),
    (
        "central_study",
        "理论学习中心组学习{}",
        "{} central group study session|{} central group study sessions",
    ),
    ("all_staff", "全体干部职工大会{}", "{} all-staff meeting|{} all-staff meetings"),
    ("special", "专题会议{}", "{} special meeting|{} special meetings"),
]


def _activities(w: Writer) -> str | None:
    if not w.has("activities.total"):
        return None
    v = w.v
    if w.en:
        text = (
            f"{v.when}, {v.subject} held "
            f"{w.num('activities.total', noun=('meeting or study session', 'meetings and study sessions'))}"
        )
        if w.has("activities.attendance"):
            text += f", with an attendance of {w.num('activities.attendance', noun='person-times')}"
        return text + "."
    text = f"{v.when}，{v.subject}召开会议、开展学习活动共{w.num('activities.total', '次')}"
    if w.has("activities.attendance"):
        text += f"，参加人员达{w.num('activities.attendance', '人次')}"
    return text + "。"


def _meetings(w: Writer) -> str | None:
    if not w.has("activities.meetings"):
        return None
    kinds = w.pick([(f"activities.by_kind.{k}", zh, en) for k, zh, en in MEETING_KINDS], unit="次")
    if w.en:
        text = f"They held {w.num('activities.meetings', noun=('meeting', 'meetings'))}"
        return text + (f": {en_join(kinds)}." if kinds else ".")
    text = f"召开各类会议{w.num('activities.meetings', '次')}"
    return text + (f"，其中{'、'.join(kinds)}。" if kinds else "。")


def _lecture_tours(w: Writer) -> str | None:
    # The audience is summed over the tours: with no tour there is none to speak of.
    if not w.has("activities.by_kind.lecture_tour"):
        return None
    audience = w.has("activities.lecture_tour_audience")
    if w.en:
        text = (
            "They ran "
            f"{w.num('activities.by_kind.lecture_tour', noun=('lecture tour', 'lecture tours'))}"
        )
        if audience:
            text += (
                ", reaching an audience of "
                f"{w.num('activities.lecture_tour_audience', noun='person-times')}"
            )
        return text + "."
    text = f"开展宣讲活动{w.num('activities.by_kind.lecture_tour', '场')}"
    if audience:
        text += f"，受众{w.num('activities.lecture_tour_audience', '人次')}"
    return text + "。"


def _other_activities(w: Writer) -> str | None:
    if not w.has("activities.by_kind.other"):
        return None
    if w.en:
        return f"They also reported {w.num('activities.by_kind.other', noun=('other activity', 'other activities'))}."
    return f"此外，开展其他活动{w.num('activities.by_kind.other', '次')}。"


# ---- 服务职工 Serving workers -------------------------------------------------------------

CAMPAIGNS = [
    ("winter", "送温暖", "winter warmth", "慰问职工", "发放慰问金"),
    ("summer", "送清凉", "summer cooling", "慰问一线职工", "发放慰问金"),
    ("school", "金秋助学", "autumn school aid", "资助", "发放助学金"),
    ("other", "其他帮扶慰问", "other relief", "慰问帮扶职工", "发放资金"),
]


def _campaign(kind: str, zh_name: str, en_name: str, zh_helped: str, zh_paid: str) -> Sentence:
    sent, helped, paid = (f"campaigns.{f}.by_kind.{kind}" for f in ("sent_down", "helped", "paid"))

    def sentence(w: Writer) -> str | None:
        if not w.has(sent, helped, paid):
            return None
        v = w.v
        if w.en:
            parts = []
            if w.has(sent):
                parts.append(f"{v.itself} sending {w.money(sent)} down to lower unions")
            if w.has(helped):
                parts.append(f"helping workers {w.num(helped, noun='person-times')}")
            if w.has(paid):
                parts.append(f"paying {w.money(paid)} to them")
            who = f"{v.when}, {v.subject}" if w.first else "They"
            return f"{who} ran the {en_name} campaign, {en_join(parts)}."
        parts = []
        if w.has(sent):
            parts.append(f"{v.itself}下拨{zh_name}资金{w.money(sent)}")
        if w.has(helped):
            parts.append(f"{zh_helped}{w.num(helped, '人次')}")
        if w.has(paid):
            parts.append(f"{zh_paid}{w.money(paid)}")
        who = f"{v.when}，{v.subject}" if w.first else ""  # the paragraph's first says who
        return f"{who}开展{zh_name}活动，{'，'.join(parts)}。"

    return sentence


def _campaign_total(w: Writer) -> str | None:
    """The sum over campaigns, when there was more than one kind (else it says it again)."""
    kinds = [
        k
        for k, *_rest in CAMPAIGNS
        if w.has(*(f"campaigns.{f}.by_kind.{k}" for f in ("sent_down", "helped", "paid")))
    ]
    if len(kinds) < 2:
        return None
    if w.en:
        parts = []
        if w.has("campaigns.sent_down"):
            parts.append(f"{w.v.itself} sent {w.money('campaigns.sent_down')} down to lower unions")
        if w.has("campaigns.helped"):
            parts.append(f"workers were helped {w.num('campaigns.helped', noun='person-times')}")
        if w.has("campaigns.paid"):
            parts.append(f"{w.money('campaigns.paid')} was paid to them")
        return f"Across all campaigns, {en_join(parts)}." if parts else None
    parts = []
    if w.has("campaigns.sent_down"):
        parts.append(f"{w.v.itself}下拨资金{w.money('campaigns.sent_down')}")
    if w.has("campaigns.helped"):
        parts.append(f"慰问帮扶职工{w.num('campaigns.helped', '人次')}")
    if w.has("campaigns.paid"):
        parts.append(f"发放资金{w.money('campaigns.paid')}")
    return f"全年各类帮扶慰问活动合计{'，'.join(parts)}。" if parts else None


TIERS = [
    ("deep", "深度困难", "deep hardship"),
    ("relative", "相对困难", "relative hardship"),
    ("accidental", "意外致困", "hardship by accident"),
]


def _helped_by_tier(w: Writer) -> str | None:
    parts = w.pick(
        [
            (f"campaigns.helped.by_tier.{t}", f"{zh}职工{{}}", f"{{}} went to workers in {en}")
            for t, zh, en in TIERS
        ],
        unit="人次",
        noun="person-times",
    )
    if not parts:
        return None
    return f"Of the help given, {en_join(parts)}." if w.en else f"其中慰问帮扶{'、'.join(parts)}。"


def _files_open(w: Writer) -> str | None:
    if not w.has("aid.files.open"):
        return None
    v = w.v
    tiers = w.pick(
        [(f"aid.files.by_tier.{t}", f"{zh}{{}}", f"{{}} in {en}") for t, zh, en in TIERS],
        unit="户",
        noun=("family", "families"),
    )
    if w.en:
        n = w.val("aid.files.open")
        text = (
            f"{v.at_end}, {w.num('aid.files.open', noun=('needy-worker family', 'needy-worker families'))}"
            f" {'was' if n == 1 else 'were'} on file in {v.area}"
        )
        return text + (f": {en_join(tiers)}." if tiers else ".")
    text = f"{v.at_end}，{v.area}在档困难职工家庭{w.num('aid.files.open', '户')}"
    return text + (f"，其中{'、'.join(tiers)}。" if tiers else "。")


def _files_moves(w: Writer) -> str | None:
    if not w.has("aid.files.opened", "aid.files.closed"):
        return None
    parts = []
    if w.en:
        if w.has("aid.files.opened"):
            text = f"{w.num('aid.files.opened', noun=('new file was', 'new files were'))} opened"
            if w.has("aid.files.returned"):
                text += (
                    f" ({w.num('aid.files.returned', noun=('was', 'were'))} for families back"
                    " in hardship within three years of leaving it)"
                )
            parts.append(text)
        if w.has("aid.files.closed"):
            parts.append(f"{w.num('aid.files.closed', noun=('family', 'families'))} left hardship")
        return f"During the year {en_join(parts)}."
    if w.has("aid.files.opened"):
        text = f"全年新建困难职工档案{w.num('aid.files.opened', '户')}"
        if w.has("aid.files.returned"):
            text += f"（其中解困后三年内返困{w.num('aid.files.returned', '户')}）"
        parts.append(text)
    if w.has("aid.files.closed"):
        parts.append(f"{'' if parts else '全年'}{w.num('aid.files.closed', '户')}实现解困脱困")
    return "，".join(parts) + "。"


AID_KINDS = [
    ("living", "生活救助", "living relief"),
    ("school", "助学", "school aid"),
    ("medical", "医疗救助", "medical relief"),
]


def _applications(w: Writer) -> str | None:
    parts = []
    for kind, zh, en in AID_KINDS:
        count, amount = (
            f"aid.applications.approved.{kind}",
            f"aid.applications.approved_amount.{kind}",
        )
        if not w.has(count):
            continue
        if w.en:
            text = f"{w.num(count, noun=(en + ' application', en + ' applications'))}"
            parts.append(text + (f" ({w.money(amount)})" if w.has(amount) else ""))
        else:
            text = f"{zh}申请{w.num(count, '件')}"
            parts.append(text + (f"、金额{w.money(amount)}" if w.has(amount) else ""))
    submitted = w.has("aid.applications.submitted")
    if not parts and not submitted:
        return None
    if w.en:
        head = (
            (
                f"{w.num('aid.applications.submitted', noun=('aid application was', 'aid applications were'))}"
                " received during the year"
            )
            if submitted
            else ""
        )
        tail = f"approved were {en_join(parts)}" if parts else ""
        return cap("; ".join(p for p in (head, tail) if p)) + "."
    head = f"全年受理帮扶申请{w.num('aid.applications.submitted', '件')}" if submitted else "全年"
    return head + (f"{'，' if submitted else ''}审批通过{'，'.join(parts)}" if parts else "") + "。"


STATION_KINDS = [
    ("outdoor", "户外劳动者服务站点", "outdoor workers' station|outdoor workers' stations"),
    ("worker_home", "职工之家", "worker home|worker homes"),
    ("cultural_palace", "职工文化宫", "worker cultural palace|worker cultural palaces"),
    ("library", "职工书屋", "workers' library|workers' libraries"),
    ("mother_baby", "母婴室", "mother-and-baby room|mother-and-baby rooms"),
    ("other", "其他服务阵地", "other position|other positions"),
]
AMENITIES = [
    ("water", "提供饮用水的", "drinking water"),
    ("meal", "可加热饭菜的", "heating a meal"),
    ("rest", "设休息座椅的", "rest seats"),
    ("toilet", "提供卫生间的", "a toilet"),
    ("charging", "可手机充电的", "phone charging"),
    ("first_aid", "配急救药品的", "first aid"),
    ("air_con", "有空调的", "air conditioning"),
]


def _stations(w: Writer) -> str | None:
    if not w.has("stations.total"):
        return None
    v = w.v
    kinds = w.pick(
        [
            (
                f"stations.by_kind.{k}",
                f"{zh}{{}}",
                "|".join(f"{{}} {noun}" for noun in en.split("|")),
            )
            for k, zh, en in STATION_KINDS
        ],
        unit="个",
    )
    if w.en:
        text = (
            f"{v.at_end}, {v.area} had "
            f"{w.num('stations.total', noun=('service position', 'service positions'))}"
            " for workers"
        )
        return text + (f": {en_join(kinds)}." if kinds else ".")
    text = f"{v.at_end}，{v.area}共有各类职工服务阵地{w.num('stations.total', '个')}"
    return text + (f"，其中{'、'.join(kinds)}。" if kinds else "。")


def _amenities(w: Writer) -> str | None:
    parts = w.pick(
        [(f"stations.by_amenity.{k}", f"{zh}{{}}", f"{{}} with {en}") for k, zh, en in AMENITIES],
        unit="个",
    )
    if not parts:
        return None
    return (
        f"By what they offer: {en_join(parts)}." if w.en else f"按服务功能分，{'、'.join(parts)}。"
    )


def _visits(w: Writer) -> str | None:
    parts = []
    if w.has("stations.visits"):
        parts.append(
            f"the positions received {w.num('stations.visits', noun='visits')}"
            if w.en
            else f"服务阵地接待职工{w.num('stations.visits', '人次')}"
        )
    if w.has("stations.problems_reported"):
        parts.append(
            f"workers reported {w.num('stations.problems_reported', noun=('problem', 'problems'))} there"
            if w.en
            else f"职工反映问题{w.num('stations.problems_reported', '件')}"
        )
    if w.has("stations.problems_open"):
        n = w.val("stations.problems_open")
        parts.append(
            f"{w.num('stations.problems_open', noun=('problem', 'problems'))} "
            f"{'was' if n == 1 else 'were'} still open at the end of the period"
            if w.en
            else f"{w.v.at_end}尚有{w.num('stations.problems_open', '件')}未办结"
        )
    if not parts:
        return None
    return f"During the year {en_join(parts)}." if w.en else f"全年{'，'.join(parts)}。"


# ---- 夯实基础 Building the organization --------------------------------------------------

GIG_KINDS = [
    ("truck_driver", "货车司机", "truck driver|truck drivers"),
    ("ride_hail", "网约车司机", "ride-hail driver|ride-hail drivers"),
    ("courier", "快递员", "courier|couriers"),
    ("delivery_rider", "外卖配送员", "delivery rider|delivery riders"),
    ("other_gig", "其他新就业形态劳动者", "other gig worker|other gig workers"),
]


def _members(w: Writer) -> str | None:
    if not w.has("orgs.unions", "members.total"):
        return None
    v = w.v
    named = [(zh, en) for k, zh, en in GIG_KINDS[:4] if w.has(f"members.by_work_kind.{k}")]
    parts = []
    if w.en:
        if w.has("orgs.unions"):
            parts.append(
                w.num(
                    "orgs.unions", noun=("grassroots or joint union", "grassroots and joint unions")
                )
            )
        if w.has("members.total"):
            text = w.num("members.total", noun=("member", "members"))
            if w.has("members.gig"):
                kinds = (
                    f" ({', '.join(en.split('|')[1] for _zh, en in named)} and others)"
                    if named
                    else ""
                )
                text += (
                    f", of whom {w.num('members.gig', kind='approx', noun='')} were gig "
                    f"workers{kinds}"
                )
            parts.append(text)
        return f"{v.at_end}, {v.area} had {en_join(parts)}."
    if w.has("orgs.unions"):
        parts.append(f"共有基层工会（含联合基层工会）{w.num('orgs.unions', '个')}")
    if w.has("members.total"):
        text = f"{v.members_of if not parts else '工会会员总数'}达到{w.num('members.total', '人')}"
        if w.has("members.gig"):
            kinds = "、".join(zh for zh, _en in named) + "等" if named else ""
            text += f"，其中{kinds}新就业形态劳动者会员{w.num('members.gig', '人', kind='approx')}"
        parts.append(text)
    lead = f"{v.at_end}，{v.area}" if parts[0].startswith("共有") else f"{v.at_end}，"
    return lead + "，".join(parts) + "。"


def _growth(w: Writer) -> str | None:
    parts = []
    if w.en:
        if w.has("members.new"):
            text = f"{w.num('members.new', noun=('new member', 'new members'))} joined"
            if w.has("members.gig_new"):
                text += f" ({w.num('members.gig_new', noun='')} of them gig workers)"
            parts.append(text)
        if w.has("orgs.new_unions"):
            parts.append(
                f"{w.num('orgs.new_unions', noun=('new grassroots union was', 'new grassroots unions were'))} founded"
            )
        return f"During the year {en_join(parts)}." if parts else None
    if w.has("members.new"):
        text = f"全年新发展会员{w.num('members.new', '人')}"
        if w.has("members.gig_new"):
            text += f"，其中新就业形态劳动者{w.num('members.gig_new', '人')}"
        parts.append(text)
    if w.has("orgs.new_unions"):
        parts.append(f"{'' if parts else '全年'}新建基层工会{w.num('orgs.new_unions', '个')}")
    return "，".join(parts) + "。" if parts else None


def _gig_kinds(w: Writer) -> str | None:
    parts = w.pick(
        [
            (
                f"members.by_work_kind.{k}",
                f"{zh}{{}}",
                "|".join(f"{{}} {noun}" for noun in en.split("|")),
            )
            for k, zh, en in GIG_KINDS
        ],
        unit="人",
        noun="",
    )
    if not parts:
        return None
    return (
        f"The gig-worker members were {en_join(parts)}."
        if w.en
        else f"新就业形态劳动者会员中，{'、'.join(parts)}。"
    )


def _grants(w: Writer) -> str | None:
    if not w.has("funds.grants"):
        return None
    v = w.v
    if w.en:
        text = f"{v.when}, {v.subject} granted {w.money('funds.grants')} of working funds"
        if w.has("funds.grants.count"):
            text += f" to {w.num('funds.grants.count', noun=('lower union', 'lower unions'))}"
        return text + "."
    to = (
        f"为{w.num('funds.grants.count', '个')}下级工会"
        if w.has("funds.grants.count")
        else "为下级工会"
    )
    return f"{v.when}，{v.subject}{to}拨付工作经费补助{w.money('funds.grants')}。"


def _workplans(w: Writer) -> str | None:
    parts = []
    if w.en:
        if w.has("workplans.tasks_due"):
            parts.append(
                f"{w.num('workplans.tasks_due', noun=('work-plan task', 'work-plan tasks'))} fell due"
            )
        if w.has("workplans.tasks_done"):
            done = f"{w.num('workplans.tasks_done', noun=('task was', 'tasks were'))} done"
            if w.has("workplans.tasks_done_late"):
                done += f" ({w.num('workplans.tasks_done_late')} after the deadline)"
            parts.append(done)
        if w.has("workplans.tasks_overdue"):
            parts.append(
                f"{w.num('workplans.tasks_overdue', noun=('task is', 'tasks are'))} past the deadline and not done"
            )
        if w.has("workplans.reports"):
            parts.append(
                f"{w.num('workplans.reports', noun=('progress report was', 'progress reports were'))} filed"
            )
        return f"In the work plans, {en_join(parts)}." if parts else None
    if w.has("workplans.tasks_due"):
        parts.append(f"工作计划到期任务{w.num('workplans.tasks_due', '项')}")
    if w.has("workplans.tasks_done"):
        done = f"完成任务{w.num('workplans.tasks_done', '项')}"
        if w.has("workplans.tasks_done_late"):
            done += f"（其中逾期完成{w.num('workplans.tasks_done_late', '项')}）"
        parts.append(done)
    if w.has("workplans.tasks_overdue"):
        # overdue: past the deadline and not done (workplans.selectors.overdue_q)
        parts.append(f"{w.num('workplans.tasks_overdue', '项')}任务逾期未完成")
    if w.has("workplans.reports"):
        parts.append(f"报送工作进度{w.num('workplans.reports', '次')}")
    return f"全年{'，'.join(parts)}。" if parts else None


# ---- the document's shape ----------------------------------------------------------------


# Each section's lead sentence, in the words of seed 004's sections (the seed's own
# lead of 思想引领, 服务职工 and 夯实基础, said of whoever the summary speaks of).
section_lead(
    "thought",
    "{when}，{subject}认真履行引导职工群众听党话、跟党走的政治责任，把加强思想政治引领作为首要任务。",
    "{when}, {subject} made political and ideological guidance of workers their first task.",
)
section_lead(
    "development",
    "{subject}坚持职工至上，大力弘扬劳模精神、劳动精神、工匠精神，组织职工建功立业。",
    "{subject} put workers first, championed the spirit of model workers, of labour and of"
    " craftsmanship, and organized workers to contribute to development.",
)
section_lead(
    "service",
    "{subject}把竭诚为职工群众服务作为工会一切工作的出发点和落脚点，切实履行维权服务基本职责。",
    "{subject} made serving workers the starting point and the aim of all union work, and "
    "carried out their basic duty of protecting workers' rights and serving them.",
)
section_lead(
    "foundation",
    "{subject}以建强基层为重点深化工会改革，不断夯实工会基层组织基础。",
    "{subject} made strong grassroots unions the focus of union reform and built up the "
    "grassroots organization.",
)

# The lower unions' highlights (core.writing.highlight), in three of the sections.
_activities_highlight = highlight(
    "activities.total",
    "召开会议、开展学习活动{}",
    "held {}",
    unit="次",
    noun=("meeting or study session", "meetings and study sessions"),
)
_campaigns_highlight = highlight(
    "campaigns.helped",
    "慰问帮扶职工{}",
    "helped workers {}",
    unit="人次",
    noun=("person-time", "person-times"),
)
_members_highlight = highlight(
    "members.new", "新发展会员{}", "took in {}", unit="人", noun=("new member", "new members")
)

# The paragraphs of this module's capabilities (the ones below reports); later
# capabilities place theirs from their own summary.py (core.writing.paragraph).
paragraph("thought", 10, _activities, _meetings)
paragraph("thought", 20, _lecture_tours, _other_activities)
paragraph("thought", 90, _activities_highlight)
paragraph("service", 10, *(_campaign(*c) for c in CAMPAIGNS), _campaign_total, _helped_by_tier)
paragraph("service", 20, _files_open, _files_moves, _applications)
paragraph("service", 30, _stations, _amenities, _visits)
paragraph("service", 90, _campaigns_highlight)
paragraph("foundation", 10, _members, _growth, _gig_kinds)
# Grants to lower unions stand here as in seed 004 §4 (县级工会加强年).
paragraph("foundation", 20, _grants, _workplans)
paragraph("foundation", 90, _members_highlight)


@dataclass(frozen=True)
class Section:
    key: str
    zh: str
    en: str


SECTIONS = [
    Section("thought", "思想引领 唱响时代主旋律", "Thought and publicity"),
    Section("development", "主动作为 助力发展建新功", "Contributing to development"),
    Section("service", "用心用情 服务职工有作为", "Serving workers"),
    Section("foundation", "夯实基础 狠抓自身见实效", "Building the organization"),
]


def _label_and_unit(key: str, lang: str) -> tuple[str, str]:
    figure = REGISTRY[key]
    with translation.override("en" if lang == "en" else "zh-hans"):
        label, unit = str(figure.label), str(figure.unit)
    if lang == "zh-hant":
        label, unit = to_traditional(label), to_traditional(unit)
    return label, unit


def _title(org: Organization, period: Period, en: bool) -> str:
    if en:
        return f"{name_of(org, 'en')}: the work of the unions in {period.start.year}"
    return f"{org.name}{period.start.year}年工会工作综述"


def _note(org: Organization, period: Period, en: bool) -> str:
    if en:
        return (
            f"The figures are counted from the records of {name_of(org, 'en')} and the unions under "
            f"it, from {period.start:%d %B %Y} to {period.end:%d %B %Y}".replace(" 0", " ")
            + "; what has no record is left out. The appendix lists every figure."
        )
    return (
        f"注：本文数字依据{org.name}及所属各级工会在平台中的记录统计，统计时段为"
        f"{period.start.year}年{period.start.month}月{period.start.day}日至"
        f"{period.end.year}年{period.end.month}月{period.end.day}日；没有记录的事项未列入。"
        "附表列出全部指标。"
    )


def compose(
    org: Organization,
    period: Period,
    values: dict[str, int],
    lang: str,
    progress: Callable[[], None] | None = None,
    lower: Callable[[str], list[Lower]] | None = None,
) -> dict:
    """The summary as JSON: title, an opening, sections -> paragraphs -> sentences (each
    section led by its lead sentence), and every figure. `lower(key)` gives each lower
    union's figure this year and the year before, for the highlights."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang is one of {list(LANGUAGES)}")
    en = lang == "en"
    w = Writer(values, _voice(org, period, en), org=org, period=period, lower=lower)
    opening = [text for sentence in writing.openings() if (text := sentence(w))]
    w.take_keys(), w.take_lower_keys()  # an opening states the plan, not figures
    sections: list[dict[str, object]] = []
    for section in SECTIONS:
        paragraphs: list[dict[str, object]] = []
        for sentences in writing.paragraphs(section.key):
            written: list[dict[str, object]] = []
            for sentence in sentences:
                w.first = not written
                text = sentence(w)
                keys, lower_keys = w.take_keys(), w.take_lower_keys()
                if text and keys:  # a sentence with no figure in it says nothing: left out
                    written.append({"text": text, "figures": keys})
                elif text and lower_keys:  # the lower unions' figures (a highlight)
                    written.append(
                        {"text": text, "figures": [], "kind": "lower", "lower": lower_keys}
                    )
            if written:
                paragraphs.append({"sentences": written})
        if paragraphs and (lead := writing.section_lead_text(section.key, w)):
            paragraphs[0]["sentences"].insert(0, {"text": lead, "figures": [], "kind": "lead"})  # type: ignore[attr-defined]
        if paragraphs:
            number = len(sections) + 1
            sections.append(
                {
                    "key": section.key,
                    "number": number,
                    "heading": f"{number}. {section.en}" if en else f"{number} {section.zh}",
                    "paragraphs": paragraphs,
                }
            )
        if progress:
            progress()
    figures = []
    for key in sorted(REGISTRY):
        if key not in values:
            continue
        label, unit = _label_and_unit(key, lang)
        figures.append(
            {
                "key": key,
                "label": label,
                "value": values[key],
                "unit": unit,
                "written": w.written.get(key, ""),
                "used": key in w.written,
            }
        )
    content = {
        "version": 1,
        "lang": lang,
        "org": {"id": org.pk, "name": name_of(org, "en") if en else org.name},
        "year": period.start.year,
        "period": [period.start.isoformat(), period.end.isoformat()],
        "title": _title(org, period, en),
        "opening": [{"sentences": [{"text": t, "figures": []} for t in opening]}]
        if opening
        else [],
        "note": _note(org, period, en),
        "sections": sections,
        "figures": figures,
    }
    return _traditional(content) if lang == "zh-hant" else content


def _traditional(content: dict) -> dict:
    """The Simplified text through core.chinese; digits, keys and values stay as they are."""
    content["title"], content["note"] = (
        to_traditional(content["title"]),
        to_traditional(content["note"]),
    )
    content["org"]["name"] = to_traditional(content["org"]["name"])
    for written in content["opening"]:
        for sentence in written["sentences"]:
            sentence["text"] = to_traditional(sentence["text"])
    for section in content["sections"]:
        section["heading"] = to_traditional(section["heading"])
        for written in section["paragraphs"]:
            for sentence in written["sentences"]:
                sentence["text"] = to_traditional(sentence["text"])
    for figure in content["figures"]:
        figure["written"] = to_traditional(figure["written"])
    return content


def paragraph_text(paragraph: dict, lang: str) -> str:
    return (" " if lang == "en" else "").join(s["text"] for s in paragraph["sentences"])


def summary_compose(*, actor: User, org_id: int, year: int, lang: str) -> dict:
    """The summary now, without a job (small subtrees, tests)."""
    org = org_get(actor=actor, org_id=org_id)
    period = period_for(year)
    return compose(
        org,
        period,
        selectors.figure_values(actor=actor, org_id=org.pk, period=period),
        lang,
        lower=lower_values(actor=actor, org=org, period=period),
    )


def _year_before(period: Period) -> Period:
    def back(day: date) -> date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:  # 29 February
            return day.replace(year=day.year - 1, day=28)

    return Period(back(period.start), back(period.end))


def lower_values(*, actor: User, org: Organization, period: Period) -> Callable[[str], list[Lower]]:
    """key -> each direct child's figure in the period and a year before (highlights),
    through the scoped selector (roll-ups for closed years)."""

    def lower(key: str) -> list[Lower]:
        now = selectors.figure_by_children(actor=actor, org_id=org.pk, key=key, period=period)
        before = dict(
            (child.pk, v)
            for child, v in selectors.figure_by_children(
                actor=actor, org_id=org.pk, key=key, period=_year_before(period)
            )
        )
        return [Lower(child, v, before.get(child.pk)) for child, v in now]

    return lower


# ---- jobs: the summary written in the background -------------------------------------
# Queued and run by tasks.py (summary_job_create, summary_job_run); read here.


JOB_SORTS = {
    "created": "created_at",
    "-created": "-created_at",
    "year": "year",
    "-year": "-year",
    "org": "org__path",
    "-org": "-org__path",
}


def summary_job_list(
    *,
    actor: User,
    mine: bool = True,
    status: str = "",
    year: int | None = None,
    language: str = "",
    q: str = "",
    sort: str = "-created",
) -> QuerySet[SummaryJob]:
    """Jobs in the actor's subtrees (by default only their own), filtered and sorted."""
    qs = SummaryJob.objects.visible_to(actor).select_related("org", "created_by")
    if mine:
        qs = qs.filter(created_by=actor)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    if language:
        qs = qs.filter(language=language)
    if q.strip():
        qs = qs.filter(org__name__icontains=q.strip())
    return qs.order_by(JOB_SORTS.get(sort, "-created_at"), "-id")


def summary_job_get(*, actor: User, job_id: int) -> SummaryJob:
    """A job in the actor's subtree; 404 for anyone else, who must not learn it exists."""
    return get_visible_or_404(
        SummaryJob.objects.select_related("org", "created_by"), actor, pk=job_id
    )


def summary_job_progress(job: SummaryJob) -> dict:
    """What the job page shows while it polls."""
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "done": job.done,
        "total": job.total,
        "error": job.error,
        "finished": job.status in (SummaryJob.Status.DONE, SummaryJob.Status.FAILED),
    }
