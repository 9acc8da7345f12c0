"""The list APIs that grow with a province and paged by offset only (issue 13 item 4):
aid applications, mediations, offers, 厂务公开 items, the democracy enterprises, the
worker board and health screenings. Their 1,000th page (row 49,950) was out of the
offsets' reach (at most 10,000), and an OFFSET of 9,950 read every row before the page
(224–570 ms at province scale). Now `after=` reads any page by key, as the members' list
does (core.keyset), and offset pages keep working as before.

The rows are made by each list's entry in the scope registry (tests/scope.py), the
same objects the scope matrix lists."""

import pytest

from ..scope import REGISTRY

ROUTES = (
    "/api/v1/aid/applications",
    "/api/v1/rights/mediations",
    "/api/v1/rights/offers",
    "/api/v1/rights/democracy/openness",
    "/api/v1/rights/democracy/enterprises",
    "/api/v1/rights/democracy/board",
    "/api/v1/welfare/screenings",
)


def _maker(route):
    """The registry entry whose object the list shows, and how to find it in a row."""
    for thing in REGISTRY:
        for listing in thing.listings:
            try:
                url = listing.url(None)  # a list's URL takes nothing from the object
            except AttributeError:
                continue
            if url == f"{route}?limit=500":
                return thing
    raise AssertionError(f"no scope entry lists {route}")


def _listed_id(route, obj):
    # the enterprises' list shows the enterprise of a democracy profile
    return obj.enterprise_id if route.endswith("/enterprises") else obj.pk


def _walk(client, url):
    pages, after = [], 0
    while after is not None:
        response = client.get(f"{url}?limit=2&after={after}")
        assert response.status_code == 200, (url, response.content)
        page = response.json()
        assert page["count"] is None and len(page["items"]) <= 2
        pages.append([row["id"] for row in page["items"]])
        after = page["next"]
        assert len(pages) < 20, url
    return pages


@pytest.mark.parametrize("route", ROUTES)
def test_pages_by_key_list_the_rows_of_the_offset_pages_once_each(world, as_user, route):
    thing = _maker(route)
    made = [_listed_id(route, thing.make(world, world.grassroots)) for _ in range(5)]
    thing.make(world, world.sibling_grassroots)  # another county's: in no list of 和平区
    client = as_user(world.county_staff)

    by_offset = client.get(f"{route}?limit=500").json()
    offset_ids = [row["id"] for row in by_offset["items"]]
    assert set(made) <= set(offset_ids) and by_offset["count"] == len(offset_ids)

    pages = _walk(client, route)
    by_key = [pk for page in pages for pk in page]
    # every row of the list once, in the order recorded, in the caller's scope only
    assert by_key == sorted(offset_ids)
    assert [len(p) for p in pages[:-1]] == [2] * (len(pages) - 1) and len(pages) >= 3
    # a page starts after the key it was given: the third row onwards after the second
    second = client.get(f"{route}?limit=2&after={pages[0][-1]}").json()
    assert [row["id"] for row in second["items"]] == pages[1]

    # offsets still page as the contract says (limit/offset, with the count)
    page2 = client.get(f"{route}?limit=2&offset=2").json()
    assert [row["id"] for row in page2["items"]] == offset_ids[2:4]
    assert page2["count"] == len(offset_ids) and page2["next"] is None


@pytest.mark.parametrize("route", ROUTES)
def test_a_bad_key_is_422_naming_after(world, as_user, route):
    client = as_user(world.province_staff)
    for bad in ("-1", "x", "null", str(2**63)):
        response = client.get(f"{route}?after={bad}", headers={"accept-language": "en"})
        assert response.status_code == 422 and "after" in response.json()["fields"], bad


def test_paging_by_key_is_documented_on_these_lists(world, as_user):
    spec = as_user(world.province_staff).get("/api/v1/openapi.json").json()
    for route in ROUTES:
        operation = spec["paths"][route]["get"]
        after = next(p for p in operation["parameters"] if p["name"] == "after")
        assert after["schema"]["anyOf"][0]["minimum"] == 0 and "next" in after["description"]
