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

Money, ``money(fen)``: integer fen in, 元 / 万元 / 亿元 out, with no decimals when the
amount is a whole number of the unit and otherwise exactly two, rounded half up from the
fen with integer arithmetic (no floats): below 1万元 in 元 to the fen (5000元,
1234.56元); from 1万元 in 万元 (2523.63万元, 500万元); from 1亿元 in 亿元 (120.87亿元).

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


def approx(n: int, unit: str = "", *, places: int = 0, word: str = "余") -> str:
    """A count cut down, with 余 (or 多) when anything was cut: 12万余个, 4900余名."""
    if word not in ("余", "多"):
        raise ValueError("word is 余 or 多")
    c = cut(n, places=places)
    more = word if c.shown < n else ""
    if c.scale == 1:
        return f"{c.shown}{more}{unit}"
    number = _decimal_text(c.steps, c.places)
    return f"{number}{'亿' if c.scale == YI else '万'}{more}{unit}"


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
    return f"{sign}{_decimal_text(q, 2, keep_zeros=True)}{unit}"


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
    if kind == "money":
        return english_money(n)
    raise ValueError("kind is count, approx or money")


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
    elif kind == "money":
        text = money(n)
    else:
        raise ValueError("kind is count, approx or money")
    if lang.lower().startswith(("zh-hant", "zh-tw", "zh-hk")):
        text = text.translate(_TRADITIONAL)
    return text


# ---- reading a figure back -------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    value: Decimal  # in plain units (people, 元 ...)
    unit: str  # what followed the number: 家, 人次, 元
    approximate: bool  # 余 or 多 followed the number


_FIGURE = re.compile(r"^(-?)(\d+(?:\.\d+)?)([万萬亿億]?)([余餘多]?)(.*)$")


def parse(text: str) -> Parsed:
    """'2523.63万元' -> Parsed(Decimal('25236300'), '元', False); '12万余个' -> 120000, 个, True."""
    m = _FIGURE.match(text.strip())
    if not m:
        raise ValueError(f"not a figure: {text!r}")
    sign, number, big, more, unit = m.groups()
    value = Decimal(number) * {"": 1, "万": WAN, "萬": WAN, "亿": YI, "億": YI}[big]
    return Parsed(-value if sign else value, unit, bool(more))


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
