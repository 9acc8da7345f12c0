"""The member files a claim on the phone and follows it on /me/; staff review and pay it
on their pages; lists filter, sort and export; the API answers the same way."""

import json

from gonghui.campaigns import ledger
from gonghui.core import todos
from gonghui.core.models import AuditEvent
from gonghui.welfare.models import Claim, ClaimDocument, ClaimStatus

from ..replay import check_once_per_key
from .helpers import bill, file_claim, key, last_week


def test_member_files_a_claim_on_the_phone_and_follows_it(scene, as_user):
    w = scene
    client = as_user(w.member)
    assert "welfare/mine/" in client.get("/me/").content.decode()
    page = client.get("/welfare/mine/").content.decode()
    assert "职工医疗互助保障" in page
    form = {
        "kind": "hospital",
        "incurred_on": last_week().isoformat(),
        "bills": "8,000.50",
        "illness": "肺炎住院",
        "key": key(),
    }
    response = client.post("/welfare/mine/claims/new/", form | {"documents": [bill()]})
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.bills == 8_000_50
    # A double tap sends the same key: still one claim.
    client.post("/welfare/mine/claims/new/", form | {"documents": [bill()]})
    assert Claim.objects.count() == 1
    assert f'data-id="{claim.pk}"' in client.get("/welfare/mine/").content.decode()
    assert client.get(f"/welfare/mine/claims/{claim.pk}/").status_code == 200


def test_a_worker_not_covered_is_not_offered_a_claim(scene, as_user):
    """Found on the demo: the page offered 申请赔付 to a worker with no cover, and its
    title held the page's sections."""
    from gonghui.welfare.models import Enrolment

    Enrolment.objects.filter(person__user=scene.member).delete()
    page = as_user(scene.member).get("/welfare/mine/").content.decode()
    assert "您尚未参保" in page
    assert "/welfare/mine/claims/new/" not in page
    title = page[page.index("<title>") : page.index("</title>")]
    assert "<section" not in title


def test_a_bad_claim_form_says_what_to_fix(scene, as_user):
    client = as_user(scene.member)
    response = client.post(
        "/welfare/mine/claims/new/",
        {"kind": "hospital", "incurred_on": last_week().isoformat(), "bills": "abc", "key": key()},
    )
    assert response.status_code == 400 and "field-error" in response.content.decode()
    assert not Claim.objects.exists()


def test_staff_review_and_pay_on_their_pages(scene, as_user):
    w = scene
    claim = file_claim(w.member, bills=2_000_00)
    assert [t.todo.key for t in todos.waiting_for(w.county_staff)].count("welfare.claims") == 1
    staff = as_user(w.county_staff)
    assert "payout-now" in staff.get(f"/welfare/claims/{claim.pk}/").content.decode()
    assert staff.post(f"/welfare/claims/{claim.pk}/approve/").status_code == 302
    staff.post(f"/welfare/claims/{claim.pk}/illness/", {"purpose": "审核"})
    assert "急性阑尾炎" in staff.get(f"/welfare/claims/{claim.pk}/").content.decode()
    staff.post(f"/welfare/claims/{claim.pk}/pay/")  # the reviewer may not pay
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.APPROVED
    from .test_insurance import _fund

    _fund(w, 10_000_00)
    payer = as_user(w.payer)
    payer.post(f"/welfare/claims/{claim.pk}/pay/")
    payer.post(f"/welfare/claims/{claim.pk}/pay/")
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.PAID
    assert ledger.balance(w.county.pk, "welfare_claims_paid") == 600_00


def test_the_claim_page_names_reviewer_and_payer_by_signature(scene, as_user):
    """Before: the staff claim page showed the reviewer's and payer's user names
    (county_payer); a record people read names 张伟（和平区总工会）."""
    from gonghui.accounts.models import User

    w = scene
    User.objects.filter(pk=w.county_staff.pk).update(last_name="刘", first_name="审核")
    User.objects.filter(pk=w.payer.pk).update(last_name="陈", first_name="出纳")
    claim = file_claim(w.member, bills=2_000_00)
    as_user(w.county_staff).post(f"/welfare/claims/{claim.pk}/approve/")
    from .test_insurance import _fund

    _fund(w, 10_000_00)
    payer = as_user(w.payer)
    payer.post(f"/welfare/claims/{claim.pk}/pay/")
    page = payer.get(f"/welfare/claims/{claim.pk}/").content.decode()
    county = w.county.name
    assert f'<dd class="reviewer">刘审核（{county}）</dd>' in page
    assert f'<dd class="payer">陈出纳（{county}）' in page
    assert w.payer.username not in page and w.county_staff.username not in page


def _body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_lists_filter_sort_and_export(scene, as_user):
    w = scene
    claim = file_claim(w.member)
    staff = as_user(w.county_staff)
    for url in (
        "/welfare/",
        "/welfare/enrolments/",
        "/welfare/claims/",
        f"/welfare/plans/{w.plan.pk}/",
    ):
        assert staff.get(url).status_code == 200, url
    assert (
        f'data-id="{claim.pk}"'
        in staff.get("/welfare/claims/?waiting=true&sort=-bills").content.decode()
    )
    assert f'data-id="{claim.pk}"' not in staff.get("/welfare/claims/?status=paid").content.decode()
    csv = _body(staff.get("/welfare/claims/?export=csv"))
    assert str(claim.pk) in csv and "急性" not in csv
    assert "李" in _body(staff.get("/welfare/enrolments/?export=csv&free=true"))


def test_an_api_claim_sent_twice_is_filed_once_and_the_repeat_says_so(scene, as_user):
    member = as_user(scene.member)
    body = {
        "kind": "hospital",
        "incurred_on": last_week().isoformat(),
        "bills": "800000",
        "illness": "肺炎住院",
        "idempotency_key": key(),
    }
    check_once_per_key(
        lambda fields: member.post("/api/v1/welfare/claims/mine", fields | {"documents": [bill()]}),
        body,
        body | {"bills": "900000"},
        rows=lambda: (
            Claim.objects.count(),
            ClaimDocument.objects.count(),
            AuditEvent.objects.count(),
        ),
        refused_code="key_reused",
    )


def test_api(scene, as_user):
    w = scene
    member = as_user(w.member)
    response = member.post(
        "/api/v1/welfare/claims/mine",
        {
            "kind": "serious",
            "incurred_on": last_week().isoformat(),
            "bills": "300000",
            "illness": "乳腺癌",
            "idempotency_key": key(),
            "documents": [bill()],
        },
    )
    assert response.status_code == 201, response.content
    claim_id = response.json()["id"]
    assert "illness" not in response.json()
    assert len(member.get("/api/v1/welfare/mine").json()["claims"]) == 1
    assert member.get("/api/v1/welfare/claims").status_code in (401, 403, 404)
    staff = as_user(w.county_staff)
    assert staff.post(f"/api/v1/welfare/claims/{claim_id}/approve").json()["payout"] == 300_000
    bad = staff.post(
        f"/api/v1/welfare/claims/{claim_id}/reject",
        json.dumps({"reason": ""}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    items = staff.get("/api/v1/welfare/claims?status=approved").json()["items"]
    assert [i["id"] for i in items] == [claim_id]
    plan = staff.post(
        "/api/v1/welfare/plans",
        json.dumps(
            {
                "owner_id": w.county.pk,
                "year": 2023,
                "name": "2023年互助保障",
                "premium": 5000,
                "covers": [{"kind": "accident", "ratio_percent": 100, "cap_per_year": 100000}],
            }
        ),
        content_type="application/json",
    )
    assert plan.status_code == 201, plan.content
