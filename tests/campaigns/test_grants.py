"""Union funds: dues in, and a batch grant to many lower unions in one call or command."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gonghui.campaigns import ledger, selectors, services
from gonghui.campaigns.models import Grant, GrantBatch
from gonghui.core.errors import ServiceError

from ..factories import OrgKind, make_org
from .helpers import assert_ledger_sound, money_state


@pytest.fixture
def counties(world):
    """56 county unions under the province, as in seed 004 §4 (two of them in the world)."""
    extra = [make_org(f"测试县{i}总工会", OrgKind.COUNTY, world.city, "210102") for i in range(54)]
    return [world.county, world.sibling, *extra]


def test_dues_then_ten_wan_to_each_of_56_counties_in_one_call(world, counties):
    services.funds_receive(
        actor=world.province_staff, org_id=world.province.pk, source="dues", amount=1000_0000_00
    )
    batch = services.grant_batch(
        actor=world.province_staff,
        from_org_id=world.province.pk,
        to_kind="county",
        amount_each=10_0000_00,
        memo="县级工会加强年工作经费补助",
    )
    assert batch.count == 56 and Grant.objects.count() == 56
    assert ledger.balance(world.province.pk, "available") == 1000_0000_00 - 560_0000_00
    assert ledger.balance(world.province.pk, "grants_out") == 560_0000_00
    assert all(ledger.balance(c.pk, "available") == 10_0000_00 for c in counties)
    assert selectors.org_funds(actor=world.county_staff, org_id=world.county.pk) == {
        "available": 10_0000_00,
        "dues": 0,
        "grants_in": 10_0000_00,
        "grants_out": 0,
    }
    assert_ledger_sound()
    # The county sees its own grant, not the sibling's.
    assert [g.to_org for g in selectors.grant_list(actor=world.county_staff)] == [world.county]


def test_not_enough_funds_makes_no_grant_at_all(world, counties):
    services.funds_receive(
        actor=world.province_staff, org_id=world.province.pk, source="grant", amount=559_9999_99
    )
    before = money_state()
    with pytest.raises(ServiceError) as exc:
        services.grant_batch(
            actor=world.province_staff,
            from_org_id=world.province.pk,
            to_kind="county",
            amount_each=10_0000_00,
            memo="补助",
        )
    assert exc.value.code == "insufficient" and "amount_each" in exc.value.fields
    assert "5,600,000.00" in exc.value.message  # says what the 56 grants need
    assert money_state() == before and not GrantBatch.objects.exists()


@pytest.mark.parametrize(
    "over,field",
    [
        ({"amount_each": -1}, "amount_each"),
        ({"amount_each": 0.5}, "amount_each"),
        ({"memo": ""}, "memo"),
        ({"memo": "补" * 201}, "memo"),  # refused, no longer cut short
        ({"to_kind": "village"}, "to_kind"),
        ({"to_kind": "", "to_org_ids": []}, "to_org_ids"),
        ({"to_kind": "", "to_org_ids": [10**9]}, "to_org_ids"),
        ({"limit": 0}, "limit"),
    ],
)
def test_bad_grant_input(world, over, field):
    services.funds_receive(
        actor=world.province_staff, org_id=world.province.pk, source="dues", amount=100
    )
    before = money_state()
    args = {
        "from_org_id": world.province.pk,
        "to_kind": "county",
        "amount_each": 1,
        "memo": "补助",
        **over,
    }
    with pytest.raises(ServiceError) as exc:
        services.grant_batch(actor=world.province_staff, **args)
    assert field in exc.value.fields
    assert money_state() == before


def test_grants_go_down_only_and_inside_the_granters_subtree(world):
    services.funds_receive(
        actor=world.county_staff, org_id=world.county.pk, source="dues", amount=1000
    )
    with pytest.raises(ServiceError) as exc:
        services.grant_batch(
            actor=world.county_staff,
            from_org_id=world.county.pk,
            to_org_ids=[world.sibling.pk],
            amount_each=1,
            memo="x",
        )
    assert exc.value.status == 404
    with pytest.raises(ServiceError) as exc:
        services.grant_batch(
            actor=world.county_staff,
            from_org_id=world.city.pk,
            to_kind="county",
            amount_each=1,
            memo="x",
        )
    assert exc.value.status == 404 and "from_org_id" in exc.value.fields


def test_the_command(world, counties, capsys):
    services.funds_receive(
        actor=world.province_staff, org_id=world.province.pk, source="dues", amount=1000_0000_00
    )
    call_command(
        "grant-batch",
        actor="province_staff",
        from_org=world.province.pk,
        to_kind="county",
        limit=56,
        amount="100000",
        memo="县级工会加强年工作经费补助",
    )
    assert "56 grants of 100,000.00 yuan, 5,600,000.00 yuan in all" in capsys.readouterr().out
    with pytest.raises(CommandError, match="amount_each"):
        call_command(
            "grant-batch",
            actor="province_staff",
            from_org=world.province.pk,
            to_kind="county",
            amount="100000.001",
            memo="x",
        )
    with pytest.raises(CommandError, match="amount_each"):
        call_command(
            "grant-batch",
            actor="province_staff",
            from_org=world.province.pk,
            to_kind="county",
            amount="100000000",
            memo="x",
        )
    assert GrantBatch.objects.count() == 1
