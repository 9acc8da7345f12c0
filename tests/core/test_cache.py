"""The cache the throttles count in is shared by every server process."""

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.one_db  # settings only


def _cache_backend(tmp_path, **env) -> subprocess.CompletedProcess:
    code = (
        "from django.conf import settings; import django; django.setup(); "
        "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']"
        "['LOCATION'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gonghui.settings",
            "GONGHUI_DATA_DIR": str(tmp_path),
            **env,
        },
    )


def test_embedded_setup_shares_counts_through_files_in_the_data_directory(tmp_path):
    out = _cache_backend(tmp_path, GONGHUI_CACHE_URL="")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [
        "django.core.cache.backends.filebased.FileBasedCache",
        str(tmp_path / "cache"),
    ]


def test_production_setup_counts_in_redis(tmp_path):
    out = _cache_backend(tmp_path, GONGHUI_CACHE_URL="redis://127.0.0.1:6379/3")
    assert out.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/3",
    ]


def test_a_wrong_cache_address_stops_the_server_with_a_clear_error(tmp_path):
    out = _cache_backend(tmp_path, GONGHUI_CACHE_URL="memcached://127.0.0.1:11211")
    assert out.returncode != 0 and "GONGHUI_CACHE_URL must be a redis://" in out.stderr


def test_two_processes_count_one_address_together(tmp_path):
    """gunicorn's workers are processes: a throttle counted in one is seen in another."""
    code = (
        "import django; django.setup(); from django.core.cache import cache; "
        "cache.add('n', 0); print(cache.incr('n'))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gonghui.settings",
        "GONGHUI_DATA_DIR": str(tmp_path),
        "GONGHUI_CACHE_URL": "",
    }
    seen = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env
        ).stdout.strip()
        for _ in range(2)
    ]
    assert seen == ["1", "2"]
