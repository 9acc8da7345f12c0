"""A hypothesis state machine over allocate, pay, replay and reverse.

After every step: each posting sums to zero, every balance equals its entries and is
not negative, the budget equals what is paid plus what is left, nobody holds two
payments in the campaign, and the database agrees with a plain model of the money.
Each example runs in a savepoint that is rolled back, on the shared test world.
"""

import itertools

from django.db import transaction
from django.db.models import Count
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from gonghui.campaigns import ledger, services
from gonghui.campaigns.models import Beneficiary, Disbursement, Posting
from gonghui.core.errors import ServiceError

from ..assistance.helpers import open_file
from ..factories import make_user
from .helpers import assert_ledger_sound, make_campaign

BUDGET = 10_000
ORGS = ["province", "city", "county", "township", "grassroots", "sibling", "sibling_grassroots"]
PEOPLE = {"甲": "grassroots", "乙": "grassroots", "丙": "township", "丁": "sibling_grassroots"}
_keys = itertools.count()


def test_ledger_state_machine(world):
    maker = make_user("sm_maker", "staff", world.province)
    checker = make_user("sm_checker", "staff", world.province)
    files = {
        name: open_file(world, getattr(world, union), name=name) for name, union in PEOPLE.items()
    }
    seen = {"allocated": 0, "refused": 0, "paid": 0, "replayed": 0, "conflict": 0, "reversed": 0}

    class LedgerMachine(RuleBasedStateMachine):
        paid = Bundle("paid")
        keys = Bundle("keys")

        def __init__(self):
            super().__init__()
            # Each run is rolled back; the savepoint is marked as the test's own, as
            # Django's TestCase marks its atomics, so the services' durable blocks run in it.
            self.atomic = transaction.atomic()
            self.atomic._from_testcase = True  # type: ignore[attr-defined]
            self.atomic.__enter__()
            self.campaign = make_campaign(world, budget=BUDGET, actor=maker)
            self.available = {name: 0 for name in ORGS}
            self.available["province"] = BUDGET
            self.holding: dict[str, int] = {}  # person -> disbursement id

        def teardown(self):
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

        def org(self, name):
            return getattr(world, name)

        @rule(
            frm=st.sampled_from(ORGS),
            to=st.sampled_from(ORGS),
            amount=st.integers(-100, BUDGET + 100),
        )
        def allocate(self, frm, to, amount):
            source, target = self.org(frm), self.org(to)
            expect = (
                target.path.startswith(source.path)
                and target != source
                and 0 < amount <= self.available[frm]
            )
            try:
                services.allocate(
                    actor=maker,
                    campaign_id=self.campaign.pk,
                    from_org_id=source.pk,
                    to_org_id=target.pk,
                    amount=amount,
                )
            except ServiceError:
                assert not expect, (frm, to, amount, self.available)
                seen["refused"] += 1
                return
            assert expect, (frm, to, amount, self.available)
            seen["allocated"] += 1
            self.available[frm] -= amount
            self.available[to] += amount

        @rule(
            target=paid,
            person=st.sampled_from(sorted(PEOPLE)),
            payer=st.sampled_from(ORGS),
            amount=st.integers(-5, 3000),
        )
        def pay(self, person, payer, amount):
            file = files[person]
            beneficiary = Beneficiary.objects.filter(
                campaign=self.campaign, person=file.person
            ).first()
            if beneficiary is None:
                payer_org = self.org(payer)
                if (
                    not file.union.path.startswith(payer_org.path)
                    or self.available[payer] == 0
                    and not self.received(payer)
                ):
                    return multiple()
                try:
                    beneficiary = services.beneficiary_add(
                        actor=maker,
                        campaign_id=self.campaign.pk,
                        payer_org_id=payer_org.pk,
                        file_id=file.pk,
                        amount=100,
                    )
                except ServiceError:
                    assert not self.received(payer)
                    return multiple()
            payer = next(n for n in ORGS if self.org(n).pk == beneficiary.payer_id)
            expect = person not in self.holding and 0 < amount <= self.available[payer]
            idem = f"machine-key-{next(_keys):06d}"
            try:
                disbursement, replayed = services.disbursement_propose(
                    actor=maker,
                    campaign_id=self.campaign.pk,
                    beneficiary_id=beneficiary.pk,
                    idempotency_key=idem,
                    amount=amount,
                )
                services.disbursement_approve(actor=checker, disbursement_id=disbursement.pk)
            except ServiceError:
                assert not expect, (person, payer, amount, self.available, self.holding)
                seen["refused"] += 1
                return multiple()  # nothing paid: replay and reverse draw only real payments
            assert expect and not replayed
            seen["paid"] += 1
            self.available[payer] -= amount
            self.holding[person] = disbursement.pk
            return (idem, beneficiary.pk, amount, disbursement.pk, person, payer)

        def received(self, name):
            return self.campaign.allocations.filter(to_org=self.org(name)).exists()

        @rule(record=paid, same=st.booleans())
        def replay(self, record, same):
            idem, beneficiary_id, amount, pk, _person, _payer = record
            before = (Posting.objects.count(), Disbursement.objects.count())
            try:
                again, replayed = services.disbursement_propose(
                    actor=maker,
                    campaign_id=self.campaign.pk,
                    beneficiary_id=beneficiary_id,
                    idempotency_key=idem,
                    amount=amount if same else amount + 1,
                )
            except ServiceError as exc:
                assert not same and exc.status == 409
                seen["conflict"] += 1
            else:
                assert same and replayed and again.pk == pk
                seen["replayed"] += 1
            assert (Posting.objects.count(), Disbursement.objects.count()) == before

        @rule(record=consumes(paid))
        def reverse(self, record):
            _idem, _b, amount, pk, person, payer = record
            services.disbursement_reverse(actor=checker, disbursement_id=pk, reason="退票")
            self.available[payer] += amount
            del self.holding[person]
            seen["reversed"] += 1

        @invariant()
        def ledger_is_sound(self):
            assert_ledger_sound()

        @invariant()
        def model_agrees(self):
            c = self.campaign.pk
            for name in ORGS:
                assert ledger.balance(self.org(name).pk, "available", c) == self.available[name]
            paid = sum(ledger.balance(self.org(n).pk, "paid", c) for n in ORGS)
            assert paid + sum(self.available.values()) == BUDGET

        @invariant()
        def paid_once(self):
            doubles = (
                Disbursement.objects.filter(campaign=self.campaign, status__in=["proposed", "paid"])
                .values("person")
                .annotate(n=Count("id"))
                .filter(n__gt=1)
            )
            assert not doubles.exists()

    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=40,
            stateful_step_count=25,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    # The machine did reach every kind of step, not only refusals.
    assert all(seen.values()), seen
