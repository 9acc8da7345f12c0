"""The ledger: legs sum to zero, no account below zero, balances equal their entries."""

import pytest
from django.db import IntegrityError, transaction

from gonghui.campaigns import ledger
from gonghui.campaigns.ledger import Leg, PostingSpec
from gonghui.campaigns.models import Account, Entry, Posting
from gonghui.core.errors import ServiceError
from gonghui.core.models import AppendOnlyError

from ..factories import OrgKind, make_org
from .helpers import assert_ledger_sound


def _receipt(org, amount, income_amount=None):
    return PostingSpec(
        "receipt",
        org.pk,
        legs=[Leg(org.pk, "available", amount), Leg(org.pk, "dues", -(income_amount or amount))],
    )


@transaction.atomic
def _post(spec, actor):
    return ledger.post(spec, actor=actor)


def test_balanced_posting_moves_the_balances(world):
    _post(_receipt(world.province, 1000), world.province_staff)
    assert ledger.balance(world.province.pk, "available") == 1000
    assert ledger.balance(world.province.pk, "dues") == 1000  # credit-normal, shown positive
    assert_ledger_sound()


@pytest.mark.parametrize(
    "legs",
    [
        [Leg(1, "available", 1000), Leg(1, "dues", -999)],
        [Leg(1, "available", 1000)],
        [],
        [Leg(1, "available", 0), Leg(1, "dues", 0)],
        [Leg(1, "available", 10.5), Leg(1, "dues", -10.5)],
    ],
)
def test_unbalanced_or_odd_legs_are_refused(world, legs):
    spec = PostingSpec(
        "receipt",
        world.province.pk,
        legs=[Leg(world.province.pk, leg.kind, leg.amount) for leg in legs],
    )
    with pytest.raises(ServiceError) as exc:
        _post(spec, world.province_staff)
    assert exc.value.code == "unbalanced"
    assert not Posting.objects.exists() and not Account.objects.exists()


def test_no_account_goes_below_zero(world):
    _post(_receipt(world.province, 1000), world.province_staff)
    spend = PostingSpec(
        "grant",
        world.province.pk,
        legs=[
            Leg(world.province.pk, "grants_out", 1001),
            Leg(world.province.pk, "available", -1001),
        ],
    )
    with pytest.raises(ledger.Insufficient) as exc:
        _post(spend, world.province_staff)
    assert exc.value.available == 1000 and exc.value.fields == {"amount": [str(exc.value)]}
    assert ledger.balance(world.province.pk, "available") == 1000
    assert Posting.objects.count() == 1
    # The database refuses it too, whatever code writes.
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.filter(organization=world.province, kind="available").update(balance=-1)


def test_postings_are_append_only(world):
    posting = _post(_receipt(world.province, 5), world.province_staff)
    with pytest.raises(AppendOnlyError):
        posting.save()
    with pytest.raises(AppendOnlyError):
        Entry.objects.filter(posting=posting).update(amount=6)
    with pytest.raises(AppendOnlyError):
        Entry.objects.filter(posting=posting).delete()


@pytest.mark.django_db(transaction=True)
def test_posting_outside_a_transaction_is_a_bug():
    org = make_org("测试省总工会", OrgKind.PROVINCIAL)
    with pytest.raises(RuntimeError):
        ledger.post(_receipt(org, 5), actor=None)
    assert not Posting.objects.exists()


def test_another_capability_posts_with_kinds_it_registered(world):
    """Finance, welfare … keep their money on this ledger under kinds of their own."""
    ledger.register_account_kind("test_premiums", "premiums received", credit_normal=True)
    ledger.register_account_kind("test_cover", "cover held")
    ledger.register_posting_kind("test_premium", "premium paid in")
    _post(
        PostingSpec(
            "test_premium",
            world.province.pk,
            legs=[
                Leg(world.province.pk, "test_cover", 500),
                Leg(world.province.pk, "test_premiums", -500),
            ],
        ),
        world.province_staff,
    )
    assert ledger.balance(world.province.pk, "test_cover") == 500
    assert ledger.balance(world.province.pk, "test_premiums") == 500  # credit-normal
    account = Account.objects.get(kind="test_premiums")
    assert account.get_kind_display() == "premiums received"
    assert_ledger_sound()


def test_an_unregistered_kind_is_a_bug_and_posts_nothing(world):
    spec = PostingSpec(
        "receipt",
        world.province.pk,
        legs=[Leg(world.province.pk, "available", 100), Leg(world.province.pk, "no_such", -100)],
    )
    with pytest.raises(ValueError, match="no_such"):
        _post(spec, world.province_staff)
    assert not Posting.objects.exists() and not Account.objects.exists()


def test_a_kind_cannot_be_registered_with_a_second_meaning():
    ledger.register_account_kind("test_twice", "first meaning")
    ledger.register_account_kind("test_twice", "first meaning")  # the same again is harmless
    with pytest.raises(ValueError):
        ledger.register_account_kind("test_twice", "second meaning")
    with pytest.raises(ValueError):
        ledger.register_account_kind("available", "something else")
    with pytest.raises(ValueError):
        ledger.register_account_kind("x" * 25, "too long")
