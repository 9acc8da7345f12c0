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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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


# ---- the writer: figures in, clauses out --------------------------------------------


def en_join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class Writer:
    """Writes figures in one language and remembers which figures each sentence used."""

    def __init__(self, values: dict[str, int], voice: Voice):
        self.values = values
        self.v = voice
        self.en = voice.en
        self.written: dict[str, str] = {}  # key -> the figure as written in the text
        self._sentence: list[str] = []
        self.first = True  # the sentence is the first of its paragraph (compose sets it)

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


Sentence = Callable[[Writer], str | None]


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
