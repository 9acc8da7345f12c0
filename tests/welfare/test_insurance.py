"""Mutual medical insurance: plans, enrolment with premiums on the ledger (free cover for
gig workers paid by the federation), a member's claim with sealed documents, a payout
computed from the rules, paid once by someone other than the reviewer."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from gonghui.campaigns import ledger
from gonghui.campaigns.models import Posting
from gonghui.core import cleaning, crypto
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEvent, SensitiveRead
from gonghui.members.models import Person
from gonghui.welfare import services
from gonghui.welfare.models import Claim, ClaimDocument, ClaimStatus, Enrolment, Plan

from ..factories import make_member, make_user
from .helpers import COVERS, bill, file_claim, key, make_plan


def test_enrolment_puts_premiums_on_the_ledger_and_the_federation_pays_for_gig_workers(scene):
    w = scene
    enrolments = Enrolment.objects.filter(plan=w.plan)
    assert enrolments.count() == 2
    rider = enrolments.get(person__name="李骑手")
    assert rider.free and rider.payer == w.county
    assert not enrolments.get(person__user=w.member).free
    assert ledger.balance(w.county.pk, "welfare_fund") == 2 * 60_00
    assert ledger.balance(w.grassroots.pk, "welfare_contrib") == 60_00
    assert ledger.balance(w.county.pk, "welfare_contrib") == 60_00
    assert Posting.objects.filter(kind="welfare_premium").count() == 2


def test_enrolling_again_adds_only_new_members(scene):
    w = scene
    with pytest.raises(ServiceError, match="均已参加"):
        services.enrol_union(actor=w.cadre, plan_id=w.plan.pk, union_id=w.grassroots.pk)
    make_member(w.grassroots, "赵大爷")
    counts = services.enrol_union(actor=w.cadre, plan_id=w.plan.pk, union_id=w.grassroots.pk)
    assert counts == {"enrolled": 1, "free": 0}


def test_people_born_1950_and_2000_are_enrolled(world):
    plan = make_plan(world)
    for name, born in (("老工人", date(1950, 1, 1)), ("新工人", date(2000, 12, 31))):
        make_member(world.grassroots, name)
        Person.objects.filter(name=name).update(birth_date=born)
    services.enrol_union(actor=world.cadre, plan_id=plan.pk, union_id=world.grassroots.pk)
    assert set(Enrolment.objects.values_list("person__birth_date", flat=True)) == {
        date(1950, 1, 1),
        date(2000, 12, 31),
    }


def test_a_union_outside_the_plan_cannot_enrol(world):
    plan = make_plan(world)
    make_member(world.sibling_grassroots, "陈某")
    with pytest.raises(ServiceError) as err:
        services.enrol_union(actor=world.sibling_staff, plan_id=plan.pk, union_id=world.sibling.pk)
    assert err.value.code in ("not_found", "not_below_owner")
    assert not Enrolment.objects.exists()


def test_claim_reviewed_and_paid_once(scene):
    w = scene
    claim = file_claim(w.member, bills=10_000_00)
    assert claim.status == ClaimStatus.SUBMITTED and claim.documents.count() == 1
    claim = services.claim_approve(actor=w.county_staff, claim_id=claim.pk)
    # (10,000 − 1,000) × 60 % = 5,400, capped at 5,000 a year
    assert claim.payout == 5_000_00
    with pytest.raises(ServiceError) as err:
        services.claim_pay(actor=w.county_staff, claim_id=claim.pk)
    assert err.value.code == "four_eyes"
    # The fund holds only the premiums: the federation puts money in first.
    with pytest.raises(ServiceError) as err:
        services.claim_pay(actor=w.payer, claim_id=claim.pk)
    assert err.value.code == "insufficient"
    _fund(w, 10_000_00)
    claim = services.claim_pay(actor=w.payer, claim_id=claim.pk)
    assert claim.status == ClaimStatus.PAID and claim.posting_id
    with pytest.raises(ServiceError) as err:
        services.claim_pay(actor=w.payer, claim_id=claim.pk)
    assert err.value.code == "claim_decided" and err.value.status == 409
    assert ledger.balance(w.county.pk, "welfare_claims_paid") == 5_000_00
    assert Posting.objects.filter(kind="welfare_claim").count() == 1


def _fund(w, amount):
    """The federation tops the fund up (a premium posting of its own)."""
    from django.db import transaction

    from gonghui.campaigns.ledger import Leg, PostingSpec

    with transaction.atomic():
        ledger.post(
            PostingSpec(
                "welfare_premium",
                w.county.pk,
                legs=[
                    Leg(w.county.pk, "welfare_fund", amount),
                    Leg(w.county.pk, "welfare_contrib", -amount),
                ],
            ),
            actor=w.county_staff,
        )


def test_the_cap_counts_earlier_claims_of_the_year(scene):
    w = scene
    first = services.claim_approve(
        actor=w.county_staff, claim_id=file_claim(w.member, bills=5_000_00).pk
    )
    assert first.payout == 2_400_00  # (5,000 − 1,000) × 60 %
    second = services.claim_approve(
        actor=w.county_staff, claim_id=file_claim(w.member, bills=9_000_00).pk
    )
    assert second.payout == 2_600_00  # 4,800 due, 2,600 left of the cap
    third = file_claim(w.member, bills=9_000_00)
    with pytest.raises(ServiceError) as err:
        services.claim_approve(actor=w.county_staff, claim_id=third.pk)
    assert err.value.code == "nothing_due"
    services.claim_reject(actor=w.county_staff, claim_id=third.pk, reason="本年度住院保障已达上限")
    assert Claim.objects.get(pk=third.pk).status == ClaimStatus.REJECTED


def test_same_key_files_one_claim_and_other_details_are_refused(scene):
    w = scene
    idem = key()
    first = file_claim(w.member, idem=idem)
    again, replayed = services.claim_submit(
        actor=w.member,
        kind="hospital",
        incurred_on=first.incurred_on,
        bills=first.bills,
        illness="急性阑尾炎",
        idempotency_key=idem,
        documents=[bill()],
    )
    assert replayed and again.pk == first.pk
    with pytest.raises(ServiceError) as err:
        file_claim(w.member, idem=idem, bills=1_00)
    assert err.value.code == "key_reused"
    assert Claim.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"documents": []}, "documents"),
        ({"incurred_on": cleaning.today() + timedelta(days=2)}, "incurred_on"),
        ({"incurred_on": date(2000, 1, 1)}, "incurred_on"),  # no cover that year
        ({"bills": 0}, "bills"),
        ({"bills": "100"}, "bills"),
        ({"illness": "  "}, "illness"),
        ({"kind": "dental"}, "kind"),
        ({"kind": "accident"}, "kind"),  # the plan has no accident cover
        ({"idempotency_key": "short"}, "idempotency_key"),
        (
            {"documents": [SimpleUploadedFile("x.png", b"not a png", content_type="image/png")]},
            "documents",
        ),
        (
            {"documents": [SimpleUploadedFile("x.exe", b"MZ", content_type="image/png")]},
            "documents",
        ),
    ],
)
def test_bad_claims_are_refused_and_change_nothing(scene, changes, field):
    w = scene
    before = (Claim.objects.count(), ClaimDocument.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ServiceError) as err:
        file_claim(w.member, **changes)
    assert field in err.value.fields, err.value.fields
    assert (
        Claim.objects.count(),
        ClaimDocument.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_womens_cover_is_for_women(scene):
    w = scene
    rider = make_user("rider")
    Person.objects.filter(name="李骑手").update(user=rider)
    with pytest.raises(ServiceError) as err:
        file_claim(rider, kind="women")
    assert err.value.code == "not_covered"
    assert file_claim(w.member, kind="women").kind == "women"


def test_a_rider_with_no_employer_is_covered_free_and_claims(scene):
    w = scene
    rider = make_user("rider")
    Person.objects.filter(name="李骑手").update(user=rider, employer=None, employer_name="")
    claim = file_claim(rider, kind="serious", bills=3_000_00)
    assert services.claim_approve(actor=w.county_staff, claim_id=claim.pk).payout == 3_000_00


def test_documents_are_sealed_and_each_read_is_logged(scene):
    w = scene
    claim = file_claim(w.member)
    doc = claim.documents.get()
    with doc.upload.open("rb") as f:
        assert crypto.is_sealed(f.read())
    opened, content = services.document_open(actor=w.county_staff, document_id=doc.pk)
    assert content.startswith(b"\x89PNG")
    assert services.claim_illness(actor=w.county_staff, claim_id=claim.pk).startswith("急性阑尾炎")
    assert "阑尾" not in Claim.objects.get(pk=claim.pk).illness_cipher
    assert set(SensitiveRead.objects.values_list("field", flat=True)) == {"document", "illness"}
    with pytest.raises(Http404):
        services.document_open(actor=w.sibling_staff, document_id=doc.pk)


def test_only_the_plan_federation_reviews(scene):
    w = scene
    claim = file_claim(w.member)
    with pytest.raises(ServiceError) as err:
        services.claim_approve(actor=w.cadre, claim_id=claim.pk)
    assert err.value.code == "not_plan_owner"
    with pytest.raises(Http404):
        services.claim_approve(actor=w.sibling_staff, claim_id=claim.pk)
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.SUBMITTED


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"premium": 0}, "premium"),
        ({"covers": []}, "covers"),
        ({"covers": [dict(COVERS[0], ratio_percent=0)]}, "covers.0.ratio_percent"),
        ({"covers": [COVERS[0], COVERS[0]]}, "covers.1.kind"),
        ({"covers": [dict(COVERS[0], cap_per_year=-5)]}, "covers.0.cap_per_year"),
        ({"name": ""}, "name"),
        ({"year": 1900}, "year"),
    ],
)
def test_bad_plans_are_refused(world, changes, field):
    fields = {
        "owner_id": world.county.pk,
        "year": 2022,
        "name": "互助保障",
        "premium": 60_00,
        "covers": COVERS,
    }
    fields.update(changes)
    with pytest.raises(ServiceError) as err:
        services.plan_create(actor=world.county_staff, **fields)
    assert field in err.value.fields
    assert not Plan.objects.exists()


def test_a_grassroots_union_runs_no_plan(world):
    with pytest.raises(ServiceError):
        make_plan(world, owner=world.grassroots)


def test_batch_computes_and_pays_with_four_eyes(scene):
    w = scene
    for bills in (2_000_00, 3_000_00, 500_00):
        file_claim(w.member, bills=bills)
    _fund(w, 100_000_00)
    assert services.claims_approve_batch(actor=w.county_staff, plan_id=w.plan.pk) == 2
    assert services.claims_pay_batch(actor=w.county_staff, plan_id=w.plan.pk) == 0
    assert services.claims_pay_batch(actor=w.payer, plan_id=w.plan.pk) == 2
    paid = Claim.objects.filter(status="paid")
    assert sorted(paid.values_list("payout", flat=True)) == [600_00, 1_200_00]
    assert Claim.objects.get(bills=500_00).status == ClaimStatus.REJECTED
    assert ledger.balance(w.county.pk, "welfare_claims_paid") == 1_800_00
