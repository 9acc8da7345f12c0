"""Audit rows are append-only: in the code and in the database itself."""

import pytest
from django.db import DatabaseError, connection, transaction

from gonghui.core import append_only, audit
from gonghui.core.models import AppendOnlyError, AuditEvent, SensitiveRead


def test_code_paths_cannot_change_or_delete(world):
    event = audit.record(actor=world.cadre, action="update", obj=world.grassroots)
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


@pytest.mark.parametrize("table", append_only.TABLES)
@pytest.mark.parametrize("statement", ["UPDATE {t} SET target_id = 'x'", "DELETE FROM {t}"])
def test_database_refuses_raw_changes(world, table, statement):
    audit.record(actor=world.cadre, action="update", obj=world.grassroots)
    audit.record_sensitive_read(actor=world.cadre, obj=world.cadre, field="phone")
    append_only.install(connection)  # the suite lifts them; this test's transaction restores

    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement.format(t=table))
    assert AuditEvent.objects.count() == 1 and SensitiveRead.objects.count() == 1
