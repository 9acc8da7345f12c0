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


@pytest.mark.parametrize(
    ("url", "setting", "kept"),
    [
        ("postgres://app@db.example.org:5432/gonghui", None, 60),  # no new connection a request
        ("postgres://app@db.example.org:5432/gonghui", "0", 0),
        (None, None, 0),  # the embedded SQLite file
    ],
)
def test_database_connections_are_kept_and_jit_is_off_on_postgresql(tmp_path, url, setting, kept):
    env = {**os.environ, "GONGHUI_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("DATABASE_CONN_MAX_AGE", None)
    if url:
        env["DATABASE_URL"] = url
    if setting is not None:
        env["DATABASE_CONN_MAX_AGE"] = setting
    shown = "from django.conf import settings as s; d = s.DATABASES['default']; "
    shown += "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], d['OPTIONS'].get('options'))"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {shown}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "gonghui.settings"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    jit = "-c jit=off" if url else "None"  # SQLite has no JIT to turn off
    assert result.stdout.strip().split(maxsplit=2) == [str(kept), str(kept > 0), jit]
