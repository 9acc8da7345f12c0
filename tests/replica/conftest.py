"""Tests against a real streaming replica (issue 13, item 7).

They need `DATABASE_REPLICA_URL` (a hot standby of the primary in DATABASE_URL, as
`.ci/replica start` makes on port 5433) and skip without it, unless
`GONGHUI_REQUIRE_REPLICA=1` (CI), which makes a missing replica a failure.
"""

import os
import time

import dj_database_url
import pytest
from django.db import connections

from gonghui.core import replica


def _point_replica_at(port: int | None = None) -> None:
    """The `replica` alias on the replica server, in the test database (which streaming
    copied from the primary; Django made the alias a mirror of `default`)."""
    server = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"])
    conn = connections[replica.REPLICA]
    conn.close()
    conn.settings_dict = {
        **connections["default"].settings_dict,
        **{k: server[k] for k in ("HOST", "PORT", "USER", "PASSWORD")},
        "OPTIONS": {"connect_timeout": 2},
        # Still a mirror: a transactional test empties the primary, never the replica.
        "TEST": {**connections["default"].settings_dict["TEST"], "MIRROR": "default"},
    }
    if port is not None:
        conn.settings_dict["PORT"] = port


@pytest.fixture
def on_replica(transactional_db):
    _point_replica_at()
    replica._down_until = 0.0
    yield
    resume_replay()
    connections[replica.REPLICA].close()
    replica._down_until = 0.0


@pytest.fixture
def replica_down(on_replica):
    # Nothing listens on port 1: connecting fails at once.
    _point_replica_at(port=1)
    yield
    _point_replica_at()


def _replica_sql(sql: str, params: tuple = ()) -> object:
    with connections[replica.REPLICA].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def wait_for_replay(timeout: float = 20) -> None:
    """Until the replica has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        lsn = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    while not _replica_sql("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (lsn,)):
        assert time.monotonic() < deadline, "the replica did not replay the primary's writes"
        time.sleep(0.05)


def pause_replay() -> None:
    wait_for_replay()
    _replica_sql("SELECT pg_wal_replay_pause()::text")


def resume_replay() -> None:
    _replica_sql("SELECT pg_wal_replay_resume()::text")
