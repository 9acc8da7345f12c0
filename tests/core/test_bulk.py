"""core.bulk: the demo's fast writers give what the slow ones gave."""

import pytest
from django.db import IntegrityError, connection

from gonghui.core.bulk import analyze_changed, copy_objects, indexes_built_after, update_column
from gonghui.core.models import AuditEvent
from gonghui.members.demo import add_members
from gonghui.members.models import Membership, Person
from gonghui.orgs.models import Enterprise, Organization, OrgKind
from tests.factories import EnterpriseFactory


def test_copy_objects_saves_as_bulk_create(world):
    """Ids continue the table, parents saved after assignment give their ids,
    auto_now_add and JSON are filled in, and the next ORM insert follows the copied rows."""
    before = AuditEvent.objects.count()
    events = copy_objects(
        AuditEvent,
        [
            AuditEvent(
                action="demo", org=world.county, org_path=world.county.path, changes={"n": n}
            )
            for n in range(3)
        ],
    )
    assert [e.pk for e in events] == sorted(e.pk for e in events)
    assert len({e.pk for e in events}) == 3 and not events[0]._state.adding
    stored = AuditEvent.objects.filter(pk__in=[e.pk for e in events]).order_by("pk")
    assert [e.changes for e in stored] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert all(e.at is not None and e.org_id == world.county.pk for e in stored)
    assert AuditEvent.objects.count() == before + 3
    later = AuditEvent.objects.create(action="after")  # the sequence was moved past them
    assert later.pk > max(e.pk for e in events)

    enterprise = EnterpriseFactory.build(keeper=world.township)
    union = Organization(
        name="沈阳测试机械有限公司工会委员会",
        kind=OrgKind.GRASSROOTS,
        parent=world.township,
        region_id="210102",
        enterprise=enterprise,
        path="",
    )
    copy_objects(Enterprise, [enterprise])  # saved after the union was given it
    copy_objects(Organization, [union])
    assert Organization.objects.get(pk=union.pk).enterprise_id == enterprise.pk


def test_copy_objects_is_copy_on_postgresql(world, django_assert_max_num_queries):
    """Thousands of rows in a fixed number of statements, whatever their count."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps bulk_create")
    rows = [AuditEvent(action="demo", changes={}) for _ in range(5000)]
    with django_assert_max_num_queries(3):  # the next id, the COPY, the sequence
        copy_objects(AuditEvent, rows)
    assert AuditEvent.objects.filter(action="demo").count() == 5000


def _indexes(table: str) -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return set(cursor.fetchall())


def _foreign_keys(table: str) -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = %s::regclass",
            [table],
        )
        return set(cursor.fetchall())


def test_indexes_built_after_gives_back_every_index(world):
    """The members' load drops the plain indexes and builds them again: afterwards the
    tables have exactly the indexes they had (names, definitions), and the rows."""
    if connection.vendor != "postgresql":
        pytest.skip("a no-op on SQLite")
    before = {t: _indexes(t) for t in ("members_person", "members_membership")}
    keys = _foreign_keys("members_membership")
    assert len(before["members_person"]) > 5
    assert any("orgs_organization" in d and "DEFERRABLE" in d for _n, d in keys)
    with indexes_built_after(Person, Membership):
        assert _foreign_keys("members_membership") == set()
        during = _indexes("members_person")
        # primary key and unique constraints stay, and check the rows as they come
        assert {"members_person_pkey", "members_person_id_index_key"} <= {n for n, _d in during}
        assert len(during) < len(before["members_person"])
        added = add_members(per_union=3, unions=[world.grassroots, world.sibling_grassroots])
    assert added > 0
    assert {t: _indexes(t) for t in before} == before
    assert _foreign_keys("members_membership") == keys
    assert Membership.objects.filter(union=world.grassroots).count() > 0


def test_a_row_without_its_union_fails_the_whole_load(world):
    """With the foreign keys dropped for the load, a row pointing at no union is still
    refused: adding the key back checks every row, and the load is undone."""
    if connection.vendor != "postgresql":
        pytest.skip("a no-op on SQLite")
    people, keys = Person.objects.count(), _foreign_keys("members_membership")
    with pytest.raises(IntegrityError), indexes_built_after(Person, Membership):
        add_members(per_union=2, unions=[world.grassroots])
        Membership.objects.filter(union=world.grassroots).update(union_id=10**9)
    assert Person.objects.count() == people
    assert _foreign_keys("members_membership") == keys


def test_indexes_come_back_when_the_load_fails(world):
    if connection.vendor != "postgresql":
        pytest.skip("a no-op on SQLite")
    before = _indexes("members_membership")
    with pytest.raises(RuntimeError), indexes_built_after(Membership):
        raise RuntimeError("the load failed")
    assert _indexes("members_membership") == before


@pytest.mark.django_db(transaction=True)
def test_a_table_loaded_in_bulk_is_analyzed_before_the_next_step(world):
    """After a demo part COPYs thousands of rows, the next part's queries must not be
    planned for an empty table: analyze_changed takes the statistics of what changed.
    (`world` puts the regions back that an earlier transactional test's flush emptied.)"""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps no planner statistics to go stale")
    analyze_changed()  # what earlier tests left
    copy_objects(Enterprise, EnterpriseFactory.build_batch(1500, keeper=world.county))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")  # counters reach the view now
    assert "orgs_enterprise" in analyze_changed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'orgs_enterprise'")
        assert cursor.fetchone()[0] >= 1500
    assert "orgs_enterprise" not in analyze_changed()  # nothing new since


def test_update_column_sets_the_rows_given_and_no_other(world, django_assert_max_num_queries):
    """One statement a batch on PostgreSQL; each row gets its own value, the rest keep
    theirs, and text is stored as given (quotes, Chinese, the longest a column takes)."""
    values = {
        world.county.pk: "x" * Organization._meta.get_field("sort_key").max_length,
        world.township.pk: 'it\'s "南湖"',
        world.grassroots.pk: "",
    }
    untouched = Organization.objects.exclude(pk__in=values).values_list("pk", "sort_key")
    before = dict(untouched)
    limit = 1 if connection.vendor == "postgresql" else 3
    with django_assert_max_num_queries(limit):
        assert update_column(Organization, "sort_key", values) == 3
    stored = dict(Organization.objects.filter(pk__in=values).values_list("pk", "sort_key"))
    assert stored == values and dict(untouched.all()) == before
    assert update_column(Organization, "sort_key", {}) == 0
