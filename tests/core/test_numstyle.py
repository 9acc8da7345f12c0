"""Official number style: the seeds' own figures, and properties of the rounding."""

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from gonghui.core import numstyle as ns

pytestmark = pytest.mark.one_db  # pure Python: the database engine plays no part

# ---- the figures of seed 004, written from the numbers behind them ----------------------


@pytest.mark.parametrize(
    "n, unit, text",
    [
        (12275, "家", "12275家"),  # 参展企业12275家: an exact five-digit count stays exact
        (64287, "人", "64287人"),  # 指导新发展会员64287人
        (13300, "家", "1.33万家"),  # 参与企业1.33万家
        (1342000, "人", "134.2万人"),  # 覆盖职工134.2万人
        (156200, "人次", "15.62万人次"),  # 慰问职工15.62万人次
        (82800, "人次", "8.28万人次"),  # 培训职工8.28万人次
        (21500, "对", "2.15万对"),  # "师带徒"结对2.15万对
        (20000, "人", "2万人"),  # 资助困难职工2万人
        (847400, "人", "84.74万人"),
        (3800000, "人", "380万人"),
        (2255000, "人", "225.5万人"),
        (9885, "家", "9885家"),
        (4900, "名", "4900名"),
        (743, "个", "743个"),
        (0, "个", "0个"),
    ],
)
def test_seed_counts(n, unit, text):
    assert ns.count(n, unit) == text


@pytest.mark.parametrize(
    "n, kwargs, text",
    [
        (120345, {}, "12万余个"),  # 提供就业岗位12万余个
        (1071234, {}, "107万余个"),  # 招聘107万余人
        (1340500, {}, "134万余个"),  # 就业服务134万余人次
        (4937, {}, "4900余个"),  # 4900余名选手
        (3012, {}, "3000余个"),  # 赛事3000余场
        (980400, {"word": "多"}, "98万多个"),  # 参与职工98万多人
        (115234, {"places": 1, "word": "多"}, "11.5万多个"),  # 合理化建议11.5万多个
        (120000, {}, "12万个"),  # exact: no 余
        (99, {}, "99个"),
        (4900, {}, "4900个"),
        (123_456_789, {}, "1亿余个"),
        (123_456_789, {"places": 2}, "1.23亿余个"),
    ],
)
def test_seed_approximations(n, kwargs, text):
    assert ns.approx(n, "个", **kwargs) == text


@pytest.mark.parametrize(
    "fen, text",
    [
        (25_236_300_00, "2523.63万元"),  # 下拨送温暖资金2523.63万元
        (12_087_000_000_00, "120.87亿元"),  # 创收120.87亿元
        (89_466_700_00, "8946.67万元"),  # 发放培训补贴8946.67万元
        (11_943_100_00, "1194.31万元"),
        (1_310_900_00, "131.09万元"),
        (5_000_000_00, "500万元"),  # 500万元促进就业专项资金
        (100_000_00, "10万元"),  # 每个县区工会10万元
        (100_000_000_00, "1亿元"),  # 票房突破1亿元
        (25_236_000_00, "2523.6万元"),  # no trailing zero in 万元 (test_numstyle_reports)
        (5000_00, "5000元"),
        (1234_56, "1234.56元"),
        (1234_50, "1234.50元"),
        (4, "0.04元"),
        (-25_236_300_00, "-2523.63万元"),
        (99_999_995_00, "1亿元"),  # 9999.99995万元 rounds to 10000.00万元, which is 1亿元
    ],
)
def test_seed_money(fen, text):
    assert ns.money(fen) == text


def test_forced_money_unit():
    assert ns.money(5000_00, unit="万元") == "0.5万元"
    assert ns.money(12_087_000_000_00, unit="万元") == "1208700万元"


@pytest.mark.parametrize(
    "call, text",
    [
        (lambda: ns.english_count(13300, "enterprises"), "13,300 enterprises"),
        (lambda: ns.english_count(12275, "enterprises"), "12,275 enterprises"),
        (lambda: ns.english_count(1342000, "people"), "1.34 million people"),
        (lambda: ns.english_money(25_236_300_00), "25.24 million yuan"),
        (lambda: ns.english_money(12_087_000_000_00), "12.09 billion yuan"),
        (lambda: ns.english_money(5000_00), "5,000 yuan"),
        (lambda: ns.english_approx(120345), "more than 120,000"),
        (lambda: ns.english_approx(4937, "contestants"), "more than 4,900 contestants"),
        (lambda: ns.english_approx(120000), "120,000"),
        (lambda: ns.say(156200, "人次", lang="en"), "156,200 person-times"),
        (lambda: ns.say(120345, "个", lang="zh-hant", kind="approx"), "12萬餘個"),
        (lambda: ns.say(25_236_300_00, lang="en", kind="money"), "25.24 million yuan"),
    ],
)
def test_english_and_traditional(call, text):
    assert call() == text


def test_bad_input_is_refused():
    with pytest.raises(TypeError):
        ns.count(1.5, "人")
    with pytest.raises(TypeError):
        ns.money(True)
    with pytest.raises(ValueError):
        ns.approx(-3)
    with pytest.raises(ValueError):
        ns.count(3, style="fancy")
    with pytest.raises(ValueError):
        ns.money(3, unit="千元")
    with pytest.raises(ValueError):
        ns.parse("约十二万")


# ---- properties -------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=10**13)
places = st.integers(min_value=0, max_value=4)


def _step(n: int, places: int) -> int:
    """The precision approx() promises, worked out here independently of the module."""
    if n < 100:
        return 1
    if n < 10**4:
        return 10 ** (len(str(n)) - 2)
    return (10**8 if n >= 10**8 else 10**4) // 10**places


@given(counts, places, st.sampled_from(["余", "多"]))
@example(120345, 0, "余")
@example(99_999_999, 4, "余")
def test_approx_never_rounds_up(n, p, word):
    text = ns.approx(n, "个", places=p, word=word)
    parsed = ns.parse(text)
    shown = parsed.value
    assert shown == int(shown)
    step = _step(n, p)
    assert shown <= n < shown + step, text
    assert parsed.approximate == (shown < n), text  # 余 exactly when something was cut
    assert parsed.unit == "个"


@given(counts)
@example(99_995)
@example(99_999_999)
@example(9_999_950)
def test_count_is_exact_or_rounded_half_up(n):
    text = ns.count(n, "人")
    parsed = ns.parse(text)
    number = re.match(r"[\d.]+", text).group()
    assert len(number.partition(".")[2]) <= 2
    if n < 10**4 or (n < 10**5 and n % 100):
        assert parsed.value == n and "万" not in text
        return
    size = 10**8 if "亿" in text else 10**4
    expected = (Decimal(n) / size).quantize(Decimal("0.01"), ROUND_HALF_UP) * size
    assert parsed.value == expected, text
    assert abs(parsed.value - n) * 2 <= size // 100


@given(counts, counts)
def test_count_and_money_keep_order(a, b):
    a, b = min(a, b), max(a, b)
    assert ns.parse(ns.count(a)).value <= ns.parse(ns.count(b)).value
    assert ns.parse(ns.money(a)).value <= ns.parse(ns.money(b)).value
    assert ns.parse(ns.approx(a)).value <= ns.parse(ns.approx(b)).value


@given(st.integers(min_value=-(10**15), max_value=10**15))
@example(99_999_995_00)
@example(999_999)
def test_money_is_exact_to_the_fen_at_its_precision(fen):
    text = ns.money(fen)
    parsed = ns.parse(text)
    number = re.match(r"-?([\d.]+)", text).group(1)
    decimals = number.partition(".")[2]
    if text.endswith("万元") or text.endswith("亿元"):  # at most two, no trailing zero
        assert len(decimals) <= 2 and not decimals.endswith("0")
    else:  # 元: none or exactly two
        assert "." not in number or len(decimals) == 2
    hundredth = (
        Decimal(10**6) if "亿元" in text else Decimal(100) if "万元" in text else Decimal("0.01")
    )  # one hundredth of the unit written, in yuan
    yuan = Decimal(fen) / 100
    expected = (yuan.copy_abs() / hundredth).quantize(Decimal(1), ROUND_HALF_UP) * hundredth
    assert parsed.value.copy_abs() == expected, text
    if abs(fen) < 100 * 10**4:
        assert parsed.value * 100 == fen  # below 1万元: to the fen


def _english_value(text: str) -> tuple[Decimal, bool]:
    m = re.match(r"^(more than )?(-?[\d,.]+)( million| billion)?", text)
    value = Decimal(m.group(2).replace(",", ""))
    value *= {None: 1, " million": 10**6, " billion": 10**9}[m.group(3)]
    return value, bool(m.group(1))


@given(counts, places)
def test_english_approx_says_the_truth(n, p):
    value, more = _english_value(ns.english_approx(n, places=p))
    assert value <= n and more == (value < n)
    assert value >= ns.cut(n, places=p).shown - 10**7  # cut to hundredths of a billion at most


@given(counts)
def test_english_count_and_money_round_half_up(n):
    text = ns.english_count(n)
    value, _ = _english_value(text)
    if n < 10**6:
        assert value == n
    else:  # hundredths of a million or of a billion
        size = 10**9 if "billion" in text else 10**6
        assert abs(value - n) * 2 <= size // 100
    text = ns.english_money(n)
    money, _ = _english_value(text)
    yuan = Decimal(n) / 100
    if yuan < 10**6:
        assert money == yuan
    else:
        size = 10**9 if "billion" in text else 10**6
        assert abs(money - yuan) * 2 <= size // 100
