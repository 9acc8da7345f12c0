"""Campaigns, budgets sent down the tree, and beneficiaries picked by rule or by hand."""

from datetime import date

import pytest

from gonghui.campaigns import ledger, selectors, services
from gonghui.campaigns.models import Allocation, Beneficiary, Campaign
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEvent

from ..factories import make_member, make_user
from .helpers import assert_ledger_sound, funded_county, make_campaign, money_state, open_file


def test_campaign_budget_is_posted_and_recorded(world):
    campaign = make_campaign(world, budget=2523_63 * 100)
    assert campaign.budget == 252363_00
    assert ledger.balance(world.province.pk, "available", campaign.pk) == 252363_00
    assert ledger.balance(world.province.pk, "budget", campaign.pk) == 252363_00
    budget = Allocation.objects.get(campaign=campaign)
    assert budget.from_org is None and budget.to_org == world.province
    services.campaign_add_budget(actor=world.province_staff, campaign_id=campaign.pk, amount=100)
    campaign.refresh_from_db()
    assert campaign.budget == 252363_00 + 100
    assert_ledger_sound()


@pytest.mark.parametrize(
    "over,field",
    [
        ({"budget": -1}, "budget"),
        ({"budget": 0}, "budget"),
        ({"budget": 12.5}, "budget"),
        ({"ends_on": date(2022, 11, 30)}, "ends_on"),
        ({"name": ""}, "name"),
        ({"name": "长" * 101}, "name"),
        ({"kind": "spring"}, "kind"),
        ({"description": "长" * 501}, "description"),  # refused, no longer cut short
    ],
)
def test_bad_campaign_input(world, over, field):
    args = {
        "actor": world.province_staff,
        "name": "送温暖",
        "kind": "winter",
        "owner_id": world.province.pk,
        "starts_on": date(2022, 12, 1),
        "ends_on": date(2023, 2, 28),
        "budget": 100,
        **over,
    }
    with pytest.raises(ServiceError) as exc:
        services.campaign_create(**args)
    assert field in exc.value.fields
    assert not Campaign.objects.exists() and money_state()[1] == 0


def test_only_a_federation_in_scope_runs_a_campaign(world):
    with pytest.raises(ServiceError) as exc:
        make_campaign(world, owner=world.grassroots, actor=world.cadre)
    assert "owner_id" in exc.value.fields
    with pytest.raises(ServiceError) as exc:
        make_campaign(world, owner=world.county, actor=world.sibling_staff)
    assert exc.value.status == 404


def test_allocations_go_down_and_never_beyond_what_was_received(world):
    campaign = funded_county(world, budget=1000_00, to_county=600_00)
    # The county sends part on; it cannot send more than it has left.
    services.allocate(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        from_org_id=world.county.pk,
        to_org_id=world.grassroots.pk,
        amount=400_00,
    )
    before = money_state()
    with pytest.raises(ServiceError) as exc:
        services.allocate(
            actor=world.county_staff,
            campaign_id=campaign.pk,
            from_org_id=world.county.pk,
            to_org_id=world.township.pk,
            amount=200_01,
        )
    assert exc.value.code == "insufficient" and "amount" in exc.value.fields
    assert "200.00" in exc.value.message  # what it has left, in yuan
    assert money_state() == before
    services.allocate(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        from_org_id=world.county.pk,
        to_org_id=world.township.pk,
        amount=200_00,
    )
    # The province still has 400 of its 1000.
    assert ledger.balance(world.province.pk, "available", campaign.pk) == 400_00
    assert_ledger_sound()


def test_allocation_goes_down_only_and_within_scope(world):
    campaign = funded_county(world)
    with pytest.raises(ServiceError) as exc:  # sideways, to the sibling county
        services.allocate(
            actor=world.county_staff,
            campaign_id=campaign.pk,
            from_org_id=world.county.pk,
            to_org_id=world.sibling.pk,
            amount=1,
        )
    assert "to_org_id" in exc.value.fields
    with pytest.raises(ServiceError) as exc:  # up
        services.allocate(
            actor=world.county_staff,
            campaign_id=campaign.pk,
            from_org_id=world.county.pk,
            to_org_id=world.city.pk,
            amount=1,
        )
    assert "to_org_id" in exc.value.fields
    with pytest.raises(ServiceError) as exc:  # from someone else's money
        services.allocate(
            actor=world.county_staff,
            campaign_id=campaign.pk,
            from_org_id=world.province.pk,
            to_org_id=world.county.pk,
            amount=1,
        )
    assert exc.value.status == 404 and "from_org_id" in exc.value.fields
    with pytest.raises(ServiceError) as exc:  # the sibling county does not see the campaign
        services.allocate(
            actor=world.sibling_staff,
            campaign_id=campaign.pk,
            from_org_id=world.sibling.pk,
            to_org_id=world.sibling_grassroots.pk,
            amount=1,
        )
    assert exc.value.status == 404 and "campaign_id" in exc.value.fields


def test_who_sees_a_campaign(world):
    campaign = funded_county(world)
    assert list(selectors.campaign_list(actor=world.county_staff)) == [campaign]
    assert list(selectors.campaign_list(actor=world.cadre)) == []  # nothing reached it yet
    assert list(selectors.campaign_list(actor=world.sibling_staff)) == []
    assert list(selectors.campaign_list(actor=world.outsider)) == []
    assert list(selectors.campaign_list(actor=world.city_leader)) == [campaign]


def test_pick_beneficiaries_by_rule(world):
    campaign = funded_county(world)
    deep_ill = open_file(world, name="甲", tier="deep", causes=("illness",))
    open_file(world, name="乙", tier="relative", causes=("school",))
    deep_school = open_file(world, name="丙", tier="deep", causes=("school", "accident"))
    open_file(world, world.sibling_grassroots, name="丁", tier="deep")  # another county
    listed, skipped = services.beneficiaries_pick(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        payer_org_id=world.county.pk,
        amount=800_00,
        tiers=["deep"],
    )
    assert (listed, skipped) == (2, 0)
    assert {b.file for b in Beneficiary.objects.all()} == {deep_ill, deep_school}
    listed, skipped = services.beneficiaries_pick(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        payer_org_id=world.county.pk,
        amount=500_00,
        causes=["school"],
    )
    assert (listed, skipped) == (1, 1)
    event = AuditEvent.objects.filter(action="beneficiaries_picked").first()
    assert event.changes["causes"] == ["school"] and event.changes["listed"] == 1


def test_pick_by_region_inside_the_subtree(world):
    campaign = make_campaign(world)
    services.allocate(
        actor=world.province_staff,
        campaign_id=campaign.pk,
        from_org_id=world.province.pk,
        to_org_id=world.city.pk,
        amount=5000_00,
    )
    city_staff = make_user("city_staff", "staff", world.city)
    here = open_file(world, name="和平", tier="deep")
    open_file(world, world.sibling_grassroots, name="沈河", tier="deep")
    listed, _ = services.beneficiaries_pick(
        actor=city_staff,
        campaign_id=campaign.pk,
        payer_org_id=world.city.pk,
        amount=100,
        under_org_id=world.county.pk,
    )
    assert listed == 1 and Beneficiary.objects.get().file == here


def test_add_by_hand_and_list_once(world):
    campaign = funded_county(world)
    member = make_member(world.grassroots, "户外劳动者")
    services.beneficiary_add(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        payer_org_id=world.county.pk,
        membership_id=member.pk,
        amount=200_00,
    )
    with pytest.raises(ServiceError) as exc:
        services.beneficiary_add(
            actor=world.county_staff,
            campaign_id=campaign.pk,
            payer_org_id=world.county.pk,
            membership_id=member.pk,
            amount=200_00,
        )
    assert exc.value.status == 409 and exc.value.code == "listed"
    # The sibling county's worker is not the county's to list.
    other = make_member(world.sibling_grassroots, "别人")
    with pytest.raises(ServiceError) as exc:
        services.beneficiary_add(
            actor=world.county_staff,
            campaign_id=campaign.pk,
            payer_org_id=world.county.pk,
            membership_id=other.pk,
            amount=200_00,
        )
    assert exc.value.status == 404
    # A union that received nothing pays nothing.
    with pytest.raises(ServiceError) as exc:
        services.beneficiary_add(
            actor=world.cadre,
            campaign_id=campaign.pk,
            payer_org_id=world.grassroots.pk,
            membership_id=member.pk,
            amount=1,
        )
    assert exc.value.status == 404 or exc.value.code == "no_money"
