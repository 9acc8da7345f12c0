"""Lists never count without bound: up to core.lists.EXACT_COUNT_LIMIT rows the count is
exact, above it PostgreSQL's planner estimates it ("约 1,234万"), on the page and in the
list API alike; SQLite counts exactly. Pages run a pinned number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core import lists, numstyle
from gonghui.members.models import Membership

from ..campaigns.helpers import funded_county, listed, pay
from ..factories import make_member

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the planner's estimate is PostgreSQL's"
)


@pytest.fixture
def members(world):
    for n in range(7):
        make_member(world.grassroots, f"会员{n}", joined_on="2024-03-01")
    return world


@pytest.mark.one_db
@pytest.mark.parametrize(
    ("n", "zh", "en"),
    [
        (1234, "约 1,200", "about 1,200"),
        (12_345, "约 1.2万", "about 12,000"),
        (12_340_000, "约 1,234万", "about 12.34 million"),
        (123_456_789, "约 1.23亿", "about 123.46 million"),
    ],
)
def test_an_estimate_is_written_as_about(n, zh, en):
    assert numstyle.estimate(n) == zh
    assert numstyle.estimate(n, lang="en") == en


def _analyze() -> None:
    """The planner's statistics of the members (a test's tables are never analyzed)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE members_membership")


def _counts(queries) -> list[str]:
    return [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]


def test_below_the_limit_the_count_is_exact_and_bounded(members):
    _analyze()
    qs = Membership.objects.all()
    with CaptureQueriesContext(connection) as queries:
        assert lists.bounded_count(qs) == (7, False)
    if connection.vendor == "postgresql":  # estimated first, then counted within bounds
        assert queries[0]["sql"].startswith("EXPLAIN")
        assert f"LIMIT {lists.EXACT_COUNT_LIMIT + 1}" in queries[-1]["sql"]


@postgres_only
def test_above_the_limit_the_estimate_is_the_count_and_no_row_is_counted(members, monkeypatch):
    """Estimate first: a list the planner puts above the limit is not counted at all
    (counting 10,001 rows cost every full first page of a big list)."""
    _analyze()
    monkeypatch.setattr(lists, "EXACT_COUNT_LIMIT", 3)
    with CaptureQueriesContext(connection) as queries:
        count, estimated = lists.bounded_count(Membership.objects.all())
    assert estimated and count > 3
    assert len(queries) == 1 and queries[0]["sql"].startswith("EXPLAIN"), queries
    assert _counts(queries) == []


@postgres_only
def test_an_estimate_that_falls_short_still_counts_within_bounds(members, monkeypatch):
    """A planner that guesses a few rows where there are more: the count stops at
    limit + 1 rows and says it is an estimate."""
    monkeypatch.setattr(lists, "EXACT_COUNT_LIMIT", 3)
    monkeypatch.setattr(lists, "planner_rows", lambda qs: 1)
    with CaptureQueriesContext(connection) as queries:
        assert lists.bounded_count(Membership.objects.all()) == (4, True)
    assert "LIMIT 4" in _counts(queries)[0]


@postgres_only
def test_above_the_limit_the_page_and_the_api_show_the_planners_estimate(
    members, as_user, monkeypatch
):
    monkeypatch.setattr(lists, "planner_rows", lambda qs: 12_340_000)
    monkeypatch.setattr(lists, "PAGE_SIZE", 2)
    client = as_user(members.province_staff)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/members/")
    assert page.status_code == 200
    assert page.context["page"].paginator.estimated
    assert "约 1,234万" in page.content.decode()
    assert _counts(queries) == []  # the estimate alone: no row counted
    # A page past the estimate is served as asked (an estimate may fall short), not
    # turned into the last page.
    assert client.get("/members/?page=2").context["page"].number == 2
    api = client.get("/api/v1/members?limit=2&offset=0").json()
    assert api["count"] == 12_340_000 and len(api["items"]) == 2 and api["estimated"]


def test_a_page_that_ends_the_list_is_counted_by_its_rows(members, as_user, monkeypatch):
    """A list that ends on the page shown needs no count (nor an estimate): its count is
    exact, on either database, whatever the limit."""
    monkeypatch.setattr(lists, "EXACT_COUNT_LIMIT", 3)
    client = as_user(members.province_staff)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/members/")
    paginator = page.context["page"].paginator
    assert paginator.count == 7 and not paginator.estimated
    assert paginator.count_text == "7"
    assert _counts(queries) == [] and not any(q["sql"].startswith("EXPLAIN") for q in queries)
    monkeypatch.setattr(lists, "PAGE_SIZE", 5)  # page 2 of 5 + 2 rows: the last, short
    page = client.get("/members/?page=2")
    assert page.context["page"].paginator.count == 7 and len(page.context["rows"]) == 2


def test_a_page_past_the_end_or_not_a_number_still_finds_a_page(members, as_user):
    """Rows read before the count change nothing for a page number out of range: past
    the end, the last page; not a number, the first (Django's get_page)."""
    client = as_user(members.province_staff)
    for asked in ("50", "abc", "0"):
        page = client.get(f"/members/?page={asked}")
        assert page.status_code == 200
        assert page.context["page"].number == 1 and len(page.context["rows"]) == 7, asked


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite keeps exact counts")
def test_sqlite_counts_exactly(members, as_user, monkeypatch):
    monkeypatch.setattr(lists, "EXACT_COUNT_LIMIT", 3)
    monkeypatch.setattr(lists, "PAGE_SIZE", 2)
    page = as_user(members.province_staff).get("/members/")
    assert not page.context["page"].paginator.estimated
    assert page.context["page"].paginator.count == 7


def test_the_register_runs_a_pinned_number_of_queries(
    members, as_user, monkeypatch, django_assert_max_num_queries
):
    """Five rows a page, seven members: an N+1 would add five queries. A full page adds
    its count (PostgreSQL: the estimate, then the bounded count of a small list); the
    last, short page counts nothing."""
    monkeypatch.setattr(lists, "PAGE_SIZE", 5)
    client = as_user(members.province_staff)
    client.get("/members/")
    count = 2 if connection.vendor == "postgresql" else 1
    with django_assert_max_num_queries(4 + count):
        assert client.get("/members/").status_code == 200
    with django_assert_max_num_queries(4):
        page = client.get("/members/?page=2")
    assert len(page.context["rows"]) == 2


def test_the_campaign_overview_runs_a_pinned_number_of_queries(
    world, as_user, django_assert_max_num_queries
):
    campaign = funded_county(world)
    for name in ("王强", "李娜", "张伟"):
        pay(world, listed(world, campaign, name=name, amount=300_00))
    client = as_user(world.province_staff)
    client.get(f"/campaigns/{campaign.pk}/")
    with django_assert_max_num_queries(15):
        assert client.get(f"/campaigns/{campaign.pk}/").status_code == 200
