"""Keeping positions: create and edit through the API and services; bad input changes nothing."""

import json

import pytest
from django.test import Client

from gonghui.core.errors import NotFound, ServiceError
from gonghui.core.models import AuditEvent
from gonghui.stations import services
from gonghui.stations.models import Station

from .helpers import make_station


def _good(world, **over):
    payload = {
        "name": "中山路工会驿站",
        "kind": "outdoor",
        "union_id": world.grassroots.pk,
        "address": "沈阳市和平区中山路88号",
        "lat": 41.7968,
        "lng": 123.4291,
        "hours": "周一至周五 08:00-20:00；周六、周日 09:00-17:00",
        "special_days": [{"date": "2025-10-01", "hours": "", "note": "国庆"}],
        "amenities": ["water", "meal", "rest", "charging"],
        "phone": "024-23456789",
    }
    payload.update(over)
    return payload


def _post(client, payload):
    return client.post(
        "/api/v1/stations", data=json.dumps(payload), content_type="application/json"
    )


def test_cadre_creates_a_position_with_its_history(world, as_user):
    client = as_user(world.cadre)
    response = _post(client, _good(world))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["weekly_hours"] == ["08:00-20:00"] * 5 + ["09:00-17:00"] * 2
    assert body["amenities"] == ["water", "meal", "rest", "charging"]
    assert body["region"] == "210102"  # the union's, when none is given
    assert body["poster_url"].startswith("/stations/scan/")
    station = Station.objects.get(pk=body["id"])
    event = AuditEvent.objects.get(action="create", target_id=str(station.pk))
    assert event.org_path == world.grassroots.path and event.changes["has_meal"] is True
    # and edits it: only what changed is written to the history
    response = client.patch(
        f"/api/v1/stations/{station.pk}",
        data=json.dumps({"status": "suspended", "amenities": ["water"]}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "suspended"
    change = AuditEvent.objects.get(action="update", target_id=str(station.pk)).changes
    assert change["status"] == ["open", "suspended"] and change["has_meal"] == [True, False]
    assert "name" not in change


@pytest.mark.parametrize(
    "over,field,status",
    [
        ({"lat": 200}, "lat", 400),
        ({"lat": 0, "lng": 0}, "lat", 400),
        ({"lat": 123.4291, "lng": 41.7968}, "lat", 400),
        ({"lng": 150}, "lng", 400),
        ({"lat": "北纬41度"}, "lat", 422),
        ({"name": ""}, "name", 422),
        ({"name": "   "}, "name", 400),
        ({"name": "长" * 101}, "name", 422),
        ({"kind": "spa"}, "kind", 422),
        ({"amenities": ["sauna"]}, "amenities.0", 422),
        ({"hours": "每天 8点到20点"}, "hours", 400),
        ({"hours": ["08:00-20:00"] * 6}, "hours", 400),
        ({"special_days": [{"date": "2025-13-01"}]}, "special_days.0.date", 422),
        ({"special_days": [{"date": "2025-10-01", "hours": "9-12"}]}, "special_days", 400),
        ({"region": "999999"}, "region", 400),
        ({"status": "demolished"}, "status", 422),
        ({"union_id": 0}, "union_id", 404),
    ],
)
def test_bad_input_is_refused_with_the_field_and_nothing_changes(
    world, as_user, over, field, status
):
    client = as_user(world.cadre)
    before = (Station.objects.count(), AuditEvent.objects.count())
    response = _post(client, _good(world, **over))
    assert response.status_code == status, response.content
    fields = response.json()["fields"]
    assert any(k == field or k.endswith("." + field) for k in fields), fields
    assert (Station.objects.count(), AuditEvent.objects.count()) == before


def test_a_cadre_cannot_place_a_position_under_another_union(world, as_user):
    for union in (world.sibling_grassroots, world.county, world.other_grassroots):
        response = _post(as_user(world.cadre), _good(world, union_id=union.pk))
        assert response.status_code == 404 and "union_id" in response.json()["fields"]
    assert not Station.objects.exists()


def test_readers_cannot_write(world, as_user):
    response = _post(as_user(world.city_leader), _good(world))
    assert response.status_code == 404
    assert _post(as_user(world.member), _good(world)).status_code == 404
    anonymous = _post(Client(), _good(world))
    assert anonymous.status_code == 401


def test_same_name_in_one_union_is_refused(world):
    services.station_create(actor=world.cadre, **_good(world))
    with pytest.raises(ServiceError) as exc:
        services.station_create(actor=world.cadre, **_good(world))
    assert exc.value.code == "duplicate" and "name" in exc.value.fields
    # the same name under another union is another position
    services.station_create(
        actor=world.sibling_staff, **_good(world, union_id=world.sibling_grassroots.pk)
    )


def test_update_refuses_bad_input_and_keeps_the_record(world):
    station = make_station(world.grassroots, "原名")
    for changes, field in [
        ({"lat": 91}, "lat"),
        ({"name": ""}, "name"),
        ({"hours": "周八 08:00-12:00"}, "hours"),
        ({"kind": "x"}, "kind"),
        ({"union_id": world.sibling_grassroots.pk}, "union_id"),
        ({"path": "/1/"}, "path"),
    ]:
        with pytest.raises(ServiceError) as exc:
            services.station_update(actor=world.cadre, station_id=station.pk, **changes)
        assert field in exc.value.fields
    station.refresh_from_db()
    assert station.name == "原名" and station.lat == 41.7968
    assert not AuditEvent.objects.filter(action="update").exists()


def test_staff_move_a_position_to_another_union_in_their_subtree(world):
    station = make_station(world.grassroots)
    moved = services.station_update(
        actor=world.county_staff, station_id=station.pk, union_id=world.township.pk
    )
    assert moved.union == world.township
    with pytest.raises(NotFound):
        services.station_update(
            actor=world.county_staff, station_id=station.pk, union_id=world.sibling.pk
        )


def test_list_filters_sorts_and_scope(world, as_user):
    a = make_station(world.grassroots, "甲驿站", amenities=["water", "meal"])
    b = make_station(world.grassroots, "乙职工之家", kind="worker_home", amenities=["water"])
    make_station(world.sibling_grassroots, "沈河驿站")
    client = as_user(world.county_staff)
    ids = [i["id"] for i in client.get("/api/v1/stations?limit=100").json()["items"]]
    assert sorted(ids) == sorted([a.pk, b.pk])
    meal = client.get("/api/v1/stations?amenity=meal").json()["items"]
    assert [i["id"] for i in meal] == [a.pk]
    homes = client.get("/api/v1/stations?kind=worker_home").json()["items"]
    assert [i["id"] for i in homes] == [b.pk]
    assert client.get("/api/v1/stations?q=乙").json()["count"] == 1
    assert client.get(f"/api/v1/stations?union_id={world.sibling.pk}").status_code == 404


def test_poster_renewal_retires_old_codes(world):
    from gonghui.stations import selectors

    station = make_station(world.grassroots)
    old = selectors.poster_token(station)
    assert selectors.station_for_token(old) == station
    services.station_poster_renew(actor=world.cadre, station_id=station.pk)
    station.refresh_from_db()
    assert selectors.station_for_token(old) is None
    assert selectors.station_for_token(selectors.poster_token(station)) == station
    assert selectors.station_for_token(old + "x") is None
    assert selectors.station_for_token("garbage") is None
