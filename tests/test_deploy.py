"""Production settings pass Django's deployment checks with nothing to report."""

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.one_db  # subprocesses on their own SQLite data directory


def test_check_deploy_is_clean(tmp_path):
    env = {
        **os.environ,
        "GONGHUI_DATA_DIR": str(tmp_path),
        "GONGHUI_HTTPS": "1",
        "ALLOWED_HOSTS": "gonghui.example.org",
        "DEBUG": "0",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for themselves
    result = subprocess.run(
        [sys.executable, "-m", "gonghui.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_bad_setting_fails_loudly(tmp_path):
    env = {**os.environ, "GONGHUI_DATA_DIR": str(tmp_path), "DEBUG": "maybe"}
    result = subprocess.run(
        [sys.executable, "-m", "gonghui.cli", "check"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "DEBUG must be true or false" in result.stderr
