"""Rebuild the offline basemap (region outlines) from Apache ECharts 4.x map files.

The outlines shipped in stations/static/stations/basemap/ were made by this command from
the map/json files of the npm package echarts@4.9.0 (Apache License 2.0):

    cd /tmp && npm pack echarts@4.9.0 && tar xzf echarts-4.9.0.tgz
    gonghui stations_basemap /tmp/package/map/json

It decodes ECharts' compressed coordinates into plain GeoJSON, simplifies each ring
(Douglas-Peucker, default tolerance 0.005 degrees, about 500 m) and rounds to 4
decimals. The outlines are for orientation on an intranet with no tile server; they are
not an approved standard map (标准地图) and must not be used as one.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

OUT = Path(__file__).resolve().parents[2] / "static" / "stations" / "basemap"
PROVINCES = {"liaoning": "210000", "jilin": "220000"}


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
        parser.add_argument("folder", help="the map/json folder of an unpacked echarts@4.9.0")
        parser.add_argument("--tolerance", type=float, default=0.005)
        parser.add_argument(
            "--province",
            action="append",
            default=None,
            help="also write this province's cities (pinyin file name)",
        )

    def handle(self, *args, folder, tolerance, province, **options):
        src = Path(folder)
        if not (src / "china.json").exists():
            raise CommandError(f"{src} has no china.json: give echarts' map/json folder")
        OUT.mkdir(parents=True, exist_ok=True)
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
        for name in written:
            self.stdout.write(f"{OUT / name}: {(OUT / name).stat().st_size} bytes")
