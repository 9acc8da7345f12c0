"""Opening hours as cadres write them, holidays, nights past midnight, and "open now"."""

from datetime import datetime

import pytest

from gonghui.stations import hours

pytestmark = pytest.mark.one_db  # pure Python: the database engine plays no part


@pytest.mark.parametrize(
    "text,weekly",
    [
        ("每天 08:00-20:00", ["08:00-20:00"] * 7),
        ("08:00-20:00", ["08:00-20:00"] * 7),
        ("24小时", ["00:00-24:00"] * 7),
        ("全天", ["00:00-24:00"] * 7),
        (
            "周一至周五 08:00-18:00；周六、周日 09:00-12:00,14:00-17:00",
            ["08:00-18:00"] * 5 + ["09:00-12:00,14:00-17:00"] * 2,
        ),
        ("周一至周五 8:30-17:30", ["08:30-17:30"] * 5 + ["", ""]),
        ("Mon-Fri 08:00-18:00; Sat 09:00-12:00", ["08:00-18:00"] * 5 + ["09:00-12:00", ""]),
        (
            "周五至周一 10:00-22:00",
            ["10:00-22:00", "", "", "", "10:00-22:00", "10:00-22:00", "10:00-22:00"],
        ),
        ("每天 08:00-20:00；周日 休息", ["08:00-20:00"] * 6 + [""]),
        ("工作日 09:00-17:00", ["09:00-17:00"] * 5 + ["", ""]),
        ("每天 20:00-02:00", ["20:00-02:00"] * 7),
    ],
)
def test_parse_hours_text(text, weekly):
    assert hours.parse_hours_text(text) == weekly


@pytest.mark.parametrize(
    "text",
    [
        "",
        "每天",
        "周八 08:00-12:00",
        "每天 25:00-26:00",
        "每天 08:00-08:00",
        "每天 8点到20点",
        "每天 08:60-20:00",
        "每天 24:00-08:00",
    ],
)
def test_bad_hours_are_refused_with_a_reason(text):
    with pytest.raises(hours.HoursError) as exc:
        hours.parse_hours_text(text)
    assert str(exc.value)


def test_format_round_trips():
    for text in ["每天 08:00-20:00", "24小时", "周一至周五 08:00-18:00；周六 09:00-12:00"]:
        weekly = hours.parse_hours_text(text)
        assert hours.format_weekly(weekly) == text
        assert hours.parse_hours_text(hours.format_weekly(weekly, chinese=False)) == weekly


def test_normalize_weekly_from_a_list_or_a_dict():
    assert hours.normalize_weekly(["8:00-20:00"] * 7) == ["08:00-20:00"] * 7
    assert hours.normalize_weekly({"Mon": "09:00-17:00"}) == ["09:00-17:00"] + [""] * 6
    with pytest.raises(hours.HoursError):
        hours.normalize_weekly(["08:00-20:00"] * 6)


def test_special_days():
    days = hours.parse_special_days("2025-10-01 休息 国庆\n2025-10-02 09:00-12:00 国庆值班")
    assert days == [
        {"date": "2025-10-01", "hours": "", "note": "国庆"},
        {"date": "2025-10-02", "hours": "09:00-12:00", "note": "国庆值班"},
    ]
    assert hours.parse_special_days(hours.format_special_days(days)) == days
    for bad in ["国庆 休息", "2025-02-30 休息", "2025-10-01 休息\n2025-10-01 08:00-09:00"]:
        with pytest.raises(hours.HoursError):
            hours.parse_special_days(bad)


def test_open_at():
    weekly = ["08:00-18:00"] * 5 + ["", "20:00-02:00"]
    special = [{"date": "2025-10-01", "hours": "", "note": "国庆"}]
    assert hours.is_open_at(weekly, special, datetime(2025, 9, 30, 8, 0))  # Tuesday
    assert not hours.is_open_at(weekly, special, datetime(2025, 9, 30, 18, 0))  # end excluded
    assert not hours.is_open_at(weekly, special, datetime(2025, 10, 1, 10, 0))  # holiday
    assert not hours.is_open_at(weekly, special, datetime(2025, 10, 4, 10, 0))  # Saturday
    assert hours.is_open_at(weekly, special, datetime(2025, 10, 5, 23, 0))  # Sunday night
    assert hours.is_open_at(weekly, special, datetime(2025, 10, 6, 1, 30))  # past midnight
    assert not hours.is_open_at(weekly, special, datetime(2025, 10, 6, 2, 0))
    assert hours.is_open_at(["00:00-24:00"] * 7, [], datetime(2025, 1, 1, 23, 59))
