"""The background worker recycles itself (issue 22 item 7).

The probe saw the worker's RSS grow from 177 MB to 740 MB over its imports. `gonghui
worker` ends after --max-tasks jobs (GONGHUI_WORKER_MAX_TASKS) and the supervisor of
`gonghui serve` starts a fresh one at once: here real processes on one database file run
seven imports with --max-tasks 3, and each worker's pid, jobs and memory are read.
"""

import os
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gonghui.core.supervisor import Supervisor
from tests.test_contention import ROOT

JOBS, PER_WORKER, ROWS = 7, 3, 300
# Each worker's peak resident memory (VmHWM). A worker that has imported a few hundred rows
# holds about 100-150 MB (Django, the apps, openpyxl, pypinyin's tables); the probe's grew to
# 740 MB. The bound for a 1 M-row import is 500 MB (bench/RESULTS.md).
PEAK_MB = 400

QUEUE = """
import csv, django; django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from gonghui.accounts.models import User
from gonghui.members import importer, tasks
from tests.test_contention import build_world, register_csv
from pathlib import Path
build_world(counties=1, unions=1)
staff = User.objects.get(username="importer")
union = importer.import_target_unions(actor=staff).get()
folder = Path("{folder}")
register_csv(folder / "all.csv", {jobs} * {rows}, [union.credit_code])
with open(folder / "all.csv", encoding="utf-8-sig", newline="") as f:
    header, *rows = list(csv.reader(f))
for k in range({jobs}):  # distinct people in every file: each job writes {rows} members
    part = folder / f"part{{k}}.csv"
    with open(part, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([header, *rows[k * {rows}:(k + 1) * {rows}]])
    tasks.import_job_create(
        actor=staff, mode="good_rows",
        upload=SimpleUploadedFile(part.name, part.read_bytes(), content_type="text/csv"))
"""


def _memory_mb(pid: int) -> tuple[float, float] | None:
    """(VmRSS, VmHWM) of a live process in MB, from /proc/<pid>/status."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    try:
        return tuple(int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM"))  # type: ignore[return-value]
    except (KeyError, ValueError):
        return None  # a zombie has no memory lines


@pytest.mark.one_db
@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="a server's own SQLite file")
def test_the_worker_ends_after_max_tasks_jobs_and_a_fresh_one_takes_over(
    tmp_path, monkeypatch, copy_migrated
):
    data = copy_migrated(tmp_path / "data")
    env = {
        **os.environ,
        "GONGHUI_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "gonghui.settings",
    }
    cli = [sys.executable, "-m", "gonghui.cli"]
    subprocess.run(
        [sys.executable, "-c", QUEUE.format(folder=tmp_path, jobs=JOBS, rows=ROWS)],
        env=env,
        cwd=ROOT,
        check=True,
    )
    db = data / "gonghui.sqlite3"

    def query(sql):
        with sqlite3.connect(db) as conn:
            return conn.execute(sql).fetchall()

    # The supervisor `gonghui serve` runs, with the worker as its only helper; the worker's
    # own environment says how many jobs it takes.
    supervisor = Supervisor(
        None,
        {"task worker": [*cli, "worker", "--max-tasks", str(PER_WORKER)]},
        backoff=0.2,
        poll=0.05,
    )
    (worker,) = supervisor.helpers
    peaks: dict[int, float] = {}
    for name in ("GONGHUI_DATA_DIR", "DJANGO_SETTINGS_MODULE"):  # what its processes inherit
        monkeypatch.setenv(name, env[name])
    supervisor.start()
    try:
        deadline = time.monotonic() + 300  # a bound for a hang; seconds on an idle machine
        while query("SELECT count(*) FROM members_importjob WHERE status = 'done'")[0][0] < JOBS:
            assert time.monotonic() < deadline, query("SELECT status, error FROM members_importjob")
            for pid in worker.pids:
                memory = _memory_mb(pid)
                if memory:
                    peaks[pid] = max(peaks.get(pid, 0.0), memory[1])
            supervisor.check()
            time.sleep(0.05)
    finally:
        supervisor.stop()

    # Each task names the worker that ran it, "<host>:<pid>": three, three, then one.
    ran = Counter(
        int(ids.rsplit(":", 1)[1].rstrip('"]'))
        for (ids,) in query(
            "SELECT worker_ids FROM django_tasks_database_dbtaskresult ORDER BY started_at"
        )
    )
    assert sorted(ran.values(), reverse=True) == [3, 3, 1], ran
    assert list(ran) == worker.pids[: len(ran)]  # one after the other, each a new process
    assert query("SELECT DISTINCT status FROM django_tasks_database_dbtaskresult") == [
        ("SUCCESSFUL",)
    ]
    assert query("SELECT count(*) FROM members_membership")[0][0] == JOBS * ROWS
    assert peaks and max(peaks.values()) < PEAK_MB, peaks
    print({pid: f"{mb:.0f} MB" for pid, mb in peaks.items()})


@pytest.mark.one_db
def test_max_tasks_zero_never_ends_and_a_negative_number_is_refused(monkeypatch):
    """db_worker reads --max-tasks 0 as "end at once": under the supervisor one worker would
    follow another, each ending before its first job. 0 now means a worker that never ends."""
    from gonghui.core import jobs
    from gonghui.core.management.commands import worker

    passed = {}
    monkeypatch.setattr(jobs, "recover_interrupted", lambda: 0)
    monkeypatch.setattr(
        worker, "call_command", lambda name, **options: passed.update(options, name=name)
    )
    call_command("worker", max_tasks=0)
    assert passed["name"] == "db_worker" and passed["max_tasks"] is None
    call_command("worker", max_tasks=5)
    assert passed["max_tasks"] == 5
    with pytest.raises(CommandError):
        call_command("worker", max_tasks=-1)
