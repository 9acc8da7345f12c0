"""Roll-ups of closed periods: counted in one grouped query per figure, they must equal the
live count of every figure for every federation, and be read in its place."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.activities.models import Activity
from gonghui.core.figures import REGISTRY, Period, values_many
from gonghui.reports import rollups, selectors
from gonghui.reports.models import FigureRollup

from ..campaigns.helpers import funded_county, listed, pay
from ..factories import make_member, make_org
from ..stations.helpers import make_station
from .test_additive import demos  # noqa: F401  (the fixture)

YEAR_2022 = Period(date(2022, 1, 1), date(2022, 12, 31))


@pytest.fixture
def records(world):
    """Rows of every capability spread over the tree, in 2022 and this year."""
    w = world
    w.other_county = make_org("铁西区总工会", "county", w.city, "210106")
    w.other_grassroots = make_org("铁西重工工会", "grassroots", w.other_county, "210106")
    for union, joined in [
        (w.grassroots, "2019-04-01"),
        (w.grassroots, "2022-03-15"),
        (w.sibling_grassroots, "2022-07-01"),
        (w.other_grassroots, "2022-12-31"),
        (w.other_grassroots, "2023-01-01"),
    ]:
        make_member(union, joined_on=joined)
    make_member(w.sibling_grassroots, "骑手", joined_on="2022-05-05", work_kind="delivery_rider")
    for union in (w.grassroots, w.grassroots, w.other_grassroots, w.county):
        make_station(union)
    for union, day, people in [
        (w.city, date(2022, 7, 22), 40),
        (w.county, date(2022, 2, 1), 12),
        (w.other_grassroots, date(2022, 7, 30), 30),
    ]:
        Activity.objects.create(
            union=union,
            held_on=day,
            kind="leadership",
            topic="学习会",
            attendance=people,
            reported_by=w.province_staff,
        )
    campaign = funded_county(w)  # money sent down and paid today, in this year
    pay(w, listed(w, campaign, amount=300_00))
    pay(w, listed(w, campaign, name="李娜", amount=450_00))
    return w


def _every_live_value(orgs, periods):
    """Every figure counted live, many to a statement: values_many() gives what each
    figure's value() gives (test_open_periods.py::test_live_counts_many_to_a_statement_
    equal_each_figure_counted_alone, on these records) in ~60% of the time."""
    items = [(org, key, p) for org in orgs for p in periods for key in REGISTRY]
    counted = values_many([(REGISTRY[key], org.path, p) for org, key, p in items])
    return {
        (org.pk, key, p.start, p.end): value
        for (org, key, p), value in zip(items, counted, strict=True)
    }


def _every_stored_value():
    return {(r.org_id, r.key, r.start, r.end): r.value for r in FigureRollup.objects.all()}


def test_rollups_equal_the_live_count_of_every_figure_for_every_federation(
    records,
    demos,  # noqa: F811  (the finance, rights and welfare demos: records in every month of 2022)
):
    """A refresh counts a figure's 13 periods in one statement where it can
    (Figure.values_by_path_over): every value it keeps is the figure's own count of the
    federation and the period, on records spread over the months of 2022 and this year."""
    w = records
    this_year = timezone.localdate().year
    federations = [w.province, w.city, w.county, w.sibling, w.other_county, w.other_province]
    with CaptureQueriesContext(connection) as queries:
        rollups.refresh(2022, today=date(2023, 1, 1))
    # One grouped statement a figure (13 for the few of a subquery), not one a figure and
    # period (4,940 before: 380 figures with a path x 13 periods).
    grouped = [q for q in queries if "GROUP BY" in q["sql"]]
    assert len(grouped) < 2 * len(REGISTRY)
    rollups.refresh(this_year, today=date(this_year + 1, 1, 1))
    periods = [
        *rollups.closed_periods(2022, date(2023, 1, 1)),
        *rollups.closed_periods(this_year, date(this_year + 1, 1, 1)),
    ]
    assert len(periods) == 26
    expected = _every_live_value(federations, periods)
    stored = _every_stored_value()
    # Grassroots and township unions are counted live; only federations are kept.
    kept_orgs = {org_id for org_id, *_ in stored}
    assert kept_orgs >= {o.pk for o in federations}
    assert not kept_orgs & {w.township.pk, w.grassroots.pk, w.other_grassroots.pk}
    assert {k: stored[k] for k in expected} == expected
    # The records are really there: the figures are not all zero.
    assert expected[w.city.pk, "members.new", YEAR_2022.start, YEAR_2022.end] == 4
    assert expected[w.province.pk, "activities.attendance", YEAR_2022.start, YEAR_2022.end] == 82
    months_2022 = periods[:12]  # closed_periods: the 12 months, then the year
    in_months = {
        key: sum(1 for p in months_2022 if expected[w.province.pk, key, p.start, p.end])
        for key in REGISTRY
    }
    # Many figures, their records in several months of 2022 (none would prove little).
    assert sum(1 for n in in_months.values() if n >= 2) >= 40
    # The rates (core.figures.Ratio: their parts counted grouped, divided per federation).
    year = (w.province.pk, YEAR_2022.start, YEAR_2022.end)
    rates = ["finance.execution_rate", "rights.offer_response_rate"]
    assert [key for key in rates if not expected[year[0], key, *year[1:]]] == []


def test_refresh_replaces_the_year_and_counts_back_dated_records(records, few_figures):
    w = records
    rollups.refresh(2022, today=date(2023, 1, 1))
    first = FigureRollup.objects.count()
    make_member(w.grassroots, "补录", joined_on="2022-06-01")
    key = (w.province.pk, "members.new", YEAR_2022.start, YEAR_2022.end)
    assert _every_stored_value()[key] == 4  # kept until the next refresh
    rollups.refresh(2022, today=date(2023, 1, 1))
    assert FigureRollup.objects.count() == first
    assert _every_stored_value()[key] == 5


def test_an_unfinished_year_keeps_only_its_ended_months():
    periods = rollups.closed_periods(2024, date(2024, 3, 15))
    assert [(p.start, p.end) for p in periods] == [
        (date(2024, 1, 1), date(2024, 1, 31)),
        (date(2024, 2, 1), date(2024, 2, 29)),
    ]


def test_selectors_read_the_rollup_of_a_closed_period_and_count_an_open_one_live(
    records, few_figures
):
    w = records
    rollups.refresh(2022, today=date(2023, 1, 1))
    # Mark the kept value, to see which one the dashboard reads.
    FigureRollup.objects.filter(
        org=w.city, key="members.new", start=YEAR_2022.start, end=YEAR_2022.end
    ).update(value=999)
    FigureRollup.objects.filter(
        org=w.county, key="members.new", start=YEAR_2022.start, end=YEAR_2022.end
    ).update(value=777)
    values = selectors.figure_values(actor=w.province_staff, org_id=w.city.pk, period=YEAR_2022)
    assert values["members.new"] == 999
    children = dict(
        selectors.figure_by_children(
            actor=w.province_staff, org_id=w.city.pk, key="members.new", period=YEAR_2022
        )
    )
    assert children[w.county] == 777
    assert children[w.sibling] == 2  # its roll-up untouched: the true count
    # A period that is not a calendar month or year has no roll-up: counted live.
    odd = Period(date(2022, 1, 1), date(2022, 12, 30))
    assert (
        selectors.figure_values(actor=w.province_staff, org_id=w.city.pk, period=odd)["members.new"]
        == 3
    )
    # A period that has not ended is always live, even if a roll-up row exists.
    today = timezone.localdate()
    this_year = Period(date(today.year, 1, 1), date(today.year, 12, 31))
    FigureRollup.objects.create(
        org=w.city,
        key="members.new",
        start=this_year.start,
        end=this_year.end,
        value=555,
        computed_at=timezone.now(),
    )
    assert (
        selectors.figure_values(actor=w.province_staff, org_id=w.city.pk, period=this_year)[
            "members.new"
        ]
        != 555
    )


def test_the_rollup_command_counts_and_refuses_a_bad_year(records, few_figures, capsys):
    call_command("rollup", "--year", "2022")
    assert "2022:" in capsys.readouterr().out
    assert (
        FigureRollup.objects.filter(
            start=YEAR_2022.start, end=YEAR_2022.end, org=records.province, key="members.new"
        )
        .get()
        .value
        == 4
    )
    before = FigureRollup.objects.count()
    with pytest.raises(CommandError, match="between 2000"):
        call_command("rollup", "--year", "1999")
    with pytest.raises(CommandError, match="between 2000"):
        call_command("rollup", "--year", str(timezone.localdate().year + 1))
    assert FigureRollup.objects.count() == before


def test_each_federation_is_written_in_a_short_transaction_of_its_own(
    records, few_figures, monkeypatch
):
    """On SQLite one transaction holds the write lock for everyone (issue 23: 19.7 s for the
    province). Counting runs outside any transaction; each transaction then replaces one
    federation's year, whole, so a reader sees either its old or its new values."""
    from django.db import connection

    w = records
    outer = len(connection.savepoint_ids)  # the test's own transaction
    counted_in, written = [], []
    real_count, real_insert_rows = rollups._count, rollups.insert_rows

    def count(*args):
        counted_in.append(len(connection.savepoint_ids) - outer)
        return real_count(*args)

    def insert_rows(table, columns, rows):
        rows = list(rows)
        org_ids = {row[columns.index("org_id")] for row in rows}
        written.append((tuple(connection.savepoint_ids[outer:]), org_ids, len(rows)))
        return real_insert_rows(table, columns, rows)

    monkeypatch.setattr(rollups, "_count", count)
    monkeypatch.setattr(rollups, "insert_rows", insert_rows)
    stored = rollups.refresh(2022, today=date(2023, 1, 1))

    assert set(counted_in) == {0}
    federations = {
        w.province.pk,
        w.city.pk,
        w.county.pk,
        w.sibling.pk,
        w.other_county.pk,
        w.other_province.pk,
    }
    assert {org for _sp, orgs, _n in written for org in orgs} >= federations
    assert all(len(orgs) == 1 and len(sp) == 1 for sp, orgs, _n in written)
    assert len({sp for sp, _orgs, _n in written}) == len(written)  # one transaction each
    assert all(n == len(few_figures) * 13 for _sp, _orgs, n in written)  # the year, whole
    assert stored == FigureRollup.objects.count()


def test_an_organization_that_is_no_longer_a_federation_loses_its_rollups(records, few_figures):
    w = records
    rollups.refresh(2022, today=date(2023, 1, 1))
    assert FigureRollup.objects.filter(org=w.other_county).exists()
    w.other_county.kind = "township"
    w.other_county.save(update_fields=["kind"])
    rollups.refresh(2022, today=date(2023, 1, 1))
    assert not FigureRollup.objects.filter(org=w.other_county).exists()
    assert FigureRollup.objects.filter(org=w.county).count() == len(few_figures) * 13


def test_periods_are_counted_in_one_statement_only_where_only_the_dates_change(records):
    """Figure.values_by_path_over counts a figure's periods in one statement only when its
    rows' query is the same statement for each of them, the dates aside; else None, and
    the roll-ups count each period alone (reports.rollups._count)."""
    from gonghui.core.figures import Figure
    from gonghui.members.models import Membership

    def joined(path, period):
        rows = Membership.objects.filter(
            union__path__startswith=path, joined_on__range=(period.start, period.end)
        )
        # December's rows chosen otherwise: the statement changes with the period.
        return rows.filter(transfer_in__isnull=True) if period.start.month == 12 else rows

    figure = Figure("test.joined", "joined", "people", joined, path_field="union__path")
    periods = rollups.closed_periods(2022, date(2023, 1, 1))
    assert figure.values_by_path_over(periods) is None  # December and the year differ
    months = periods[:11]
    each = [{path: v for path, v in figure.values_by_path(p).items() if v} for p in months]
    assert figure.values_by_path_over(months) == each
    assert sum(len(by_path) for by_path in each) >= 3  # members joined in three months
    # A subquery would run for every row and every period: each period alone.
    subquery = Figure(
        "test.subquery",
        "subquery",
        "people",
        lambda path, period: joined(path, period).filter(
            pk__in=Membership.objects.filter(started_on__lte=period.end).values("pk")
        ),
        path_field="union__path",
    )
    assert subquery.values_by_path_over(months) is None


def _transferred(w, joined_on: str):
    """A member who joined on `joined_on` in the grassroots union and moved to its sibling:
    two memberships joined that day, the second made by the transfer (not a new member)."""
    from gonghui.members import services

    worker = make_member(w.grassroots, "调动者", joined_on=joined_on)
    t = services.transfer_request(
        actor=w.cadre, membership_id=worker.pk, to_union_id=w.sibling_grassroots.pk
    )
    services.transfer_release(actor=w.cadre, transfer_id=t.pk)
    services.transfer_accept(actor=w.province_staff, transfer_id=t.pk)
    return worker


def test_new_members_are_counted_for_every_period_in_one_statement_with_an_anti_join(
    records, django_assert_num_queries
):
    """ "A transfer is not a new member" is NOT EXISTS (an anti-join PostgreSQL estimates
    right: the LEFT JOIN … IS NULL it replaced was estimated at one row and read the
    province's new members one by one), and the nightly roll-up still counts the 13
    periods of members.new in one statement, each period's values those of the period."""
    w = records
    _transferred(w, "2022-09-09")  # September: no one else joined then
    figure = REGISTRY["members.new"]
    periods = rollups.closed_periods(2022, date(2023, 1, 1))
    with django_assert_num_queries(1) as captured:
        by_period = figure.values_by_path_over(periods)
    (sql,) = [q["sql"] for q in captured.captured_queries]
    assert "NOT EXISTS" in sql and "LEFT OUTER JOIN" not in sql
    each = [{path: v for path, v in figure.values_by_path(p).items() if v} for p in periods]
    assert by_period == each
    september, year = by_period[8], by_period[12]
    # The member who moved is new once, in the union they joined, not again in the sibling.
    assert september == {w.grassroots.path: 1}
    assert sum(year.values()) == 4 + 1  # the four of the fixture, the one who moved


def test_a_period_free_exists_of_the_row_keeps_one_statement_any_other_subquery_does_not(
    records,
):
    """values_by_path_over lets through an EXISTS or NOT EXISTS that is the same in every
    period and a condition every row meets (tested once a row, a semi- or anti-join);
    a subquery that depends on the period, one under an OR, or an IN (subquery) sends the
    figure back to a statement a period (None)."""
    from django.db.models import Exists, OuterRef, Q

    from gonghui.core.figures import Figure
    from gonghui.members.models import Membership, Transfer

    w = records
    _transferred(w, "2022-09-09")
    moved = Transfer.objects.filter(new_membership=OuterRef("pk"))
    left = Transfer.objects.filter(membership=OuterRef("pk"))

    def joined(path, period):
        return Membership.objects.filter(
            union__path__startswith=path, joined_on__range=(period.start, period.end)
        )

    def figure(records):
        return Figure("test.f", "f", "people", records, path_field="union__path")

    months = rollups.closed_periods(2022, date(2023, 1, 1))
    kept = {
        "anti": figure(lambda path, p: joined(path, p).filter(~Exists(moved))),
        "semi": figure(lambda path, p: joined(path, p).filter(Exists(moved))),
        "excluded": figure(lambda path, p: joined(path, p).exclude(Exists(left))),
        "both": figure(lambda path, p: joined(path, p).filter(~Exists(moved), Exists(left))),
    }
    for name, f in kept.items():
        each = [{path: v for path, v in f.values_by_path(p).items() if v} for p in months]
        assert f.values_by_path_over(months) == each, name
    september = {name: f.values_by_path_over(months)[8] for name, f in kept.items()}
    assert september == {
        "anti": {w.grassroots.path: 1},  # the membership the member left, not the new one
        "semi": {w.sibling_grassroots.path: 1},  # the one the transfer made
        "excluded": {w.sibling_grassroots.path: 1},  # the one not left by a transfer
        "both": {w.grassroots.path: 1},
    }
    refused = {
        # the period inside the subquery: it would run for every row and every period
        "dated": lambda path, p: joined(path, p).filter(
            Exists(moved.filter(requested_at__date__lte=p.end))
        ),
        # under an OR: a subplan row by row, not a join
        "or": lambda path, p: joined(path, p).filter(~Exists(moved) | Q(status="left")),
        # NOT IN (subquery) is never an anti-join (NULLs); IN may be any subquery
        "not in": lambda path, p: joined(path, p).exclude(
            pk__in=Transfer.objects.filter(new_membership__isnull=False).values("new_membership")
        ),
        "in": lambda path, p: joined(path, p).filter(pk__in=Transfer.objects.values("membership")),
        # an EXISTS whose subquery holds another subquery
        "nested": lambda path, p: joined(path, p).filter(
            Exists(moved.filter(Exists(Membership.objects.filter(pk=OuterRef("membership")))))
        ),
    }
    for name, records_of in refused.items():
        assert figure(records_of).values_by_path_over(months) is None, name
