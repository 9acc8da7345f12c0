"""An open period's stocks of dates (members, open files, contracts in force … on the
period's last day) are the last closed month's roll-up carried forward: the rows started
and those ended since counted live, one range of days each (core.figures.rolled_forward,
reports.selectors). The value must be the live count, for every such figure of the
registry; a stale or missing roll-up is not carried (counted live); the dashboard of this
year runs a pinned number of queries and never counts the member register whole."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.core.figures import REGISTRY, Period, is_stock_of_dates, values_many
from gonghui.members.models import Person
from gonghui.members.services import membership_leave
from gonghui.orgs.services import org_move
from gonghui.reports import rollups, selectors
from gonghui.reports.models import FigureRollup
from gonghui.rights.models import CollectiveContract
from gonghui.stations.models import Problem, ProblemKind

from ..factories import make_member
from ..stations.helpers import make_station
from .test_additive import demos  # noqa: F401  (the fixture)
from .test_rollups import records  # noqa: F401  (the fixture: rows of every capability)

STOCKS = [f for f in REGISTRY.values() if is_stock_of_dates(f)]


def _days():
    """Today, this year, its last closed month (last year's December in January) and the
    first day after it (the open days run from there to today)."""
    today = timezone.localdate()
    year = Period(date(today.year, 1, 1), date(today.year, 12, 31))
    month = rollups.last_closed_month(year, today)
    return today, year, month, month.end + timedelta(days=1)


def _count_rollups(month: Period) -> None:
    """What the nightly job does: count the closed months (and years) again."""
    for year in sorted({month.start.year, timezone.localdate().year}):
        rollups.refresh(year)


def _federations(w) -> list:
    return [w.province, w.city, w.county, w.sibling, w.other_county, w.other_province]


def _live(orgs, figures, periods) -> dict:
    items = [(o, f, p) for o in orgs for f in figures for p in periods]
    counted = values_many([(f, o.path, p) for o, f, p in items])
    return {(o.pk, f.key, p): v for (o, f, p), v in zip(items, counted, strict=True)}


def _set(org, key: str, month: Period, **fields) -> None:
    FigureRollup.objects.filter(org=org, key=key, start=month.start, end=month.end).update(**fields)


@pytest.fixture
def comings_and_goings(records, demos):  # noqa: F811
    """Members joining and leaving in the open days and around the closed month's end,
    leavings recorded late, a member in and out inside the open days, a union moved to
    another county; then the roll-ups counted as the nightly job does."""
    w = records
    today, year, month, first_open = _days()
    staff = w.province_staff

    def leave(membership, on):
        membership_leave(actor=staff, membership_id=membership.pk, reason="调离", on=on)

    w.joined = make_member(w.grassroots, "新入", joined_on=first_open.isoformat())
    make_member(w.sibling_grassroots, "快递员", joined_on=today.isoformat(), work_kind="courier")
    make_member(w.other_grassroots, "月末入", joined_on=month.end.isoformat())
    make_member(
        w.grassroots, "年末入", joined_on=year.end.isoformat()
    )  # not yet: a stock on 31 Dec
    leave(make_member(w.grassroots, "本月离", joined_on="2020-01-01"), today)
    # Recorded today, dated on the first open day or in the closed month: back-dated.
    leave(make_member(w.sibling_grassroots, "补录离", joined_on="2021-01-01"), first_open)
    leave(make_member(w.other_grassroots, "上月离", joined_on="2021-01-01"), month.start)
    leave(make_member(w.other_grassroots, "月末离", joined_on="2021-01-01"), month.end)
    leave(make_member(w.grassroots, "来去", joined_on=first_open.isoformat()), today)
    make_member(w.grassroots, "骑手", joined_on=first_open.isoformat(), work_kind="delivery_rider")
    # Employed by the enterprise the township keeps (outreach.enterprise_members): two came
    # in the open days, one left in them, one left on the closed month's last day.
    employed = ["新入", "骑手", "本月离", "月末离"]
    Person.objects.filter(name__in=employed).update(employer=w.enterprise)
    # Contracts in force on the day (effective by it, expiring on it or later): one ran
    # out on the closed month's last day, one took effect in the open days.
    for effective, expires, workers in [
        (date(2021, 1, 1), month.end, 50),
        (first_open, date(today.year + 3, 1, 1), 80),
    ]:
        CollectiveContract.objects.create(
            union=w.grassroots,
            level="enterprise",
            enterprise=w.enterprise,
            kind="wage",
            employer_party="沈阳华晨机械有限公司",
            title="工资专项集体合同",
            signed_on=effective,
            effective_on=effective,
            expires_on=expires,
            workers_covered=workers,
            created_by=staff,
        )
    # Problems open at the day's end (instants, not days): reported in the closed month and
    # closed on the first open day, reported in the open days.
    station = make_station(w.sibling_grassroots)

    def noon(day):
        return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=12))

    for reported, closed in [(month.start, first_open), (first_open, None)]:
        Problem.objects.create(
            station=station,
            kind=ProblemKind.choices[0][0],
            reported_at=noon(reported),
            closed_at=closed and noon(closed),
            status="closed" if closed else "open",
        )
    # 铁西重工 moves from 铁西区 to 沈河区: both counties' stocks change, the city's not.
    org_move(actor=staff, org_id=w.other_grassroots.pk, new_parent_id=w.sibling.pk)
    w.other_grassroots.refresh_from_db()
    _count_rollups(month)
    return w


def test_every_stock_of_dates_carried_forward_equals_its_live_count(comings_and_goings):
    w = comings_and_goings
    today, year, month, first_open = _days()
    # Read from the definitions: every domain's stocks of dates, none declared by hand.
    keys = {f.key for f in STOCKS}
    assert {
        "members.total",
        "members.gig",
        "aid.files.open",
        "stations.problems_open",
        "rights.contracts_in_force",
        "rights.contracts_workers",
        "rights.democracy.congress",
        "innovation.studios.members",
        "outreach.enterprise_members",
    } <= keys
    assert len(STOCKS) >= 45
    # Stocks of the present state, rates and counts over the period are not carried.
    assert not keys & {"stations.total", "members.new", "finance.execution_rate"}
    assert not keys & {"rights.democracy.directors", "outreach.assessed"}

    orgs = _federations(w)
    open_month = rollups.month(today.year, today.month)
    periods = [year, open_month, Period(date(today.year, 1, 1), today)]
    carried = selectors._carried([(o, f, p) for o in orgs for f in STOCKS for p in periods])
    # Every federation's every stock of dates is carried from its roll-up, not counted.
    assert set(carried) == {(o.pk, f.key, p) for o in orgs for f in STOCKS for p in periods}
    values = selectors.values_of(orgs, STOCKS, periods)
    live = _live(orgs, STOCKS, periods)
    assert values == live
    # Not all zero: the members' stocks moved in the open days and the others are there.
    members = (w.city.pk, "members.total", year)
    kept = FigureRollup.objects.get(
        org=w.city, key="members.total", start=month.start, end=month.end
    ).value
    # In: 新入, 快递员, 年末入, 骑手 (来去 came and went); out: 本月离, 补录离.
    assert values[members] == kept + 4 - 2
    employed = (w.county.pk, "outreach.enterprise_members", year)
    kept = FigureRollup.objects.get(
        org=w.county, key="outreach.enterprise_members", start=month.start, end=month.end
    ).value
    assert values[employed] == kept + 2 - 1  # 新入, 骑手 in; 本月离 out (月末离 was already)
    counted = {key for (_o, key, _p), v in live.items() if v}
    assert {
        "rights.contracts_in_force",
        "stations.problems_open",
        "outreach.enterprise_members",
    } <= counted
    assert len(counted) >= 10


def test_a_stale_or_missing_rollup_is_not_carried(comings_and_goings):
    w = comings_and_goings
    today, year, month, _first_open = _days()
    live = _live([w.city], [REGISTRY["members.total"]], [year])[w.city.pk, "members.total", year]

    def shown() -> int:
        return selectors.figure_values(actor=w.province_staff, org_id=w.city.pk, period=year)[
            "members.total"
        ]

    assert shown() == live
    # The kept value is what is carried: a wrong one shows (the nightly job mends it).
    kept = FigureRollup.objects.get(
        org=w.city, key="members.total", start=month.start, end=month.end
    )
    _set(w.city, "members.total", month, value=kept.value + 1000)
    assert shown() == live + 1000
    # Counted more than two days ago (the nightly job has stopped): counted live.
    _set(w.city, "members.total", month, computed_at=timezone.now() - timedelta(days=3))
    assert shown() == live
    # Counted before its month had ended: counted live.
    month_end = timezone.make_aware(datetime.combine(month.end, datetime.min.time()))
    _set(w.city, "members.total", month, computed_at=month_end + timedelta(hours=23))
    assert shown() == live
    _set(w.city, "members.total", month, computed_at=timezone.now())
    assert shown() == live + 1000
    # No roll-up of the last closed month: counted live.
    FigureRollup.objects.filter(org=w.city, key="members.total", start=month.start).delete()
    assert shown() == live


def test_after_a_move_the_federations_left_and_joined_are_counted_live(comings_and_goings):
    """Their roll-ups are counted again by a task queued on the move's commit; until it
    has run they are stale, the others' not."""
    w = comings_and_goings
    today, year, month, _first_open = _days()
    total = REGISTRY["members.total"]
    for org in (w.county, w.sibling, w.city):
        kept = FigureRollup.objects.get(
            org=org, key="members.total", start=month.start, end=month.end
        )
        _set(org, "members.total", month, value=kept.value + 1000)
    # 南湖街道 (under 和平区) moves to 沈河区: 和平区 left, 沈河区 joined, 沈阳市 both.
    org_move(actor=w.province_staff, org_id=w.township.pk, new_parent_id=w.sibling.pk)
    orgs = [w.county, w.sibling, w.city]
    values = selectors.values_of(orgs, [total], [year])
    live = _live(orgs, [total], [year])
    assert values[w.county.pk, total.key, year] == live[w.county.pk, total.key, year]
    assert values[w.sibling.pk, total.key, year] == live[w.sibling.pk, total.key, year]
    assert values[w.city.pk, total.key, year] == live[w.city.pk, total.key, year] + 1000


def _member_counts(sql: str) -> list[str]:
    """The counts in a statement that read the member register."""
    pieces = re.split(r"\(SELECT COUNT\(\*\) FROM \(", sql)
    return [p for p in pieces[1:] if 'FROM "members_membership"' in p]


def test_the_dashboard_of_this_year_carries_its_stocks_in_a_pinned_number_of_queries(
    comings_and_goings, as_user, django_assert_num_queries
):
    w = comings_and_goings
    client = as_user(w.province_staff)
    url = f"/reports/?org={w.province.pk}"
    client.get(url)  # session, caches
    # Session, user, roles, the organizations; the roll-ups read (the additive months, the
    # stocks' last closed month and the moves since, for the figures, the children and the
    # trend); the live counts many to a statement; the overdue work-plan lists.
    with django_assert_num_queries(36), CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # The members on the day (members.total, by work kind …): each count of the register
    # by its start date is a range of days, started or ended in the open days, not every
    # member on file.
    counts = [c for q in queries for c in _member_counts(q["sql"]) if "started_on" in c]
    assert len(counts) >= 2 * 8
    assert [c for c in counts if "NOT (" not in c] == []
