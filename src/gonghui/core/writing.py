"""Sentences of the annual summary, written from figures: the one way every capability
writes its part of the summary (reports/summary.py composes them in the shape of seed 004).

A capability keeps its sentences in its own `summary.py`, loaded by its AppConfig.ready()
as its figures are, and places them with `paragraph()`:

    def _contests(w: Writer) -> str | None:
        if not w.has("competitions.contests"):
            return None  # no record, no sentence: nothing is invented
        if w.en:
            return f"{w.v.when}, {w.v.subject} held {w.num('competitions.contests', noun=('contest', 'contests'))}."
        return f"{w.v.when}，{w.v.subject}举办职工技能竞赛{w.num('competitions.contests', '场')}。"

    paragraph("development", 20, _contests, _winners)

Sections are the seed's four: "thought" (思想引领), "development" (助力发展), "service" (服务职工)
and "foundation" (夯实基础); within a section paragraphs stand in the order of their number.
Write the Simplified Chinese and the English; the Traditional is converted from the
Simplified (core.chinese). Every number goes through `Writer.num`/`Writer.money`, so the
summary can say which figure each sentence used.

Seed 004 is more than figures, and three more kinds of text give the summary its shape:

* `opening(order, sentence)`: the opening paragraph, before the first section — the
  year's work as the federation planned it (workplans/summary.py writes it from the
  organization's work plan). An opening sentence may state no figure.
* `section_lead(section, zh, en)`: the section's lead sentence ("今年以来，全省各级工会
  把竭诚为职工群众服务作为工会一切工作的出发点和落脚点"), written only when the section has
  a paragraph of figures; "{when}", "{subject}", "{area}" take the Voice's words.
* `highlight(key, zh, en, ...)`: a sentence on the lower unions — the one whose figure is
  highest and the one that grew most on the year before, as seed 004 writes "大连市总工会
  持续推进…": place it in a paragraph like any sentence.

An organization is named in the document's language with `name_of(org, lang)`, and what
people wrote in Chinese (a work-plan task, a meeting's topic) goes into an English text
through `reported(text, lang)`, which marks it "[zh] …" unless English was entered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from gonghui.core import numstyle

SECTION_KEYS = ("thought", "development", "service", "foundation")


@dataclass
class Voice:
    """The phrases a sentence opens with, in one language (zh-hans or en)."""

    en: bool
    when: str  # 2022年 / 今年以来 · In 2022 / So far this year
    at_end: str  # 截至年底 / 截至目前 · At the end of 2022 / As of 5 May 2025
    subject: str  # 全省各级工会 / 某某工会 · unions at all levels across the province
    area: str  # 全省 / 某某工会 · the province
    members_of: str  # 全省工会会员总数 / 某某工会会员总数
    itself: str  # the organization's own name: what it did itself (下拨 is its own act)
    # 所属各市工会 / 所属各县（市、区）工会 · the city federations under it: the lower unions
    lower: str = ""


# ---- names and reported text in the document's language -----------------------------

_HAN = re.compile(r"[\u3400-\u9fff]")
CHINESE_MARK = "[zh]"


def has_chinese(text: str) -> bool:
    return bool(_HAN.search(text or ""))


class Named(Protocol):
    def display_name(self, lang: str | None = None) -> str: ...


def name_of(org: Named, lang: str) -> str:
    """The organization's name in a document's language: orgs.Organization.display_name
    (the English name entered, else the rule's; Traditional converted)."""
    return org.display_name(lang)


def reported(text: str, lang: str, english: str = "") -> str:
    """What people wrote, in a document of `lang`. In English: the English they entered,
    else their Chinese marked "[zh] …" so that the reader knows it was not translated.
    Chinese documents take the text as it is (Traditional is converted with the rest)."""
    text = (text or "").strip()
    if not lang.lower().startswith("en"):
        return text
    if english.strip():
        return english.strip()
    return f"{CHINESE_MARK} {text}" if has_chinese(text) else text


# ---- the writer: figures in, clauses out --------------------------------------------


def en_join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class Writer:
    """Writes figures in one language and remembers which figures each sentence used."""

    def __init__(
        self,
        values: dict[str, int],
        voice: Voice,
        *,
        org: Any = None,
        period: Any = None,
        lower: Callable[[str], list[Lower]] | None = None,
    ):
        self.values = values
        self.v = voice
        self.en = voice.en
        self.lang = "en" if voice.en else "zh-hans"
        self.org = org  # the organization the document speaks of (opening sentences read it)
        self.period = period  # core.figures.Period
        self._lower = lower  # key -> each lower union's figure, this year and the year before
        self._lower_cache: dict[str, list[Lower]] = {}
        self.written: dict[str, str] = {}  # key -> the figure as written in the text
        self._sentence: list[str] = []
        self._lower_keys: list[str] = []  # figures of lower unions the sentence stated
        self.first = True  # the sentence is the first of its paragraph (compose sets it)

    def lower(self, key: str) -> list[Lower]:
        """The figure for each lower union (direct child), with last year's; [] if unknown."""
        if self._lower is None:
            return []
        if key not in self._lower_cache:
            self._lower_cache[key] = self._lower(key)
        return self._lower_cache[key]

    def say(self, key: str, n: int, unit: str = "", *, kind: str = "count", noun: str = "") -> str:
        """A lower union's figure, not the document's own total: written in the style and
        kept apart (take_lower_keys), not as the figure's written value."""
        self._lower_keys.append(key)
        return numstyle.say(n, unit, lang=self.lang, kind=kind, noun=noun)

    def has(self, *keys: str) -> bool:
        """Some of these figures have data (a value other than zero)."""
        return any(self.values.get(k) for k in keys)

    def val(self, key: str) -> int:
        return self.values.get(key) or 0

    def num(
        self, key: str, unit: str = "", *, kind: str = "count", noun: tuple[str, str] | str = ""
    ) -> str:
        """The figure in this language; `noun` is the English (singular, plural)."""
        n = self.val(key)
        if isinstance(noun, tuple):
            noun = noun[0] if n == 1 else noun[1]
        text = numstyle.say(n, unit, lang="en" if self.en else "zh-hans", kind=kind, noun=noun)
        self.written[key] = text
        self._sentence.append(key)
        return text

    def money(self, key: str) -> str:
        return self.num(key, kind="money")

    def pick(self, items: list[tuple[str, str, str]], **fmt) -> list[str]:
        """(key, Chinese, English) clauses with "{}" for the figure, for keys with data.

        The English may be "{} unit|{} units": singular for one, plural otherwise.
        """
        out = []
        for key, zh, en in items:
            if self.has(key):
                if "|" in en:
                    en = en.split("|")[0 if self.val(key) == 1 else 1]
                out.append((en if self.en else zh).format(self.num(key, **fmt)))
        return out

    def take_keys(self) -> list[str]:
        keys, self._sentence = self._sentence, []
        return keys

    def take_lower_keys(self) -> list[str]:
        keys, self._lower_keys = self._lower_keys, []
        return keys


Sentence = Callable[[Writer], str | None]


@dataclass(frozen=True)
class Lower:
    """One lower union's figure: this period and the same period a year before."""

    org: Any  # orgs.Organization
    value: int
    previous: int | None = None


# ---- the opening, the section leads, the lower unions' highlights ------------------------

OPENINGS: list[tuple[int, Sentence]] = []


def opening(order: int, sentence: Sentence) -> None:
    """Place a sentence in the opening paragraph (before the sections). It may state no
    figure: the year's plan is what the opening speaks of."""
    if any(o == order for o, _ in OPENINGS):
        raise ValueError(f"the opening already has a sentence at {order}")
    OPENINGS.append((order, sentence))


def openings() -> list[Sentence]:
    return [sentence for _order, sentence in sorted(OPENINGS, key=lambda o: o[0])]


@dataclass(frozen=True)
class Lead:
    zh: str
    en: str

    def text(self, w: Writer) -> str:
        v = w.v
        words = {"when": v.when, "subject": v.subject, "area": v.area}
        return cap((self.en if w.en else self.zh).format(**words))


LEADS: dict[str, Lead] = {}


def section_lead(section: str, zh: str, en: str) -> None:
    """The lead sentence of a section; written only when the section has figures."""
    if section not in SECTION_KEYS:
        raise ValueError(f"section is one of {SECTION_KEYS}")
    LEADS[section] = Lead(zh, en)


def section_lead_text(section: str, w: Writer) -> str | None:
    lead = LEADS.get(section)
    return lead.text(w) if lead else None


def highlight(
    key: str,
    zh: str,
    en: str,
    *,
    unit: str = "",
    noun: tuple[str, str] = ("", ""),
    kind: str = "count",
) -> Sentence:
    """A sentence on the lower unions for figure `key`: the one with the highest figure
    and, when another grew more on the year before, that one with its growth.

    `zh`/`en` say what was done with "{}" for the figure: "召开会议、开展学习活动{}" /
    "held {}". Seed 004's shape: "大连市总工会…{figure}，居所属工会首位；鞍山市总工会…{figure}，
    同比增长35.2%，增幅最大。" Nothing is written unless two lower unions have the figure.
    """

    def sentence(w: Writer) -> str | None:
        rows = [r for r in w.lower(key) if r.value > 0]
        if len(rows) < 2:
            return None
        top = max(rows, key=lambda r: r.value)

        def figure(r: Lower) -> str:
            english = noun[0] if r.value == 1 else noun[1]
            return w.say(key, r.value, unit, kind=kind, noun=english)

        def growth(r: Lower) -> tuple[int, int] | None:
            if not r.previous or r.value <= r.previous:
                return None
            return (r.value - r.previous, r.previous)

        grown = [r for r in rows if growth(r)]
        fastest = max(grown, key=lambda r: (r.value - r.previous) / r.previous) if grown else None  # type: ignore[operator]
        if w.en:
            text = (
                f"{name_of(top.org, 'en')} {en.format(figure(top))}, the most of the lower unions"
            )
            if fastest is not None and fastest is not top:
                text += (
                    f"; {name_of(fastest.org, 'en')} {en.format(figure(fastest))}, "
                    f"{numstyle.growth(fastest.value, fastest.previous or 0, lang='en')}, "
                    "the largest growth"
                )
            elif fastest is top:
                text += f", {numstyle.growth(top.value, top.previous or 0, lang='en')}"
            return cap(text) + "."
        text = f"{name_of(top.org, 'zh-hans')}{zh.format(figure(top))}，居{w.v.lower or '所属工会'}首位"
        if fastest is not None and fastest is not top:
            text += (
                f"；{name_of(fastest.org, 'zh-hans')}{zh.format(figure(fastest))}，"
                f"{numstyle.growth(fastest.value, fastest.previous or 0)}，增幅最大"
            )
        elif fastest is top:
            text += f"，{numstyle.growth(top.value, top.previous or 0)}"
        return text + "。"

    return sentence


# section key -> [(order, sentences)], filled by paragraph() as the capabilities load.
PARAGRAPHS: dict[str, list[tuple[int, tuple[Sentence, ...]]]] = {k: [] for k in SECTION_KEYS}


def paragraph(section: str, order: int, *sentences: Sentence) -> None:
    """Place a paragraph of these sentences in a section of the summary."""
    if section not in PARAGRAPHS:
        raise ValueError(f"section is one of {SECTION_KEYS}")
    if any(o == order for o, _ in PARAGRAPHS[section]):
        raise ValueError(f"{section} already has a paragraph at {order}")
    PARAGRAPHS[section].append((order, sentences))


def paragraphs(section: str) -> list[tuple[Sentence, ...]]:
    return [sentences for _order, sentences in sorted(PARAGRAPHS[section], key=lambda p: p[0])]
