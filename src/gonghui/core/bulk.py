"""Fast inserts of many rows: COPY on PostgreSQL, batched INSERTs elsewhere; and one
column of many rows updated at once (`update_column`).

Used by demo generators and imports, where rows are already validated and complete
(ids included), and the ORM's per-object work would dominate the time.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import connection, transaction
from django.db.models import Model
from django.db.models.fields import AutoFieldMixin, Field
from psycopg.copy import QueuedLibpqWriter

_M = TypeVar("_M", bound=Model)


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows` (tuples in `columns` order) into `table`; returns the count.

    On PostgreSQL the rows go to one COPY as `rows` yields them, and a thread of psycopg's
    (`QueuedLibpqWriter`) sends them: a generator that makes rows goes on making the next
    while the server stores the last, each on its own core, instead of waiting for the
    socket (members.demo makes its ten million people so, bench/bench_demo_members.py)."""
    n = 0
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(
                f"COPY {connection.ops.quote_name(table)} ({cols}) FROM STDIN",
                writer=QueuedLibpqWriter(raw),
            ) as copy:
                for row in rows:
                    copy.write_row(row)
                    n += 1
            return n
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {connection.ops.quote_name(table)} ({cols}) VALUES ({marks})"
        batch: list[Sequence] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 5000:
                cursor.executemany(sql, batch)
                n += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            n += len(batch)
    return n


def copy_objects(model: type[_M], objs: Iterable[_M], *, batch_size: int = 2000) -> list[_M]:
    """`model.objects.bulk_create(objs)` for a demo's many rows: COPY on PostgreSQL.

    Objects without a primary key get the ids after the table's largest (the ids a fresh
    sequence would give, as bulk_create's do), their fields are prepared as bulk_create
    prepares them (`auto_now_add` filled in, JSON adapted), the rows are COPYed and the
    sequence moved past them; the objects come back with their ids, as saved ones. On
    SQLite (the small demo of `gonghui up`) this is bulk_create itself.
    """
    objs = list(objs)
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_create(objs, batch_size=batch_size)
    if not objs:
        return objs
    opts = model._meta
    pk = opts.pk
    assert pk is not None
    for obj in objs:  # as bulk_create: a parent saved after being assigned gives its id
        obj._prepare_related_fields_for_save(operation_name="bulk_create")  # type: ignore[attr-defined]
    if any(obj.pk is None for obj in objs):
        if not isinstance(pk, AutoFieldMixin):
            raise ValueError(f"{opts.label}: objects without a primary key")
        n = next_id(model)
        for obj in objs:
            if obj.pk is None:
                obj.pk = n
                n += 1
    fields = list(opts.concrete_fields)
    prepared = [(field.get_db_prep_save, field.pre_save) for field in fields]

    def rows():
        for obj in objs:
            yield tuple(prep(pre(obj, True), connection) for prep, pre in prepared)
            obj._state.adding = False
            obj._state.db = connection.alias

    insert_rows(opts.db_table, [str(f.column) for f in fields], rows())
    reset_sequence(model)
    return objs


@contextmanager
def indexes_built_after(*models: type[Model]) -> Iterator[None]:
    """Load the models' tables without their plain indexes and foreign keys, then build
    those at once.

    On PostgreSQL the indexes that back no constraint (primary keys and unique constraints
    stay, and check every row as it comes) and the tables' foreign keys are dropped, the
    block runs, and each is made again from its own definition (same name, columns,
    opclass, collation; the foreign keys deferrable as Django makes them), as
    pg_restore does: sorting ten million keys once costs a fraction of inserting them one
    by one into a dozen btrees, and a foreign key added to a full table is checked by one
    join instead of a trigger a row (bench/RESULTS.md, "Demo at province scale"). All in
    one transaction, so a failure leaves the tables as they were. A no-op elsewhere.
    Partial indexes stay: few rows, and their condition deparsed and parsed again comes
    back written otherwise (casts), not the index the migrations made.
    """
    if connection.vendor != "postgresql":
        yield
        return
    tables = [m._meta.db_table for m in models]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.tablename, i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = "
            "(quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass) "
            "AND i.indexdef NOT LIKE '%% WHERE %%' "
            "ORDER BY i.tablename, i.indexname",
            [tables],
        )
        plain = cursor.fetchall()
        cursor.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
            "FROM pg_constraint c WHERE c.contype = 'f' "
            "AND c.conrelid = ANY(SELECT to_regclass(t) FROM unnest(%s::text[]) t) "
            "ORDER BY 1, 2",
            [tables],
        )
        foreign = cursor.fetchall()
        quote = connection.ops.quote_name
        # A table with pending deferred checks cannot be altered (the referenced tables'
        # triggers go with the keys): run the checks now, then defer again.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table, name, _definition in foreign:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for _table, name, _definition in plain:
            cursor.execute(f"DROP INDEX {quote(name)}")
        yield
        # Other tables' deferred foreign-key checks run now (an index cannot be made on a
        # table with pending trigger events), then deferred again as Django makes them.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # Room to sort ten million keys in memory rather than in temporary files.
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _table, _name, definition in plain:
            cursor.execute(definition)
        for table, name, definition in foreign:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def analyze_changed(min_rows: int = 1000) -> list[str]:
    """ANALYZE the tables that grew or changed by a tenth (and `min_rows`) since their
    statistics were taken; returns their names. A no-op elsewhere.

    What autovacuum does a minute or more later, done now: a table bulk-loaded a moment
    ago is planned as empty until then, and the next step's queries over it pick plans
    for no rows (a campaign's scope check at province scale took 221 ms instead of 0.3).
    """
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() "
            "AND n_mod_since_analyze >= GREATEST(%s, n_live_tup / 10) ORDER BY relname",
            [min_rows],
        )
        tables = [name for (name,) in cursor.fetchall()]
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return tables


def reset_sequence(model) -> None:
    """After inserting explicit ids, make the next ORM insert continue after them."""
    if connection.vendor != "postgresql":
        return  # SQLite continues after the largest rowid by itself
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT max(id) FROM {table}), 1))"
        )


def next_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def update_column(model: type[Model], column: str, values: Mapping[Any, Any]) -> int:
    """Set `column` of many rows, {pk: value}; returns the rows given. On PostgreSQL one
    `UPDATE … FROM unnest(ids, values)` a batch of 10,000 (Django's bulk_update writes a
    CASE of every row of its batch, which each row then walks: 200,000 organizations' keys
    took 154 s that way, bench/RESULTS.md); elsewhere bulk_update. For a derived column
    written again (orgs.models.refresh_sort_keys), also by a migration's historical model."""
    if connection.vendor != "postgresql":
        objs = [model(pk=pk, **{column: value}) for pk, value in values.items()]
        model._base_manager.bulk_update(objs, [column], batch_size=1000)
        return len(objs)
    opts = model._meta
    pk = opts.pk
    assert pk is not None
    field = opts.get_field(column)
    if not isinstance(field, Field) or field.column is None or pk.column is None:
        raise ValueError(f"{opts.label}.{column} is not a column")
    quote = connection.ops.quote_name
    pk_type, value_type = pk.db_type(connection), field.db_type(connection)
    sql = (
        f"UPDATE {quote(opts.db_table)} AS t SET {quote(field.column)} = v.value "
        f"FROM unnest(%s::{pk_type}[], %s::{value_type}[]) AS v(pk, value) "
        f"WHERE t.{quote(pk.column)} = v.pk"
    )
    items = list(values.items())
    with connection.cursor() as cursor:
        for start in range(0, len(items), 10_000):
            batch = items[start : start + 10_000]
            cursor.execute(
                sql,
                [
                    [p for p, _v in batch],
                    [field.get_db_prep_save(v, connection) for _p, v in batch],
                ],
            )
    return len(items)
