"""`gonghui serve`'s helpers: a dead one is started again after a back-off, with a log
line; a helper that keeps dying waits longer each time; stopping ends every process."""

import logging
import os
import signal
import sys
import time

import pytest

from gonghui.core.supervisor import Supervisor

pytestmark = pytest.mark.one_db  # processes and signals; no database at all

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]
FAILING = [sys.executable, "-c", "raise SystemExit(3)"]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1].split()[0] != "Z"  # a zombie is not running
    except FileNotFoundError:
        return False


def _until(condition, seconds: float, sup: Supervisor) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time"
        sup.check()
        time.sleep(0.05)


def test_a_killed_helper_is_started_again_and_stop_ends_everything(caplog):
    sup = Supervisor(None, {"task worker": SLEEPER, "roll-up": SLEEPER}, backoff=0.2)
    sup.start()
    worker, rollup = sup.helpers
    try:
        first = worker.process.pid
        os.kill(first, signal.SIGKILL)
        with caplog.at_level(logging.WARNING, logger="gonghui.serve"):
            _until(lambda: len(worker.pids) == 2, 10, sup)
        assert _alive(worker.process.pid) and not _alive(first)
        assert rollup.pids == [rollup.process.pid]  # the other helper was left alone
        messages = " | ".join(r.getMessage() for r in caplog.records)
        assert f"task worker (pid {first}) ended (signal SIGKILL)" in messages
        assert f"task worker started again (pid {worker.process.pid}, was {first})" in messages
    finally:
        sup.stop(timeout=5)
    assert not any(_alive(pid) for pid in worker.pids + rollup.pids)


def test_a_helper_that_keeps_dying_waits_longer_each_time(caplog):
    sup = Supervisor(None, {"broken": FAILING}, backoff=0.1, max_backoff=0.4)
    sup.start()
    try:
        with caplog.at_level(logging.WARNING, logger="gonghui.serve"):
            _until(lambda: len(sup.helpers[0].pids) == 5, 15, sup)
            _until(lambda: sup.helpers[0].restart_at is not None, 5, sup)
    finally:
        sup.stop(timeout=5)
    delays = [r.args[-1] for r in caplog.records if "starting it again" in r.getMessage()]
    assert delays == [0.1, 0.2, 0.4, 0.4, 0.4]
    assert "ended (exit status 3)" in caplog.records[0].getMessage()


def test_stop_kills_a_process_that_ignores_sigterm():
    stubborn = [
        sys.executable,
        "-c",
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(120)",
    ]
    sup = Supervisor(None, {"stubborn": stubborn})
    sup.start()
    time.sleep(1)  # its handler is in place
    started = time.monotonic()
    sup.stop(timeout=1)
    assert time.monotonic() - started < 5
    assert sup.helpers[0].process.returncode == -signal.SIGKILL


def test_a_worker_that_ends_itself_after_its_jobs_is_started_again_at_once(caplog):
    """Issue 22 item 7: the worker ends with status 0 after --max-tasks jobs to give its
    memory back; that is not a death, so no back-off grows however often it happens."""
    recycled = [sys.executable, "-c", "import time; time.sleep(1.2)"]
    sup = Supervisor(None, {"task worker": recycled}, backoff=5, max_backoff=60)
    sup.start()
    try:
        with caplog.at_level(logging.WARNING, logger="gonghui.serve"):
            _until(lambda: len(sup.helpers[0].pids) == 3, 10, sup)
    finally:
        sup.stop(timeout=5)
    delays = [r.args[-1] for r in caplog.records if "starting it again" in r.getMessage()]
    assert delays == [0.0, 0.0] and sup.helpers[0].quick_deaths == 0
