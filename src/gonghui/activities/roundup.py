"""The round-up of lower unions' meetings, written in the shape of seeds 001 and 002.

A title, an opening line, then one paragraph per meeting in date order:

    7月25日，大连市总工会召开党组（扩大）会议，传达学习贯彻党的二十届三中全会精神。
    会议强调，要……；要……。此外，大连市总工会还要求……。

A numbered meeting puts its name before 召开 ("沈阳市总工会党组2024年第25次（扩大）会议
召开，……"); a lecture tour is 开展-ed; points of one kind in a row share one sentence,
joined by "；"; each new kind of point opens its own sentence ("会议要求，……。会议明确，
……。"). The Chinese is the report's own language, kept here rather than in the
interface catalogue; Traditional Chinese is converted from it by core.chinese (the
platform's one converter); English translates the frame of each sentence, names each
union by its English name (Organization.display_name) and keeps topics and points in the
words the unions reported them, marked "[zh] …" when they are Chinese (core.writing.reported).

A theme ("传达学习党的二十届三中全会精神") makes the round-up one of the meetings on it: only
the meetings whose topic or name is on it are listed (`on_theme`). A meeting's
name never repeats its union's ("沈阳市总工会党组…会议" is written "沈阳市总工会党组…会议召开",
not "沈阳市总工会沈阳市总工会党组…").
"""

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from django.utils import translation

from gonghui.core.chinese import to_traditional
from gonghui.core.docx_official import OfficialDocument
from gonghui.core.writing import name_of, reported

from .models import NUMBERED, Activity, Kind, Lead

LANGUAGES = {
    "zh-hans": "简体中文",
    "zh-hant": "繁體中文",
    "en": "English",
}
MEETING_ENDINGS = ("会议", "大会", "全会")
_TRAILING = "。；;，,.、！!？? \u3000\n\t"


@dataclass
class Paragraph:
    activity_id: int
    held_on: date
    union: str
    date_text: str  # "7月22日", "July 22"
    opening: str  # "7月22日，沈阳市总工会……召开，传达学习……。"
    points: list[str] = field(default_factory=list)  # ["会议强调，……。", "此外，……还要求……。"]
    joiner: str = ""  # between sentences: nothing in Chinese, a space in English

    @property
    def text(self) -> str:
        return self.joiner.join([self.opening, *self.points])


@dataclass
class RoundUp:
    lang: str
    title: str
    opening: str
    paragraphs: list[Paragraph]
    parent: str
    date_from: date
    date_to: date

    def as_text(self) -> str:
        return "\n\n".join([self.title, self.opening, *(p.text for p in self.paragraphs)])


def _clause(text: str) -> str:
    """A reported phrase without its closing punctuation, ready for the frame's own."""
    return (text or "").strip().rstrip(_TRAILING)


def _meeting_like(a: Activity) -> bool:
    """A meeting kind, or an "other" activity that is a meeting by its name (全委会)."""
    return a.is_meeting or (a.kind == Kind.OTHER and own_title(a).endswith(MEETING_ENDINGS))


# Words every meeting of study uses: what is left of a theme without them is its subject
# (传达学习贯彻党的二十届三中全会精神 -> 党二十届三中全会).
_THEME_FILLER = re.compile(
    r"传达|学习|贯彻|落实|宣传|宣讲|深入|认真|精神|研究|部署|召开|会议|开展|专题|重要|"
    r"[的和及与暨、，,。；;：:“”\"《》\s]"
)


def _theme_core(text: str) -> list[str]:
    return [part for part in _THEME_FILLER.split(text or "") if len(part) >= 2]


def on_theme(activity: Activity, theme: str) -> bool:
    """The meeting is on the theme: every word of the theme's subject appears in its topic
    or its name (the study verbs around it may differ: 传达学习 / 学习贯彻). Points are
    not read: a meeting on another subject may mention this one in passing."""
    words = _theme_core(theme)
    if not words:
        return True  # a theme of study verbs only names no subject to filter by
    said = _THEME_FILLER.sub("", f"{activity.topic} {activity.title}")
    return all(word in said for word in words)


def own_title(activity: Activity) -> str:
    """The meeting's name without its union's name before it: 沈阳市总工会党组会议 of 沈阳市
    总工会 is 党组会议 (the paragraph names the union already)."""
    title, name = activity.display_title, activity.union.name
    for prefix in (name, name.removesuffix("总工会").removesuffix("工会")):
        if prefix and title.startswith(prefix) and len(title) > len(prefix):
            title = title.removeprefix(prefix)
            break
    return title.removeprefix("总工会") if title.startswith("总工会") and len(title) > 3 else title


def _union_count(activities: list[Activity]) -> int:
    return len({a.union_id for a in activities})


# ---- Simplified Chinese ---------------------------------------------------------------

_LEAD_SUBJECT_ZH: dict[str, str] = {Kind.LECTURE_TOUR: "宣讲", Kind.OTHER: "活动"}
_LEAD_ZH = {
    Lead.STRESSED: "{s}强调，",
    Lead.REQUIRED: "{s}要求，",
    Lead.POINTED_OUT: "{s}指出，",
    Lead.CLARIFIED: "{s}明确，",
    Lead.ALSO_REQUIRED: "此外，{union}还要求",
}


def _zh_date(day: date, with_year: bool) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if with_year else f"{day.month}月{day.day}日"


def _zh_paragraph(a: Activity, with_year: bool) -> Paragraph:
    name, title, meeting = a.union.name, own_title(a), _meeting_like(a)
    if meeting and NUMBERED.search(title):
        head = f"{name}{title}召开"
    else:
        head = f"{name}{'召开' if meeting else '开展'}{title}"
    day = _zh_date(a.held_on, with_year)
    topic = _clause(a.topic)
    opening = f"{day}，{head}" + (f"，{topic}" if topic else "") + "。"
    subject = "会议" if meeting else _LEAD_SUBJECT_ZH[a.kind]
    points = [
        _LEAD_ZH[lead].format(s=subject, union=name)
        + "；".join(_clause(p["text"]) for p in group)
        + "。"
        for lead, group in groupby(a.points, key=lambda p: p["lead"])
    ]
    return Paragraph(a.pk, a.held_on, name, day, opening, points)


def _zh_frame(
    parent: str,
    activities: list[Activity],
    theme: str,
    with_year: bool,
    date_from: date,
    date_to: date,
) -> tuple[str, str]:
    if theme:
        title = f"{parent}所属各工会{theme}"
    else:
        title = f"{parent}所属工会会议和学习活动综述"
    if not activities:
        span = f"{_zh_date(date_from, with_year)}至{_zh_date(date_to, with_year)}"
        return title, f"{span}，{parent}所属工会没有报送会议和学习活动。"
    first, last = activities[0].held_on, activities[-1].held_on
    span = _zh_date(first, with_year) + ("" if first == last else f"至{_zh_date(last, with_year)}")
    unions = _union_count(activities)
    if theme:
        return title, f"{span}，{parent}所属{unions}个工会纷纷召开会议，{theme}。"
    return title, (
        f"{span}，{parent}所属{unions}个工会召开会议、开展学习活动共{len(activities)}"
        f"次，现按时间先后综述如下。"
    )


# ---- English ----------------------------------------------------------------------------

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_LEAD_SUBJECT_EN: dict[str, str] = {Kind.LECTURE_TOUR: "lecture tour", Kind.OTHER: "activity"}
_LEAD_EN = {
    Lead.STRESSED: "The {s} stressed: ",
    Lead.REQUIRED: "The {s} required: ",
    Lead.POINTED_OUT: "The {s} pointed out: ",
    Lead.CLARIFIED: "The {s} made clear: ",
    Lead.ALSO_REQUIRED: "{union} also required: ",
}


def _en_date(day: date, with_year: bool) -> str:
    return f"{_MONTHS[day.month - 1]} {day.day}" + (f", {day.year}" if with_year else "")


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _en_paragraph(a: Activity, with_year: bool) -> Paragraph:
    with translation.override("en"):
        kind = str(Kind(a.kind).label)
    name, day = name_of(a.union, "en"), _en_date(a.held_on, with_year)
    verb = "ran" if a.kind == Kind.LECTURE_TOUR else "held"
    article = "an" if kind[0] in "aeiou" else "a"
    title = reported(own_title(a), "en", a.title_en) if a.title else ""
    head = f"On {day}, {name} {verb} {article} {kind}" + (f" ({title})" if title else "")
    topic = reported(_clause(a.topic), "en", _clause(a.topic_en))
    opening = head + (f": {topic}" if topic else "") + "."
    subject = "meeting" if _meeting_like(a) else _LEAD_SUBJECT_EN[a.kind]
    points = [
        _LEAD_EN[lead].format(s=subject, union=name)
        + "; ".join(reported(_clause(p["text"]), "en", p.get("text_en", "")) for p in group)
        + "."
        for lead, group in groupby(a.points, key=lambda p: p["lead"])
    ]
    return Paragraph(a.pk, a.held_on, name, day, opening, points, joiner=" ")


def _en_frame(
    parent: str,
    activities: list[Activity],
    theme: str,
    with_year: bool,
    date_from: date,
    date_to: date,
) -> tuple[str, str]:
    title = (
        f"Unions under {parent}: {theme}"
        if theme
        else f"Meetings and study sessions of the unions under {parent}"
    )
    if not activities:
        return title, (
            f"From {_en_date(date_from, True)} to {_en_date(date_to, True)}, the "
            f"unions under {parent} reported no meetings or study sessions."
        )
    first, last = activities[0].held_on, activities[-1].held_on
    span = (
        f"On {_en_date(first, with_year)}"
        if first == last
        else f"From {_en_date(first, with_year)} to {_en_date(last, with_year)}"
    )
    unions = _plural(_union_count(activities), "union", "unions")
    if theme:
        return title, f"{span}, {unions} under {parent} held meetings: {theme}."
    return title, (
        f"{span}, {unions} under {parent} held "
        f"{_plural(len(activities), 'meeting or study session', 'meetings and study sessions')}"
        f", summarized below in date order."
    )


# ---- composing ---------------------------------------------------------------------------


def compose(
    parent,
    activities: list[Activity],
    *,
    date_from: date,
    date_to: date,
    lang: str = "zh-hans",
    title: str = "",
    theme: str = "",
) -> RoundUp:
    """The round-up of `activities` (already in date order) under `parent`, in `lang`."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang is one of {list(LANGUAGES)}")
    with_year = date_from.year != date_to.year
    theme = _clause(theme)
    if theme:  # a round-up on a theme lists the meetings on it, and only those
        activities = [a for a in activities if on_theme(a, theme)]
    if lang == "en":
        default_title, opening = _en_frame(
            name_of(parent, "en"), activities, reported(theme, "en"), with_year, date_from, date_to
        )
        paragraphs = [_en_paragraph(a, with_year) for a in activities]
    else:
        default_title, opening = _zh_frame(
            parent.name, activities, theme, with_year, date_from, date_to
        )
        paragraphs = [_zh_paragraph(a, with_year) for a in activities]
    result = RoundUp(
        lang,
        (title or "").strip() or default_title,
        opening,
        paragraphs,
        name_of(parent, "en") if lang == "en" else parent.name,
        date_from,
        date_to,
    )
    if lang == "zh-hant":
        convert = to_traditional
        result.title, result.opening = convert(result.title), convert(result.opening)
        for p in result.paragraphs:
            p.union, p.opening = convert(p.union), convert(p.opening)
            p.points = [convert(s) for s in p.points]
    return result


# ---- Word ---------------------------------------------------------------------------------


def to_docx(roundup: RoundUp) -> bytes:
    """The round-up as a Word document in the official-document format (GB/T 9704-2012,
    core.docx_official): title, opening line, one paragraph per meeting."""
    document = OfficialDocument(roundup.lang, roundup.title)
    for text in [roundup.opening, *(p.text for p in roundup.paragraphs)]:
        document.paragraph(text)
    return document.bytes()
