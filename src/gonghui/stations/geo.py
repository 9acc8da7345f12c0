"""Coordinates: distances on the sphere, WGS-84 <-> GCJ-02 -> BD-09, and the links that open
a position in the map apps people use.

Positions are stored in WGS-84, what a phone's GPS and the browser's geolocation give.
Chinese map services (and many intranet tile servers) draw in GCJ-02, the published
"offset" datum; a map that uses such tiles must shift our points into GCJ-02 to draw
them and shift a clicked point back before it is stored or searched with.

The GCJ-02 formulas are the well-known public ones (as in eviltransform and every
open-source converter); the reverse is done by fixed-point iteration, good to about
1e-9 degrees.
"""

import math
from urllib.parse import quote, urlencode

EARTH_RADIUS_M = 6371008.8  # mean radius (IUGG), metres

# Where positions may lie: the land and coast of China, roughly, with a margin.
CHINA_LAT = (18.0, 54.0)
CHINA_LNG = (73.0, 135.0)


def haversine_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(lat: float, lng: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lng, max_lng) of a box holding every point within radius_m.

    The longitude half-width is that of the widest parallel the circle touches
    (asin(sin r / cos lat)), not r / cos lat, so that no point of the circle falls outside.
    A tiny margin absorbs rounding; the exact distance is checked afterwards anyway.
    """
    angular = radius_m / EARTH_RADIUS_M
    dlat = math.degrees(angular)
    ratio = math.sin(angular) / max(math.cos(math.radians(lat)), 1e-12)
    dlng = 180.0 if ratio >= 1 else math.degrees(math.asin(ratio))
    margin = 1e-9 + 1e-7 * dlat
    return lat - dlat - margin, lat + dlat + margin, lng - dlng - margin, lng + dlng + margin


# ---- GCJ-02 -----------------------------------------------------------------------------
_A = 6378245.0  # Krasovsky 1940 semi-major axis, as the formulas use
_EE = 0.00669342162296594323  # its first eccentricity squared


def _out_of_china(lat: float, lng: float) -> bool:
    """The formulas apply inside China only; elsewhere GCJ-02 equals WGS-84."""
    return not (72.004 <= lng <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lng(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def _offset(lat: float, lng: float) -> tuple[float, float]:
    dlat = _transform_lat(lng - 105.0, lat - 35.0)
    dlng = _transform_lng(lng - 105.0, lat - 35.0)
    rad = math.radians(lat)
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlng = (dlng * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return dlat, dlng


def wgs84_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    if _out_of_china(lat, lng):
        return lat, lng
    dlat, dlng = _offset(lat, lng)
    return lat + dlat, lng + dlng


def gcj02_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    """The inverse, by iteration: find the WGS point whose GCJ image is (lat, lng)."""
    if _out_of_china(lat, lng):
        return lat, lng
    wlat, wlng = lat, lng
    for _ in range(30):
        glat, glng = wgs84_to_gcj02(wlat, wlng)
        dlat, dlng = glat - lat, glng - lng
        wlat, wlng = wlat - dlat, wlng - dlng
        if abs(dlat) < 1e-10 and abs(dlng) < 1e-10:
            break
    return wlat, wlng


# BD-09, Baidu's datum: GCJ-02 shifted once more (Baidu's published formula).
_X_PI = math.pi * 3000.0 / 180.0


def gcj02_to_bd09(lat: float, lng: float) -> tuple[float, float]:
    z = math.sqrt(lng * lng + lat * lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lng) + 0.000003 * math.cos(lng * _X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def wgs84_to_bd09(lat: float, lng: float) -> tuple[float, float]:
    return gcj02_to_bd09(*wgs84_to_gcj02(lat, lng))


def navigation_links(lat: float, lng: float, name: str) -> dict[str, str]:
    """Links that open the position in a map app, each in the datum the app expects:
    geo: (RFC 5870, WGS-84: the phone's own map app), Amap (GCJ-02, coordinate=gaode) and
    Baidu (BD-09, coord_type=bd09ll). The user opens them; nothing is sent until then."""
    glat, glng = wgs84_to_gcj02(lat, lng)
    blat, blng = wgs84_to_bd09(lat, lng)
    amap = urlencode(
        {
            "position": f"{glng:.6f},{glat:.6f}",
            "name": name,
            "coordinate": "gaode",
            "callnative": "1",
            "src": "gonghui",
        }
    )
    baidu = urlencode(
        {
            "location": f"{blat:.6f},{blng:.6f}",
            "title": name,
            "content": name,
            "coord_type": "bd09ll",
            "output": "html",
            "src": "webapp.gonghui",
        }
    )
    return {
        "geo": f"geo:{lat:.6f},{lng:.6f}?q={lat:.6f},{lng:.6f}({quote(name)})",
        "amap": f"https://uri.amap.com/marker?{amap}",
        "baidu": f"https://api.map.baidu.com/marker?{baidu}",
    }
