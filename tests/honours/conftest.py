from datetime import date

import pytest

from gonghui.accounts.models import RoleKind
from gonghui.honours import services

from ..factories import make_user


@pytest.fixture
def honours(world):
    """A provincial scheme open today, places for the city, a second province staff member
    (the checker) and a city reviewer."""
    w = world
    w.province_checker = make_user("province_checker", RoleKind.FEDERATION_STAFF, w.province)
    w.city_staff = make_user("city_staff", RoleKind.FEDERATION_STAFF, w.city)
    today = date.today()
    w.scheme = services.scheme_create(
        actor=w.province_staff,
        owner_id=w.province.pk,
        kind="model_worker",
        level="provincial",
        title=f"{today.year}年辽宁省劳动模范和先进工作者评选",
        year=today.year,
        opens_on=date(today.year, 1, 1),
        closes_on=date(today.year, 12, 31),
        notice_days=5,
        managers_max_percent=50,
    )
    w.quota = services.quota_set(
        actor=w.province_staff,
        scheme_id=w.scheme.pk,
        union_id=w.city.pk,
        people=2,
        collectives=1,
    )
    return w
