"""The members' drill-down sheets at a province's scale: the statement that reads a
sheet's first ids is planned as a join PostgreSQL estimates right (an anti-join for "not a
transfer") and, for the gig workers, walks the index of the gig workers, not every
membership by id (bench/RESULTS.md, issue 13: 41 s of the summary job were these)."""

import re
from datetime import date

import pytest
from django.db import connection

from gonghui.core.figures import Period
from gonghui.members.models import GIG_KINDS, Membership
from gonghui.reports.selectors import records_of
from gonghui.reports.summary_output import MAX_ROWS

from ..factories import make_member

YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))
GIG_SHEETS = [
    "members.gig",
    "members.gig_new",
    *(f"members.by_work_kind.{kind}" for kind in GIG_KINDS),
]
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's plans (SQLite has no EXPLAIN of these)"
)


@pytest.fixture
def register(world):
    for i in range(12):
        make_member(world.grassroots, f"会员{i}", joined_on="2022-03-15")
    for i, kind in enumerate(GIG_KINDS * 3):
        make_member(world.sibling_grassroots, f"骑手{i}", joined_on="2022-05-05", work_kind=kind)
    return world


def _plan(rows) -> str:
    sql, params = rows.values_list("pk")[: MAX_ROWS + 1].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(line for (line,) in cursor.fetchall())


@on_postgresql
def test_a_new_members_sheet_is_an_anti_join_not_a_left_join_estimated_at_one_row(register):
    plan = _plan(records_of(org=register.province, key="members.new", period=YEAR))
    assert "Anti Join" in plan, plan
    assert "Left Join" not in plan and "IS NULL" not in plan, plan


@on_postgresql
@pytest.mark.parametrize("key", GIG_SHEETS)
def test_a_gig_sheet_walks_the_gig_workers_index_not_every_membership(register, key):
    """The test's few rows would be read whole by any plan: scans of whole tables are
    priced out as they are for a province's ten million (enable_seqscan), and the plan
    must still find the first gig workers through their index, not by walking the
    memberships' ids (or their people's ids) and testing each."""
    rows = records_of(org=register.province, key=key, period=YEAR)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    plan = _plan(rows)
    assert "members_person_gig" in plan, plan
    # The order is the index's: what it walks is the sheet's first records, no sort of
    # every gig worker and no walk of the memberships by id (or by person) ahead of it.
    # (One kind of work: the kind is the same in every row, and left out of the key.)
    assert re.search(
        r"Presorted Key: (members_person\.work_kind, )?members_membership\.person_id\n", plan
    ), plan
    assert "members_membership_pkey" not in plan, plan
    assert "Seq Scan" not in plan, plan


@pytest.mark.parametrize("key", GIG_SHEETS)
def test_a_gig_sheet_lists_its_gig_members_by_kind_of_work_then_person(register, key):
    rows = list(records_of(org=register.province, key=key, period=YEAR).select_related("person"))
    expected = Membership.objects.filter(
        person__work_kind__in=GIG_KINDS if "by_work_kind" not in key else [key.rsplit(".")[-1]]
    ).order_by("person__work_kind", "person_id", "pk")
    assert rows == list(expected)
    assert [r.person.work_kind for r in rows] == sorted(r.person.work_kind for r in rows)


def test_the_records_page_and_api_list_a_gig_figure_in_the_sheets_order(register, as_user):
    """Every place that lists a figure's records reads them in one order (drill_order):
    the page and the API stop after a page where the sheet does."""
    sheet = [m.pk for m in records_of(org=register.province, key="members.gig", period=YEAR)]
    by_id = sorted(sheet)
    assert sheet != by_id  # the kinds of work interleave ids: the orders differ here
    client = as_user(register.province_staff)
    q = f"org_id={register.province.pk}&start=2022-01-01&end=2022-12-31&limit=100"
    items = client.get(f"/api/v1/figures/members.gig/records?{q}").json()["items"]
    assert [r["id"] for r in items] == sheet
    page = client.get(
        f"/reports/records/?org={register.province.pk}&key=members.gig"
        "&start=2022-01-01&end=2022-12-31"
    ).content.decode()
    names = [str(m) for m in records_of(org=register.province, key="members.gig", period=YEAR)]
    positions = [page.index(name) for name in names]
    assert positions == sorted(positions)
