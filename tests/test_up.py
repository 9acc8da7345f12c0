"""`gonghui up` on an empty data directory: migrate, demo province, production server.

One server serves the module's tests, as an operator would run it."""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from .factories import id_number

pytestmark = [
    pytest.mark.one_db,
    pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="`up` is the SQLite path"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    def __init__(self, data_dir, port, proc, log):
        self.data_dir, self.port, self.proc, self.log = data_dir, port, proc, log
        self.base = f"http://127.0.0.1:{port}"

    def stop(self) -> str:
        """Stop the server (gracefully, as an operator would) and return all it printed."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("gonghui-up")
    log = data_dir.parent / f"{data_dir.name}.log"  # what the server prints, access log too
    port = _free_port()
    env = {**os.environ, "GONGHUI_DATA_DIR": str(data_dir)}
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gonghui.cli", "up", "--bind", f"127.0.0.1:{port}"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
    server = Served(data_dir, port, proc, log)
    try:
        # Migrating and building the demo take about 4 minutes on 2 busy cores; a loaded
        # CI machine has taken longer, and the tests then met a server still building.
        deadline = time.monotonic() + 900
        ready = False
        while not ready and time.monotonic() < deadline and proc.poll() is None:
            try:
                urllib.request.urlopen(f"{server.base}/login/", timeout=10).close()
                ready = True
            except OSError:
                time.sleep(1)
        if not ready:
            pytest.fail("`gonghui up` did not serve /login/:\n" + server.stop()[-3000:])
        yield server
    finally:
        server.stop()


def test_up_serves_the_login_page_and_prints_accounts(served):
    with urllib.request.urlopen(f"{served.base}/login/", timeout=10) as r:
        page = r.read().decode()
    assert 'name="password"' in page
    css = re.search(r'href="(/static/gonghui/app\.[0-9a-f]+\.css)"', page)
    assert css, "static files are not hashed by the production storage"
    with urllib.request.urlopen(f"{served.base}{css.group(1)}") as r:
        assert r.status == 200 and b"--red" in r.read()
    output = served.log.read_text(encoding="utf-8")
    assert "admin" in output and "cadre" in output  # the demo accounts were printed
    assert (served.data_dir / "gonghui.sqlite3").exists()
    assert (served.data_dir / "secret_key").exists()


class Browser:
    """A cookie-keeping client that fills Django forms with their CSRF token."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path) -> tuple[int, str]:
        with self.opener.open(self.base + path, timeout=30) as r:
            return r.status, r.read().decode("utf-8", errors="replace")

    def post_form(self, path, fields) -> tuple[int, str, str]:
        """(status, the URL it ended on after redirects, the page)."""
        _status, page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        request = urllib.request.Request(
            self.base + path, data=data, headers={"Referer": self.base + path}
        )
        try:
            with self.opener.open(request, timeout=30) as r:
                return r.status, r.geturl(), r.read().decode("utf-8", errors="replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.geturl(), exc.read().decode("utf-8", errors="replace")


def test_no_id_number_or_phone_in_clear_in_the_database_or_the_logs(served):
    """A worker joins, a cadre signs in, searches by the ID number and the phone and
    exports: neither number is then anywhere in the database file, its WAL, the media
    files or what the server printed (its access log)."""
    number, phone = id_number(birth="19750601", male=False), "13712345678"
    worker = Browser(served.base)
    joining = {
        "name": "李秀兰",
        "id_number": number,
        "phone": phone,
        "work_kind": "delivery_rider",
        "region": "210102",
        "employer_text": "美团",
        "employer_not_on_file": "on",
        "privacy": "on",
        "id_consent": "on",
        "password": "Qiang-Gonghui-2026!",
    }
    # Without a script the first press names the union; the second sends the request.
    status, url, page = worker.post_form("/join/", joining)
    seen = re.search(r'name="union_seen" value="(\d+)"', page)
    assert status == 200 and seen, page
    status, url, page = worker.post_form("/join/", {**joining, "union_seen": seen.group(1)})
    assert (status, urllib.parse.urlparse(url).path) == (200, "/me/"), page

    cadre = Browser(served.base)
    status, url, _page = cadre.post_form(
        "/login/", {"username": "cadre", "password": "gonghui-demo-2026"}
    )
    assert status == 200 and urllib.parse.urlparse(url).path != "/login/"
    for query in (number, phone):
        status, _page = cadre.get("/members/?" + urllib.parse.urlencode({"q": query}))
        assert status == 200
    status, _csv = cadre.get("/members/?" + urllib.parse.urlencode({"q": number, "export": "csv"}))
    assert status == 200
    # The worker signs in again with the phone, as members do.
    again = Browser(served.base)
    status, url, _page = again.post_form(
        "/login/", {"username": phone, "password": "Qiang-Gonghui-2026!"}
    )
    assert status == 200 and urllib.parse.urlparse(url).path != "/login/"

    printed = served.stop()
    assert "GET /members/?q=" in printed  # the access log was written
    places = {"server output": printed.encode()}
    for path in served.data_dir.rglob("*"):
        if path.is_file():
            places[str(path.relative_to(served.data_dir))] = path.read_bytes()
    assert any(name.startswith("gonghui.sqlite3") for name in places)
    secrets = {"ID number": number, "ID number without check digit": number[:17], "phone": phone}
    for place, content in places.items():
        for what, value in secrets.items():
            for encoding in ("ascii", "utf-16-le"):
                assert value.encode(encoding) not in content, f"{what} in clear in {place}"


def _children(pid: int) -> dict[int, str]:
    """{pid: command line} of the processes whose parent is `pid`."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read().rsplit(") ", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat[1]) == pid and stat[0] != "Z":
            found[int(entry)] = cmdline
    return found


def _worker_pids(serve_pid: int) -> set[int]:
    return {pid for pid, cmd in _children(serve_pid).items() if " worker" in cmd}


def _wait(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, what
        time.sleep(0.3)
    return found


QUEUE_AN_IMPORT = """
import django; django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from gonghui.accounts.models import User
from gonghui.members import importer, tasks
from tests.test_contention import build_world, register_csv
from pathlib import Path
build_world(counties=1, unions=1)
union = importer.import_target_unions(actor=User.objects.get(username="importer")).get()
path = Path("{folder}") / "register.csv"
register_csv(path, 3, [union.credit_code])
job = tasks.import_job_create(
    actor=User.objects.get(username="importer"), mode="all_or_nothing",
    upload=SimpleUploadedFile("register.csv", path.read_bytes(), content_type="text/csv"))
print("job", job.pk)
"""


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="`up` is the SQLite path")
def test_serve_starts_a_killed_worker_again_and_ends_its_helpers(tmp_path, copy_migrated):
    """Issue 23: the task worker died and `serve` did not start it again, so imports stayed
    queued. Kill it with SIGKILL: a new one takes the next job; `serve` stopped with
    SIGTERM ends the server and every helper."""
    import sqlite3

    env = {**os.environ, "GONGHUI_DATA_DIR": str(copy_migrated(tmp_path / "data"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    port = _free_port()
    # Into a file, not a pipe: nobody reads a pipe until the end, and a full one would
    # stop the processes that write to it (the worker among them).
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        serve = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gonghui.cli",
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
            ],
            env=env,
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
    try:
        first = _wait(lambda: _worker_pids(serve.pid), 120, "no task worker started")

        # gunicorn, the task worker, the roll-up: all three, though on a loaded machine a
        # helper may be between a death and its restart when the worker is first seen.
        def three():
            found = set(_children(serve.pid))
            return found if len(found) == 3 else None

        helpers = _wait(three, 60, "serve does not run gunicorn, the task worker and the roll-up")
        first = _worker_pids(serve.pid) & helpers  # the worker of now
        os.kill(next(iter(first)), signal.SIGKILL)
        queued = subprocess.run(
            [sys.executable, "-c", QUEUE_AN_IMPORT.format(folder=tmp_path)],
            env={**env, "DJANGO_SETTINGS_MODULE": "gonghui.settings"},
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        )
        job = int(queued.stdout.split("job")[-1])
        second = _wait(lambda: _worker_pids(serve.pid) - first, 60, "no new task worker")

        def done():
            with sqlite3.connect(tmp_path / "data" / "gonghui.sqlite3") as conn:
                return conn.execute(
                    "SELECT status, imported FROM members_importjob WHERE id = ?", [job]
                ).fetchone() == ("done", 3)

        _wait(done, 120, "the queued import never ran")
        helpers = set(_children(serve.pid))
        assert second <= helpers and not first & helpers
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait()
    output = log.read_text(encoding="utf-8", errors="replace")
    assert serve.returncode == 0, output[-3000:]
    assert "task worker (pid" in output and "ended (signal SIGKILL)" in output
    assert "task worker started again" in output
    for pid in helpers:  # ended and waited for: no orphan keeps running
        assert (
            not os.path.exists(f"/proc/{pid}")
            or open(f"/proc/{pid}/stat").read().split(") ")[1][0] == "Z"
        )
