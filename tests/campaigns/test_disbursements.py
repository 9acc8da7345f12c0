"""Payments: maker and a different checker, idempotency keys, paid once per campaign,
reversals as new entries, bad input refused with nothing changed."""

import pytest
from django.db import IntegrityError, transaction

from gonghui.campaigns import ledger, services
from gonghui.campaigns.models import Disbursement, Entry, Posting, Reversal
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEvent

from ..factories import make_user
from .helpers import assert_ledger_sound, funded_county, key, listed, money_state, pay


@pytest.fixture
def setup(world):
    campaign = funded_county(world, budget=10_000_00, to_county=1_000_00)
    return campaign, listed(world, campaign, amount=500_00)


def test_maker_proposes_a_different_checker_pays(world, setup):
    campaign, beneficiary = setup
    disbursement, replayed = services.disbursement_propose(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        beneficiary_id=beneficiary.pk,
        idempotency_key=key(),
    )
    assert not replayed and disbursement.status == "proposed" and disbursement.tier == "deep"
    assert ledger.balance(world.county.pk, "paid", campaign.pk) == 0  # nothing moved yet
    before = money_state()
    with pytest.raises(ServiceError) as exc:
        services.disbursement_approve(actor=world.county_staff, disbursement_id=disbursement.pk)
    assert exc.value.code == "four_eyes" and "checker" in exc.value.fields
    assert money_state() == before
    checker = make_user("county_checker", "staff", world.county)
    paid = services.disbursement_approve(actor=checker, disbursement_id=disbursement.pk)
    assert paid.status == "paid" and paid.checker == checker
    assert ledger.balance(world.county.pk, "paid", campaign.pk) == 500_00
    assert ledger.balance(world.county.pk, "available", campaign.pk) == 500_00
    assert_ledger_sound()
    assert AuditEvent.objects.filter(action="payment_approved", target_id=str(paid.pk)).exists()


def test_the_database_refuses_maker_as_checker(world, setup):
    campaign, beneficiary = setup
    disbursement, _ = services.disbursement_propose(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        beneficiary_id=beneficiary.pk,
        idempotency_key=key(),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Disbursement.objects.filter(pk=disbursement.pk).update(checker=world.county_staff)


def test_idempotency_key_replays_or_conflicts(world, setup):
    campaign, beneficiary = setup
    k = key()
    first, replayed = services.disbursement_propose(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        beneficiary_id=beneficiary.pk,
        idempotency_key=k,
    )
    again, replayed = services.disbursement_propose(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        beneficiary_id=beneficiary.pk,
        idempotency_key=k,
    )
    assert replayed and again.pk == first.pk
    before = money_state()
    with pytest.raises(ServiceError) as exc:
        services.disbursement_propose(
            actor=world.county_staff,
            campaign_id=campaign.pk,
            beneficiary_id=beneficiary.pk,
            idempotency_key=k,
            amount=400_00,
        )
    assert exc.value.status == 409 and exc.value.code == "key_reused"
    assert "idempotency_key" in exc.value.fields
    assert money_state() == before


def test_one_person_is_paid_once_per_campaign(world, setup):
    campaign, beneficiary = setup
    pay(world, beneficiary)
    before = money_state()
    with pytest.raises(ServiceError) as exc:
        services.disbursement_propose(
            actor=world.county_staff,
            campaign_id=campaign.pk,
            beneficiary_id=beneficiary.pk,
            idempotency_key=key(),
        )
    assert exc.value.status == 409 and exc.value.code == "paid_once"
    assert money_state() == before
    # The constraint is the database's: a direct insert is refused as well.
    paid = Disbursement.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Disbursement.objects.create(
            campaign=campaign,
            beneficiary=beneficiary,
            person=beneficiary.person,
            union=beneficiary.union,
            payer=beneficiary.payer,
            amount=1,
            idempotency_key=key(),
            request_hash="x",
            maker=paid.maker,
        )


def test_reversal_is_a_new_posting_and_frees_the_place(world, setup):
    campaign, beneficiary = setup
    paid = pay(world, beneficiary)
    entries = list(Entry.objects.filter(posting=paid.posting).values_list("account", "amount"))
    with pytest.raises(ServiceError) as exc:
        services.disbursement_reverse(actor=world.county_staff, disbursement_id=paid.pk, reason=" ")
    assert "reason" in exc.value.fields
    reversal = services.disbursement_reverse(
        actor=world.county_staff, disbursement_id=paid.pk, reason="银行退票：账号已注销"
    )
    paid.refresh_from_db()
    assert paid.status == "reversed" and paid.amount == 500_00
    # The first posting is untouched; the reversal's legs are its mirror image.
    assert (
        list(Entry.objects.filter(posting=paid.posting).values_list("account", "amount")) == entries
    )
    mirrored = sorted((a, -x) for a, x in entries)
    assert (
        sorted(Entry.objects.filter(posting=reversal.posting).values_list("account", "amount"))
        == mirrored
    )
    assert ledger.balance(world.county.pk, "paid", campaign.pk) == 0
    with pytest.raises(ServiceError) as exc:
        services.disbursement_reverse(
            actor=world.county_staff, disbursement_id=paid.pk, reason="again"
        )
    assert exc.value.status == 409
    again = pay(world, beneficiary, amount=450_00)
    assert again.status == "paid" and Reversal.objects.count() == 1
    assert_ledger_sound()


def test_checker_rejects_and_the_person_can_be_proposed_again(world, setup):
    campaign, beneficiary = setup
    first, _ = services.disbursement_propose(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        beneficiary_id=beneficiary.pk,
        idempotency_key=key(),
    )
    services.disbursement_reject(
        actor=world.province_staff, disbursement_id=first.pk, reason="金额有误"
    )
    with pytest.raises(ServiceError):
        services.disbursement_approve(actor=world.province_staff, disbursement_id=first.pk)
    assert pay(world, beneficiary, amount=300_00).amount == 300_00
    assert Posting.objects.filter(kind="payment").count() == 1


@pytest.mark.parametrize(
    "amount,field",
    [
        (-100, "amount"),
        (0, "amount"),
        (100.5, "amount"),
        ("100", "amount"),
        (True, "amount"),
        (1_000_01, "amount"),  # more than the county has left
    ],
)
def test_bad_amounts_are_refused_and_change_nothing(world, setup, amount, field):
    campaign, beneficiary = setup
    before = money_state()
    with pytest.raises(ServiceError) as exc:
        services.disbursement_propose(
            actor=world.county_staff,
            campaign_id=campaign.pk,
            beneficiary_id=beneficiary.pk,
            idempotency_key=key(),
            amount=amount,
        )
    assert field in exc.value.fields
    assert money_state() == before


def test_proposals_count_against_what_is_left(world, setup):
    campaign, first = setup
    second = listed(world, campaign, name="第二人", amount=600_00)
    services.disbursement_propose(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        beneficiary_id=first.pk,
        idempotency_key=key(),
    )
    with pytest.raises(ServiceError) as exc:  # 500 proposed of 1000: 600 more does not fit
        services.disbursement_propose(
            actor=world.county_staff,
            campaign_id=campaign.pk,
            beneficiary_id=second.pk,
            idempotency_key=key(),
        )
    assert exc.value.code == "insufficient"


def test_a_county_pays_only_inside_its_county(world, setup):
    campaign, beneficiary = setup
    before = money_state()
    with pytest.raises(ServiceError) as exc:
        services.disbursement_propose(
            actor=world.sibling_staff,
            campaign_id=campaign.pk,
            beneficiary_id=beneficiary.pk,
            idempotency_key=key(),
        )
    assert exc.value.status == 404
    disbursement, _ = services.disbursement_propose(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        beneficiary_id=beneficiary.pk,
        idempotency_key=key(),
    )
    with pytest.raises(ServiceError) as exc:
        services.disbursement_approve(actor=world.sibling_staff, disbursement_id=disbursement.pk)
    assert exc.value.status == 404
    # The cadre sees the payment to its member but is not the payer.
    with pytest.raises(ServiceError) as exc:
        services.disbursement_approve(actor=world.cadre, disbursement_id=disbursement.pk)
    assert exc.value.code == "not_payer"
    assert money_state()[0] == before[0]


def test_closed_campaign_moves_no_money(world, setup):
    campaign, beneficiary = setup
    services.campaign_close(actor=world.province_staff, campaign_id=campaign.pk)
    with pytest.raises(ServiceError) as exc:
        pay(world, beneficiary)
    assert exc.value.code == "closed"


@pytest.mark.parametrize("reason", ["", "   ", "因" * 301])
def test_a_rejection_says_why_in_at_most_300_characters(world, setup, reason):
    campaign, beneficiary = setup
    proposed, _ = services.disbursement_propose(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        beneficiary_id=beneficiary.pk,
        idempotency_key=key(),
    )
    with pytest.raises(ServiceError) as exc:
        services.disbursement_reject(
            actor=world.province_staff, disbursement_id=proposed.pk, reason=reason
        )
    assert "reason" in exc.value.fields  # too long is refused, no longer cut short
    proposed.refresh_from_db()
    assert proposed.status == "proposed" and proposed.reject_reason == ""
