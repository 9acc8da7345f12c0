"""Demo positions for every county union: deterministic, about 100,000 at province scale.

Each county's positions lie around an approximate county centre: its city's centre
(the table below: city government seats, WGS-84, to about 0.01 degree) moved by a
fixed offset of up to about 30 km drawn from the county code, then jittered by a few
kilometres. Good enough for a demonstration of the map and the nearest search; not a
gazetteer.
"""

import random
from datetime import datetime, timedelta

from django.utils import timezone

from gonghui.core.bulk import insert_rows, next_id, reset_sequence
from gonghui.orgs.models import Organization, OrgKind, pinyin_key

from .models import Kind, Station, Status

# City centres of Liaoning (the demo province), by the first four digits of GB/T 2260.
CITY_CENTRES = {
    "2101": (41.805, 123.432),  # 沈阳
    "2102": (38.914, 121.615),  # 大连
    "2103": (41.108, 122.994),  # 鞍山
    "2104": (41.880, 123.957),  # 抚顺
    "2105": (41.294, 123.766),  # 本溪
    "2106": (40.000, 124.354),  # 丹东
    "2107": (41.095, 121.127),  # 锦州
    "2108": (40.667, 122.235),  # 营口
    "2109": (42.022, 121.670),  # 阜新
    "2110": (41.269, 123.237),  # 辽阳
    "2111": (41.120, 122.071),  # 盘锦
    "2112": (42.286, 123.842),  # 铁岭
    "2113": (41.574, 120.451),  # 朝阳
    "2114": (40.711, 120.837),  # 葫芦岛
}
# Provincial capitals, for counties of other provinces (the test world has Jilin).
PROVINCE_CENTRES = {
    "11": (39.904, 116.407),
    "12": (39.125, 117.190),
    "13": (38.043, 114.515),
    "14": (37.870, 112.549),
    "15": (40.842, 111.749),
    "21": (41.805, 123.432),
    "22": (43.817, 125.324),
    "23": (45.803, 126.535),
    "31": (31.230, 121.474),
    "32": (32.060, 118.797),
    "33": (30.274, 120.155),
    "34": (31.821, 117.227),
    "35": (26.074, 119.296),
    "36": (28.682, 115.858),
    "37": (36.651, 117.120),
    "41": (34.746, 113.625),
    "42": (30.593, 114.305),
    "43": (28.228, 112.939),
    "44": (23.129, 113.264),
    "45": (22.817, 108.366),
    "46": (20.044, 110.199),
    "50": (29.563, 106.551),
    "51": (30.573, 104.066),
    "52": (26.647, 106.630),
    "53": (25.038, 102.718),
    "54": (29.652, 91.172),
    "61": (34.341, 108.940),
    "62": (36.061, 103.834),
    "63": (36.617, 101.778),
    "64": (38.487, 106.231),
    "65": (43.825, 87.617),
}
SCALES = {"small": 3, "medium": 60}  # positions per county; "province" is set by total
PROVINCE_TOTAL = 100_000
KIND_NAMES = {
    Kind.OUTDOOR: "户外劳动者服务站点",
    Kind.WORKER_HOME: "职工之家",
    Kind.CULTURAL_PALACE: "职工文化宫",
    Kind.LIBRARY: "职工书屋",
    Kind.MOTHER_BABY: "爱心妈妈小屋",
    Kind.OTHER: "工会服务点",
}
KIND_WEIGHTS = [
    (Kind.OUTDOOR, 60),
    (Kind.WORKER_HOME, 20),
    (Kind.LIBRARY, 7),
    (Kind.MOTHER_BABY, 7),
    (Kind.OTHER, 5),
    (Kind.CULTURAL_PALACE, 1),
]
ROADS = [
    "中山路",
    "人民路",
    "解放路",
    "建设大街",
    "新华路",
    "和平大街",
    "胜利路",
    "长江路",
    "黄河路",
    "青年大街",
    "文化路",
    "北京街",
    "南京街",
    "工农路",
    "友谊街",
]
AMENITIES_BY_KIND = {
    Kind.OUTDOOR: ["water", "meal", "rest", "charging", "first_aid", "toilet", "air_con"],
    Kind.WORKER_HOME: ["water", "rest", "toilet", "air_con", "charging"],
    Kind.LIBRARY: ["water", "rest", "air_con", "toilet"],
    Kind.MOTHER_BABY: ["water", "rest", "air_con"],
    Kind.CULTURAL_PALACE: ["water", "rest", "toilet", "air_con", "first_aid"],
    Kind.OTHER: ["water", "rest"],
}
AMENITY_COLUMNS = [
    "has_water",
    "has_meal",
    "has_rest",
    "has_toilet",
    "has_charging",
    "has_first_aid",
    "has_air_con",
]
COLUMNS = [
    "id",
    "name",
    "name_pinyin",
    "kind",
    "union_id",
    "address",
    "region_id",
    "lat",
    "lng",
    "weekly_hours",
    "special_days",
    *AMENITY_COLUMNS,
    "phone",
    "note",
    "status",
    "qr_version",
    "created_at",
    "updated_at",
]
SPECIAL = '[{"date": "2025-01-29", "hours": "", "note": "春节"}]'


def county_centre(code: str) -> tuple[float, float]:
    """An approximate centre for a county: its city's centre and a fixed offset."""
    base = CITY_CENTRES.get(code[:4]) or PROVINCE_CENTRES.get(code[:2]) or CITY_CENTRES["2101"]
    if code.endswith("00"):
        return base
    rng = random.Random(int(code))
    # Districts (市辖区, codes 01-20) crowd the city; counties lie farther out.
    reach = 0.06 if int(code[4:]) < 20 else 0.28
    return base[0] + rng.uniform(-reach, reach), base[1] + rng.uniform(-reach, reach) * 1.3


def _hours(rng: random.Random, kind: str) -> str:
    if kind == Kind.OUTDOOR:
        day = rng.choice(["08:00-20:00", "07:00-19:00", "00:00-24:00", "09:00-21:00"])
        return "[" + ",".join(f'"{day}"' for _ in range(7)) + "]"
    week = rng.choice(["09:00-17:00", "08:30-17:30", "09:00-12:00,13:30-17:30"])
    weekend = rng.choice(["", "09:00-16:00"])
    return "[" + ",".join([f'"{week}"'] * 5 + [f'"{weekend}"'] * 2) + "]"


def build_demo(
    scale: str = "small", seed: int = 2022, *, counties=None, progress=None
) -> dict[str, int]:
    """Add positions for every county union (and the township unions under it).

    small: 3 per county; medium: 60; province: 100,000 in all. Returns {"stations": count}.
    """
    rng = random.Random(seed)
    counties = list(
        counties
        if counties is not None
        else Organization.objects.filter(kind=OrgKind.COUNTY, is_active=True)
        .select_related("region")
        .order_by("path")
    )
    if not counties:
        return {"stations": 0}
    if scale == "province":
        per = [
            PROVINCE_TOTAL // len(counties) + (1 if i < PROVINCE_TOTAL % len(counties) else 0)
            for i in range(len(counties))
        ]
    else:
        per = [SCALES.get(scale, SCALES["small"])] * len(counties)
    townships: dict[str, list[int]] = {}
    for pk, path in (
        Organization.objects.filter(kind=OrgKind.TOWNSHIP, is_active=True)
        .values_list("pk", "path")
        .order_by("pk")
    ):
        county_path = "/".join(path.split("/")[:-2]) + "/"
        townships.setdefault(county_path, []).append(pk)
    kinds, weights = zip(*KIND_WEIGHTS, strict=True)
    first_opening = timezone.make_aware(datetime(2019, 1, 1, 9))
    station_id, total, rows = next_id(Station), 0, []
    for i, (county, count) in enumerate(zip(counties, per, strict=True)):
        code = county.region_id or "210100"
        clat, clng = county_centre(code)
        place = county.region.name if county.region else county.name.replace("总工会", "")
        local = townships.get(county.path, [])
        for n in range(1, count + 1):
            kind = rng.choices(kinds, weights)[0]
            lat = clat + max(-0.12, min(0.12, rng.gauss(0, 0.04)))
            lng = clng + max(-0.16, min(0.16, rng.gauss(0, 0.05)))
            offered = set(
                rng.sample(AMENITIES_BY_KIND[kind], rng.randint(2, len(AMENITIES_BY_KIND[kind])))
            )
            if kind == Kind.OUTDOOR:
                offered |= {"water", "rest"}  # the "three difficulties" come first
            union_id = rng.choice(local) if local and rng.random() < 0.3 else county.pk
            # Opened over 2019-2022, the years up to the demo's year of record.
            opened = first_opening + timedelta(days=rng.randint(0, 4 * 365 - 1))
            road = rng.choice(ROADS)
            status = rng.choices([Status.OPEN, Status.SUSPENDED, Status.CLOSED], [95, 3, 2])[0]
            name = f"{place}{road}{KIND_NAMES[kind]}（{n}）"
            rows.append(
                (
                    station_id,
                    name,
                    pinyin_key(name),
                    kind,
                    union_id,
                    f"{place}{road}{rng.randint(1, 399)}号",
                    code,
                    round(lat, 6),
                    round(lng, 6),
                    _hours(rng, kind),
                    SPECIAL if rng.random() < 0.2 and kind != Kind.OUTDOOR else "[]",
                    *[c[4:] in offered for c in AMENITY_COLUMNS],
                    f"024-{rng.randint(20000000, 89999999)}" if rng.random() < 0.5 else "",
                    "",
                    status,
                    1,
                    opened,
                    opened,
                )
            )
            station_id += 1
            total += 1
        if len(rows) >= 20000:
            insert_rows(Station._meta.db_table, COLUMNS, rows)
            rows = []
            if progress:
                progress(i + 1, len(counties))
    insert_rows(Station._meta.db_table, COLUMNS, rows)
    reset_sequence(Station)
    if progress:
        progress(len(counties), len(counties))
    return {"stations": total}
