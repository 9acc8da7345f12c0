"""Many requests at once, on PostgreSQL: one person is paid once, a replayed key makes
one payment, and row locks keep every balance at or above zero.

Threads are released together by a barrier; each uses its own database connection and
closes it. SQLite takes one writer at a time, so there is nothing to race there.
"""

import threading

import pytest
from django.db import close_old_connections, connection

from gonghui.campaigns import ledger, services
from gonghui.campaigns.models import Disbursement, Posting
from gonghui.core.errors import ServiceError

from ..factories import make_user
from .helpers import assert_ledger_sound, funded_county, key, listed

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 16


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "concurrency is tested on PostgreSQL: SQLite serializes all writers, so "
            "there are no row locks or concurrent unique checks to race"
        )


def run_together(work, n=THREADS):
    """Call work(i) in n threads released at the same instant; return each outcome."""
    barrier = threading.Barrier(n)
    outcomes: list = [None] * n

    def runner(i):
        try:
            barrier.wait()
            outcomes[i] = ("ok", work(i))
        except ServiceError as exc:
            outcomes[i] = ("refused", exc.code, exc.status)
        except Exception as exc:  # a deadlock or a raw IntegrityError would land here
            outcomes[i] = ("error", repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    close_old_connections()
    return outcomes


@pytest.fixture
def scene(world):
    campaign = funded_county(world, budget=100_000_00, to_county=10_000_00)
    beneficiary = listed(world, campaign, amount=500_00)
    checkers = [make_user(f"checker{i}", "staff", world.county) for i in range(THREADS)]
    return world, campaign, beneficiary, checkers


def _propose(world, campaign, beneficiary, idem):
    disbursement, replayed = services.disbursement_propose(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        beneficiary_id=beneficiary.pk,
        idempotency_key=idem,
    )
    return disbursement.pk, replayed


def test_same_person_many_keys_one_payment(scene):
    world, campaign, beneficiary, _ = scene
    keys = [key() for _ in range(THREADS)]
    outcomes = run_together(lambda i: _propose(world, campaign, beneficiary, keys[i]))
    assert [o[0] for o in outcomes].count("ok") == 1, outcomes
    refused = [o for o in outcomes if o[0] == "refused"]
    assert len(refused) == THREADS - 1 and all(o[1:] == ("paid_once", 409) for o in refused)
    assert Disbursement.objects.count() == 1


def test_same_key_replayed_at_once_one_payment(scene):
    world, campaign, beneficiary, _ = scene
    idem = key()
    outcomes = run_together(lambda i: _propose(world, campaign, beneficiary, idem))
    assert all(o[0] == "ok" for o in outcomes), outcomes
    ids = {o[1][0] for o in outcomes}
    assert len(ids) == 1 and [o[1][1] for o in outcomes].count(False) == 1
    assert Disbursement.objects.count() == 1


def test_many_checkers_approve_at_once_money_moves_once(scene):
    world, campaign, beneficiary, checkers = scene
    pk, _ = _propose(world, campaign, beneficiary, key())
    outcomes = run_together(
        lambda i: services.disbursement_approve(actor=checkers[i], disbursement_id=pk).status
    )
    assert [o for o in outcomes if o[0] == "ok"] == [("ok", "paid")], outcomes
    assert all(o[1:] == ("decided", 409) for o in outcomes if o[0] != "ok"), outcomes
    assert Posting.objects.filter(kind="payment").count() == 1
    assert ledger.balance(world.county.pk, "paid", campaign.pk) == 500_00
    assert_ledger_sound()


def test_whole_payments_race_same_person_and_replayed_key(scene):
    """Propose and approve in one go: half the threads replay one key, half bring their own."""
    world, campaign, beneficiary, checkers = scene
    shared = key()
    own = [key() for _ in range(THREADS)]

    def pay(i):
        pk, _ = _propose(world, campaign, beneficiary, shared if i % 2 else own[i])
        return services.disbursement_approve(actor=checkers[i], disbursement_id=pk).pk

    outcomes = run_together(pay)
    assert not [o for o in outcomes if o[0] == "error"], outcomes
    assert len({o[1] for o in outcomes if o[0] == "ok"}) == 1
    assert Disbursement.objects.filter(status="paid").count() == 1
    assert Posting.objects.filter(kind="payment").count() == 1
    assert_ledger_sound()


def test_approvals_racing_for_the_last_money_never_overdraw(scene):
    world, campaign, _, checkers = scene
    people = [listed(world, campaign, name=f"工人{i}", amount=100_00) for i in range(THREADS)]
    proposals = [_propose(world, campaign, b, key())[0] for b in people]
    # The county sends most of what it has on down, leaving enough for five payments.
    left = ledger.balance(world.county.pk, "available", campaign.pk)
    services.allocate(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        from_org_id=world.county.pk,
        to_org_id=world.grassroots.pk,
        amount=left - 5 * 100_00,
    )
    outcomes = run_together(
        lambda i: (
            services.disbursement_approve(actor=checkers[i], disbursement_id=proposals[i]).status
        )
    )
    assert [o[0] for o in outcomes].count("ok") == 5, outcomes
    assert all(o[1:] == ("insufficient", 400) for o in outcomes if o[0] != "ok"), outcomes
    assert ledger.balance(world.county.pk, "available", campaign.pk) == 0
    assert_ledger_sound()
