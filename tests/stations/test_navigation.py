"""Navigation links and BD-09 (issue 12 item 6); station names by pinyin (item 8)."""

import math

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory

from gonghui.stations import geo
from gonghui.stations.views import map_config

pytestmark = pytest.mark.one_db


def _bd09_to_gcj02(lat, lng):
    """Baidu's published inverse, written again here as the reference."""
    x, y = lng - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * geo._X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * geo._X_PI)
    return z * math.sin(theta), z * math.cos(theta)


def test_bd09_is_gcj02_shifted_by_baidus_formula():
    lat, lng = 41.7990, 123.4310  # Shenyang
    glat, glng = geo.wgs84_to_gcj02(lat, lng)
    blat, blng = geo.wgs84_to_bd09(lat, lng)
    assert 0.004 < blat - glat < 0.008 and 0.005 < blng - glng < 0.008
    back = _bd09_to_gcj02(blat, blng)
    assert back == pytest.approx((glat, glng), abs=2e-5)


def test_links_carry_each_apps_datum():
    links = geo.navigation_links(41.7990, 123.4310, "中山路工会驿站")
    assert links["geo"].startswith("geo:41.799000,123.431000?q=41.799000,123.431000(")
    assert "%E4%B8%AD%E5%B1%B1" in links["geo"]  # the name, percent-encoded
    assert links["amap"].startswith("https://uri.amap.com/marker?position=")
    assert links["baidu"].startswith("https://api.map.baidu.com/marker?location=")


def test_the_map_config_names_marker_images_that_exist():
    request = RequestFactory().get("/")
    config = map_config(request)
    for url in config["icons"].values():
        assert url.startswith("/static/")
        assert finders.find(url.removeprefix("/static/")), url
    assert config["credit"] == "Leaflet"


@pytest.mark.django_db
def test_station_names_sort_by_pinyin(world):
    from gonghui.stations.lists import STATIONS
    from gonghui.stations.models import Station

    from .helpers import make_station

    for name in ["中山路驿站", "北陵驿站", "和平驿站", "安乐驿站"]:
        make_station(world.grassroots, name)
    assert Station.objects.get(name="北陵驿站").name_pinyin.startswith("beiling")
    rows = STATIONS.rows(actor=world.province_staff)
    names = [s.name for s in rows.order_by(*STATIONS.sorts["name"].order_by)]
    assert names == ["安乐驿站", "北陵驿站", "和平驿站", "中山路驿站"]  # not 中 < 北 < 和 < 安


@pytest.mark.django_db
def test_a_place_name_is_searched_inside_the_city_chosen(world, client):
    from gonghui.orgs.models import Region

    from .helpers import make_station

    dalian = make_station(world.grassroots, "大连中山路驿站", 38.9140, 121.6147)
    shenyang = make_station(world.grassroots, "沈阳中山路驿站", 41.7990, 123.4310)
    dalian.region, shenyang.region = (
        Region.objects.get(code="210202"),
        Region.objects.get(code="210102"),
    )
    dalian.address, shenyang.address = "中山区中山路8号", "和平区中山路88号"
    for s in (dalian, shenyang):
        s.save()
    page = client.get("/stations/nearest/", {"where": "中山路", "city": "210100"})
    html = page.content.decode()
    assert page.status_code == 200 and "和平区中山路88号" in html and "中山区中山路8号" not in html
    assert '<option value="210100" selected>' in html and '<option value="210200">' in html
    page = client.get("/stations/nearest/", {"where": "中山路", "city": "210200"})
    assert "中山区中山路8号" in page.content.decode()
