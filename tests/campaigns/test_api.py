"""The campaigns API: fen only, idempotent proposals, 409 on a reused key, four eyes,
reconciliation with the records behind each figure."""

import json

import pytest

from gonghui.campaigns.models import Disbursement
from gonghui.core.models import AuditEvent

from ..factories import make_user
from ..replay import check_once_per_key
from .helpers import funded_county, key, listed, money_state


def post(client, url, payload, language="zh-hans"):
    return client.post(
        url,
        data=json.dumps(payload),
        content_type="application/json",
        headers={"accept-language": language},
    )


@pytest.fixture
def scene(world):
    campaign = funded_county(world, budget=10_000_00, to_county=2_000_00)
    return campaign, listed(world, campaign, amount=500_00)


def test_create_campaign_and_allocate(world, as_user):
    client = as_user(world.province_staff)
    response = post(
        client,
        "/api/v1/campaigns",
        {
            "name": "2022年金秋助学",
            "kind": "school",
            "owner_id": world.province.pk,
            "starts_on": "2022-08-01",
            "ends_on": "2022-10-31",
            "budget": 100_000_00,
        },
    )
    assert response.status_code == 201, response.content
    campaign = response.json()
    alloc = post(
        client,
        f"/api/v1/campaigns/{campaign['id']}/allocations",
        {"from_org_id": world.province.pk, "to_org_id": world.city.pk, "amount": 60_000_00},
    )
    assert alloc.status_code == 201 and alloc.json()["to_org_name"] == "沈阳市总工会"
    over = post(
        client,
        f"/api/v1/campaigns/{campaign['id']}/allocations",
        {"from_org_id": world.province.pk, "to_org_id": world.city.pk, "amount": 40_000_01},
    )
    assert over.status_code == 400 and "amount" in over.json()["fields"]
    listed_ = client.get(f"/api/v1/allocations?campaign_id={campaign['id']}").json()
    assert listed_["count"] == 2  # the budget and the allocation
    # The services take no request: the audit has the client's address all the same.
    created = AuditEvent.objects.get(action="campaign_created")
    allocated = AuditEvent.objects.get(action="allocated")
    assert created.ip == allocated.ip == "127.0.0.1"
    assert created.org_path == world.province.path and allocated.org_path == world.city.path


@pytest.mark.parametrize(
    "amount,message",
    [
        (100.5, "Enter a whole number."),
        ("100", "Enter a whole number."),
        (-5, "Must be at least 1."),
        (0, "Must be at least 1."),
    ],
)
def test_fen_are_whole_and_positive(world, as_user, scene, amount, message):
    campaign, beneficiary = scene
    client = as_user(world.county_staff)
    before = money_state()
    response = post(
        client,
        f"/api/v1/campaigns/{campaign.pk}/disbursements",
        {"beneficiary_id": beneficiary.pk, "idempotency_key": key(), "amount": amount},
        language="en",
    )
    assert response.status_code == 422
    assert response.json()["fields"]["amount"] == [message]
    assert money_state() == before


def test_propose_replay_conflict_approve(world, as_user, scene):
    campaign, beneficiary = scene
    maker = as_user(world.county_staff)
    k = key()
    url = f"/api/v1/campaigns/{campaign.pk}/disbursements"
    first = post(maker, url, {"beneficiary_id": beneficiary.pk, "idempotency_key": k})
    assert first.status_code == 201 and "Idempotent-Replayed" not in first
    again = post(maker, url, {"beneficiary_id": beneficiary.pk, "idempotency_key": k})
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    clash = post(maker, url, {"beneficiary_id": beneficiary.pk, "idempotency_key": k, "amount": 1})
    assert clash.status_code == 409 and clash.json()["code"] == "key_reused"
    twice = post(maker, url, {"beneficiary_id": beneficiary.pk, "idempotency_key": key()})
    assert twice.status_code == 409 and twice.json()["code"] == "paid_once"
    pk = first.json()["id"]
    same = maker.post(f"/api/v1/disbursements/{pk}/approve")
    assert same.status_code == 400 and "checker" in same.json()["fields"]
    checker = as_user(make_user("checker", "staff", world.county))
    paid = checker.post(f"/api/v1/disbursements/{pk}/approve")
    assert paid.status_code == 200 and paid.json()["status"] == "paid"
    assert checker.post(f"/api/v1/disbursements/{pk}/approve").status_code == 409
    reversed_ = post(checker, f"/api/v1/disbursements/{pk}/reverse", {"reason": "退票"})
    assert reversed_.json()["status"] == "reversed"
    assert Disbursement.objects.count() == 1


def test_a_repeated_proposal_answers_the_first_and_writes_nothing(world, as_user, scene):
    campaign, beneficiary = scene
    maker = as_user(world.county_staff)
    url = f"/api/v1/campaigns/{campaign.pk}/disbursements"
    body = {"beneficiary_id": beneficiary.pk, "idempotency_key": key()}
    check_once_per_key(
        lambda payload: post(maker, url, payload),
        body,
        {**body, "amount": 1},
        rows=lambda: (Disbursement.objects.count(), AuditEvent.objects.count(), money_state()),
        refused_code="key_reused",
    )


def test_sibling_county_sees_and_pays_nothing(world, as_user, scene):
    campaign, beneficiary = scene
    sibling = as_user(world.sibling_staff)
    assert sibling.get(f"/api/v1/campaigns/{campaign.pk}").status_code == 404
    response = post(
        sibling,
        f"/api/v1/campaigns/{campaign.pk}/disbursements",
        {"beneficiary_id": beneficiary.pk, "idempotency_key": key()},
    )
    assert response.status_code == 404
    assert sibling.get(f"/api/v1/campaigns/{campaign.pk}/beneficiaries").status_code == 404
    assert sibling.get("/api/v1/disbursements").json()["count"] == 0


def test_reconciliation_and_the_records_behind_it(world, as_user, scene):
    campaign, beneficiary = scene
    county = as_user(world.county_staff)
    post(
        county,
        f"/api/v1/campaigns/{campaign.pk}/allocations",
        {"from_org_id": world.county.pk, "to_org_id": world.grassroots.pk, "amount": 300_00},
    )
    pk = post(
        county,
        f"/api/v1/campaigns/{campaign.pk}/disbursements",
        {"beneficiary_id": beneficiary.pk, "idempotency_key": key()},
    ).json()["id"]
    as_user(world.province_staff).post(f"/api/v1/disbursements/{pk}/approve")

    body = (
        as_user(world.province_staff).get(f"/api/v1/campaigns/{campaign.pk}/reconciliation").json()
    )
    rows = {r["org_name"]: r for r in body["rows"]}
    assert rows["辽宁省总工会"] == {
        **rows["辽宁省总工会"],
        "budget": 10_000_00,
        "allocated": 2_000_00,
        "paid": 0,
        "left": 8_000_00,
    }
    assert rows["和平区总工会"] == {
        **rows["和平区总工会"],
        "budget": 2_000_00,
        "allocated": 300_00,
        "paid": 500_00,
        "left": 1_200_00,
    }
    assert all(r["balanced"] for r in body["rows"])
    assert body["total"]["budget"] == 10_000_00
    assert body["total"]["paid"] + body["total"]["left"] == 10_000_00

    # The county sees its own part and below, not the province's row.
    county = as_user(world.county_staff)  # one test client: log back in as the county
    mine = county.get(f"/api/v1/campaigns/{campaign.pk}/reconciliation").json()
    assert [r["org_name"] for r in mine["rows"]] == [
        "和平区总工会",
        "沈阳华晨机械有限公司工会委员会",
    ]
    # Each figure lists its records, and they add up to it.
    base = f"/api/v1/campaigns/{campaign.pk}/reconciliation/records?org_id={world.county.pk}"
    for figure, value in [("budget", 2_000_00), ("allocated", 300_00), ("paid", 500_00)]:
        items = county.get(f"{base}&figure={figure}").json()["items"]
        assert sum(i["amount"] for i in items) == value, figure
    left = county.get(f"{base}&figure=left").json()["items"]
    assert sum(i["amount"] for i in left) == 1_200_00  # debits in, credits out
    assert (
        county.get(
            f"/api/v1/campaigns/{campaign.pk}/reconciliation/records?"
            f"org_id={world.province.pk}&figure=paid"
        ).status_code
        == 404
    )


def test_funds_api(world, as_user):
    client = as_user(world.province_staff)
    assert (
        post(
            client,
            "/api/v1/funds/receipts",
            {"org_id": world.province.pk, "source": "dues", "amount": 1_000_00},
        ).status_code
        == 201
    )
    batch = post(
        client,
        "/api/v1/funds/grants",
        {
            "from_org_id": world.province.pk,
            "to_kind": "county",
            "amount_each": 100_00,
            "memo": "县级工会补助",
        },
    )
    assert batch.status_code == 201 and batch.json()["count"] == 2
    assert client.get(f"/api/v1/funds/{world.province.pk}").json()["available"] == 800_00
    accounts = client.get(f"/api/v1/funds/accounts?org_id={world.county.pk}").json()["items"]
    grant_in = next(a for a in accounts if a["kind"] == "grants_in")
    entries = client.get(f"/api/v1/funds/accounts/{grant_in['id']}/entries").json()["items"]
    assert [e["amount"] for e in entries] == [-100_00]
    assert (
        as_user(world.sibling_staff)
        .get(f"/api/v1/funds/accounts/{grant_in['id']}/entries")
        .status_code
        == 404
    )


def test_reconciliation_per_organization(world, as_user, scene):
    campaign, beneficiary = scene
    from .helpers import make_campaign, pay

    pay(world, beneficiary)
    other = make_campaign(world, budget=50_00, name="2022年送清凉", kind="summer")
    county = as_user(world.county_staff)
    rows = county.get(f"/api/v1/funds/{world.county.pk}/campaigns").json()
    assert [
        (r["campaign_name"], r["budget"], r["paid"], r["left"], r["balanced"]) for r in rows
    ] == [("2022年送温暖", 2_000_00, 500_00, 1_500_00, True)]
    province = (
        as_user(world.province_staff).get(f"/api/v1/funds/{world.province.pk}/campaigns").json()
    )
    assert {r["campaign_id"] for r in province} == {campaign.pk, other.pk}
    assert (
        as_user(world.sibling_staff).get(f"/api/v1/funds/{world.county.pk}/campaigns").status_code
        == 404
    )
