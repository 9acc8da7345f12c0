"""The station map (issue 12 item 6): marker images from the project's static files answer
200, the map's credit is plain text (no flag), and a station page links to navigation in
the map apps (geo:, Amap in GCJ-02, Baidu in BD-09)."""

import pytest

from gonghui.stations import geo

from ..factories import DEMO_PASSWORD
from ..stations.helpers import make_station
from . import test_stations

pytestmark = [pytest.mark.browser, pytest.mark.one_db, pytest.mark.django_db(transaction=True)]

located_phone = test_stations.located_phone  # fixture
ICON = "/static/stations/vendor/leaflet/images/marker-icon.png"


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
    zoom_in = page.locator(".leaflet-control-zoom-in")
    for _ in range(12):
        if "leaflet-disabled" in (zoom_in.get_attribute("class") or ""):
            break
        zoom_in.click()
        page.wait_for_timeout(300)
    assert "leaflet-disabled" in zoom_in.get_attribute("class")  # no blank street level
    label = page.locator(".region-label", has_text="沈阳市")
    label.wait_for()
    assert label.is_visible()
