"""The resident ID check (core.validators.clean_resident_id) keeps every refusal while it
memoizes what depends only on the division code and the birth date (issue 13 item 2)."""

import random
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import ric

from gonghui.core.validators import clean_resident_id, resident_id_and_birth_date


def numbered(division: str, born: str, seq: int = 123) -> str:
    body = f"{division}{born}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def wrong_check(number: str) -> str:
    return number[:17] + ("0" if number[-1] != "0" else "1")


def refused(value: str) -> bool:
    try:
        clean_resident_id(value)
    except ValidationError:
        return True
    return False


def reference(value: str) -> str | None:
    """The check written out with stdnum's own pieces and no memo: the number, or None."""
    from stdnum import numdb

    number = ric.compact(value)
    if len(number) != 18 or not number[:17].isdigit() or not number[:17].isascii():
        return None
    if number[-1] != ric.calc_check_digit(number):
        return None
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    if born > date.today() or born.year < 1900:
        return None
    info = {k: v for _p, props in numdb.get("cn/loc").info(number[:6]) for k, v in props.items()}
    return number if "county" in info else None


@pytest.mark.one_db
@pytest.mark.parametrize("born", ["19500101", "19500615", "19840101", "19831231", "20000229"])
def test_people_born_in_1950_1984_and_2000_pass(born):
    # 1984 or earlier: numbers issued in divisions created after the birth (a past bug).
    number = numbered("210102", born)
    assert clean_resident_id(number) == number
    assert resident_id_and_birth_date(number)[1] == date(
        int(born[:4]), int(born[4:6]), int(born[6:])
    )


@pytest.mark.one_db
@pytest.mark.parametrize(
    "number",
    [
        wrong_check(numbered("210102", "19500601")),  # check digit (born 1950)
        wrong_check(numbered("210102", "20000601")),  # check digit (born 2000)
        numbered("210102", "19500229"),  # 1950 was not a leap year
        numbered("210102", "20000230"),  # no 30 February
        numbered("210102", "19001301"),  # no thirteenth month
        numbered("210102", "18991231"),  # before 1900
        numbered("999999", "19500601"),  # no such division
        numbered("999999", "20000601"),
        "2101021950060112",  # too short
        "21010219500601123Y",  # not a digit or X
        "٢١٠١٠٢١٩٥٠٠٦٠١١٢٣٤",  # digits, but not ASCII ones
    ],
)
def test_each_refusal_is_kept(number):
    assert refused(number)
    assert refused(number)  # and again, from the memo


@pytest.mark.one_db
def test_a_birth_date_in_the_future_is_refused_after_the_same_date_was_remembered():
    # The memo holds the date, not the answer: "not in the future" is asked each time.
    tomorrow = date.today() + timedelta(days=2)
    assert refused(numbered("210102", f"{tomorrow:%Y%m%d}"))
    assert refused(numbered("210102", f"{tomorrow:%Y%m%d}"))
    today = numbered("210102", f"{date.today():%Y%m%d}")
    assert clean_resident_id(today) == today


@pytest.mark.one_db
def test_a_good_number_does_not_let_a_bad_one_of_the_same_place_and_birth_through():
    good = numbered("210102", "19500601", 124)
    bad = wrong_check(good)
    assert clean_resident_id(good) == good
    assert refused(bad)
    assert clean_resident_id(good) == good


@pytest.mark.one_db
@pytest.mark.parametrize(
    "written",
    [
        " {} ",  # spaces around
        "{}\n",
        "{lower}",  # a lower-case x
        "{wide}",  # full-width digits, as some Chinese input methods type them
    ],
)
def test_written_forms_are_compacted_as_stdnum_does(written):
    number = next(n for s in range(1000) if (n := numbered("210102", "19840229", s))[-1] == "X")
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number)
    value = written.format(number, lower=number.lower(), wide=wide)
    assert clean_resident_id(value) == number == reference(value)


@pytest.mark.one_db
def test_same_answers_as_stdnum_without_the_memo():
    """Thousands of numbers, good and bad in every way, in random order and twice: the
    memoized check answers as the check written with stdnum's pieces alone."""
    rng = random.Random(13)
    divisions = ["210102", "110103", "440305", "999999", "210100", "110000", "230183"]
    values = []
    for _ in range(3000):
        born = date(1890, 1, 1) + timedelta(days=rng.randint(0, 50000))
        digits = f"{born:%Y%m%d}"
        if rng.random() < 0.1:  # an impossible day
            digits = digits[:6] + rng.choice(["30", "31", "32", "00"])
        number = numbered(rng.choice(divisions), digits, rng.randint(0, 999))
        if rng.random() < 0.2:  # a wrong check digit
            number = number[:17] + rng.choice("0123456789X")
        values.append(number)
    values += values[::-1]
    for value in values:
        expected = reference(value)
        assert (None if refused(value) else clean_resident_id(value)) == expected, value
    assert sum(reference(v) is None for v in values) > 500
    assert sum(reference(v) is not None for v in values) > 1000
