"""Audit rows are append-only: in the code and in the database itself."""

import pytest
from django.db import DatabaseError, connection, transaction

from gonghui.core import append_only, audit
from gonghui.core.models import AppendOnlyError, AuditEvent, SensitiveRead


def test_code_paths_cannot_change_or_delete(world):
    event = audit.record(actor=world.cadre, action=audit.Action.UPDATE, obj=world.grassroots)
    event.action = "nothing happened"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "update"


def rows(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY id")
        return cursor.fetchall()


def rewrite_statement(table: str, changes: dict) -> tuple[str, list]:
    """`INSERT OR REPLACE` of the table's first row with `changes`: on SQLite it deletes
    the row it conflicts with and inserts the changed one (fires no DELETE trigger)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY id LIMIT 1")
        row = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
    row.update(changes)
    return (
        f"INSERT OR REPLACE INTO {table} ({', '.join(row)}) "
        f"VALUES ({', '.join(['%s'] * len(row))})",
        list(row.values()),
    )


def refused(statement: str, params=None) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
    except DatabaseError:
        return True
    return False


# Per database: what the database is asked, and what a guard must refuse.
STATEMENTS = {
    "sqlite": ["UPDATE {t} SET target_id = 'x'", "DELETE FROM {t}", "REPLACE"],
    "postgresql": ["UPDATE {t} SET target_id = 'x'", "DELETE FROM {t}", "TRUNCATE {t}"],
}


@pytest.mark.parametrize("table", append_only.AUDIT_TABLES)
@pytest.mark.parametrize("index", range(3))
def test_database_refuses_raw_changes(world, table, index):
    audit.record(actor=world.cadre, action=audit.Action.UPDATE, obj=world.grassroots)
    audit.record_sensitive_read(actor=world.cadre, obj=world.cadre, field="phone")
    append_only.install(connection)  # the suite lifts them; this test's transaction restores
    before = rows(table)

    statement = STATEMENTS[connection.vendor][index]
    if statement == "REPLACE":
        assert refused(*rewrite_statement(table, {"target_id": "x"}))
    else:
        assert refused(statement.format(t=table))
    assert rows(table) == before
    assert AuditEvent.objects.count() == 1 and SensitiveRead.objects.count() == 1


def test_a_new_row_is_still_inserted_with_the_guards_on(world):
    append_only.install(connection)
    audit.record(actor=world.cadre, action=audit.Action.UPDATE, obj=world.grassroots)
    audit.record(actor=world.cadre, action=audit.Action.UPDATE, obj=world.grassroots)
    assert AuditEvent.objects.count() == 2


def test_installing_twice_keeps_one_set_of_guards(world):
    append_only.install(connection)
    append_only.install(connection)  # migrations 0002 then 0003 on a new database
    audit.record(actor=world.cadre, action=audit.Action.UPDATE, obj=world.grassroots)
    assert refused("DELETE FROM core_auditevent")
    append_only.uninstall(connection)
    assert not refused("DELETE FROM core_auditevent")
