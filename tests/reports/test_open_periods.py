"""An open period (this year) is its closed months' roll-ups plus the open days counted
live, for figures that add up over months; the others are counted live. Pages run a
pinned number of queries, and live counts go many to a statement."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.core.figures import REGISTRY, Period, values_many
from gonghui.reports import rollups, selectors
from gonghui.reports.models import FigureRollup

from ..factories import make_member
from .test_rollups import records  # noqa: F401  (the fixture: rows of every capability)

YEAR_2022 = Period(date(2022, 1, 1), date(2022, 12, 31))


def _this_year() -> Period:
    year = timezone.localdate().year
    return Period(date(year, 1, 1), date(year, 12, 31))


def _mark(org, key: str, period: Period, value: int) -> None:
    FigureRollup.objects.update_or_create(
        org=org,
        key=key,
        start=period.start,
        end=period.end,
        defaults={"value": value, "computed_at": timezone.now()},
    )


def test_live_counts_many_to_a_statement_equal_each_figure_counted_alone(records):  # noqa: F811
    w = records
    items = [
        (figure, org.path, period)
        for figure in REGISTRY.values()
        for org in (w.province, w.county)
        for period in (YEAR_2022, _this_year())
    ]
    with CaptureQueriesContext(connection) as batched:
        values = values_many(items)
    assert values == [figure.value(path, period) for figure, path, period in items]
    assert any(values)  # the records are there: not all zero
    assert len(batched) < len(items) / 20


def test_additive_figures_add_up_over_the_months(records):  # noqa: F811
    """The flag says what the records say: a year's value is the sum of its months'."""
    w = records
    months = [rollups.month(2022, m) for m in range(1, 13)]
    additive = [f for f in REGISTRY.values() if f.additive]
    assert {"members.new", "activities.attendance", "campaigns.paid"} <= {f.key for f in additive}
    assert "members.total" not in {f.key for f in additive}  # a stock on the last day
    year = values_many([(f, w.province.path, YEAR_2022) for f in additive])
    by_month = values_many([(f, w.province.path, m) for f in additive for m in months])
    sums = [sum(by_month[i * 12 : i * 12 + 12]) for i in range(len(additive))]
    assert dict(zip([f.key for f in additive], sums, strict=True)) == dict(
        zip([f.key for f in additive], year, strict=True)
    )


def test_an_open_year_reads_closed_months_from_rollups_and_counts_the_rest(records):  # noqa: F811
    w = records
    today = timezone.localdate()
    if today.month == 1:
        pytest.skip("in January no month of this year is closed")
    this_year = _this_year()
    january = rollups.month(today.year, 1)
    live_total = REGISTRY["members.new"].value(w.city.path, this_year)
    live_january = REGISTRY["members.new"].value(w.city.path, january)
    _mark(w.city, "members.new", january, 500)  # the kept value, to see that it is read
    values = selectors.figure_values(actor=w.province_staff, org_id=w.city.pk, period=this_year)
    assert values["members.new"] == live_total - live_january + 500
    # A stock is not pieced together from months: with no roll-up of the last closed month
    # to carry forward (test_open_stocks.py), counted live as of the period's end.
    assert values["members.total"] == REGISTRY["members.total"].value(w.city.path, this_year)
    # The trend reads the same roll-up for January.
    trend = dict(
        selectors.figure_trend(
            actor=w.province_staff, org_id=w.city.pk, key="members.new", year=today.year
        )
    )
    assert trend[january.start] == 500


def test_a_closed_period_with_rollups_is_never_counted_live(records):  # noqa: F811
    w = records
    rollups.refresh(2022, today=date(2023, 1, 1))
    with CaptureQueriesContext(connection) as queries:
        values = selectors.figure_values(actor=w.province_staff, org_id=w.city.pk, period=YEAR_2022)
        trend = selectors.figure_trend(
            actor=w.province_staff, org_id=w.city.pk, key="members.new", year=2022
        )
    assert values["members.new"] == 4
    assert sum(v for _m, v in trend) == 4
    counted = [q["sql"] for q in queries if "members_membership" in q["sql"]]
    assert counted == []
    # A back-dated record changes nothing until the nightly job counts again.
    make_member(w.grassroots, "补录", joined_on="2022-06-01")
    values = selectors.figure_values(actor=w.province_staff, org_id=w.city.pk, period=YEAR_2022)
    assert values["members.new"] == 4


def test_a_range_of_whole_closed_months_is_pieced_from_them(records, few_figures):  # noqa: F811
    w = records
    rollups.refresh(2022, today=date(2023, 1, 1))
    _mark(w.city, "members.new", rollups.month(2022, 3), 300)  # was 1 (和平, 15 March)
    spring = Period(date(2022, 3, 1), date(2022, 5, 15))  # March, April whole; May in part
    values = selectors.figure_values(actor=w.province_staff, org_id=w.city.pk, period=spring)
    assert values["members.new"] == 300 + 0 + 1  # the rider joined on 5 May, counted live


def test_the_dashboard_runs_a_pinned_number_of_queries(
    records,  # noqa: F811
    as_user,
    django_assert_max_num_queries,
):
    w = records
    rollups.refresh(2022, today=date(2023, 1, 1))
    client = as_user(w.province_staff)
    client.get(f"/reports/?org={w.province.pk}&year=2022")  # session, caches
    # Closed year: the figures, the children and the months all from roll-ups.
    with django_assert_max_num_queries(20):
        assert client.get(f"/reports/?org={w.province.pk}&year=2022").status_code == 200
    # This year: the live counts go LIVE_BATCH figures to a statement, so the pin grows by
    # one per hundred figures registered, never by one per figure or per child.
    from math import ceil

    from gonghui.core.figures import LIVE_BATCH, REGISTRY, Figure

    # A rate (finance.execution_rate, rights.response_rate) is its own number, not a count
    # of its rows: it counts itself, in two statements.
    rates = [f for f in REGISTRY.values() if type(f).value is not Figure.value]
    # The stocks of dates look for their last closed month's roll-up (none here: counted
    # live), once for the figures, the children and the trend.
    carried = 3
    limit = 21 + ceil(len(REGISTRY) / LIVE_BATCH) + 2 * len(rates) + carried
    with django_assert_max_num_queries(limit):
        assert client.get(f"/reports/?org={w.province.pk}").status_code == 200
