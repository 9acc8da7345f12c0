"""Stocks of a closed year (members, unions, positions, open files … on the period's last
day) are read from the roll-ups like every other figure: the kept value is the count as of
the period's end, a correction dated in the period reaches it with the nightly job, a stock
of the present state keeps its snapshot, and the dashboard and the summary of a closed year
count nothing live."""

from datetime import date, datetime

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.core.figures import REGISTRY, Period
from gonghui.members.services import membership_leave
from gonghui.reports import rollups, selectors, summary
from gonghui.reports.models import FigureRollup

from ..factories import make_member
from ..stations.helpers import make_station
from .test_rollups import records  # noqa: F401  (the fixture: rows of every capability)

YEAR_2022 = Period(date(2022, 1, 1), date(2022, 12, 31))
DECEMBER_2022 = Period(date(2022, 12, 1), date(2022, 12, 31))
STOCKS = [f for f in REGISTRY.values() if not f.additive]


def _aggregates(queries) -> list[str]:
    """The statements that count or sum rows: a live count of some figure."""
    return [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() or "SUM(" in q["sql"]]


def _kept(org, key: str, period: Period) -> int:
    return FigureRollup.objects.get(org=org, key=key, start=period.start, end=period.end).value


def test_a_closed_years_stocks_are_kept_as_counted_on_its_last_day(records):  # noqa: F811
    w = records
    stayed = make_member(w.grassroots, "留下", joined_on="2021-03-01")
    left = make_member(w.grassroots, "离开", joined_on="2021-03-01")
    membership_leave(
        actor=w.county_staff, membership_id=stayed.pk, reason="调离", on=date(2023, 5, 1)
    )
    membership_leave(
        actor=w.county_staff, membership_id=left.pk, reason="调离", on=date(2022, 8, 1)
    )
    rollups.refresh(2022, today=date(2023, 1, 1))

    federations = [w.province, w.city, w.county, w.sibling, w.other_county, w.other_province]
    for period in (YEAR_2022, DECEMBER_2022):
        kept = {(org.pk, f.key): _kept(org, f.key, period) for org in federations for f in STOCKS}
        live = {(org.pk, f.key): f.value(org.path, period) for org in federations for f in STOCKS}
        assert kept == live
    # Joined in 2021 and left in 2023: a member at the end of 2022. Left in August 2022: a
    # member at the end of July, not at the end of the year.
    at_end = REGISTRY["members.total"].records(w.county.path, YEAR_2022)
    assert at_end.filter(pk=stayed.pk).exists() and not at_end.filter(pk=left.pk).exists()
    year_end = _kept(w.county, "members.total", YEAR_2022)
    assert year_end == _kept(w.county, "members.total", rollups.month(2022, 7)) - 1
    assert year_end == _kept(w.county, "members.total", DECEMBER_2022)
    with CaptureQueriesContext(connection) as queries:
        values = selectors.figure_values(
            actor=w.province_staff, org_id=w.county.pk, period=YEAR_2022
        )
    assert values["members.total"] == year_end
    assert _aggregates(queries) == []
    assert not [q for q in queries if "members_membership" in q["sql"]]


def test_a_correction_dated_in_a_closed_year_reaches_its_rollup_with_the_nightly_job(
    records,  # noqa: F811
):
    """As for counts of dated records (a join recorded late), the nightly job counts last
    year again, stocks included: a leaving recorded late lowers last year's members."""
    w = records
    last_year = timezone.localdate().year - 1
    year = Period(date(last_year, 1, 1), date(last_year, 12, 31))
    member = make_member(w.grassroots, "补录", joined_on=f"{last_year - 2}-01-01")
    call_command("rollup")  # what gonghui serve runs every night: last year and this year
    before = selectors.figure_values(actor=w.province_staff, org_id=w.city.pk, period=year)

    membership_leave(
        actor=w.county_staff, membership_id=member.pk, reason="补录离会", on=date(last_year, 6, 30)
    )
    make_member(w.sibling_grassroots, "补录入会", joined_on=f"{last_year}-09-01")
    kept = selectors.figure_values(actor=w.province_staff, org_id=w.city.pk, period=year)
    assert kept["members.total"] == before["members.total"]  # kept until the job runs

    call_command("rollup")
    after = selectors.figure_values(actor=w.province_staff, org_id=w.city.pk, period=year)
    assert after["members.total"] == before["members.total"] - 1 + 1
    assert after["members.new"] == before["members.new"] + 1
    # The months too: a member of 和平 at the end of May, no longer at the end of June.
    may, june = rollups.month(last_year, 5), rollups.month(last_year, 6)
    assert _kept(w.county, "members.total", may) - _kept(w.county, "members.total", june) == 1
    for period in (may, june, year):
        assert _kept(w.county, "members.total", period) == REGISTRY["members.total"].value(
            w.county.path, period
        )


def test_a_stock_of_the_present_state_keeps_the_snapshot_first_counted(records):  # noqa: F811
    """A position's closing has no date: counted again in 2026, the 2022 roll-up would lose
    a position that was open all through 2022. Its roll-up is kept; a stock of dates alone
    (members) is counted again in the same refresh."""
    w = records
    assert REGISTRY["stations.total"].snapshot and not REGISTRY["members.total"].snapshot
    station = make_station(w.grassroots, kind="outdoor")
    set_up = timezone.make_aware(datetime(2022, 5, 1, 9))
    type(station).objects.filter(pk=station.pk).update(created_at=set_up)
    rollups.refresh(2022, today=date(2023, 1, 1))
    assert _kept(w.county, "stations.total", YEAR_2022) == 1
    assert _kept(w.county, "stations.by_kind.outdoor", YEAR_2022) == 1
    members = _kept(w.county, "members.total", YEAR_2022)

    type(station).objects.filter(pk=station.pk).update(status="closed")  # closed today
    make_member(w.grassroots, "补录", joined_on="2022-06-01")
    assert REGISTRY["stations.total"].value(w.county.path, YEAR_2022) == 0  # the drift
    rollups.refresh(2022, today=date(2023, 1, 1))
    assert _kept(w.county, "stations.total", YEAR_2022) == 1
    assert _kept(w.county, "stations.by_kind.outdoor", YEAR_2022) == 1
    assert _kept(w.county, "members.total", YEAR_2022) == members + 1  # counted again

    # After a change of the figure's definition, the operator counts them again.
    call_command("rollup", "--year", "2022", "--recount-snapshots")
    assert _kept(w.county, "stations.total", YEAR_2022) == 0


def test_the_dashboard_of_a_closed_year_counts_nothing_live(
    records,  # noqa: F811
    as_user,
    django_assert_num_queries,
):
    w = records
    rollups.refresh(2022, today=date(2023, 1, 1))
    client = as_user(w.province_staff)
    url = f"/reports/?org={w.province.pk}&year=2022"
    client.get(url)  # session, caches
    # Session, user, roles, the organizations, the figures' roll-ups (the year, the
    # children's, the months'), the overdue work-plan lists.
    with django_assert_num_queries(20), CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert _aggregates(queries) == []


def test_the_summary_of_a_closed_year_counts_nothing_live(records):  # noqa: F811
    """Its figures and the lower unions' in it and the year before (the highlights)."""
    w = records
    for year in (2021, 2022):
        rollups.refresh(year, today=date(2023, 1, 1))
    with CaptureQueriesContext(connection) as queries:
        content = summary.summary_compose(
            actor=w.province_staff, org_id=w.province.pk, year=2022, lang="zh-hans"
        )
    assert content["sections"]
    assert _aggregates(queries) == []
