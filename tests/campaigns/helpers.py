"""Builders and ledger checks shared by the campaigns tests."""

import itertools
from datetime import date

from django.db.models import Sum

from gonghui.campaigns import services
from gonghui.campaigns.models import CREDIT_NORMAL, Account, Disbursement, Entry, Posting

from ..assistance.helpers import open_file

_keys = itertools.count(1)


def key() -> str:
    return f"test-key-{next(_keys):06d}"


def make_campaign(
    world, *, budget=10_000_00, owner=None, actor=None, kind="winter", name="2022年送温暖"
):
    owner = owner or world.province
    return services.campaign_create(
        actor=actor or world.province_staff,
        name=name,
        kind=kind,
        owner_id=owner.pk,
        starts_on=date(2022, 12, 1),
        ends_on=date(2023, 2, 28),
        budget=budget,
    )


def funded_county(world, *, budget=10_000_00, to_county=5_000_00):
    """A province campaign with part of its budget sent to the county (和平区)."""
    campaign = make_campaign(world, budget=budget)
    services.allocate(
        actor=world.province_staff,
        campaign_id=campaign.pk,
        from_org_id=world.province.pk,
        to_org_id=world.county.pk,
        amount=to_county,
    )
    return campaign


def listed(world, campaign, *, name="王强", union=None, payer=None, amount=500_00, **kw):
    """A needy worker under the county, listed for payment by the county."""
    file = open_file(world, union or world.grassroots, name=name, **kw)
    return services.beneficiary_add(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        payer_org_id=(payer or world.county).pk,
        file_id=file.pk,
        amount=amount,
    )


def pay(world, beneficiary, *, maker=None, checker=None, amount=None, idem=None):
    maker = maker or world.county_staff
    checker = checker or world.province_staff
    disbursement, _ = services.disbursement_propose(
        actor=maker,
        campaign_id=beneficiary.campaign_id,
        beneficiary_id=beneficiary.pk,
        idempotency_key=idem or key(),
        amount=amount,
    )
    return services.disbursement_approve(actor=checker, disbursement_id=disbursement.pk)


def assert_ledger_sound():
    """Every posting sums to zero; every balance equals its entries and is not negative."""
    unbalanced = (
        Entry.objects.values("posting")
        .annotate(s=Sum("amount"))
        .exclude(s=0)
        .values_list("posting", "s")
    )
    assert not list(unbalanced)
    assert (Entry.objects.aggregate(s=Sum("amount"))["s"] or 0) == 0
    for account in Account.objects.annotate(total=Sum("entries__amount")):
        sign = -1 if account.kind in CREDIT_NORMAL else 1
        assert account.balance == sign * (account.total or 0), account
        assert account.balance >= 0, account
    assert not Posting.objects.filter(entries__isnull=True).exists()


def money_state():
    """Everything a refused request must leave as it was."""
    return (
        tuple(Account.objects.order_by("pk").values_list("pk", "balance")),
        Posting.objects.count(),
        Entry.objects.count(),
        Disbursement.objects.count(),
        tuple(Disbursement.objects.order_by("pk").values_list("status", flat=True)),
    )


__all__ = ["open_file"]
