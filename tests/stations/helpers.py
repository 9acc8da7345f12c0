"""Positions written directly, for tests (the services are tested on their own)."""

import itertools

from gonghui.stations.models import Station

_n = itertools.count(1)


def make_station(
    union,
    name: str | None = None,
    lat: float = 41.7968,
    lng: float = 123.4291,
    *,
    amenities=("water", "rest"),
    kind: str = "outdoor",
    status: str = "open",
    weekly_hours=None,
    **fields,
) -> Station:
    station = Station(
        name=name or f"测试驿站{next(_n)}",
        kind=kind,
        union=union,
        address=fields.pop("address", "沈阳市和平区中山路1号"),
        lat=lat,
        lng=lng,
        region=union.region,
        status=status,
        weekly_hours=weekly_hours or ["00:00-24:00"] * 7,
        **fields,
    )
    station.set_amenities(amenities)
    station.save()
    return station
