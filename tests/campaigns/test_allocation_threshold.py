"""Campaign allocations above a threshold set per campaign need a second person, as
payments do (issue 11 item 5): the maker proposes, nothing moves; a different person of
the sending union approves and the money goes down; the to-do shows it to them."""

import pytest
from django.http import Http404

from gonghui.campaigns import selectors, services
from gonghui.campaigns.models import Allocation, AllocationProposal
from gonghui.core import todos
from gonghui.core.errors import ServiceError

from ..factories import make_user
from .helpers import assert_ledger_sound, make_campaign, money_state


@pytest.fixture
def campaign(world):
    c = make_campaign(world, budget=100_000_00)
    return services.campaign_set_threshold(
        actor=world.province_staff, campaign_id=c.pk, threshold=5_000_00
    )


def send(world, campaign, amount, actor=None):
    return services.allocate(
        actor=actor or world.province_staff,
        campaign_id=campaign.pk,
        from_org_id=world.province.pk,
        to_org_id=world.county.pk,
        amount=amount,
    )


def test_at_or_below_the_threshold_the_allocation_goes_out_at_once(world, campaign):
    assert isinstance(send(world, campaign, 5_000_00), Allocation)


def test_above_the_threshold_a_second_person_approves(world, campaign):
    before = money_state()
    proposal = send(world, campaign, 20_000_00)
    assert isinstance(proposal, AllocationProposal) and proposal.status == "proposed"
    assert money_state() == before  # nothing moved
    with pytest.raises(ServiceError) as exc:  # not the maker
        services.allocation_approve(actor=world.province_staff, proposal_id=proposal.pk)
    assert exc.value.code == "four_eyes"
    with pytest.raises(ServiceError) as exc:  # the county receives; it does not check
        services.allocation_approve(actor=world.county_staff, proposal_id=proposal.pk)
    assert exc.value.code == "not_sender"
    second = make_user("province_checker", "staff", world.province)
    assert {w.todo.key: w.count for w in todos.waiting_for(second)}["campaigns.allocations"] == 1
    assert "campaigns.allocations" not in {
        w.todo.key for w in todos.waiting_for(world.province_staff)
    }
    allocation = services.allocation_approve(actor=second, proposal_id=proposal.pk)
    proposal.refresh_from_db()
    assert proposal.status == "approved" and proposal.allocation == allocation
    assert allocation.amount == 20_000_00 and allocation.created_by == world.province_staff
    assert_ledger_sound()
    with pytest.raises(ServiceError) as exc:  # once
        services.allocation_approve(actor=second, proposal_id=proposal.pk)
    assert exc.value.code == "decided"
    assert not selectors.allocations_to_check(actor=second).exists()


def test_a_rejected_proposal_moves_nothing(world, campaign):
    before = money_state()
    proposal = send(world, campaign, 20_000_00)
    second = make_user("province_checker", "staff", world.province)
    with pytest.raises(ServiceError):
        services.allocation_reject(actor=second, proposal_id=proposal.pk, reason=" ")
    services.allocation_reject(actor=second, proposal_id=proposal.pk, reason="超出本年度计划")
    proposal.refresh_from_db()
    assert proposal.status == "rejected" and proposal.checker == second
    assert money_state() == before


def test_readers_and_outsiders_cannot_set_the_threshold(world, campaign):
    for actor in (world.city_leader, world.outsider, world.county_staff):
        with pytest.raises((ServiceError, Http404)):
            services.campaign_set_threshold(actor=actor, campaign_id=campaign.pk, threshold=1)
    campaign.refresh_from_db()
    assert campaign.allocation_threshold == 5_000_00


def test_pages_and_api(world, campaign, client):
    client.force_login(world.province_staff)
    response = client.post(
        f"/campaigns/{campaign.pk}/allocate/",
        {"from_org": world.province.pk, "to_org": world.county.pk, "amount": "20000"},
        follow=True,
    )
    assert "第二人" in response.content.decode()
    proposal = AllocationProposal.objects.get()
    response = client.post(
        f"/api/v1/campaigns/{campaign.pk}/allocations",
        {"from_org_id": world.province.pk, "to_org_id": world.county.pk, "amount": 30_000_00},
        content_type="application/json",
    )
    assert response.status_code == 202 and response.json()["status"] == "proposed"
    second = make_user("province_checker", "staff", world.province)
    client.force_login(second)
    page = client.get("/campaigns/waiting/").content.decode()
    assert f'data-id="{proposal.pk}"' in page
    client.post(f"/campaigns/proposals/{proposal.pk}/approve/")
    proposal.refresh_from_db()
    assert proposal.status == "approved"
    client.force_login(world.province_staff)
    response = client.post(f"/campaigns/{campaign.pk}/threshold/", {"threshold": ""})
    campaign.refresh_from_db()
    assert campaign.allocation_threshold is None
