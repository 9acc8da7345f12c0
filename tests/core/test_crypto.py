import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core import crypto


@given(st.text(min_size=1, max_size=60))
def test_round_trip_and_fresh_nonce(value):
    first, second = crypto.encrypt(value), crypto.encrypt(value)
    assert crypto.decrypt(first) == value and first != second
    assert crypto.blind_index(value) == crypto.blind_index(value)


def test_wrong_key_cannot_read():
    token = crypto.encrypt("110105199001011234")
    try:
        crypto.decrypt(token, secret="another key")
    except Exception as exc:
        assert type(exc).__name__ == "InvalidTag"
    else:
        raise AssertionError("decrypted with the wrong key")


def test_mask():
    assert crypto.mask("110105199001011234") == "110***********1234"
    assert crypto.mask("13900000002") == "139****0002"


@pytest.mark.one_db
@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张伟", "张*"),  # two characters: the family name only
        ("张晓明", "张*明"),  # three: first and last, as a 公示 prints it
        ("欧阳晓明", "欧**明"),  # a compound surname: still first and last
        ("买买提·艾力", "买****力"),
        (" 李娜 ", "李*"),  # spaces around do not count
        ("王", "*"),  # one character would show the whole name
        ("", ""),
    ],
)
def test_mask_name(name, masked):
    assert crypto.mask_name(name) == masked


@pytest.mark.one_db
@given(st.text(alphabet="张王李赵欧阳晓明伟芳", min_size=3, max_size=8))
def test_mask_name_hides_all_but_two_characters(name):
    masked = crypto.mask_name(name)
    assert len(masked) == len(name) and masked[0] == name[0] and masked[-1] == name[-1]
    assert set(masked[1:-1]) == {"*"}


def _division_codes() -> tuple[list[str], list[str]]:
    """County-level codes from stdnum's GB/T 2260 data: (in use today, ended: renamed or
    abolished)."""
    import re
    from pathlib import Path

    import stdnum

    current, ended = [], []
    province = ""
    for line in (Path(stdnum.__file__).parent / "cn" / "loc.dat").read_text().splitlines():
        if m := re.match(r"^(\d\d) province=", line):
            province = m[1]
        elif m := re.match(r'^  (\d{4}) county="(\[(\d*)-(\d*)\])?', line):
            if m[1].endswith("00"):
                continue
            (ended if m[4] else current).append(province + m[1])
    return current, ended


def test_id_numbers_of_every_generation_and_division_are_accepted():
    """Births from 1930 to today, in current divisions and in ones renamed or abolished
    since: an ID number keeps the code of the place that first issued it (issue 11: people
    born before 1984 could not join)."""
    import random
    from datetime import date, timedelta

    from stdnum.cn import ric

    from gonghui.core.validators import clean_resident_id

    current, ended = _division_codes()
    rng = random.Random(11)
    divisions = rng.sample(current, 40) + rng.sample(ended, 20) + ["210102", "110103"]
    today = date.today()
    checked = 0
    for code in divisions:
        for year in range(1930, today.year + 1, 4):
            born = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
            born = min(born, today)
            body = f"{code}{born:%Y%m%d}{rng.randint(0, 999):03d}"
            number = body + ric.calc_check_digit(body + "0")
            assert clean_resident_id(number) == number, (number, code, born)
            checked += 1
    assert checked > 1000
    assert clean_resident_id("210102197506011233") == "210102197506011233"  # the report's


@pytest.mark.parametrize(
    "number,why",
    [
        ("210102197506011234", "check digit"),
        ("210102197502301230", "no such day"),
        ("999999197506011230", "no such division"),
        ("2101021975060112", "too short"),
        ("21010219750601123Y", "not a digit or X"),
    ],
)
def test_bad_id_numbers_are_refused(number, why):
    from django.core.exceptions import ValidationError
    from stdnum.cn import ric

    from gonghui.core.validators import clean_resident_id

    if why not in {"check digit", "too short", "not a digit or X"}:
        number = number[:17] + ric.calc_check_digit(number[:17] + "0")  # only `why` is wrong
    with pytest.raises(ValidationError):
        clean_resident_id(number)


def test_a_birth_date_in_the_future_is_refused():
    from datetime import date, timedelta

    from django.core.exceptions import ValidationError
    from stdnum.cn import ric

    from gonghui.core.validators import clean_resident_id

    body = f"210102{date.today() + timedelta(days=2):%Y%m%d}123"
    with pytest.raises(ValidationError):
        clean_resident_id(body + ric.calc_check_digit(body + "0"))
