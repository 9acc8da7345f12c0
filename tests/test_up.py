"""`gonghui up` on an empty data directory: migrate, demo province, production server."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="`up` is the SQLite path")
def test_up_serves_the_login_page_and_prints_accounts(tmp_path):
    port = _free_port()
    env = {**os.environ, "GONGHUI_DATA_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gonghui.cli", "up", "--bind", f"127.0.0.1:{port}"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)
    try:
        deadline, page = time.monotonic() + 240, None
        while time.monotonic() < deadline and page is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2) as r:
                    page = r.read().decode()
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(1)
        assert page is not None, "server never answered"
        assert 'name="password"' in page
        css = re.search(r'href="(/static/gonghui/app\.[0-9a-f]+\.css)"', page)
        assert css, "static files are not hashed by the production storage"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{css.group(1)}") as r:
            assert r.status == 200 and b"--red" in r.read()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        output = proc.communicate(timeout=30)[0]
    assert "admin" in output and "cadre" in output  # the demo accounts were printed
    assert (tmp_path / "gonghui.sqlite3").exists() and (tmp_path / "secret_key").exists()
