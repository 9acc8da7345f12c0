"""Outreach funds on the one ledger (grants paid once, linked to the pairing or the group
they serve) and the correction of a visit by its own union or above."""

import json
from datetime import date

import pytest

from gonghui.campaigns import ledger
from gonghui.campaigns.models import Posting
from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period
from gonghui.core.models import AuditEvent
from gonghui.outreach import services
from gonghui.outreach.models import OutreachGrant, StationingGroup, Visit
from tests.factories import fund_org
from tests.replay import check_once_per_key

YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))


def _post(client, url, payload, method="post"):
    return getattr(client, method)(url, data=json.dumps(payload), content_type="application/json")


def _pairings(world):
    county = services.pairing_create(
        actor=world.province_staff,
        county_id=world.county.pk,
        year=2022,
        level="provincial",
        higher_id=world.province.pk,
        leader="张主席",
    )
    sibling = services.pairing_create(
        actor=world.province_staff,
        county_id=world.sibling.pk,
        year=2022,
        level="provincial",
        higher_id=world.province.pk,
        leader="李副主席",
    )
    return county, sibling


def _grant(world, pairing, **changes):
    fields = {
        "from_id": world.province.pk,
        "to_id": world.county.pk,
        "amount": 100_000_00,
        "purpose": "对口联系县级工会工作经费",
        "granted_on": date(2022, 3, 1),
        "request_key": "k-1",
        "pairing_id": pairing.pk,
    }
    fields.update(changes)
    grant, _replayed = services.grant_make(actor=world.province_staff, **fields)
    return grant


def test_a_grant_for_a_pairing_is_paid_once_under_a_repeated_request(world, as_user):
    fund_org(world.province, 300_000_00)
    pairing, _sibling = _pairings(world)
    client = as_user(world.province_staff)
    payload = {
        "from_id": world.province.pk,
        "to_id": world.county.pk,
        "amount": 100_000_00,
        "purpose": "对口联系县级工会工作经费",
        "granted_on": "2022-03-01",
        "request_key": "form-123",
        "pairing_id": pairing.pk,
    }
    # The cadre pressed twice: the second answer is the first grant, and says so; the same
    # key for another sum is refused (409). Neither writes or moves anything.
    check_once_per_key(
        lambda body: _post(client, "/api/v1/outreach/grants", body),
        payload,
        {**payload, "amount": 5_00},
        rows=lambda: (
            OutreachGrant.objects.count(),
            Posting.objects.count(),
            AuditEvent.objects.count(),
        ),
        refused_code="conflict",
    )
    assert OutreachGrant.objects.count() == 1
    assert Posting.objects.filter(kind="outreach_grant").count() == 1
    assert ledger.balance(world.province.pk, "available") == 200_000_00
    assert ledger.balance(world.province.pk, "outreach_granted") == 100_000_00
    assert ledger.balance(world.county.pk, "available") == 100_000_00
    assert ledger.balance(world.county.pk, "outreach_received") == 100_000_00
    # the pairing shows its grants and total, in the API and on its page
    body = client.get(f"/api/v1/outreach/pairings/{pairing.pk}").json()
    assert body["granted"] == 100_000_00
    page = client.get(f"/outreach/pairings/{pairing.pk}/").content.decode()
    assert "100,000.00" in page and "对口联系县级工会工作经费" in page


def test_a_grant_naming_a_pairing_of_another_union_is_refused(world):
    fund_org(world.province, 300_000_00)
    _pairing, sibling = _pairings(world)
    with pytest.raises(ServiceError) as err:
        _grant(world, sibling)  # to 和平区 but 沈河区's pairing
    assert err.value.code == "other_union" and "pairing_id" in err.value.fields
    assert not OutreachGrant.objects.exists()
    assert not Posting.objects.filter(kind="outreach_grant").exists()
    assert ledger.balance(world.province.pk, "available") == 300_000_00


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": 0}, "amount"),
        ({"amount": -5}, "amount"),
        ({"purpose": "  "}, "purpose"),
        ({"granted_on": date(2099, 1, 1)}, "granted_on"),
        ({"to_id": "x"}, "to_id"),
        ({"amount": 400_000_00}, "amount"),  # more than the province has
    ],
)
def test_bad_grants_change_nothing(world, changes, field):
    fund_org(world.province, 300_000_00)
    pairing, _sibling = _pairings(world)
    with pytest.raises(ServiceError) as err:
        _grant(world, pairing, **changes)
    assert field in err.value.fields
    assert not OutreachGrant.objects.exists()
    assert ledger.balance(world.province.pk, "available") == 300_000_00


def test_a_grant_upward_or_from_another_line_is_refused(world):
    fund_org(world.county, 10_000_00)
    pairing, _sibling = _pairings(world)
    with pytest.raises(ServiceError) as err:
        services.grant_make(
            actor=world.county_staff,
            from_id=world.county.pk,
            to_id=world.sibling.pk,
            amount=1_00,
            purpose="x",
            granted_on=date(2022, 3, 1),
        )
    assert "to_id" in err.value.fields
    assert ledger.balance(world.county.pk, "available") == 10_000_00


def test_group_funds_are_grants_on_the_ledger_and_the_figure_reads_them(world):
    fund_org(world.province, 200_000_00)
    group = services.group_create(
        actor=world.province_staff,
        union_id=world.province.pk,
        place_id=world.county.pk,
        name="省总驻和平区蹲点组",
        start_on=date(2022, 3, 1),
        end_on=date(2022, 12, 31),
        funds=150_000_00,
    )
    services.grant_make(
        actor=world.province_staff,
        from_id=world.province.pk,
        to_id=world.grassroots.pk,
        amount=20_000_00,
        purpose="建会入会工作经费",
        granted_on=date(2022, 5, 1),
        group_id=group.pk,
    )
    group.refresh_from_db()
    assert group.funds == 170_000_00 == sum(g.amount for g in group.grants.all())
    assert ledger.balance(world.province.pk, "outreach_granted") == 170_000_00
    assert REGISTRY["outreach.funds"].value(world.province.path, YEAR) == 170_000_00
    # a group's funds are not typed in afterwards
    with pytest.raises(ServiceError):
        services.group_update(actor=world.province_staff, group_id=group.pk, funds=1)


def test_a_group_without_the_money_is_not_sent(world):
    with pytest.raises(ServiceError) as err:
        services.group_create(
            actor=world.province_staff,
            union_id=world.province.pk,
            place_id=world.county.pk,
            name="没有经费的组",
            start_on=date(2022, 3, 1),
            end_on=date(2022, 12, 31),
            funds=1_00,
        )
    assert err.value.code == "insufficient" and "funds" in err.value.fields
    assert not StationingGroup.objects.exists()


def test_grant_page_pays_once_when_posted_twice(world, as_user):
    fund_org(world.province, 300_000_00)
    pairing, _sibling = _pairings(world)
    client = as_user(world.province_staff)
    url = f"/outreach/grants/new/?pairing={pairing.pk}"
    form = client.get(url)
    assert form.status_code == 200 and 'name="request_key"' in form.content.decode()
    data = {
        "from_org": world.province.name,
        "to_org": world.county.name,
        "amount": "¥50,000",
        "purpose": "阵地建设补助",
        "granted_on": "2022-04-01",
        "request_key": "page-key-1",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert OutreachGrant.objects.get().amount == 50_000_00
    bad = client.post(url, {**data, "amount": "12.345", "request_key": "page-key-2"})
    assert bad.status_code == 400 and OutreachGrant.objects.count() == 1


# ---- correcting a visit ---------------------------------------------------------------------


def _visit(world):
    return services.visit_create(
        actor=world.county_staff,
        union_id=world.county.pk,
        visitor="王强",
        visited_on=date(2022, 6, 1),
        enterprise_id=world.enterprise.pk,
        workers_met=20,
    )


def test_the_visiting_union_corrects_its_visit_and_it_is_audited(world, as_user):
    visit = _visit(world)
    client = as_user(world.county_staff)
    page = client.get(f"/outreach/visits/{visit.pk}/")
    assert f"/outreach/visits/{visit.pk}/edit/" in page.content.decode()
    r = client.post(
        f"/outreach/visits/{visit.pk}/edit/",
        {
            "visitor": "王强",
            "visited_on": "2022-06-02",
            "enterprise": "",
            "site": "南湖项目部",
            "workers_met": "25",
            "notes": "补记",
        },
    )
    assert r.status_code == 302, r.content.decode()
    visit.refresh_from_db()
    assert (visit.visited_on, visit.enterprise_id, visit.site, visit.workers_met) == (
        date(2022, 6, 2),
        None,
        "南湖项目部",
        25,
    )
    event = AuditEvent.objects.filter(action="visit_update").get()
    assert event.changes["workers_met"] == [20, 25]
    # the federation above may correct it too, through the API
    api = as_user(world.province_staff)
    r = _post(api, f"/api/v1/outreach/visits/{visit.pk}", {"notes": "省总核实"}, "patch")
    assert r.status_code == 200 and r.json()["notes"] == "省总核实"


def test_others_may_not_correct_a_visit(world, as_user):
    visit = _visit(world)
    for user in (world.sibling_staff, world.cadre, world.outsider):
        client = as_user(user)
        assert client.get(f"/outreach/visits/{visit.pk}/edit/").status_code in (302, 403, 404)
        r = _post(client, f"/api/v1/outreach/visits/{visit.pk}", {"notes": "改"}, "patch")
        assert r.status_code in (403, 404)
    # a reader who may not write sees no edit link
    page = as_user(world.auditor).get(f"/outreach/visits/{visit.pk}/").content.decode()
    assert "/edit/" not in page
    assert Visit.objects.get(pk=visit.pk).notes == ""


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"visitor": " "}, "visitor"),
        ({"visited_on": date(2099, 1, 1)}, "visited_on"),
        ({"enterprise_id": None, "site": ""}, "site"),
        ({"workers_met": -1}, "workers_met"),
        ({"union_id": 1}, "union_id"),
    ],
)
def test_bad_corrections_change_nothing(world, changes, field):
    visit = _visit(world)
    with pytest.raises(ServiceError) as err:
        services.visit_update(actor=world.county_staff, visit_id=visit.pk, **changes)
    assert field in err.value.fields
    now = Visit.objects.get(pk=visit.pk)
    assert (now.visitor, now.visited_on, now.enterprise_id, now.workers_met) == (
        "王强",
        date(2022, 6, 1),
        world.enterprise.pk,
        20,
    )
    assert not AuditEvent.objects.filter(action="visit_update").exists()


def test_the_edit_page_shows_a_bad_correction(world, as_user):
    visit = _visit(world)
    client = as_user(world.county_staff)
    r = client.post(
        f"/outreach/visits/{visit.pk}/edit/",
        {
            "visitor": "王强",
            "visited_on": "2022-06-02",
            "enterprise": "",
            "site": "",
            "workers_met": "25",
            "notes": "",
        },
    )
    assert r.status_code == 400 and "项目" in r.content.decode()
    assert Visit.objects.get(pk=visit.pk).workers_met == 20
