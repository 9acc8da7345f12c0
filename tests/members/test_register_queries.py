"""The member register asks the same number of queries for a page of 3 members as for a
full page from several unions (issue 13: the register's query count pinned by a test)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import make_member


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_register_queries_do_not_grow_with_members_or_unions(world, as_user):
    for n in range(3):
        make_member(world.grassroots, f"会员{n}")
    client = as_user(world.county_staff)
    _queries(client, "/members/")  # the session and the first caches
    few = _queries(client, "/members/")

    for n in range(20):
        make_member(
            world.grassroots, f"职工{n}", work_kind="delivery_rider" if n % 2 else "regular"
        )
    for n in range(20):
        make_member(world.township, f"街道会员{n}", joined_on="1970-03-01")
    page = client.get("/members/").content.decode()
    assert "街道会员" in page and "职工" in page
    assert _queries(client, "/members/") == few
