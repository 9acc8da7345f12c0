"""Many requests at once, on PostgreSQL: a claim is paid once, and a double-tapped claim
is filed once (as tests/campaigns/test_concurrency.py does for payments)."""

import pytest
from django.db import connection

from gonghui.campaigns.models import Posting
from gonghui.welfare import services
from gonghui.welfare.models import Claim, ClaimStatus

from ..campaigns.helpers import assert_ledger_sound
from ..campaigns.test_concurrency import THREADS, run_together
from ..factories import make_user
from .helpers import bill, file_claim, key, last_week
from .test_insurance import _fund

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL: SQLite serializes all writers")


def test_many_payers_at_once_pay_a_claim_once(scene):
    w = scene
    _fund(w, 100_000_00)
    claim = services.claim_approve(actor=w.county_staff, claim_id=file_claim(w.member).pk)
    payers = [make_user(f"payer{i}", "staff", w.county) for i in range(THREADS)]
    outcomes = run_together(lambda i: services.claim_pay(actor=payers[i], claim_id=claim.pk).status)
    assert [o for o in outcomes if o[0] == "ok"] == [("ok", "paid")], outcomes
    assert all(o[1:] == ("claim_decided", 409) for o in outcomes if o[0] != "ok"), outcomes
    assert Posting.objects.filter(kind="welfare_claim").count() == 1
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.PAID
    assert_ledger_sound()


def test_a_claim_sent_many_times_at_once_is_filed_once(scene):
    w = scene
    idem, day = key(), last_week()

    def send(i):
        claim, replayed = services.claim_submit(
            actor=w.member,
            kind="hospital",
            incurred_on=day,
            bills=3_000_00,
            illness="骨折住院",
            idempotency_key=idem,
            documents=[bill()],
        )
        return claim.pk

    outcomes = run_together(send)
    assert all(o[0] == "ok" for o in outcomes), outcomes
    assert len({o[1] for o in outcomes}) == 1 and Claim.objects.count() == 1


def test_reviews_racing_for_the_cap_never_pay_more_than_it(scene):
    w = scene
    claims = [file_claim(w.member, bills=3_000_00).pk for _ in range(THREADS)]
    reviewers = [make_user(f"reviewer{i}", "staff", w.county) for i in range(THREADS)]
    run_together(lambda i: services.claim_approve(actor=reviewers[i], claim_id=claims[i]).payout)
    approved = Claim.objects.filter(status=ClaimStatus.APPROVED)
    assert sum(approved.values_list("payout", flat=True)) == 5_000_00  # the year's cap
