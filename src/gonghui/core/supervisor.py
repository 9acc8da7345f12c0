"""The processes `gonghui serve` runs beside each other: started together, a helper that
dies is started again after a short back-off, and all of them end with the server.

Issue 23: the task worker died on "database is locked" and nothing restarted it, so
imports and summaries stayed queued until someone restarted the whole server.
"""

import logging
import signal
import subprocess
import time
from dataclasses import dataclass, field

logger = logging.getLogger("gonghui.serve")


@dataclass
class Process:
    name: str
    argv: list[str]
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    quick_deaths: int = 0  # deaths in a row, each soon after its start
    restart_at: float | None = None
    pids: list[int] = field(default_factory=list)  # every pid it has had, oldest first


class Supervisor:
    """Runs `web` (the server: when it ends, everything ends) and `helpers` (restarted).

    A helper that ran for `stable` seconds before it died is restarted after `backoff`
    seconds; one that keeps dying soon after its start waits twice as long each time, up
    to `max_backoff`, so a helper that cannot start does not spin.
    """

    def __init__(
        self,
        web: list[str] | None,
        helpers: dict[str, list[str]],
        *,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        stable: float = 60.0,
        poll: float = 0.5,
    ):
        self.web = Process("web", web) if web else None
        self.helpers = [Process(name, argv) for name, argv in helpers.items()]
        self.backoff, self.max_backoff, self.stable, self.poll = (
            backoff,
            max_backoff,
            stable,
            poll,
        )
        self.stopping = False

    def _spawn(self, proc: Process) -> None:
        proc.process = subprocess.Popen(proc.argv)
        proc.started_at, proc.restart_at = time.monotonic(), None
        proc.pids.append(proc.process.pid)

    def start(self) -> None:
        for proc in ([self.web] if self.web else []) + self.helpers:
            self._spawn(proc)

    def check(self) -> None:
        """Notice helpers that ended and start them again once their back-off is over."""
        now = time.monotonic()
        for proc in self.helpers:
            if proc.process is None or proc.process.poll() is None:
                continue
            if proc.restart_at is None:
                ran = now - proc.started_at
                if proc.process.returncode == 0:
                    # Ended of its own accord (the worker after --max-tasks jobs): not a
                    # death; started again at once (after a pause if it did not even run).
                    proc.quick_deaths, delay = 0, 0.0 if ran >= 1 else self.backoff
                else:
                    proc.quick_deaths = 0 if ran >= self.stable else proc.quick_deaths + 1
                    delay = min(self.max_backoff, self.backoff * 2 ** max(proc.quick_deaths - 1, 0))
                proc.restart_at = now + delay
                logger.warning(
                    "%s (pid %s) ended (%s) after %.0f s; starting it again in %.0f s",
                    proc.name,
                    proc.process.pid,
                    _status(proc.process.returncode),
                    ran,
                    delay,
                )
            elif now >= proc.restart_at:
                old = proc.process.pid
                self._spawn(proc)
                logger.warning(
                    "%s started again (pid %s, was %s)", proc.name, proc.process.pid, old
                )

    def run(self) -> int:
        """Start everything, watch until the web server ends or a SIGTERM/SIGINT comes,
        then end everything. Returns the web server's exit status (0 when stopped)."""

        def stop(signum, frame):
            self.stopping = True

        previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            self.start()
            while not self.stopping:
                web = self.web.process if self.web else None  # started by start() above
                if web is not None and web.poll() is not None:
                    logger.warning("the web server ended (%s)", _status(web.returncode))
                    code = web.returncode
                    return code if code and code > 0 else 1
                self.check()
                time.sleep(self.poll)
            return 0
        finally:
            self.stop()
            for s, handler in previous.items():
                signal.signal(s, handler)

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM to each process (the server first), then SIGKILL to any still running
        after `timeout` seconds; every one is waited for, none is left behind."""
        self.stopping = True
        running = [
            p.process
            for p in ([self.web] if self.web else []) + self.helpers
            if p.process is not None and p.process.poll() is None
        ]
        for process in running:
            process.terminate()
        deadline = time.monotonic() + timeout
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                logger.warning("pid %s did not stop within %.0f s; killed", process.pid, timeout)
                process.kill()
                process.wait()


def _status(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"
