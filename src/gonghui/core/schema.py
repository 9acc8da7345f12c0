"""Migration operations for tables of a province's size (ten million rows).

`AddIndexConcurrently` / `RemoveIndexConcurrently`: on PostgreSQL, CREATE / DROP INDEX
CONCURRENTLY, which do not block the table's writes while ten million rows are indexed
(the migration must say `atomic = False`); on SQLite, the plain statements (one union's
database, small). Django's own operations of these names run only on PostgreSQL.
"""

from django.contrib.postgres import operations as pg
from django.db import migrations


class _PlainElsewhere:
    """PostgreSQL's concurrent operation there, the plain one (`plain`) on SQLite."""

    plain: type[migrations.AddIndex] | type[migrations.RemoveIndex]

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)  # type: ignore[misc]
        else:
            self.plain.database_forwards(self, app_label, schema_editor, from_state, to_state)  # type: ignore[arg-type]

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)  # type: ignore[misc]
        else:
            self.plain.database_backwards(self, app_label, schema_editor, from_state, to_state)  # type: ignore[arg-type]


class AddIndexConcurrently(_PlainElsewhere, pg.AddIndexConcurrently):
    plain = migrations.AddIndex


class RemoveIndexConcurrently(_PlainElsewhere, pg.RemoveIndexConcurrently):
    plain = migrations.RemoveIndex
