"""The statistics dashboard: its numbers equal counts over records we built, scope gives
404, every table exports the rows it shows, and bad input gets a message, not a crash."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from gonghui.core.figures import REGISTRY
from gonghui.members.models import Membership
from gonghui.reports import selectors, views_dashboard
from gonghui.workplans import services as workplan_services

from ..factories import make_member

YEAR = {"year": 2025}
EN = {"accept-language": "en"}


@pytest.fixture
def members(world):
    """Three members under 和平区 (one joined in 2024), two under 沈河区, one in 吉林."""
    for joined in ("2025-01-15", "2025-03-02", "2024-06-30"):
        make_member(world.grassroots, joined_on=joined)
    for joined in ("2025-03-20", "2025-11-05"):
        make_member(world.sibling_grassroots, joined_on=joined)
    make_member(world.other_grassroots, joined_on="2025-03-01")
    return world


def _xlsx(response) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_bar_table_equals_an_independent_count(members, as_user):
    w = members
    client = as_user(w.province_staff)
    page = client.get("/reports/", {"org": w.city.pk, **YEAR, "key": "members.total"})
    assert page.status_code == 200
    bars = {r["org"].pk: r["value"] for r in page.context["children"]}
    # Counted here without the figure registry: memberships of each county's subtree.
    expected = {
        c.pk: Membership.objects.filter(
            union__path__startswith=c.path, joined_on__lte=date(2025, 12, 31)
        ).count()
        for c in (w.county, w.sibling)
    }
    assert bars == expected == {w.county.pk: 3, w.sibling.pk: 2}
    html = page.content.decode()
    assert "和平区总工会" in html and "沈河区总工会" in html and "长春" not in html
    figures = {r["key"]: r["value"] for r in page.context["figures"]}
    assert figures["members.total"] == 5
    assert figures["members.new"] == 4  # the 2024 joiner is not new in 2025
    assert set(figures) == set(REGISTRY)  # every registered figure is on the page
    # The chart draws the table's own numbers, from local files only.
    charts = page.context["charts"]
    assert charts["bar"]["values"] == [bars[w.county.pk], bars[w.sibling.pk]]
    assert "/static/reports/vendor/echarts/echarts.min.js" in html
    assert "cdn" not in html.lower() and 'src="http' not in html
    # Without script the empty chart boxes stay hidden; the tables carry the figures.
    assert 'id="chart-children" class="chart" hidden' in html


def test_a_child_row_drills_down_to_its_own_dashboard(members, as_user):
    w = members
    page = as_user(w.city_leader).get("/reports/", {"org": w.city.pk, **YEAR})
    link = next(r["link"] for r in page.context["children"] if r["org"] == w.county)
    child = as_user(w.city_leader).get(link)
    assert child.status_code == 200 and child.context["org"] == w.county
    assert child.context["period"] == page.context["period"]
    assert [r["org"] for r in child.context["children"]] == [w.township]


def test_month_and_date_range_periods(members, as_user):
    client = as_user(members.province_staff)
    march = client.get(
        "/reports/", {"org": members.city.pk, "year": 2025, "month": 3, "key": "members.new"}
    )
    assert {r["org"].name: r["value"] for r in march.context["children"]} == {
        "和平区总工会": 1,
        "沈河区总工会": 1,
    }
    ranged = client.get(
        "/reports/",
        {"org": members.city.pk, "start": "2025-01-01", "end": "2025-03-10", "key": "members.new"},
    )
    assert ranged.context["period"].end == date(2025, 3, 10)
    assert sum(r["value"] for r in ranged.context["children"]) == 2


def test_trend_by_month_on_the_page_and_in_the_api(members, as_user):
    w = members
    client = as_user(w.province_staff)
    page = client.get("/reports/", {"org": w.city.pk, **YEAR, "key": "members.new"})
    trend = {r["month"]: r["value"] for r in page.context["trend"]}
    assert len(trend) == 12
    assert trend["2025-01"] == 1 and trend["2025-03"] == 2 and trend["2025-11"] == 1
    assert sum(trend.values()) == 4
    api = client.get(f"/api/v1/figures/members.new/trend?org_id={w.city.pk}&year=2025").json()
    assert [(r["month"], r["value"]) for r in api][:3] == [
        ("2025-01-01", 1),
        ("2025-02-01", 0),
        ("2025-03-01", 2),
    ]
    # A year not yet begun has no months to show (not a row of zeros).
    assert selectors.figure_trend(
        actor=w.province_staff,
        org_id=w.city.pk,
        key="members.new",
        year=2025,
        today=date(2025, 2, 14),
    )[-1][0] == date(2025, 2, 1)


def test_exports_contain_the_table_rows(members, as_user):
    w = members
    client = as_user(w.province_staff)
    params = {"org": w.city.pk, **YEAR, "key": "members.total"}
    rows = _xlsx(client.get("/reports/export/children/", {**params, "export": "xlsx"}))
    unit = str(REGISTRY["members.total"].unit)
    assert rows[1:] == [
        [w.county.pk, "和平区总工会", 3, unit, f"3{unit}"],
        [w.sibling.pk, "沈河区总工会", 2, unit, f"2{unit}"],
    ]
    trend = _csv(
        client.get("/reports/export/trend/", {**params, "key": "members.new", "export": "csv"})
    )
    assert trend[3][:2] == ["2025-03", "2"] and len(trend) == 13
    figures = _xlsx(client.get("/reports/export/figures/", {**params, "export": "xlsx"}))
    by_key = {r[5]: r for r in figures[1:]}
    assert by_key["members.total"][2] == 5 and set(by_key) == set(REGISTRY)
    # The page links to each export.
    html = client.get("/reports/", params).content.decode()
    assert "/reports/export/children/?" in html and "export=xlsx" in html
    assert client.get("/reports/export/nothing/", params).status_code == 404


def test_money_is_shown_in_yuan():
    paid = REGISTRY["campaigns.paid"]
    with translation.override("zh-hans"):
        style = views_dashboard._Style()
        assert style.written(paid, 25236300) == "25.24万元"
        assert style.unit(paid) == views_dashboard._("yuan")
        assert str(style.exact(paid, 123456)) == "1234.56"
    with translation.override("en"):
        style = views_dashboard._Style()
        assert style.written(paid, 123456) == "1,234.56 yuan"
        assert style.written(REGISTRY["members.total"], 13300) == "13,300 people"


def test_scope_other_counties_and_non_staff_get_404(members, as_user, client):
    w = members
    county = as_user(w.county_staff)
    default = county.get("/reports/")
    assert default.status_code == 200 and default.context["org"] == w.county
    for org in (w.sibling, w.city, w.other_province):
        assert county.get("/reports/", {"org": org.pk}).status_code == 404
        assert county.get("/reports/export/children/", {"org": org.pk}).status_code == 404
        assert (
            county.get(
                "/reports/records/",
                {"org": org.pk, "key": "members.total", "start": "2025-01-01", "end": "2025-12-31"},
            ).status_code
            == 404
        )
        assert (
            county.get(f"/api/v1/figures/members.total/trend?org_id={org.pk}&year=2025").status_code
            == 404
        )
    # The select box offers the county and what is below it, nothing beside or above it.
    offered = {o.pk for o, _ in default.context["org_choices"]}
    assert offered == {w.county.pk, w.township.pk}
    assert as_user(w.member).get("/reports/").status_code == 404
    client.logout()
    assert client.get("/reports/").status_code == 302  # to the login page


@pytest.mark.parametrize(
    "params, field, text",
    [
        ({"month": "13"}, "month", "12"),
        ({"start": "2025-05-01", "end": "2025-04-01"}, "end", "before the start"),
        ({"start": "2025-02-30", "end": "2025-04-01"}, "start", "valid date"),
        ({"start": "2025-02-01"}, "end", "both dates"),
        ({"key": "members.nothing"}, "key", "members.nothing"),
        ({"year": "abc"}, "year", "whole number"),
        ({"org": "x"}, "org", "whole number"),
    ],
)
def test_bad_input_gets_a_message(members, as_user, params, field, text):
    client = as_user(members.province_staff)
    page = client.get("/reports/", {"org": members.city.pk, **params}, headers=EN)
    assert page.status_code == 400
    assert field in page.context["form"].errors
    html = page.content.decode()
    assert 'role="alert"' in html and text in html
    assert (
        client.get(
            "/reports/export/children/", {"org": members.city.pk, **params}, headers=EN
        ).status_code
        == 400
    )


def test_api_trend_bad_input(members, as_user):
    client = as_user(members.province_staff)
    base = f"/api/v1/figures/members.new/trend?org_id={members.city.pk}"
    bad_year = client.get(f"{base}&year=20250")
    assert bad_year.status_code == 400 and bad_year.json()["fields"]["year"]
    assert client.get(f"{base}&year=x").status_code == 422
    assert (
        client.get(f"/api/v1/figures/nope/trend?org_id={members.city.pk}&year=2025").status_code
        == 404
    )


def test_records_page_lists_exports_and_pages(members, as_user, monkeypatch):
    w = members
    client = as_user(w.province_staff)
    params = {"key": "members.total", "org": w.city.pk, "start": "2025-01-01", "end": "2025-12-31"}
    page = client.get("/reports/records/", params)
    assert page.status_code == 200
    shown = [str(m) for m in page.context["page"]]
    expected = Membership.objects.filter(union__path__startswith=w.city.path).order_by("pk")
    assert shown == [str(m) for m in expected] and len(shown) == 5
    rows = _xlsx(client.get("/reports/records/", {**params, "export": "xlsx"}))
    assert sorted(r[1] for r in rows[1:]) == sorted(shown)
    monkeypatch.setattr(views_dashboard, "PAGE_SIZE", 2)
    second = client.get("/reports/records/", {**params, "page": 3})
    assert len(second.context["page"]) == 1
    # The figure rows of the dashboard link here.
    dash = client.get("/reports/", {"org": w.city.pk, **YEAR})
    assert "/reports/records/?key=members.total&amp;org=" in dash.content.decode()
    bad = client.get("/reports/records/", {**params, "key": "nope"}, headers=EN)
    assert bad.status_code == 400 and "nope" in bad.content.decode()
    reversed_dates = client.get("/reports/records/", {**params, "end": "2024-01-01"})
    assert reversed_dates.status_code == 400


def test_overdue_work_plan_tasks_are_flagged(world, as_user, monkeypatch):
    monkeypatch.setattr("gonghui.core.cleaning.today", lambda: date(2025, 1, 10))
    plan = workplan_services.plan_create(
        actor=world.county_staff, owner_id=world.county.pk, year=2025, title="2025年工作要点"
    )
    task = workplan_services.task_create(
        actor=world.county_staff,
        plan_id=plan.pk,
        title="走访辖区企业",
        owner_id=world.county.pk,
        deadline=date(2025, 3, 31),
    )
    page = as_user(world.county_staff).get("/reports/", YEAR)
    assert page.context["late_count"] >= 1
    assert any(o.kind == "task" and o.task == task for o in page.context["late"])
    html = page.content.decode()
    assert f'href="/workplans/tasks/{task.pk}/"' in html and "走访辖区企业" in html
    # The sibling county's dashboard does not show the county's late work.
    sibling = as_user(world.sibling_staff).get("/reports/", YEAR)
    assert sibling.context["late_count"] == 0 and "走访辖区企业" not in sibling.content.decode()


def test_every_figure_opens_its_records_and_money_charts_in_yuan(world, as_user):
    client = as_user(world.province_staff)
    for key in REGISTRY:
        page = client.get(
            "/reports/records/",
            {"key": key, "org": world.city.pk, "start": "2025-01-01", "end": "2025-12-31"},
        )
        assert page.status_code == 200, key
    money = client.get("/reports/", {"org": world.city.pk, **YEAR, "key": "campaigns.paid"})
    assert money.status_code == 200
    assert money.context["charts"]["bar"]["unit"] == money.context["unit"]
    assert money.context["children"][0]["text"].endswith(("元", "yuan"))


@pytest.mark.one_db
def test_the_figure_table_and_the_figure_select_escape_what_they_write():
    # Both are written in Python, not by the template: its escaping must still hold.
    row = {
        "key": "members.total",
        "group": "<b>会员</b>",
        "label": 'a "label" <script>',
        "text": "1&2",
        "exact": Decimal("1234.56"),
        "unit": "<i>",
        "records": "/reports/records/?key=members.total&org=1",
    }
    table = views_dashboard._figure_table([row], "org=1&year=2022")
    assert "<script>" not in table and "&lt;script&gt;" in table and "&quot;label&quot;" in table
    assert "&lt;b&gt;会员&lt;/b&gt;" in table and ">1&amp;2<" in table and "&lt;i&gt;" in table
    assert 'href="?org=1&amp;year=2022&key=members.total#children"' in table
    assert 'href="/reports/records/?key=members.total&amp;org=1"' in table
    assert ">1234.56<" in table
    options = views_dashboard._key_options("members.total")
    assert options.count("<option ") == len(REGISTRY)
    assert options.count(" selected") == 1 and '<option value="members.total" selected>' in options
