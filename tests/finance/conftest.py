from datetime import date

import pytest

from gonghui.accounts.models import RoleKind
from gonghui.finance import services

from ..factories import EnterpriseFactory, make_user

YEAR = 2022


@pytest.fixture
def fin(world):
    """Two enterprises paying union funds to the county (one with its union, one without,
    collected by the tax authority), the province's rule for 2022 (5/15/20/0/60 % with
    the county keeping the rounding fen) and a second county staff member (the checker)."""
    w = world
    w.county_checker = make_user("county_checker", RoleKind.FEDERATION_STAFF, w.county)
    w.payer = services.set_payer(
        actor=w.county_staff,
        enterprise_id=w.enterprise.pk,
        collector_id=w.county.pk,
        method="direct",
        union_id=w.grassroots.pk,
        tech_sme=True,
    )
    w.small = EnterpriseFactory(name="沈阳和平小微科技有限公司", keeper=w.township)
    w.small_payer = services.set_payer(
        actor=w.county_staff, enterprise_id=w.small.pk, collector_id=w.county.pk, method="tax"
    )
    w.rule = services.set_share_rule(
        actor=w.province_staff,
        province_id=w.province.pk,
        year=YEAR,
        national=500,
        provincial=1500,
        city=2000,
        county=0,
        grassroots=6000,
        remainder_to="county",
    )
    return w


def pay(w, amount, day=date(YEAR, 3, 10), ref=None, payer=None):
    payer = payer or w.payer
    pay.n = getattr(pay, "n", 0) + 1
    return services.receive_payment(
        actor=w.county_staff,
        payer_id=payer.pk,
        amount=amount,
        paid_on=day,
        reference=ref or f"BANK{pay.n:06d}",
    )
