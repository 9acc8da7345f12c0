"""A worker killed in the middle of an import (issue 22 item 6).

Before: after `kill -9` of the worker the job and its task showed "running" for ever, with
25,000 of 40,000 rows written. Now the next worker marks them interrupted before it takes
work, the job page says how far it got, and running it again finishes the file without
writing a row twice.
"""

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gonghui.core import jobs
from gonghui.core.errors import ServiceError
from gonghui.members import importer, tasks
from gonghui.members.models import ImportJob, Membership
from tests.test_contention import ROOT, register_csv


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _running(job: ImportJob, worker: str) -> DBTaskResult:
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [job.pk], "kwargs": {}},
        task_path=tasks.run_import_job.module_path,
        worker_ids=[worker],
        backend_name="default",
        run_after=job.created_at,
    )


@pytest.fixture
def queued(world, tmp_path, settings):
    """A county's staff queued a 30-row register in good_rows mode (never run)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    union = importer.import_target_unions(actor=world.county_staff).first()
    path = tmp_path / "register.csv"
    register_csv(path, 30, [union.credit_code or union.name])
    job = tasks.import_job_create(
        actor=world.county_staff,
        mode="good_rows",
        upload=SimpleUploadedFile("register.csv", path.read_bytes(), content_type="text/csv"),
        language="en",
    )
    return job


@pytest.mark.django_db(transaction=True)
def test_the_next_worker_marks_a_dead_workers_import_interrupted(queued, world, client):
    host = jobs.worker_id().rpartition(":")[0]
    dead = _running(queued, f"{host}:{_dead_pid()}")
    # Another machine's worker, and this process (alive): neither may be touched.
    other = ImportJob.objects.get(pk=queued.pk)
    elsewhere = DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [other.pk], "kwargs": {}},
        task_path=tasks.run_import_job.module_path,
        worker_ids=["another-host:1"],
        backend_name="default",
        run_after=other.created_at,
    )
    importer._progress_path(queued).write_text(json.dumps({"done": 20, "total": 30}))

    assert jobs.recover_interrupted() == 1

    dead.refresh_from_db()
    elsewhere.refresh_from_db()
    assert dead.status == TaskResultStatus.FAILED and "interrupted" in dead.traceback
    assert elsewhere.status == TaskResultStatus.RUNNING
    job = ImportJob.objects.get(pk=queued.pk)
    assert job.status == ImportJob.Status.INTERRUPTED and (job.done, job.total) == (20, 30)
    assert job.file  # kept, to run again
    client.force_login(world.county_staff)
    page = client.get(f"/members/import/{job.pk}/", headers={"accept-language": "en"})
    text = page.content.decode()
    assert "interrupted at row 20 of 30" in text and "Run the import again" in text
    assert client.get(f"/members/import/{job.pk}/status").json()["finished"] is True


@pytest.mark.django_db(transaction=True)
def test_running_it_again_finishes_the_file_without_writing_a_row_twice(queued, world):
    # The worker wrote the first rows, then died.
    importer.import_job_run(queued.pk)
    first_run = ImportJob.objects.get(pk=queued.pk)
    written = Membership.objects.count()
    assert first_run.imported == 30, (first_run.status, first_run.error, first_run.bad_rows[:3])
    ImportJob.objects.filter(pk=queued.pk).update(status=ImportJob.Status.INTERRUPTED)
    # import_job_run deleted the upload when it ended; an interrupted job still has it.
    job = ImportJob.objects.get(pk=queued.pk)
    job.file.save("register.csv", SimpleUploadedFile("r.csv", b""), save=True)
    path = Path(job.file.path)
    union = importer.import_target_unions(actor=world.county_staff).first()
    register_csv(path, 30, [union.credit_code or union.name])

    tasks.import_job_run_again(actor=world.county_staff, job_id=job.pk)
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.QUEUED
    importer.import_job_run(job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (job.imported, job.skipped) == (0, 30)
    assert Membership.objects.count() == written


@pytest.mark.django_db(transaction=True)
def test_only_an_interrupted_job_runs_again_and_only_for_who_may(queued, world):
    with pytest.raises(ServiceError) as refused:
        tasks.import_job_run_again(actor=world.county_staff, job_id=queued.pk)
    assert refused.value.code == "conflict" and "只有已中断的导入" in str(refused.value.message)
    ImportJob.objects.filter(pk=queued.pk).update(status=ImportJob.Status.INTERRUPTED)
    from django.http import Http404

    with pytest.raises(Http404):  # another county's staff does not learn it exists
        tasks.import_job_run_again(actor=world.sibling_staff, job_id=queued.pk)
    assert ImportJob.objects.get(pk=queued.pk).status == ImportJob.Status.INTERRUPTED


QUEUE = """
import django; django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from gonghui.accounts.models import User
from gonghui.members import importer, tasks
from tests.test_contention import build_world, register_csv
from pathlib import Path
build_world(counties=1, unions=1)
union = importer.import_target_unions(actor=User.objects.get(username="importer")).get()
path = Path("{folder}") / "register.csv"
register_csv(path, {rows}, [union.credit_code])
job = tasks.import_job_create(
    actor=User.objects.get(username="importer"), mode="good_rows",
    upload=SimpleUploadedFile("register.csv", path.read_bytes(), content_type="text/csv"))
print("job", job.pk)
"""

RUN_AGAIN = """
import django; django.setup()
from gonghui.accounts.models import User
from gonghui.members import tasks
tasks.import_job_run_again(actor=User.objects.get(username="importer"), job_id={job})
"""


@pytest.mark.one_db
@pytest.mark.slow
@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="a server's own SQLite file")
def test_kill_9_of_the_worker_mid_import(tmp_path):
    """The probe's case, with real processes on one database file: the worker is killed
    with SIGKILL while it writes; the next worker marks the job interrupted; run again,
    every row of the file is a member exactly once."""
    rows = 30_000
    data = tmp_path / "data"
    env = {
        **os.environ,
        "GONGHUI_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "gonghui.settings",
    }
    cli = [sys.executable, "-m", "gonghui.cli"]
    subprocess.run([*cli, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    queued = subprocess.run(
        [sys.executable, "-c", QUEUE.format(folder=tmp_path, rows=rows)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    job = int(queued.stdout.split("job")[-1])
    db = data / "gonghui.sqlite3"
    progress = data / "media" / "imports" / f"job-{job}.progress"

    def query(sql):
        with sqlite3.connect(db) as conn:
            return conn.execute(sql, [job]).fetchone()

    worker = subprocess.Popen([*cli, "worker"], env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:  # killed once some chunks are written and the rest is not
            assert time.monotonic() < deadline, "the import never got going"
            try:
                done = json.loads(progress.read_text())["done"]
            except (OSError, ValueError):
                done = 0
            if done >= 5_000:
                break
            time.sleep(0.05)
        worker.kill()
        worker.wait()
    finally:
        if worker.poll() is None:
            worker.kill()
    assert query("SELECT status FROM members_importjob WHERE id = ?") == ("running",)
    written = query("SELECT count(*) FROM members_membership WHERE ? > 0")[0]
    assert 0 < written < rows

    # The next worker: the job is interrupted before anything else happens.
    recovered = subprocess.Popen(
        [*cli, "worker"], env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while query("SELECT status FROM members_importjob WHERE id = ?") != ("interrupted",):
            assert time.monotonic() < deadline, "the next worker did not mark the job"
            time.sleep(0.2)
        status, error = query("SELECT status, error FROM members_importjob WHERE id = ?")
        assert "interrupted at row" in error or "中断" in error
        subprocess.run(
            [sys.executable, "-c", RUN_AGAIN.format(job=job)], env=env, cwd=ROOT, check=True
        )
        deadline = time.monotonic() + 180
        while query("SELECT status FROM members_importjob WHERE id = ?") != ("done",):
            assert time.monotonic() < deadline, "the job run again never finished"
            time.sleep(0.3)
    finally:
        recovered.terminate()
        recovered.wait(timeout=30)
    imported, skipped = query("SELECT imported, skipped FROM members_importjob WHERE id = ?")
    assert skipped == written and imported + skipped == rows
    assert query("SELECT count(*) FROM members_membership WHERE ? > 0") == (rows,)
    with sqlite3.connect(db) as conn:
        statuses = dict(
            conn.execute(
                "SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status"
            ).fetchall()
        )
    assert statuses.get("RUNNING") is None and statuses.get("FAILED") == 1
