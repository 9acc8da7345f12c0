"""Money and people-helped figures equal independent SQL sums over hand-built records."""

from datetime import date

import pytest
from django.db import connection
from django.utils import timezone

from gonghui.campaigns import services
from gonghui.core.figures import REGISTRY, Period

from .helpers import funded_county, listed, pay

TODAY = timezone.localdate()
THIS_YEAR = Period(date(TODAY.year, 1, 1), date(TODAY.year, 12, 31))


def _sql(sql: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0] or 0


@pytest.fixture
def paid(world):
    campaign = funded_county(world, budget=10_000_00, to_county=3_000_00)
    services.allocate(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        from_org_id=world.county.pk,
        to_org_id=world.grassroots.pk,
        amount=500_00,
    )
    pay(world, listed(world, campaign, name="甲", amount=200_00, tier="deep"))
    pay(world, listed(world, campaign, name="乙", amount=300_00, tier="relative"))
    gone = pay(world, listed(world, campaign, name="丙", amount=100_00, tier="deep"))
    services.disbursement_reverse(actor=world.county_staff, disbursement_id=gone.pk, reason="退票")
    services.funds_receive(
        actor=world.province_staff, org_id=world.province.pk, source="dues", amount=1000_00
    )
    services.grant_batch(
        actor=world.province_staff,
        from_org_id=world.province.pk,
        to_kind="county",
        amount_each=100_00,
        memo="补助",
    )
    return world


# Sent down by the union itself: the county's 500 is part of the province's 3000.
SENT = """SELECT sum(a.amount) FROM campaigns_allocation a JOIN orgs_organization o
          ON o.id = a.from_org_id WHERE o.path = %s"""
HELPED = """SELECT count(*) FROM campaigns_disbursement d JOIN orgs_organization o
            ON o.id = d.union_id WHERE o.path LIKE %s AND d.status = 'paid'"""
PAID = HELPED.replace("count(*)", "sum(d.amount)")


@pytest.mark.parametrize("place", ["province", "city", "county", "grassroots", "sibling"])
def test_money_figures_match_sql(paid, place):
    path = getattr(paid, place).path
    like = path + "%"
    assert REGISTRY["campaigns.sent_down"].value(path, THIS_YEAR) == _sql(SENT, [path])
    assert REGISTRY["campaigns.helped"].value(path, THIS_YEAR) == _sql(HELPED, [like])
    assert REGISTRY["campaigns.paid"].value(path, THIS_YEAR) == _sql(PAID, [like])


def test_known_values(paid):
    path = paid.province.path
    values = {
        k: REGISTRY[k].value(path, THIS_YEAR)
        for k in [
            "campaigns.sent_down",
            "campaigns.helped",
            "campaigns.paid",
            "campaigns.helped.by_kind.winter",
            "campaigns.helped.by_kind.school",
            "campaigns.helped.by_tier.deep",
            "campaigns.helped.by_tier.relative",
            "funds.grants",
            "funds.grants.count",
        ]
    }
    assert values == {
        "campaigns.sent_down": 3_000_00,
        "campaigns.helped": 2,
        "campaigns.paid": 500_00,
        "campaigns.helped.by_kind.winter": 2,
        "campaigns.helped.by_kind.school": 0,
        "campaigns.helped.by_tier.deep": 1,
        "campaigns.helped.by_tier.relative": 1,
        "funds.grants": 200_00,
        "funds.grants.count": 2,
    }
    last_year = Period(date(TODAY.year - 1, 1, 1), date(TODAY.year - 1, 12, 31))
    assert REGISTRY["campaigns.helped"].value(path, last_year) == 0
