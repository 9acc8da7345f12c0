"""Moving an organization keeps everything true (issue 10 item 5): the roll-ups of the
federations it left and joined are counted again in the background; the audit and the
sensitive reads of its subtree are seen by whoever stands above it now, and keep the path
they were written with; records that copy a path are rewritten with the tree."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from gonghui.accounts.models import RoleKind, User
from gonghui.activities.models import Activity
from gonghui.core import audit
from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period, values_many
from gonghui.core.models import AuditEvent, SensitiveRead
from gonghui.members.models import ImportJob
from gonghui.orgs import services
from gonghui.orgs.models import OrgKind
from gonghui.reports import rollups
from gonghui.reports.models import FigureRollup
from gonghui.stations.models import Station

from ..factories import make_member, make_org, make_user
from ..stations.helpers import make_station

YEAR_2022 = Period(date(2022, 1, 1), date(2022, 12, 31))


@pytest.fixture
def two_cities(world, monkeypatch):
    """The world's province gets a second city, 大连, with a county of its own; 和平区 (the
    county) will move there from 沈阳."""
    monkeypatch.setattr(rollups, "SQLITE_PAUSE", 0)  # no other writer waits in a test
    w = world
    w.new_city = make_org("大连市总工会", OrgKind.CITY, w.province, "210200")
    w.new_county = make_org("中山区总工会", OrgKind.COUNTY, w.new_city, "210202")
    w.new_grassroots = make_org(
        "大连港工会", OrgKind.GRASSROOTS, w.new_county, "210202", founded_on=date(2021, 6, 1)
    )
    w.old_city_staff = make_user("old_city_staff", RoleKind.FEDERATION_STAFF, w.city)
    w.new_city_staff = make_user("new_city_staff", RoleKind.FEDERATION_STAFF, w.new_city)
    return w


def _station(union, created: date) -> Station:
    station = make_station(union)
    at = timezone.make_aware(datetime.combine(created, datetime.min.time()))
    Station.objects.filter(pk=station.pk).update(created_at=at)
    return station


@pytest.fixture
def records(two_cities):
    """Members, new unions, meetings and service positions in the moving county, in the
    rest of 沈阳 and in 大连, from 2021 to this year."""
    w = two_cities
    make_org("和平新厂工会", OrgKind.GRASSROOTS, w.township, "210102", founded_on=date(2022, 4, 1))
    make_org("沈河老厂工会", OrgKind.GRASSROOTS, w.sibling, "210103", founded_on=date(2021, 8, 1))
    this_year = timezone.localdate().year
    for union, joined, kind in [
        (w.grassroots, "2021-03-01", "regular"),
        (w.grassroots, "2022-03-15", "delivery_rider"),
        (w.grassroots, "2022-11-30", "regular"),
        (w.grassroots, f"{this_year}-01-10", "courier"),
        (w.sibling_grassroots, "2022-07-01", "regular"),
        (w.new_grassroots, "2021-09-09", "regular"),
        (w.new_grassroots, "2022-05-05", "courier"),
    ]:
        make_member(union, joined_on=joined, work_kind=kind)
    for union, day, people in [
        (w.county, date(2022, 2, 1), 12),
        (w.township, date(2021, 10, 10), 25),
        (w.city, date(2022, 7, 22), 40),
        (w.new_county, date(2022, 8, 8), 18),
    ]:
        Activity.objects.create(
            union=union,
            held_on=day,
            kind="leadership",
            topic="学习会",
            attendance=people,
            reported_by=w.province_staff,
        )
    _station(w.county, date(2021, 5, 1))
    _station(w.sibling, date(2022, 6, 6))
    _station(w.new_county, date(2022, 1, 1))
    return w


def _years() -> list[int]:
    """The years of the records (2021, 2022, this year) and 2023, a year without any (the
    stocks carry over it). The years between 2023 and this one would be 2023 again: each
    year kept costs ~5,000 grouped queries to count and 1,500 live counts to compare."""
    return sorted({2021, 2022, 2023, timezone.localdate().year})


def test_moving_a_county_between_cities_recounts_every_figure_of_both(
    records, django_capture_on_commit_callbacks
):
    w = records
    for year in _years():
        rollups.refresh(year)
    new_members = lambda: rollups.stored([w.city.pk, w.new_city.pk], YEAR_2022, ["members.new"])  # noqa: E731
    assert new_members() == {(w.city.pk, "members.new"): 3, (w.new_city.pk, "members.new"): 1}

    with django_capture_on_commit_callbacks(execute=True):  # the recount is queued on commit
        services.org_move(actor=w.province_staff, org_id=w.county.pk, new_parent_id=w.new_city.pk)

    # The kept values moved with the county: 沈阳 lost its two 2022 members, 大连 gained them.
    assert new_members() == {(w.city.pk, "members.new"): 1, (w.new_city.pk, "members.new"): 3}
    today, compared = timezone.localdate(), 0
    orgs = [w.city, w.new_city, w.province, w.county]
    for org in orgs:
        org.refresh_from_db()
    periods = [p for year in _years() for p in rollups.closed_periods(year, today)]
    # Counted live many to a statement: values_many() gives what each figure's value()
    # gives (tests/reports/test_open_periods.py), in ~60% of the time.
    items = [
        (figure, org.path, period)
        for org in orgs
        for period in periods
        for figure in REGISTRY.values()
    ]
    counted = iter(values_many(items))
    for org in orgs:
        for period in periods:
            live = {key: next(counted) for key in REGISTRY}
            kept = {key: v for (_org, key), v in rollups.stored([org.pk], period).items()}
            assert kept == live, (org.name, period)
            compared += len(live)
    assert next(counted, None) is None
    assert compared == 4 * len(periods) * len(REGISTRY)
    # The figures are not all zero: the comparison saw the records.
    assert rollups.stored([w.new_city.pk], YEAR_2022)[w.new_city.pk, "activities.attendance"] == 30


def test_a_move_recounts_only_the_federations_left_and_joined(
    records, few_figures, django_capture_on_commit_callbacks
):
    w = records
    rollups.refresh(2022)
    computed = dict(FigureRollup.objects.values_list("org_id", "computed_at").distinct())
    with django_capture_on_commit_callbacks(execute=True):
        services.org_move(actor=w.province_staff, org_id=w.county.pk, new_parent_id=w.new_city.pk)
    recomputed = dict(FigureRollup.objects.values_list("org_id", "computed_at").distinct())
    changed = {pk for pk, at in recomputed.items() if at != computed[pk]}
    assert changed == {w.city.pk, w.new_city.pk}


def test_a_refused_move_queues_no_recount(records, django_capture_on_commit_callbacks):
    w = records
    with django_capture_on_commit_callbacks() as queued, pytest.raises(ServiceError):
        services.org_move(actor=w.province_staff, org_id=w.county.pk, new_parent_id=w.grassroots.pk)
    assert queued == []


def test_the_moved_countys_audit_is_seen_from_its_new_city_and_keeps_its_old_path(
    two_cities, as_user
):
    w = two_cities
    services.org_update(actor=w.county_staff, org_id=w.township.pk, name="南湖街道总工会")
    event = AuditEvent.objects.get(action="update", target_id=str(w.township.pk))
    person = make_member(w.grassroots).person
    audit.record_sensitive_read(
        actor=w.county_staff, obj=person, field="phone", org_path=w.grassroots.path
    )
    read = SensitiveRead.objects.get(target_id=str(person.pk))
    old_paths = (w.township.path, w.grassroots.path)
    assert (event.org_path, read.org_path) == old_paths
    assert event in AuditEvent.objects.visible_to(w.old_city_staff)
    assert event not in AuditEvent.objects.visible_to(w.new_city_staff)

    services.org_move(actor=w.province_staff, org_id=w.county.pk, new_parent_id=w.new_city.pk)

    for staff, sees in [
        (w.new_city_staff, True),
        (w.old_city_staff, False),
        (w.city_leader, False),
        (w.county_staff, True),  # the county's own staff go with it
        (w.province_staff, True),
        (w.sibling_staff, False),
    ]:
        staff = User.objects.get(pk=staff.pk)  # as the next request loads it: roles anew
        assert (event in AuditEvent.objects.visible_to(staff)) is sees, staff
        assert (read in SensitiveRead.objects.visible_to(staff)) is sees, staff
    # The rows keep the path they were written with.
    event.refresh_from_db()
    read.refresh_from_db()
    assert (event.org_path, read.org_path) == old_paths
    assert (event.org_id, read.org_id) == (w.township.pk, w.grassroots.pk)
    # The back office lists them by the same rule.
    assert (
        "南湖街道总工会"
        in as_user(w.new_city_staff).get("/admin/core/auditevent/").content.decode()
    )
    assert (
        "南湖街道总工会"
        not in as_user(w.old_city_staff).get("/admin/core/auditevent/").content.decode()
    )


def test_an_import_job_of_the_moved_county_is_rewritten_with_it(two_cities):
    w = two_cities

    def job(union):
        return ImportJob.objects.create(
            file="imports/register.csv",
            file_name="register.csv",
            union=union,
            org_path=union.path,
            language="zh-hans",
            created_by=w.province_staff,
        )

    moving, staying = job(w.grassroots), job(w.sibling_grassroots)
    services.org_move(actor=w.province_staff, org_id=w.county.pk, new_parent_id=w.new_city.pk)
    w.grassroots.refresh_from_db()
    moving.refresh_from_db()
    assert moving.org_path == w.grassroots.path
    assert w.grassroots.path.startswith(w.new_city.path)
    assert set(ImportJob.objects.visible_to(w.new_city_staff)) == {moving}
    assert set(ImportJob.objects.visible_to(w.old_city_staff)) == {staying}
