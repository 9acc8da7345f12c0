from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.core import throttle


@pytest.fixture
def clock(monkeypatch):
    """A stopped clock, moved by clock(seconds): one clock for the audit rows, the
    accounts' delays and the address windows (core.throttle)."""
    now = {"t": timezone.now()}
    monkeypatch.setattr(timezone, "now", lambda: now["t"])
    monkeypatch.setattr(throttle, "_now", lambda: now["t"].timestamp())

    def advance(seconds):
        now["t"] += timedelta(seconds=seconds)

    return advance
