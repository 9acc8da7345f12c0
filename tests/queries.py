"""A list API's query count must not grow with its rows (an N+1 shows as one query more
per row): the page read with a few rows, then with more, asks the same queries."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, url: str) -> tuple[int, dict]:
    """The number of queries one GET of `url` asked, and the page it answered."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.json()


def same_queries_for_more_rows(
    client, url: str, make: Callable[[int], object], *, few: int = 2, many: int = 6
) -> dict:
    """Make `few` rows with make(n), read the page, make up to `many`, read it again: the
    second asks as many queries as the first. Returns the second page."""
    client.get(url)  # the session's or token's first use is written once
    for n in range(few):
        make(n)
    asked_for_few, page = page_queries(client, url)
    assert len(page["items"]) == few
    for n in range(few, many):
        make(n)
    asked_for_many, page = page_queries(client, url)
    assert len(page["items"]) == many
    assert asked_for_many == asked_for_few, (asked_for_few, asked_for_many)
    return page
