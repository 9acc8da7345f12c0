"""The idle timeout without a write per page view (issue 23: every request saved its
session, so on SQLite each page view waited for the write lock behind an import)."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.accounts import services

from ..factories import DEMO_PASSWORD

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.fixture
def clock(monkeypatch):
    """Moves Django's clock (sessions expire by timezone.now) forward."""
    start = timezone.now()
    state = {"now": start}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])

    def advance(**delta):
        state["now"] += timedelta(**delta)

    return advance


def _login(client):
    response = client.post("/login/", {"username": "cadre", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_page_views_within_a_minute_write_nothing(world, client, clock):
    _login(client)
    clock(seconds=30)
    with CaptureQueriesContext(connection) as queries:
        for page in ("/", "/orgs/", "/members/"):
            assert client.get(page).status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []


def test_a_view_after_a_minute_saves_the_session_once(world, client, clock, settings):
    settings.SESSION_COOKIE_AGE = 1800
    _login(client)
    first = _expiry(client)
    clock(seconds=61)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert sum("django_session" in q["sql"] and q["sql"].startswith("UPDATE") for q in queries) == 1
    assert _expiry(client) - first == timedelta(seconds=61)
    assert client.cookies["sessionid"]["max-age"] == 1800  # the cookie is renewed with it


def test_the_timeout_still_counts_from_the_last_request(world, client, clock, settings):
    settings.SESSION_COOKIE_AGE = 1800  # 30 minutes
    _login(client)
    clock(minutes=20)
    assert client.get("/").status_code == 200
    clock(minutes=25)  # 45 minutes after the login, 25 after the last request
    assert client.get("/").status_code == 200
    clock(minutes=29, seconds=59)  # a request within a minute of the last save wrote nothing
    assert client.get("/").status_code == 200
    clock(minutes=30, seconds=1)
    assert client.get("/").status_code == 302  # idle too long: back to the login page


def test_logout_and_disabling_still_end_the_session(world, client, clock):
    _login(client)
    key = client.session.session_key
    client.post("/logout/")
    assert not Session.objects.filter(session_key=key).exists()  # a copied cookie is dead
    _login(client)
    clock(seconds=10)
    services.user_disable(actor=world.county_staff, user=world.cadre)
    assert client.get("/").status_code == 302


def test_an_api_call_with_a_token_neither_loads_nor_extends_the_browsers_session(
    world, client, clock, settings
):
    """A bearer token says who calls: the login cookie a browser sends along is not read
    (no session query), and the call does not keep that login alive (issue 13 item 5)."""
    settings.SESSION_COOKIE_AGE = 1800
    _login(client)
    first = _expiry(client)
    token = {"authorization": f"Bearer {services.token_create(actor=world.cadre, name='表格')}"}
    client.get("/api/v1/me", headers=token)  # the token's "last used" is written once a minute
    clock(seconds=61)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/me", headers=token).status_code == 200
    assert [q["sql"] for q in queries if "django_session" in q["sql"]] == []
    assert _expiry(client) == first
    # A page view in that browser still uses, and extends, the login.
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert any("django_session" in q["sql"] for q in queries)
    assert _expiry(client) - first == timedelta(seconds=61)
