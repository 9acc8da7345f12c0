"""Pages read from a real streaming replica, and scope holds there as on the primary."""

import logging
import os

import pytest

if not os.environ.get("DATABASE_REPLICA_URL"):
    if os.environ.get("GONGHUI_REQUIRE_REPLICA"):
        pytest.fail("DATABASE_REPLICA_URL is not set (.ci/replica start makes a replica)")
    pytest.skip("no replica: set DATABASE_REPLICA_URL", allow_module_level=True)
from django.db import connections
from django.urls import reverse

from gonghui.accounts.models import Role
from gonghui.core import replica

from ..factories import make_member
from .conftest import pause_replay, resume_replay, wait_for_replay

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])
REGISTER = reverse("member-register")


def _get(client, url):
    """The response, and the SQL the replica ran to make it (a streamed body included)."""
    conn = connections[replica.REPLICA]
    conn.force_debug_cursor = True  # CaptureQueriesContext would connect: not when it is down
    conn.queries_log.clear()  # as each request does (request_started)
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode(), [q["sql"] for q in conn.queries_log]


def _read_members(sql: list[str]) -> bool:
    return any("members_membership" in q for q in sql)


@pytest.fixture
def members(world, on_replica):
    here = make_member(world.grassroots, "和平李春梅")
    there = make_member(world.sibling_grassroots, "沈河王建国")
    wait_for_replay()
    return here, there


def test_a_write_is_seen_on_the_replica_after_replay(world, members, as_user):
    client = as_user(world.county_staff)
    pause_replay()
    make_member(world.grassroots, "新会员赵敏")  # committed on the primary
    response, body, sql = _get(client, REGISTER)
    assert response.status_code == 200 and _read_members(sql)
    assert "和平李春梅" in body and "新会员赵敏" not in body  # the replica is behind

    resume_replay()
    wait_for_replay()
    response, body, sql = _get(client, REGISTER)
    assert _read_members(sql) and "新会员赵敏" in body


def test_a_page_from_the_replica_shows_only_its_readers_scope(world, members, as_user):
    for user, mine, theirs in (
        (world.county_staff, "和平李春梅", "沈河王建国"),
        (world.sibling_staff, "沈河王建国", "和平李春梅"),
    ):
        for url in (REGISTER, REGISTER + "?export=csv"):
            response, body, sql = _get(as_user(user), url)
            assert response.status_code == 200 and _read_members(sql), url
            assert mine in body and theirs not in body, (user, url)
        response, body, sql = _get(as_user(user), reverse("dashboard"))
        assert response.status_code == 200 and sql
        assert world.other_grassroots.name not in body


def test_scope_comes_from_the_primary_even_when_the_replica_lags(world, members, as_user):
    # The county's staff member is moved to the sibling county while the replica still
    # holds the old role: the page shows the new scope at once, never the old one.
    pause_replay()
    Role.objects.filter(user=world.county_staff).update(organization=world.sibling)
    response, body, sql = _get(as_user(world.county_staff), REGISTER)
    assert _read_members(sql)
    assert "沈河王建国" in body and "和平李春梅" not in body

    Role.objects.filter(user=world.county_staff).delete()
    response, body, sql = _get(as_user(world.county_staff), REGISTER)
    assert response.status_code in (302, 403, 404) or (
        "沈河王建国" not in body and "和平李春梅" not in body
    )


def test_a_session_reads_its_own_write_from_the_primary(world, members, client, as_user):
    here, _ = members
    writer = as_user(world.county_staff)
    pause_replay()
    response = writer.post(
        reverse("member-leave", args=[here.pk]), {"reason": "调离本单位", "on": "2026-11-30"}
    )
    assert response.status_code == 302
    assert replica.STICKY_COOKIE in response.cookies

    # The writer's next pages come from the primary: the member has left.
    response, body, sql = _get(writer, REGISTER)
    assert not sql and "和平李春梅" not in body

    # Another session of the same user reads the paused replica, which is still behind.
    from django.test import Client

    other = Client()
    other.force_login(world.county_staff)
    response, body, sql = _get(other, REGISTER)
    assert _read_members(sql) and "和平李春梅" in body

    # After replay the replica agrees.
    resume_replay()
    wait_for_replay()
    response, body, sql = _get(other, REGISTER)
    assert _read_members(sql) and "和平李春梅" not in body


def test_replica_down_reads_fall_back_to_the_primary(world, members, replica_down, as_user, caplog):
    with caplog.at_level(logging.WARNING, logger="gonghui.core.replica"):
        for url in (REGISTER, REGISTER + "?export=csv", reverse("dashboard")):
            response, body, sql = _get(as_user(world.county_staff), url)
            assert response.status_code == 200 and not sql, url
        assert "和平李春梅" in _get(as_user(world.county_staff), REGISTER)[1]
    warnings = [r for r in caplog.records if "replica cannot be read" in r.getMessage()]
    assert len(warnings) == 1  # then the primary reads until the retry interval has passed


def test_a_replica_lost_during_a_page_is_retried_on_the_primary(world, members, as_user, caplog):
    client = as_user(world.county_staff)
    response, body, sql = _get(client, REGISTER)
    assert _read_members(sql)
    # The replica's server ends the session it serves the pages on.
    import psycopg

    settings = connections[replica.REPLICA].settings_dict
    pid = connections[replica.REPLICA].connection.info.backend_pid
    with psycopg.connect(
        host=settings["HOST"], port=settings["PORT"], user=settings["USER"], dbname="postgres"
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    with caplog.at_level(logging.WARNING, logger="gonghui.core.replica"):
        response, body, sql = _get(client, REGISTER)
    assert response.status_code == 200 and "和平李春梅" in body
    assert any("replica cannot be read" in r.getMessage() for r in caplog.records)
