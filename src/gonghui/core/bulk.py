"""Fast inserts of many rows: COPY on PostgreSQL, batched INSERTs elsewhere.

Used by demo generators and imports, where rows are already validated and complete
(ids included), and the ORM's per-object work would dominate the time.
"""

from collections.abc import Iterable, Sequence

from django.db import connection


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows` (tuples in `columns` order) into `table`; returns the count."""
    n = 0
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(
                f"COPY {connection.ops.quote_name(table)} ({cols}) FROM STDIN"
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
