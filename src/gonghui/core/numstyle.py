"""Numbers as Chinese official reports write them, and their English equivalents.

The rules are those of the seed documents (above all 004, Liaoning's 2022 summary):

Counts, ``count(n, unit)`` (style "auto", the default):

* below 10,000: plain digits — 9885家, 4900名, 2759人;
* 10,000 to 99,999: plain digits, so that an exact five-digit count stays exact —
  12275家, 64287人 — unless the number is a whole number of hundreds, when 万 says it
  exactly in at most two decimals: 13,300 → 1.33万家, 21,500 → 2.15万对, 20,000 → 2万人;
* 100,000 to below 1亿: 万 with at most two decimals, rounded half up (四舍五入), trailing
  zeros dropped — 134.2万人, 84.74万人, 15.62万人次, 380万人;
* from 1亿: 亿 with at most two decimals — 1.25亿人.

  Style "exact" always writes plain digits; style "wan" writes every count from 10,000 in
  万 or 亿 (rounded as above), for a table that wants one look.

Approximate counts, ``approx(n, unit)``: the shown figure is cut down (never rounded up)
and 余 (or 多) follows it when something was cut off: 120,345 → 12万余个, 1,071,234 →
107万余人, 4937 → 4900余名, 3012 → 3000余场, 115,234 with ``places=1, word="多"`` →
11.5万多个. Below 100 a count is shown exactly; from 100 to 9,999 two significant digits
are kept; from 10,000 the figure is whole 万 (or 亿 from 1亿), or ``places`` decimals of
it. A figure that is exact has no 余: 120,000 → 12万个. Always:
shown × unit ≤ n < (shown + one step) × unit.

Money, ``money(fen)``: integer fen in, 元 / 万元 / 亿元 out, rounded half up from the
fen with integer arithmetic (no floats): below 1万元 in 元 to the fen, no decimals when
whole and otherwise exactly two (5000元, 1234.56元, 1234.50元); from 1万元 in 万元
(2523.63万元, 500万元); from 1亿元 in 亿元 (120.87亿元). In 万元 and 亿元 at most two
decimals and no trailing zero, as federations print them (61.8亿元, 25.7亿元: the seeds
have no such case; tests/core/test_numstyle.py cites the reports).

Phrases the seeds do not use but federations' published reports do (sources in the
test): ``percent`` (53.7%), ``rate`` (入会率达81.1%, 覆盖率为95%), ``share`` (占经费支出的
53.7%), ``point_change`` (比2012年提高6.3个百分点), ``growth`` (同比增长12.5%),
``net_change`` (净增1448.5万人), and the approximate words ``approx(word="以上")``
(80万人次以上), ``approx(word="超")`` (超1.22万个), ``near`` (近30万名) and ``about``
(约400万人). Each takes `lang` (zh-hans, zh-hant or en).

English: counts below a million in full with thousands separators (13,300 enterprises,
12,275 enterprises), from a million in millions or billions with at most two decimals
(1.34 million people); approximate counts say "more than" the same cut-down figure (more
than 120,000); money in yuan to the fen below a million yuan, else in million or billion
yuan with two decimals (25.24 million yuan, 12.09 billion yuan).

``parse(text)`` reads a Chinese figure back (value, unit, approximate), so that a test
can compare a figure in a generated report with a count over the records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

WAN = 10_000
YI = 100_000_000

STYLES = ("auto", "exact", "wan")

# The English noun for the Chinese classifiers reports use; callers may give their own.
ENGLISH_NOUNS = {
    "人": "people",
    "名": "people",
    "人次": "person-times",
    "家": "enterprises",
    "个": "",
    "场": "events",
    "场次": "sessions",
    "次": "times",
    "期": "sessions",
    "对": "pairs",
    "篇": "pieces",
    "元": "yuan",
}


def _check_int(n, name: str = "n") -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"{name} must be an integer, not {type(n).__name__}")
    return n


def _round_half_up(n: int, step: int) -> int:
    """n (non-negative) to a whole number of steps, halves going up."""
    q, r = divmod(n, step)
    return q + (1 if 2 * r >= step else 0)


def _decimal_text(q: int, places: int, *, keep_zeros: bool = False) -> str:
    """q in units of 10**-places as text: (252363, 2) -> '2523.63'; (13420, 2) -> '134.2'.

    A whole number has no decimals; otherwise trailing zeros go, unless `keep_zeros`
    (money keeps exactly two: 2523.60).
    """
    whole, frac = divmod(q, 10**places)
    if not places or frac == 0:
        return str(whole)
    digits = f"{frac:0{places}d}"
    return f"{whole}.{digits if keep_zeros else digits.rstrip('0')}"


def _scaled(n: int, places: int = 2) -> tuple[str, str]:
    """n (>= 1万) as (number text, 万 or 亿), rounded half up, promoted after rounding."""
    q = _round_half_up(n * 10**places, WAN)
    if q >= WAN * 10**places:  # 9999.995万 rounds to 10000万: say 1亿
        return _decimal_text(_round_half_up(n * 10**places, YI), places), "亿"
    return _decimal_text(q, places), "万"


def _sign(n: int) -> tuple[str, int]:
    return ("-", -n) if n < 0 else ("", n)


# ---- Chinese ---------------------------------------------------------------------------


def count(n: int, unit: str = "", *, style: str = "auto") -> str:
    """A count in official style: 12275家, 1.33万家, 134.2万人, 1.25亿人."""
    _check_int(n)
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}")
    sign, n = _sign(n)
    if style == "exact" or n < WAN:
        return f"{sign}{n}{unit}"
    if style == "auto" and n < 10 * WAN and n % 100:
        return f"{sign}{n}{unit}"  # an exact five-digit count stays exact
    number, big = _scaled(n)
    return f"{sign}{number}{big}{unit}"


@dataclass(frozen=True)
class Cut:
    """A count cut down for 余: shown = whole steps of `scale`, and whether it is exact."""

    steps: int  # the shown figure in units of `step`
    step: int  # one step, in plain units (e.g. 10,000 for whole 万)
    scale: int  # 1, 万 or 亿: what the written number is counted in
    places: int  # decimals written

    @property
    def shown(self) -> int:
        return self.steps * self.step


def cut(n: int, *, places: int = 0) -> Cut:
    """Where approx() cuts n: the largest figure of its precision not above n."""
    _check_int(n)
    if n < 0:
        raise ValueError("an approximate count is not negative")
    if places < 0 or places > 4:
        raise ValueError("places is between 0 and 4")
    if n < 100:
        return Cut(n, 1, 1, 0)
    if n < WAN:
        step = 10 ** (len(str(n)) - 2)  # keep two significant digits
        return Cut(n // step, step, 1, 0)
    scale = YI if n >= YI else WAN
    step = scale // 10**places
    return Cut(n // step, step, scale, places)


APPROX_WORDS = ("余", "多", "以上", "超")


def _cut_number(c: Cut) -> str:
    if c.scale == 1:
        return str(c.shown)
    return _decimal_text(c.steps, c.places) + ("亿" if c.scale == YI else "万")


def approx(n: int, unit: str = "", *, places: int = 0, word: str = "余") -> str:
    """A count cut down, with a word when anything was cut: 12万余个, 4900余名 (seed 004);
    80万人次以上, 超1.22万个 (federations' reports: 以上 follows the unit, 超 leads)."""
    if word not in APPROX_WORDS:
        raise ValueError(f"word is one of {APPROX_WORDS}")
    c = cut(n, places=places)
    number = _cut_number(c)
    if c.shown == n:
        return f"{number}{unit}"
    if word == "以上":
        return f"{number}{unit}以上"
    if word == "超":
        return f"超{number}{unit}"
    return f"{number}{word}{unit}"


def _up(n: int, places: int) -> Cut:
    """The smallest figure of approx()'s precision not below n (for 近 and 约): one
    step up from the cut, cut again so that 9950 goes to 1万 rather than 10000."""
    c = cut(n, places=places)
    return c if c.shown == n else cut((c.steps + 1) * c.step, places=places)


def near(n: int, unit: str = "", *, places: int = 0) -> str:
    """A count rounded up to a round figure with 近 (nearly): 近30万名, 近9.6万个 (the
    national federation's news); exact figures have no 近. Always n ≤ shown."""
    c = _up(n, places)
    if c.shown == n:
        return f"{_cut_number(c)}{unit}"
    return f"近{_cut_number(c)}{unit}"


def about(n: int, unit: str = "", *, places: int = 0) -> str:
    """A count rounded half up with 约 (about): 约400万人 (Zhejiang's federation)."""
    low, high = cut(n, places=places), _up(n, places)
    c = low if n - low.shown < high.shown - n else high
    if c.shown == n:
        return f"{_cut_number(c)}{unit}"
    return f"约{_cut_number(c)}{unit}"


# Fen in one hundredth of each unit: money is written in hundredths of its unit.
MONEY_HUNDREDTH = {"元": 1, "万元": 100 * WAN // 100, "亿元": 100 * YI // 100}


def money(fen: int, *, unit: str | None = None) -> str:
    """Money from integer fen: 5000元, 1234.56元, 2523.63万元, 500万元, 120.87亿元.

    `unit` forces 元, 万元 or 亿元; by default the amount chooses (from 1万元 in 万元, from
    1亿元 in 亿元). Two decimals, or none for a whole number of the unit; rounded half up.
    """
    _check_int(fen, "fen")
    if unit is not None and unit not in MONEY_HUNDREDTH:
        raise ValueError(f"unit must be one of {list(MONEY_HUNDREDTH)}")
    sign, fen = _sign(fen)
    if unit is None:
        if fen < 100 * WAN:
            unit = "元"
        else:  # 9999.995万元 rounds to 10000.00万元: that is 1亿元
            unit = "万元" if _round_half_up(fen, MONEY_HUNDREDTH["万元"]) < WAN * 100 else "亿元"
    q = _round_half_up(fen, MONEY_HUNDREDTH[unit])
    return f"{sign}{_decimal_text(q, 2, keep_zeros=unit == '元')}{unit}"


# ---- English ---------------------------------------------------------------------------


def _english_big(n: int) -> str:
    """n in full below a million, else millions or billions with at most two decimals."""
    if n < 1_000_000:
        return f"{n:,}"
    q = _round_half_up(n * 100, 1_000_000)
    if q < 100_000:  # below 1000.00 million
        return f"{_decimal_text(q, 2)} million"
    q = _round_half_up(n * 100, 1_000_000_000)
    whole, frac = divmod(q, 100)
    text = f"{whole:,}" + (f".{frac:02d}".rstrip("0") if frac else "")
    return f"{text} billion"


def _with_noun(number: str, noun: str) -> str:
    return f"{number} {noun}" if noun else number


def english_count(n: int, noun: str = "") -> str:
    """13,300 enterprises; 12,275 enterprises; 1.34 million people."""
    _check_int(n)
    sign, n = _sign(n)
    return _with_noun(sign + _english_big(n), noun)


def english_approx(n: int, noun: str = "", *, places: int = 0) -> str:
    """The figure approx() shows, in English: more than 120,000; 4,900 when exact.

    From a million the figure is cut (never rounded up) to hundredths of a million or
    a billion, so "more than" stays true.
    """
    shown = cut(n, places=places).shown
    if shown < 1_000_000:
        number = f"{shown:,}"
    else:
        size, word = (1_000_000, "million") if shown < 1_000_000_000 else (1_000_000_000, "billion")
        hundredths = shown * 100 // size
        shown = hundredths * size // 100
        number = f"{_decimal_text(hundredths, 2)} {word}"
    return _with_noun(f"more than {number}" if shown < n else number, noun)


def english_money(fen: int) -> str:
    """5,000 yuan; 1,234.56 yuan; 25.24 million yuan; 12.09 billion yuan."""
    _check_int(fen, "fen")
    sign, fen = _sign(fen)
    if fen < 100 * 1_000_000:
        yuan, cents = divmod(fen, 100)
        return f"{sign}{yuan:,}" + (f".{cents:02d}" if cents else "") + " yuan"
    q = _round_half_up(fen, 1_000_000)  # hundredths of a million yuan
    if q < 100_000:
        return f"{sign}{_decimal_text(q, 2, keep_zeros=True)} million yuan"
    q = _round_half_up(fen, 1_000_000_000)
    whole, frac = divmod(q, 100)
    return f"{sign}{whole:,}" + (f".{frac:02d}" if frac else "") + " billion yuan"


def english(n: int, noun: str = "", *, kind: str = "count", places: int = 0) -> str:
    """One entry point for the English figure: kind is count, approx or money (n in fen)."""
    if kind == "count":
        return english_count(n, noun)
    if kind == "approx":
        return english_approx(n, noun, places=places)
    if kind == "near":
        return english_near(n, noun, places=places)
    if kind == "about":
        return english_about(n, noun, places=places)
    if kind == "money":
        return english_money(n)
    raise ValueError("kind is count, approx or money")


def _english_scaled(shown: int, *, up: bool) -> str:
    """A round figure in English: in full below a million, else hundredths of a million
    or billion, cut down (up=False) or rounded up (up=True) so the word stays true."""
    if shown < 1_000_000:
        return f"{shown:,}"
    size, word = (1_000_000, "million") if shown < 1_000_000_000 else (1_000_000_000, "billion")
    hundredths = -(-shown * 100 // size) if up else shown * 100 // size
    return f"{_decimal_text(hundredths, 2)} {word}"


def english_near(n: int, noun: str = "", *, places: int = 0) -> str:
    """near() in English: nearly 300,000; the figure itself when exact."""
    c = _up(n, places)
    number = _english_scaled(c.shown, up=True)
    return _with_noun(number if c.shown == n else f"nearly {number}", noun)


def english_about(n: int, noun: str = "", *, places: int = 0) -> str:
    """about() in English: about 4 million."""
    low, high = cut(n, places=places), _up(n, places)
    shown = low.shown if n - low.shown < high.shown - n else high.shown
    number = _english_scaled(shown, up=shown > n)
    return _with_noun(number if shown == n else f"about {number}", noun)


# ---- rates, shares and changes ---------------------------------------------------------


def _is_en(lang: str) -> bool:
    return lang.lower().startswith("en")


def _zh(text: str, lang: str) -> str:
    """Simplified text in the report's Chinese: zh-hant through the platform's converter."""
    if lang.lower().startswith(("zh-hant", "zh-tw", "zh-hk")):
        from gonghui.core.chinese import to_traditional  # OpenCC only when asked for

        return to_traditional(text)
    return text


def _percent_of(numerator: int, denominator: int, places: int) -> tuple[str, int]:
    """|numerator / denominator| in percent, half up: ('53.7', sign)."""
    if denominator == 0:
        raise ValueError("a percentage of nothing: the base is 0")
    negative = (numerator < 0) != (denominator < 0) and numerator != 0
    q = _round_half_up(abs(numerator) * 100 * 10**places, abs(denominator))
    return _decimal_text(q, places), (-1 if negative and q else 1 if q else 0)


def percent(part: int, whole: int, *, places: int = 1) -> str:
    """part of whole in percent, half up, no trailing zero: 53.7%, 36%, 38.61% (places=2)."""
    _check_int(part, "part")
    _check_int(whole, "whole")
    if places < 0 or places > 4:
        raise ValueError("places is between 0 and 4")
    text, sign = _percent_of(part, whole, places)
    return f"{'-' if sign < 0 else ''}{text}%"


def rate(
    part: int, whole: int, name: str, *, verb: str = "达", lang: str = "zh-hans", places: int = 1
) -> str:
    """A rate as reports state it: 入会率达81.1%, 建会率为91.9%, 覆盖率达95%.

    `name` is in the report's language (覆盖率 / coverage); English: "coverage of 95%".
    """
    if verb not in ("达", "为"):
        raise ValueError("verb is 达 or 为")
    figure = percent(part, whole, places=places)
    if _is_en(lang):
        return f"{name} of {figure}"
    return _zh(f"{name}{verb}{figure}", lang)


def share(part: int, whole: int, of: str = "", *, lang: str = "zh-hans", places: int = 1) -> str:
    """What part of a whole: 占经费支出的53.7%, 占36% · 53.7% of union spending."""
    figure = percent(part, whole, places=places)
    if _is_en(lang):
        return f"{figure} of {of}" if of else figure
    return _zh(f"占{of}的{figure}" if of else f"占{figure}", lang)


def point_change(
    now: tuple[int, int],
    before: tuple[int, int],
    *,
    since: str = "",
    lang: str = "zh-hans",
    places: int = 1,
) -> str:
    """The change between two rates, each (part, whole), in percentage points:
    比2012年提高6.3个百分点, 下降0.5个百分点, 与上年持平 · up 6.3 percentage points from 2012.

    Worked out from the counts, not from rounded rates, so it is exact to its places.
    """
    (p1, w1), (p0, w0) = now, before
    for v in (p1, w1, p0, w0):
        _check_int(v)
    text, sign = _percent_of(p1 * w0 - p0 * w1, w1 * w0, places)
    if _is_en(lang):
        if sign == 0:
            return f"unchanged from {since}" if since else "unchanged"
        word = "up" if sign > 0 else "down"
        unit = "percentage point" if text == "1" else "percentage points"
        return f"{word} {text} {unit}" + (f" from {since}" if since else "")
    if sign == 0:
        return _zh(f"与{since}持平" if since else "持平", lang)
    word = "提高" if sign > 0 else "下降"
    return _zh(f"{'比' + since if since else ''}{word}{text}个百分点", lang)


def growth(
    now: int, before: int, *, yoy: bool = True, lang: str = "zh-hans", places: int = 1
) -> str | None:
    """Growth over the same period a year before: 同比增长12.5%, 同比下降3.2%, 同比持平;
    yoy=False: 比上年增长12.5%. None when there was nothing before (no base to compare).
    English: up 12.5% year on year; down 3.2% on the year before."""
    _check_int(now)
    _check_int(before)
    if before <= 0:
        return None
    text, sign = _percent_of(now - before, before, places)
    if _is_en(lang):
        when = "year on year" if yoy else "on the year before"
        if sign == 0:
            return f"unchanged {when}"
        return f"{'up' if sign > 0 else 'down'} {text}% {when}"
    head = "同比" if yoy else "比上年"
    if sign == 0:
        return _zh(f"{head}持平" if yoy else "与上年持平", lang)
    return _zh(f"{head}{'增长' if sign > 0 else '下降'}{text}%", lang)


def net_change(
    now: int, before: int, unit: str = "", *, lang: str = "zh-hans", noun: str | None = None
) -> str | None:
    """A net change as a count: 净增1448.5万人, 净减3个 · a net increase of 14.49 million
    people. None when nothing changed."""
    diff = _check_int(now) - _check_int(before)
    if diff == 0:
        return None
    if _is_en(lang):
        english_noun = ENGLISH_NOUNS.get(unit, "") if noun is None else noun
        word = "increase" if diff > 0 else "decrease"
        return f"a net {word} of {english_count(abs(diff), english_noun)}"
    return _zh(f"{'净增' if diff > 0 else '净减'}{count(abs(diff), unit)}", lang)


# ---- any language ----------------------------------------------------------------------

_TRADITIONAL = str.maketrans(
    {
        "万": "萬",
        "亿": "億",
        "余": "餘",
        "个": "個",
        "场": "場",
        "对": "對",
        "项": "項",
        "条": "條",
        "间": "間",
        "约": "約",
    }
)


def say(
    n: int,
    unit: str = "",
    *,
    lang: str = "zh-hans",
    kind: str = "count",
    noun: str | None = None,
    places: int = 0,
) -> str:
    """The figure in a report's language: zh-hans, zh-hant (and zh-hant-tw, zh-hk) or en.

    `unit` is the Chinese classifier (人, 家, 人次 ...); English uses `noun`, or the usual
    noun for that classifier. For kind="money", n is in fen and `unit` is ignored.
    """
    if lang.lower().startswith("en"):
        return english(
            n, ENGLISH_NOUNS.get(unit, "") if noun is None else noun, kind=kind, places=places
        )
    if kind == "count":
        text = count(n, unit)
    elif kind == "approx":
        text = approx(n, unit, places=places)
    elif kind == "near":
        text = near(n, unit, places=places)
    elif kind == "about":
        text = about(n, unit, places=places)
    elif kind == "money":
        text = money(n)
    else:
        raise ValueError("kind is count, approx, near, about or money")
    if lang.lower().startswith(("zh-hant", "zh-tw", "zh-hk")):
        text = text.translate(_TRADITIONAL)
    return text


# ---- reading a figure back -------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    value: Decimal  # in plain units (people, 元 ...)
    unit: str  # what followed the number: 家, 人次, 元
    approximate: bool  # 余 or 多 followed the number


_FIGURE = re.compile(r"^(-?)(?:超|近|约|約)?(\d+(?:\.\d+)?)([万萬亿億]?)([余餘多]?)(.*?)(以上)?$")


def parse(text: str) -> Parsed:
    """'2523.63万元' -> Parsed(Decimal('25236300'), '元', False); '12万余个' -> 120000, 个, True."""
    m = _FIGURE.match(text.strip())
    if not m:
        raise ValueError(f"not a figure: {text!r}")
    sign, number, big, more, unit, above = m.groups()
    value = Decimal(number) * {"": 1, "万": WAN, "萬": WAN, "亿": YI, "億": YI}[big]
    approximate = bool(more or above) or text.strip().lstrip("-")[:1] in ("超", "近", "约", "約")
    return Parsed(-value if sign else value, unit, approximate)


def estimate(n: int, *, lang: str = "zh-hans") -> str:
    """A count the database estimated, not counted: 约 1,234万 (about 12.34 million).
    Whole 万 with thousands separators below 1亿 (one decimal below 10万), 亿 with two
    decimals from it; below 1万 the number itself, to two significant digits."""
    _check_int(n)
    n = max(n, 0)
    if lang == "en":
        return f"about {_english_big(n if n >= 1_000_000 else _round_sig(n))}"
    if n >= YI:
        text = _decimal_text(_round_half_up(n, YI // 100), 2) + "亿"
    elif n >= 10 * WAN:
        text = f"{_round_half_up(n, WAN):,}万"
    elif n >= WAN:
        text = _decimal_text(_round_half_up(n, WAN // 10), 1) + "万"
    else:
        text = f"{_round_sig(n):,}"
    return f"约 {text}"


def _round_sig(n: int) -> int:
    """n to two significant digits, halves going up: 1234 -> 1200, 98765 -> 99000."""
    if n < 100:
        return n
    step = 10 ** (len(str(n)) - 2)
    return _round_half_up(n, step) * step
