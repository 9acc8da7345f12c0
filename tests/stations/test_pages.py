"""The pages: nearest without script, staff list, map data, form, detail, poster, photos."""

import re

import segno
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from gonghui.core.models import AuditEvent
from gonghui.stations import selectors
from gonghui.stations.models import Photo, Station

from .helpers import make_station

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_nearest_page_with_typed_coordinates_or_an_address(world):
    near = make_station(world.grassroots, "中山路驿站", 41.801, 123.431, address="和平区中山路8号")
    make_station(world.grassroots, "太原街驿站", 41.79, 123.40, address="和平区太原街2号")
    page = Client().get(
        "/stations/nearest/", {"where": "41.80，123.43"}, headers={"accept-language": "en"}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("中山路驿站") < html.index("太原街驿站")
    assert re.search(r'class="distance">\d+ m<', html)
    assert "leaflet.js" in html and "//" not in re.findall(r'src="([^"]+)"', html)[0][:2]
    by_address = Client().get("/stations/nearest/", {"where": "中山路"})
    assert by_address.context["results"][0]["id"] == near.pk
    unknown = Client().get("/stations/nearest/", {"where": "火星路"})
    assert unknown.status_code == 400 and "火星路" in unknown.context["error"]
    wrong = Client().get("/stations/nearest/", {"lat": "95", "lng": "123"})
    assert wrong.status_code == 400 and "90" in wrong.context["error"]
    filtered = Client().get("/stations/nearest/", {"where": "41.80,123.43", "amenity": "meal"})
    assert filtered.context["results"] == [] and filtered.context["message"]


def test_nearest_page_loads_nothing_from_outside(db):
    html = Client().get("/stations/nearest/").content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(u.startswith("/") and not u.startswith("//") for u in urls), urls
    config = re.search(r'id="station-map-config"[^>]*>(.*?)</script>', html, re.S).group(1)
    assert '"tileUrl": ""' in config and "basemap/china.json" in config


@override_settings(
    GONGHUI_TILE_URL="https://tiles.example.intranet/{z}/{x}/{y}.png", GONGHUI_TILE_GCJ02=True
)
def test_configured_tile_server_is_handed_to_the_map(db):
    html = Client().get("/stations/nearest/").content.decode()
    assert "tiles.example.intranet" in html and '"tileGcj02": true' in html


def test_staff_list_export_and_map_points(world, as_user):
    mine = make_station(world.grassroots, "和平驿站", amenities=["water", "first_aid"])
    make_station(world.sibling_grassroots, "沈河驿站")
    client = as_user(world.county_staff)
    html = client.get("/stations/?amenity=first_aid").content.decode()
    assert f'href="/stations/{mine.pk}/"' in html and "沈河驿站" not in html
    xlsx = client.get("/stations/?export=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    csv = client.get("/stations/?export=csv").getvalue().decode()
    assert "和平驿站" in csv and "饮用水" not in csv and "沈河驿站" not in csv
    points = client.get("/stations/map/points.json?bbox=123,41,124,42").json()
    assert [p["id"] for p in points["points"]] == [mine.pk] and points["total"] == 1
    outside = client.get("/stations/map/points.json?bbox=100,20,101,21").json()
    assert outside["points"] == []
    assert client.get("/stations/map/").status_code == 200


def test_cadre_creates_and_edits_through_the_form(world, as_user):
    client = as_user(world.cadre)
    form = client.get("/stations/new/")
    assert form.context["form"].initial["union"] == world.grassroots.name
    data = {
        "name": "华晨工会驿站",
        "kind": "outdoor",
        "union": world.grassroots.name,
        "address": "沈阳市和平区南湖路1号",
        "lat": "41.77",
        "lng": "123.42",
        "hours": "每天 07:00-19:00",
        "special_days": "2025-10-01 休息 国庆",
        "amenities": ["water", "meal"],
        "status": "open",
    }
    bad = client.post("/stations/new/", {**data, "lat": "123.42", "lng": "41.77"})
    assert bad.status_code == 400 and bad.context["form"].errors["lat"]
    bad = client.post("/stations/new/", {**data, "union": world.sibling_grassroots.name})
    assert bad.status_code == 400 and bad.context["form"].errors["union"]
    bad = client.post("/stations/new/", {**data, "hours": "白天"})
    assert bad.status_code == 400 and bad.context["form"].errors["hours"]
    assert not Station.objects.exists()
    response = client.post("/stations/new/", data)
    station = Station.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/stations/{station.pk}/"
    assert station.special_days == [{"date": "2025-10-01", "hours": "", "note": "国庆"}]
    edit = client.get(f"/stations/{station.pk}/edit/")
    assert edit.context["form"].initial["hours"] == "每天 07:00-19:00"
    client.post(f"/stations/{station.pk}/edit/", {**data, "name": "华晨职工驿站"})
    station.refresh_from_db()
    assert station.name == "华晨职工驿站"
    assert as_user(world.sibling_staff).get(f"/stations/{station.pk}/edit/").status_code == 404
    assert as_user(world.city_leader).get(f"/stations/{station.pk}/edit/").status_code == 404


def test_detail_photos_and_the_poster(world, as_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    station = make_station(world.grassroots, "南湖驿站", phone="024-11112222")
    client = as_user(world.cadre)
    assert "南湖驿站" in client.get(f"/stations/{station.pk}/").content.decode()
    client.post(
        f"/stations/{station.pk}/photos/",
        {"caption": "门口", "image": SimpleUploadedFile("a.png", PNG)},
    )
    photo = Photo.objects.get()
    served = Client().get(f"/stations/photos/{photo.pk}")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    client.post(
        f"/stations/{station.pk}/photos/",
        {"caption": "假图", "image": SimpleUploadedFile("x.png", b"GIF89a")},
    )
    assert Photo.objects.count() == 1
    client.post(f"/stations/{station.pk}/photos/{photo.pk}/remove/")
    assert not Photo.objects.exists()
    assert AuditEvent.objects.filter(action__in=["photo_add", "photo_delete"]).count() == 2
    # the poster's QR code encodes the scan address, which the leader can print too
    poster = as_user(world.city_leader).get(f"/stations/{station.pk}/poster/")
    html = poster.content.decode()
    url = re.search(r'data-scan-url="([^"]+)"', html).group(1)
    assert url.endswith(f"/stations/scan/{selectors.poster_token(station)}/")
    drawn = re.search(r'<path[^>]* d="([^"]+)"', html).group(1)
    expected = re.search(r' d="([^"]+)"', segno.make(url, error="m").svg_inline(scale=8))
    assert drawn == expected.group(1)
    assert as_user(world.sibling_staff).get(f"/stations/{station.pk}/poster/").status_code == 404


def test_renewing_posters_from_the_detail_page(world, as_user):
    station = make_station(world.grassroots)
    old = selectors.poster_token(station)
    as_user(world.cadre).post(f"/stations/{station.pk}/poster/renew/")
    assert selectors.station_for_token(old) is None


def test_navigation_links(world, as_user):
    assert 'href="/stations/nearest/"' in Client().get("/stations/nearest/").content.decode()
    staff = as_user(world.county_staff).get("/orgs/").content.decode()
    assert 'href="/stations/"' in staff and 'href="/stations/nearest/"' not in staff


def test_each_page_action_has_its_own_url_and_refuses_outsiders(world, as_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    station = make_station(world.grassroots, "南湖驿站")
    other = make_station(world.grassroots, "北陵驿站")
    client = as_user(world.cadre)
    client.post(f"/stations/{station.pk}/photos/", {"image": SimpleUploadedFile("a.png", PNG)})
    photo = Photo.objects.get()
    token = selectors.poster_token(station)
    for user in (world.sibling_staff, world.city_leader):  # outside, or reading only
        refused = as_user(user)
        add = {"image": SimpleUploadedFile("b.png", PNG)}
        assert refused.post(f"/stations/{station.pk}/photos/", add).status_code == 404
        remove = f"/stations/{station.pk}/photos/{photo.pk}/remove/"
        assert refused.post(remove).status_code == 404
        assert refused.post(f"/stations/{station.pk}/poster/renew/").status_code == 404
    assert Photo.objects.count() == 1 and selectors.station_for_token(token) == station
    client = as_user(world.cadre)
    assert client.get(f"/stations/{station.pk}/poster/renew/").status_code == 405
    assert Client().post(f"/stations/scan/{token}/").status_code == 405
    # A photo is removed through its own position's address only.
    client.post(f"/stations/{other.pk}/photos/{photo.pk}/remove/")
    assert Photo.objects.count() == 1
    removed = client.post(f"/stations/{station.pk}/photos/{photo.pk}/remove/")
    assert removed.status_code == 302 and not Photo.objects.exists()
