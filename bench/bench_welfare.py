"""A province's yearly mutual-insurance claim payout batch: --claims claims (default
100,000) of as many members, computed from the plan's rules by a reviewer
(services.claims_approve_batch) and posted on the ledger by a second person
(services.claims_pay_batch: ledger.post_many, one posting per claim, in chunks).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_welfare.py

Creates (and drops first) its own database `gonghui_bench_welfare` on that server; the
members, enrolments and claims are bulk-inserted. Goal (issue 19): computed and posted
in under 2 minutes.
"""

import argparse
import os
import time
from datetime import date

import psycopg

DB = "gonghui_bench_welfare"
SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
LIMIT_S = 120


def setup() -> None:
    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB}")
        conn.execute(f"CREATE DATABASE {DB}")
    os.environ["DATABASE_URL"] = SERVER.rsplit("/", 1)[0] + "/" + DB
    os.environ.setdefault("GONGHUI_DATA_DIR", "/tmp/gonghui-bench-welfare")
    os.environ["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100_000)
    args = parser.parse_args()
    setup()
    from django.db import transaction
    from django.utils import timezone

    from gonghui.accounts.models import Role, RoleKind, User
    from gonghui.campaigns import ledger
    from gonghui.campaigns.ledger import Leg, PostingSpec
    from gonghui.members.models import Person
    from gonghui.orgs.models import Organization, OrgKind
    from gonghui.welfare import services
    from gonghui.welfare.models import Claim, Enrolment

    n = args.claims
    province = Organization.objects.create(name="辽宁省总工会", kind=OrgKind.PROVINCIAL, path="/t/")
    province.path = f"/{province.pk}/"
    province.save(update_fields=["path"])
    reviewer = User.objects.create(username="reviewer")
    payer = User.objects.create(username="payer")
    for user in (reviewer, payer):
        Role.objects.create(user=user, kind=RoleKind.FEDERATION_STAFF, organization=province)
    plan = services.plan_create(
        actor=reviewer,
        owner_id=province.pk,
        year=2022,
        name="2022年辽宁省职工医疗互助保障",
        premium=60_00,
        covers=[
            {
                "kind": "hospital",
                "deductible": 800_00,
                "ratio_percent": 60,
                "cap_per_year": 30_000_00,
            },
            {"kind": "serious", "deductible": 0, "ratio_percent": 100, "cap_per_year": 50_000_00},
        ],
    )
    started = time.perf_counter()
    Person.objects.bulk_create(
        (
            Person(
                name=f"职工{i}",
                gender="MF"[i % 2],
                birth_date=date(1970 + i % 35, 1 + i % 12, 1 + i % 28),
                id_cipher="x",
                id_index=f"{i:064d}",
                id_last4=f"{i % 10000:04d}",
            )
            for i in range(n)
        ),
        batch_size=5000,
    )
    people = list(Person.objects.values_list("pk", flat=True))
    with transaction.atomic():
        premium = ledger.post(
            PostingSpec(
                "welfare_premium",
                province.pk,
                legs=[
                    Leg(province.pk, "welfare_fund", 60_00 * n + 10**13),
                    Leg(province.pk, "welfare_contrib", -(60_00 * n + 10**13)),
                ],
            ),
            actor=reviewer,
        )
    Enrolment.objects.bulk_create(
        (
            Enrolment(
                plan=plan,
                person_id=p,
                union=province,
                payer=province,
                premium=60_00,
                posting=premium,
                enrolled_by=reviewer,
                enrolled_on=date(2022, 1, 10),
            )
            for p in people
        ),
        batch_size=5000,
    )
    member = User.objects.create(username="member")
    now = timezone.now()
    Claim.objects.bulk_create(
        (
            Claim(
                enrolment_id=e,
                union=province,
                kind="hospital" if i % 5 else "serious",
                incurred_on=date(2022, 1 + i % 12, 1 + i % 28),
                bills=500_00 + (i * 7919) % 60_000_00,
                illness_cipher="x",
                idempotency_key=f"bench-{i}",
                request_hash="x",
                submitted_by=member,
                submitted_at=now,
            )
            for i, e in enumerate(Enrolment.objects.values_list("pk", flat=True).order_by("pk"))
        ),
        batch_size=5000,
    )
    print(f"{n:,} members, enrolments and claims inserted in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    approved = services.claims_approve_batch(actor=reviewer, plan_id=plan.pk)
    computed = time.perf_counter() - started
    started = time.perf_counter()
    paid = services.claims_pay_batch(actor=payer, plan_id=plan.pk)
    posted = time.perf_counter() - started
    total = Claim.objects.filter(status="paid").values_list("payout", flat=True)
    print(
        f"computed: {approved:,} claims approved, {n - approved:,} with nothing due, {computed:.1f} s"
    )
    print(f"posted:   {paid:,} claims paid ({sum(total) / 100:,.2f} yuan), {posted:.1f} s")
    verdict = "OK" if computed + posted < LIMIT_S else "TOO SLOW"
    print(f"batch: {computed + posted:.1f} s (limit {LIMIT_S} s) {verdict}")
    assert ledger.balance(province.pk, "welfare_claims_paid") == sum(total)


if __name__ == "__main__":
    main()
