"""Transfers: the old union releases, the new one accepts; seniority is kept."""

import json

from gonghui.members.models import Membership

from ..factories import make_member, make_user


def _post(client, url, payload=None):
    return client.post(url, data=json.dumps(payload or {}), content_type="application/json")


def test_member_requests_old_releases_new_accepts(world, client):
    worker = make_user("worker")
    old = make_member(world.grassroots, "钱多多", user=worker, joined_on="2015-03-01")
    sibling_cadre = make_user("sib_cadre", "cadre", world.sibling_grassroots)

    client.force_login(worker)
    t = _post(
        client,
        "/api/v1/transfers",
        {"membership_id": old.pk, "to_union_id": world.sibling_grassroots.pk, "reason": "工作调动"},
    )
    assert t.status_code == 201, t.content
    tid = t.json()["id"]

    # The new union cannot accept before the old one releases; both sides see it.
    client.force_login(sibling_cadre)
    assert _post(client, f"/api/v1/transfers/{tid}/accept").json()["code"] == "not_released"
    assert _post(client, f"/api/v1/transfers/{tid}/release").json()["code"] == "wrong_side"
    client.force_login(world.cadre)
    assert [x["id"] for x in client.get("/api/v1/transfers").json()["items"]] == [tid]
    assert _post(client, f"/api/v1/transfers/{tid}/release").json()["status"] == "released"
    # An outsider learns nothing.
    client.force_login(world.outsider)
    assert _post(client, f"/api/v1/transfers/{tid}/accept").status_code == 404

    client.force_login(sibling_cadre)
    new = _post(client, f"/api/v1/transfers/{tid}/accept").json()
    assert new["union_name"] == "沈阳沈河商贸有限公司工会委员会"
    assert new["joined_on"] == "2015-03-01"  # seniority kept
    old.refresh_from_db()
    assert old.status == "transferred" and old.ended_on is not None
    assert Membership.objects.filter(person=old.person, status="active").count() == 1


def test_cadre_cannot_transfer_someone_elses_member(world, client):
    m = make_member(world.grassroots)
    client.force_login(world.sibling_staff)
    response = _post(
        client,
        "/api/v1/transfers",
        {"membership_id": m.pk, "to_union_id": world.sibling_grassroots.pk},
    )
    assert response.status_code == 404


def test_second_open_transfer_refused(world, client):
    m = make_member(world.grassroots)
    client.force_login(world.cadre)
    body = {"membership_id": m.pk, "to_union_id": world.sibling_grassroots.pk}
    assert _post(client, "/api/v1/transfers", body).status_code == 201
    again = _post(client, "/api/v1/transfers", body)
    assert again.status_code == 400 and again.json()["code"] == "open_transfer"
