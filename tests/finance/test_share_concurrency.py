"""A month shared by several staff at once, on PostgreSQL: one run shares the payments,
the others wait for it and find nothing left; nobody gets an error and nothing is
shared twice (the province's rule row is the lock, share_month takes it first)."""

from datetime import date

import pytest
from django.db import connection
from django.db.models import Sum

from gonghui.campaigns.models import Entry
from gonghui.finance import services
from gonghui.finance.models import Share

from ..campaigns.test_concurrency import run_together
from .conftest import YEAR, pay

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes all writers: there is no concurrent sharing to race")


def test_a_month_shared_at_once_by_four_is_shared_once(fin):
    for day in (3, 3, 9, 17, 30):
        pay(fin, 100_000 + day, day=date(YEAR, 3, day))
    pay(fin, 999, day=date(YEAR, 3, 9), payer=fin.small_payer)
    # Two from the county, two from the province above it: every run takes the lock.
    runs = [
        (fin.county_staff, fin.county.pk),
        (fin.province_staff, fin.province.pk),
        (fin.county_checker, fin.county.pk),
        (fin.province_staff, fin.province.pk),
    ]

    def share(i):
        actor, org = runs[i]
        return services.share_month(actor=actor, org_id=org, year=YEAR, month=3)

    outcomes = run_together(share, n=len(runs))
    assert sorted(outcomes) == [("ok", 0), ("ok", 0), ("ok", 0), ("ok", 6)], outcomes
    assert Share.objects.count() == 6
    assert Share.objects.aggregate(n=Sum("amount"))["n"] == 100_000 * 5 + 3 + 3 + 9 + 17 + 30 + 999
    sums = Entry.objects.values("posting").annotate(n=Sum("amount")).values_list("n", flat=True)
    assert set(sums) == {0}
