"""The campaign pages: open, allocate, pick, propose, check, reconcile, funds; exports."""

from datetime import date

import pytest

from gonghui.campaigns import ledger
from gonghui.campaigns.models import Beneficiary, Campaign, Disbursement, GrantBatch

from ..factories import make_user
from .helpers import funded_county, listed, money_state, open_file


def _text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_open_a_campaign_on_the_page(world, as_user):
    client = as_user(world.province_staff)
    bad = client.post(
        "/campaigns/new/",
        {
            "name": "送清凉",
            "kind": "summer",
            "owner": world.province.pk,
            "starts_on": "2022-07-01",
            "ends_on": "2022-06-30",
            "budget": "100.001",
        },
    )
    assert bad.status_code == 400 and not Campaign.objects.exists()
    bad = client.post(
        "/campaigns/new/",
        {
            "name": "送清凉",
            "kind": "summer",
            "owner": world.province.pk,
            "starts_on": "2022-07-01",
            "ends_on": "2022-06-30",
            "budget": "100",
        },
    )
    assert bad.status_code == 400 and 'class="invalid"' in bad.content.decode()
    ok = client.post(
        "/campaigns/new/",
        {
            "name": "送清凉",
            "kind": "summer",
            "owner": world.province.pk,
            "starts_on": "2022-07-01",
            "ends_on": "2022-08-31",
            "budget": "12,000.50",
        },
    )
    campaign = Campaign.objects.get()
    assert ok["Location"] == f"/campaigns/{campaign.pk}/" and campaign.budget == 1200050


def test_allocate_pick_propose_check_on_the_pages(world, as_user):
    campaign = funded_county(world, budget=10_000_00, to_county=3_000_00)
    open_file(world, name="甲", tier="deep")
    open_file(world, name="乙", tier="relative")
    county = as_user(world.county_staff)
    page = county.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "3,000.00" in page and 'name="from_org"' in page
    county.post(
        f"/campaigns/{campaign.pk}/allocate/",
        {
            "from_org": world.county.pk,
            "to_org": world.township.pk,
            "amount": "5000",
        },
    )  # more than it has: refused
    assert ledger.balance(world.township.pk, "available", campaign.pk) == 0
    county.post(
        f"/campaigns/{campaign.pk}/pick/",
        {"payer": world.county.pk, "tiers": ["deep"], "amount": "800"},
    )
    assert [b.person.name for b in Beneficiary.objects.all()] == ["甲"]
    b = Beneficiary.objects.get()
    listing = county.get(f"/campaigns/{campaign.pk}/beneficiaries/").content.decode()
    assert f'value="{b.pk}"' in listing
    # A double click proposes once: the page's key is the same.
    county.post(f"/campaigns/{campaign.pk}/propose/", {"beneficiary": [b.pk]})
    county.post(f"/campaigns/{campaign.pk}/propose/", {"beneficiary": [b.pk]})
    assert Disbursement.objects.count() == 1
    d = Disbursement.objects.get()
    county.post(f"/campaigns/{campaign.pk}/payments/approve/", {"payment": [d.pk]})
    d.refresh_from_db()
    assert d.status == "proposed"  # the maker cannot check
    checker = as_user(make_user("checker", "staff", world.county))
    payments = checker.get(f"/campaigns/{campaign.pk}/payments/").content.decode()
    assert f'data-id="{d.pk}"' in payments and "approve" in payments
    checker.post(f"/campaigns/{campaign.pk}/payments/approve/", {"payment": [d.pk]})
    d.refresh_from_db()
    assert d.status == "paid"
    csv = _text(checker.get(f"/campaigns/{campaign.pk}/payments/?export=csv&status=paid"))
    assert "甲" in csv and "800.00" in csv
    assert "甲" in _text(checker.get(f"/campaigns/{campaign.pk}/beneficiaries/?export=csv"))


def test_reconcile_page_and_exports(world, as_user):
    campaign = funded_county(world, budget=10_000_00, to_county=3_000_00)
    from .helpers import pay

    pay(world, listed(world, campaign, amount=700_00))
    client = as_user(world.province_staff)
    page = client.get(f"/campaigns/{campaign.pk}/reconcile/").content.decode()
    assert "和平区总工会" in page and "700.00" in page and "2,300.00" in page
    records = client.get(
        f"/campaigns/{campaign.pk}/reconcile/?org={world.county.pk}&figure=paid"
    ).content.decode()
    assert "王强" in records
    csv = _text(client.get(f"/campaigns/{campaign.pk}/reconcile/?export=csv"))
    assert "和平区总工会" in csv and "700.00" in csv
    records_csv = _text(
        client.get(
            f"/campaigns/{campaign.pk}/reconcile/?org={world.county.pk}&figure=budget&export=csv"
        )
    )
    assert "3,000.00" in records_csv
    sibling = as_user(world.sibling_staff)
    assert sibling.get(f"/campaigns/{campaign.pk}/reconcile/").status_code == 404


def test_campaign_list_filters_and_exports(world, as_user):
    funded_county(world)
    client = as_user(world.county_staff)
    assert "2022年送温暖" in client.get("/campaigns/").content.decode()
    assert "2022年送温暖" not in client.get("/campaigns/?kind=summer").content.decode()
    assert "2022年送温暖" in _text(client.get("/campaigns/?export=csv&sort=name"))
    assert "2022年送温暖" not in as_user(world.sibling_staff).get("/campaigns/").content.decode()


def test_funds_page_receipt_and_grant(world, as_user):
    client = as_user(world.province_staff)
    assert client.get(f"/funds/?org={world.province.pk}").status_code == 200
    client.post(
        "/funds/receive/",
        {"org": world.province.pk, "source": "dues", "amount": "1000000"},
    )
    client.post(
        "/funds/grant/",
        {
            "org": world.province.pk,
            "to_kind": "county",
            "amount_each": "100000",
            "memo": "县级工会加强年",
        },
    )
    assert GrantBatch.objects.get().count == 2
    page = client.get(f"/funds/?org={world.province.pk}").content.decode()
    assert "800,000.00" in page
    csv = _text(client.get(f"/funds/?org={world.province.pk}&export=csv"))
    assert "200,000.00" in csv  # grants given
    account = world.province.ledger_accounts.get(kind="available")
    entries = client.get(f"/funds/accounts/{account.pk}/").content.decode()
    assert "+1,000,000.00" in entries and entries.count("-100,000.00") == 2
    assert as_user(world.county_staff).get(f"/funds/accounts/{account.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_pages_are_empty_or_404_outside_scope(world, as_user, persona):
    campaign = funded_county(world)
    client = as_user(getattr(world, persona))
    for url in [
        f"/campaigns/{campaign.pk}/",
        f"/campaigns/{campaign.pk}/payments/",
        f"/campaigns/{campaign.pk}/beneficiaries/",
    ]:
        assert client.get(url).status_code == 404, url
    assert "2022年送温暖" not in client.get("/campaigns/").content.decode()


def test_date_helpers_do_not_break_on_bad_input(world, as_user):
    client = as_user(world.province_staff)
    assert (
        client.post(
            "/campaigns/new/",
            {
                "name": "x",
                "kind": "winter",
                "owner": world.province.pk,
                "starts_on": "bad",
                "ends_on": str(date.today()),
                "budget": "1",
            },
        ).status_code
        == 400
    )


def test_funds_page_shows_each_campaigns_money_and_exports_it(world, as_user):
    from .helpers import pay

    campaign = funded_county(world, budget=10_000_00, to_county=3_000_00)
    pay(world, listed(world, campaign, amount=700_00))
    client = as_user(world.county_staff)
    page = client.get(f"/funds/?org={world.county.pk}").content.decode()
    assert (
        f'href="/campaigns/{campaign.pk}/reconcile/?org={world.county.pk}&amp;figure=paid"' in page
    )
    csv = _text(client.get(f"/funds/?org={world.county.pk}&export=campaigns&as=csv"))
    assert "2022年送温暖" in csv and "3,000.00" in csv and "700.00" in csv and "2,300.00" in csv


def test_each_form_of_the_campaign_page_posts_to_its_own_url(world, as_user):
    campaign = funded_county(world)
    page = as_user(world.province_staff).get(f"/campaigns/{campaign.pk}/").content.decode()
    for action in ("allocate", "pick", "add", "budget", "close"):
        assert f'action="/campaigns/{campaign.pk}/{action}/"' in page, action
        assert (
            as_user(world.province_staff).get(f"/campaigns/{campaign.pk}/{action}/").status_code
            == 405
        )
    before = money_state()
    sibling = as_user(world.sibling_staff)  # does not see the campaign: 404, nothing done
    for action, form in [
        ("allocate", {"from_org": world.county.pk, "to_org": world.township.pk, "amount": "1"}),
        ("pick", {"payer": world.county.pk, "amount": "1"}),
        ("add", {"payer": world.county.pk, "who": "KN0001", "amount": "1"}),
        ("budget", {"amount": "1"}),
        ("close", {}),
    ]:
        assert sibling.post(f"/campaigns/{campaign.pk}/{action}/", form).status_code == 404
    assert money_state() == before and Campaign.objects.get().status == "open"


def test_budget_and_close_on_the_campaign_page(world, as_user):
    campaign = funded_county(world, budget=10_000_00)
    client = as_user(world.province_staff)
    added = client.post(f"/campaigns/{campaign.pk}/budget/", {"amount": "100", "memo": "追加"})
    assert added["Location"] == f"/campaigns/{campaign.pk}/"
    campaign.refresh_from_db()
    assert campaign.budget == 10_000_00 + 100_00
    # The county received money but does not own the campaign: refused, with the reason.
    county = as_user(world.county_staff)
    refused = county.post(f"/campaigns/{campaign.pk}/close/", follow=True)
    assert 'class="msg error"' in refused.content.decode()
    assert Campaign.objects.get().status == "open"
    as_user(world.province_staff).post(f"/campaigns/{campaign.pk}/close/")
    assert Campaign.objects.get().status == "closed"


def test_payment_forms_return_to_the_page_as_it_was_filtered(world, as_user):
    campaign = funded_county(world, budget=10_000_00, to_county=3_000_00)
    first, second = listed(world, campaign, name="甲"), listed(world, campaign, name="乙")
    client = as_user(world.county_staff)
    client.post(f"/campaigns/{campaign.pk}/propose/", {"beneficiary": [first.pk, second.pk]})
    d1, d2 = Disbursement.objects.order_by("pk")
    page = client.get(f"/campaigns/{campaign.pk}/payments/?status=proposed").content.decode()
    assert f'action="/campaigns/{campaign.pk}/payments/reject/?status=proposed"' in page
    rejected = client.post(
        f"/campaigns/{campaign.pk}/payments/reject/?status=proposed",
        {"payment": [d1.pk], "reason": "金额有误"},
    )
    assert rejected["Location"] == f"/campaigns/{campaign.pk}/payments/?status=proposed"
    d1.refresh_from_db()
    assert d1.status == "rejected" and d1.reject_reason == "金额有误"
    checker = as_user(make_user("checker", "staff", world.county))
    checker.post(f"/campaigns/{campaign.pk}/payments/approve/", {"payment": [d2.pk]})
    paid = checker.post(
        f"/campaigns/{campaign.pk}/payments/reverse/", {"payment": [d2.pk], "reason": "银行退回"}
    )
    assert paid["Location"] == f"/campaigns/{campaign.pk}/payments/"
    d2.refresh_from_db()
    assert d2.status == "reversed"
    assert checker.get(f"/campaigns/{campaign.pk}/payments/approve/").status_code == 405
    # A stale form posting to the page itself does nothing.
    assert (
        checker.post(f"/campaigns/{campaign.pk}/payments/", {"payment": [d2.pk]}).status_code == 405
    )


def test_funds_forms_post_to_their_own_urls(world, as_user):
    client = as_user(world.province_staff)
    page = client.get(f"/funds/?org={world.province.pk}").content.decode()
    assert 'action="/funds/receive/"' in page and 'action="/funds/grant/"' in page
    assert client.get("/funds/receive/").status_code == 405
    refused = client.post(
        "/funds/grant/",
        {"org": world.province.pk, "to_kind": "county", "amount_each": "1", "memo": "补助"},
    )  # no funds yet: nothing granted, back to the organization's funds
    assert refused["Location"] == f"/funds/?org={world.province.pk}"
    assert not GrantBatch.objects.exists()
    county = as_user(world.county_staff)  # outside its subtree: refused, nothing recorded
    county.post("/funds/receive/", {"org": world.province.pk, "source": "dues", "amount": "1"})
    assert ledger.balance(world.province.pk, "available") == 0
