"""A search of the register by name, full pinyin or initials shows exactly the caller's
scope, and stays fast for a county (issue 13 item 1).

A search of active members also narrows by the copy of the union's path on the person
(Person.union_path), which the name indexes hold after the name: a county walks the
province's namesakes inside the index and reads only its own. So that copy must follow
every change of a membership (joining, transfer, leaving, import, the demo) and every move
of the tree, or a county's own member would go missing from its search; and it narrows
only, so another county's namesake never shows whatever it holds.
"""

from datetime import date

import pytest
from django.apps import apps
from django.db import connection

from gonghui.core import crypto
from gonghui.members import demo, importer, services
from gonghui.members.lists import MEMBERS
from gonghui.members.models import Membership, MembershipStatus, Person
from gonghui.orgs import services as org_services

from ..factories import OrgKind, credit_code, make_member, make_org, make_user
from .test_import import person_row, write_csv

SEARCHES = ["冯宁", "fengning", "fn"]  # by name, full pinyin, initials


def found(actor, q: str, **filters) -> set[int]:
    """The memberships the register's search shows the actor (its default sort)."""
    return {m.pk for m in MEMBERS.queryset(actor, {"q": q, **filters})}


def union_path(membership: Membership) -> str:
    return Person.objects.get(pk=membership.person_id).union_path


@pytest.fixture
def namesakes(world):
    """冯宁 in the county, in its sibling county and in another province; 冯宁宁 in the
    county (a prefix match)."""
    world.here = make_member(world.grassroots, "冯宁")
    world.longer = make_member(world.grassroots, "冯宁宁")
    world.there = make_member(world.sibling_grassroots, "冯宁")
    world.far = make_member(world.other_grassroots, "冯宁")
    return world


@pytest.mark.parametrize("q", SEARCHES)
def test_a_search_shows_each_caller_exactly_their_own_namesakes(namesakes, q):
    w = namesakes
    ours = {w.here.pk, w.longer.pk}
    assert found(w.county_staff, q) == ours
    assert found(w.cadre, q) == ours
    assert found(w.sibling_staff, q) == {w.there.pk}
    assert found(w.province_staff, q) == ours | {w.there.pk}
    assert found(w.outsider, q) == {w.far.pk}
    assert found(w.member, q) == set()
    # A union of the caller's subtree, and one outside it (nothing, not an error page).
    assert found(w.province_staff, q, union_id=w.sibling_grassroots.pk) == {w.there.pk}


def test_another_countys_namesake_never_shows_even_with_a_wrong_copy(namesakes):
    """The copy narrows, never widens: the scope is the membership's own union."""
    w = namesakes
    Person.objects.filter(pk=w.there.person_id).update(union_path=w.grassroots.path)
    assert found(w.county_staff, "冯宁") == {w.here.pk, w.longer.pk}


def test_the_copy_follows_a_transfer_and_a_departure(namesakes):
    w = namesakes
    assert union_path(w.here) == w.grassroots.path
    stale = Person.objects.get(pk=w.here.person_id)  # read before the transfer
    sibling_cadre = make_user("sib_cadre", "cadre", w.sibling_grassroots)
    transfer = services.transfer_request(
        actor=w.cadre, membership_id=w.here.pk, to_union_id=w.sibling_grassroots.pk
    )
    services.transfer_release(actor=w.cadre, transfer_id=transfer.pk)
    new = services.transfer_accept(actor=sibling_cadre, transfer_id=transfer.pk)
    assert union_path(new) == w.sibling_grassroots.path
    stale.employer_name = "沈阳某商贸公司"
    stale.save()  # a record read before the transfer does not write the old path back
    assert union_path(new) == w.sibling_grassroots.path

    assert found(w.sibling_staff, "冯宁") == {w.there.pk, new.pk}
    assert found(w.county_staff, "冯宁") == {w.longer.pk}
    # The county still finds the membership that left it, when it asks for all of them.
    assert found(w.county_staff, "冯宁", status="") == {w.here.pk, w.longer.pk}
    assert found(w.county_staff, "fn", status="transferred") == {w.here.pk}

    services.membership_leave(actor=sibling_cadre, membership_id=new.pk, reason="退休")
    assert union_path(new) == ""
    assert found(w.sibling_staff, "fengning", status="left") == {new.pk}
    assert found(w.sibling_staff, "fengning") == {w.there.pk}


def test_the_copy_is_set_when_a_join_request_is_approved(world):
    from ..factories import make_join_request

    join = make_join_request(world.grassroots, "冯宁")
    membership = services.join_approve(actor=world.cadre, join_id=join.pk)
    assert union_path(membership) == world.grassroots.path
    assert found(world.county_staff, "fn") == {membership.pk}


def test_the_copy_follows_a_move_of_the_tree(namesakes, django_capture_on_commit_callbacks):
    w = namesakes
    dalian = make_org("大连市总工会", OrgKind.CITY, w.province, "210200")
    with django_capture_on_commit_callbacks(execute=True):
        org_services.org_move(actor=w.province_staff, org_id=w.county.pk, new_parent_id=dalian.pk)
    w.grassroots.refresh_from_db()
    assert w.grassroots.path.startswith(dalian.path)
    assert union_path(w.here) == union_path(w.longer) == w.grassroots.path
    assert union_path(w.there) == w.sibling_grassroots.path  # not moved
    assert found(w.county_staff, "fengning") == {w.here.pk, w.longer.pk}
    staff = make_user("dalian_staff", "staff", dalian)
    assert found(staff, "冯宁") == {w.here.pk, w.longer.pk}


@pytest.mark.parametrize("mode", ["all_or_nothing", "good_rows"])
def test_the_copy_is_set_by_the_import_for_new_and_returning_people(world, tmp_path, mode):
    union = world.grassroots
    union.credit_code = credit_code(prefix="81")
    union.save()
    old = make_member(world.sibling_grassroots, "冯宁", joined_on="2010-01-01")
    old.status, old.ended_on = MembershipStatus.LEFT, date(2015, 1, 1)
    old.save()
    assert union_path(old) == ""
    rows = [
        person_row(union, "冯宁", number=crypto.decrypt(old.person.id_cipher)),
        person_row(union, "冯宁宁"),
    ]
    report = importer.import_members(
        actor=world.county_staff, path=write_csv(tmp_path, rows), mode=mode
    )
    assert report.imported == 2, report.bad
    active = Membership.objects.filter(status="active")
    assert {union_path(m) for m in active} == {union.path}
    assert found(world.county_staff, "冯宁") == set(active.values_list("pk", flat=True))


def test_the_demo_writes_the_copy(world):
    demo.add_members(per_union=5, seed=7)
    people = Person.objects.filter(memberships__status="active", memberships__union__isnull=False)
    assert people.exists()
    for person, path in people.values_list("pk", "memberships__union__path"):
        assert Person.objects.get(pk=person).union_path == path
    one = Membership.objects.filter(union=world.grassroots).select_related("person").first()
    assert one.pk in found(world.county_staff, one.person.name_initials)


def test_the_migration_fills_the_copy_of_people_already_on_file(namesakes):
    from importlib import import_module

    w = namesakes
    w.there.status = MembershipStatus.LEFT
    w.there.save()
    Person.objects.update(union_path="")  # as the column is added: empty
    migration = import_module("gonghui.members.migrations.0009_person_union_path")
    migration.fill_union_paths(apps, type("Editor", (), {"connection": connection})())
    assert union_path(w.here) == union_path(w.longer) == w.grassroots.path
    assert union_path(w.far) == w.other_grassroots.path
    assert union_path(w.there) == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
@pytest.mark.parametrize("q", SEARCHES)
def test_a_countys_search_skips_other_namesakes_inside_the_index(namesakes, q):
    """The county's path is tested in the name index (an index condition), so the rows
    of another county's namesakes are never read (bench/bench_member_search.py)."""
    qs = MEMBERS.queryset(namesakes.county_staff, {"q": q})[:20]
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    scan, _sep, rest = plan.partition("members_person_")
    assert _sep, plan
    index_cond = rest.splitlines()[1]
    assert "Index Cond" in index_cond and "union_path" in index_cond, plan
