"""The station map (issue 12 item 6): marker images from the project's static files answer
200, the map's credit is plain text (no flag), a station page links to navigation in
the map apps (geo:, Amap in GCJ-02, Baidu in BD-09), and at the closest zooms the offline
map shows the county outlines and names, fetched from static files only when needed."""

import pytest

from gonghui.stations import geo

from ..factories import DEMO_PASSWORD
from ..stations.helpers import make_station
from . import test_stations

pytestmark = [pytest.mark.browser, pytest.mark.one_db, pytest.mark.django_db(transaction=True)]

located_phone = test_stations.located_phone  # fixture
ICON = "/static/stations/vendor/leaflet/images/marker-icon.png"
COUNTIES = "/static/stations/basemap/counties/"


def _zoom_to_the_closest(page):
    """Press + until Leaflet disables it. Each press waits for the zoom animation to end:
    the button turns disabled only then, and a press during it would wait on a button
    that is about to be disabled (forced: Leaflet itself ignores a press at the limit)."""
    zoom_in = page.locator(".leaflet-control-zoom-in")
    for _ in range(12):
        if "leaflet-disabled" in (zoom_in.get_attribute("class") or ""):
            break
        zoom_in.click(force=True)
        page.locator(".leaflet-zoom-anim").wait_for(state="detached")
        page.wait_for_timeout(100)
    assert "leaflet-disabled" in zoom_in.get_attribute("class")


def _watch(page, live_server):
    """Every request the page makes, and those answered 400 or worse."""
    seen = {"all": [], "failed": []}
    page.on("request", lambda r: seen["all"].append(r.url))
    page.on("response", lambda r: seen["failed"].append(r.url) if r.status >= 400 else None)
    return seen


@pytest.fixture
def phone_360(browser):
    context = browser.new_context(
        locale="zh-CN",
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        geolocation=test_stations.HERE,
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_markers_load_and_the_credit_is_plain_text(world, live_server, located_phone):
    page = located_phone
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    make_station(world.grassroots, "中山路工会驿站", 41.7990, 123.4310)
    page.goto(f"{live_server.url}/stations/nearest/")
    marker = page.locator('img.leaflet-marker-icon[title="中山路工会驿站"]')
    marker.wait_for()
    assert marker.get_attribute("src") == ICON  # the URL the server gave, not a guess
    for _ in range(50):  # images load after the markers are placed
        loaded = page.evaluate(
            "Array.from(document.querySelectorAll('img.leaflet-marker-icon,"
            " img.leaflet-marker-shadow')).map(i => i.complete && i.naturalWidth)"
        )
        if loaded and all(loaded):
            break
        page.wait_for_timeout(100)
    assert loaded and all(width > 0 for width in loaded)
    credit = page.locator(".leaflet-control-attribution")
    assert credit.inner_text().strip() == "Leaflet"
    assert credit.locator("svg").count() == 0
    assert failed == []


def test_station_page_links_to_navigation(world, live_server, page):
    station = make_station(world.grassroots, "中山路工会驿站", 41.7990, 123.4310)
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "cadre")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/stations/{station.pk}/")
    links = page.locator("dd.navigate a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    expected = geo.navigation_links(station.lat, station.lng, station.name)
    assert hrefs == [expected["geo"], expected["amap"], expected["baidu"]]
    assert hrefs[0].startswith("geo:41.799000,123.431000")
    glat, glng = geo.wgs84_to_gcj02(station.lat, station.lng)
    assert f"position={glng:.6f}%2C{glat:.6f}" in hrefs[1] and "coordinate=gaode" in hrefs[1]
    blat, blng = geo.wgs84_to_bd09(station.lat, station.lng)
    assert f"location={blat:.6f}%2C{blng:.6f}" in hrefs[2] and "coord_type=bd09ll" in hrefs[2]


def test_offline_map_stops_at_the_zoom_its_outlines_support(world, live_server, located_phone):
    page = located_phone
    make_station(world.grassroots, "中山路工会驿站", 41.7990, 123.4310)
    page.goto(f"{live_server.url}/stations/nearest/")
    page.locator('img.leaflet-marker-icon[title="中山路工会驿站"]').wait_for()
    assert page.locator("#station-map.offline").count() == 1
    _zoom_to_the_closest(page)  # and it stops: no blank street level
    label = page.locator(".county-label", has_text="和平区")  # not a blank sheet: counties
    label.wait_for()
    assert label.is_visible()


def test_closest_zoom_shows_county_names_on_a_phone(world, live_server, phone_360):
    page = phone_360
    seen = _watch(page, live_server)
    make_station(world.grassroots, "中山路工会驿站", 41.7990, 123.4310)
    page.goto(f"{live_server.url}/stations/nearest/")
    page.locator('img.leaflet-marker-icon[title="中山路工会驿站"]').wait_for()
    _zoom_to_the_closest(page)
    heping = page.locator(".county-label", has_text="和平区")
    heping.wait_for()
    assert heping.is_visible()
    assert page.locator(".region-label:not(.county-label)", has_text="沈阳市").count() == 0
    page.wait_for_load_state("networkidle")
    images = page.evaluate(
        "Array.from(document.querySelectorAll('img.leaflet-marker-icon,"
        " img.leaflet-marker-shadow')).map(i => i.complete && i.naturalWidth)"
    )
    assert images and all(width > 0 for width in images)  # marker images answered 200
    assert seen["failed"] == []
    assert [u for u in seen["all"] if not u.startswith((live_server.url, "data:"))] == []
    assert any(COUNTIES + "210100.json" in u for u in seen["all"])
    assert not any("tile" in u for u in seen["all"])


def test_county_outlines_load_only_past_the_city_level(world, live_server, page):
    seen = _watch(page, live_server)
    make_station(world.grassroots, "中山路工会驿站", 41.7990, 123.4310)
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "cadre")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/stations/map/")  # opens at the city level (zoom 8)
    page.locator(".region-label", has_text="沈阳市").wait_for()
    page.wait_for_load_state("networkidle")
    assert not any(COUNTIES in u for u in seen["all"])  # lazy: nothing fetched yet
    assert page.locator(".county-label").count() == 0
    _zoom_to_the_closest(page)
    label = page.locator(".county-label", has_text="和平区")
    label.wait_for()
    assert label.is_visible()
    page.wait_for_load_state("networkidle")
    fetched = {u.rsplit("/", 1)[1] for u in seen["all"] if COUNTIES in u}
    assert "210100.json" in fetched and len(fetched) < 14  # only the cities in view
    assert seen["failed"] == []
    assert [u for u in seen["all"] if not u.startswith((live_server.url, "data:"))] == []
