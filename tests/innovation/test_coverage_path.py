"""The five-small list finds a subtree's reports by the union's path kept on each report
(issue 13 item 4): its count of a province's ~10,000 reports joined every report to
200,000 organizations (a hash join over all of them, 190–240 ms); now no join. A report
follows its union when the tree is reorganized."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.orgs import services as org_services

from ..scope import REGISTRY


def _make(world, org):
    thing = next(t for t in REGISTRY if t.model == "innovation.Coverage")
    return thing.make(world, org)


def test_the_list_and_its_count_need_no_join_to_the_organizations(world, as_user):
    mine = [_make(world, world.grassroots) for _ in range(51)]  # a full page and one more
    _make(world, world.sibling_grassroots)  # another county's: not in 和平区's list
    assert {c.union_path for c in mine} == {world.grassroots.path}
    client = as_user(world.county_staff)
    client.get("/innovation/five-small/")  # the session's first use
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/innovation/five-small/").content.decode()
    assert "51" in page  # the count: more rows than the page shows
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("orgs_organization" not in sql for sql in counts), counts
    listed = client.get("/api/v1/innovation/coverage?limit=500").json()
    assert sorted(row["id"] for row in listed["items"]) == sorted(c.pk for c in mine)
    assert listed["count"] == 51


def test_a_report_follows_its_union_when_the_tree_is_reorganized(world, as_user):
    report = _make(world, world.grassroots)
    org_services.org_move(
        actor=world.province_staff, org_id=world.township.pk, new_parent_id=world.sibling.pk
    )
    world.grassroots.refresh_from_db()
    report.refresh_from_db()
    assert report.union_path == world.grassroots.path
    assert report.union_path.startswith(world.sibling.path)
    ids = lambda user: [  # noqa: E731
        row["id"]
        for row in as_user(user).get("/api/v1/innovation/coverage?limit=500").json()["items"]
    ]
    assert ids(world.sibling_staff) == [report.pk] and ids(world.county_staff) == []
