"""A courier on a phone finds the nearest station from a faked location, sees it on the
map, scans its poster and is counted once; the map draws offline from local files."""

import pytest
from playwright.sync_api import expect

from gonghui.stations import geo, selectors
from gonghui.stations.models import Visit

from ..stations.helpers import make_station

pytestmark = [pytest.mark.browser, pytest.mark.one_db, pytest.mark.django_db(transaction=True)]

HERE = {"latitude": 41.7968, "longitude": 123.4291}  # a street in Heping district, Shenyang


@pytest.fixture
def located_phone(browser):
    context = browser.new_context(
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        geolocation=HERE,
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    outside = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url) if not r.url.startswith(("http://localhost", "data:")) else None
        ),
    )
    page.outside_requests = outside
    yield page
    context.close()


def test_nearest_station_from_the_phones_location_then_check_in(world, live_server, located_phone):
    page = located_phone
    page.outside_requests.clear()
    near = make_station(
        world.grassroots,
        "中山路工会驿站",
        41.7990,
        123.4310,
        amenities=["water", "meal", "charging"],
        address="和平区中山路88号",
    )
    make_station(
        world.grassroots,
        "太原街职工之家",
        41.7900,
        123.4000,
        kind="worker_home",
        amenities=["water"],
    )
    make_station(world.grassroots, "停用的驿站", 41.7970, 123.4292, status="suspended")

    page.goto(f"{live_server.url}/stations/nearest/")
    first = page.locator("#nearest-results .station").first
    first.wait_for()
    assert first.locator(".station-name").inner_text() == "中山路工会驿站"
    metres = round(geo.haversine_m(HERE["latitude"], HERE["longitude"], near.lat, near.lng))
    assert first.locator(".distance").inner_text().startswith(str(metres))
    assert first.locator(".amenities li").count() == 3
    names = page.locator("#nearest-results .station-name").all_inner_texts()
    assert names == ["中山路工会驿站", "太原街职工之家"]  # the suspended one is left out
    # The map shows a marker for the station and the phone's own position.
    marker = page.locator('img.leaflet-marker-icon[title="中山路工会驿站"]')
    marker.wait_for()
    assert marker.is_visible()
    assert page.locator("[data-here]").count() == 1
    assert page.locator("#station-map.offline").count() == 1  # no tile server: outlines
    # Locator waits, not wait_for_function: the page's CSP forbids the eval that one uses.
    page.locator(".leaflet-overlay-pane path").nth(3).wait_for(state="attached")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # Filtering by an amenity searches again from the same place.
    page.locator("label.chip", has=page.locator("input[value=meal]")).click()
    expect(page.locator("#nearest-results .station")).to_have_count(1)
    # A tap on the map searches around that point instead.
    page.locator("#station-map").click(position={"x": 60, "y": 60})
    page.wait_for_selector("#nearest-status:not([hidden])")

    # The JavaScript datum shift agrees with the server's.
    js = page.evaluate("GonghuiMap.wgsToGcj(39.908722, 116.397499)")
    assert js == pytest.approx(list(geo.wgs84_to_gcj02(39.908722, 116.397499)), abs=1e-9)
    assert page.outside_requests == []  # nothing from a CDN or an outside tile server

    # Scanning the poster records one visit, however often the page is opened.
    scan = f"{live_server.url}/stations/scan/{selectors.poster_token(near)}/"
    page.goto(scan)
    assert page.locator("h1").inner_text() == "中山路工会驿站"
    visit_id = int(page.locator("h1").get_attribute("data-visit"))
    page.reload()
    assert Visit.objects.filter(station=near).count() == 1
    page.locator("button.star[value='4']").click()
    page.wait_for_load_state()
    assert Visit.objects.get(pk=visit_id).rating == 4
    assert page.locator("button.star.on").count() == 4
