"""Pages and API of honours: lists that filter, sort and export, the public notice with
masked names, actions shown only to who may take them, bad input refused."""

import json
from datetime import date, timedelta

from gonghui.campaigns import ledger
from gonghui.campaigns.services import funds_receive
from gonghui.core import crypto
from gonghui.honours import services
from gonghui.honours.models import Care, Nomination, Objection, Status

from ..campaigns.helpers import assert_ledger_sound
from ..factories import id_number
from .test_nominations import ID, end_notice, nominate, review_all


def test_public_notice_masks_names_and_takes_objections(honours, client):
    w = honours
    n = review_all(w, nominate(w))
    page = client.get("/honours/notice/")  # no login
    body = page.content.decode()
    assert page.status_code == 200
    assert crypto.mask_name("张晓明") in body  # 张*明: first and last character
    assert "张晓明" not in body and ID not in body
    r = client.post(
        "/honours/notice/object/", {"nomination": n.pk, "text": "事迹不实", "contact": ""}
    )
    assert r.status_code == 302
    assert Objection.objects.get().nomination == n
    # bad input: no text, or a nomination not on notice
    r = client.post("/honours/notice/object/", {"nomination": n.pk, "text": ""})
    assert r.status_code == 400
    other = nominate(w, name="李强", id_number=id_number("19800101", "210102"))
    r = client.post("/honours/notice/object/", {"nomination": other.pk, "text": "异议"})
    assert r.status_code == 400 and Objection.objects.count() == 1


def test_pages_show_only_the_actions_one_may_take(honours, as_user):
    w = honours
    n = nominate(w)
    county = as_user(w.county_staff).get(f"/honours/nominations/{n.pk}/").content.decode()
    assert f"/honours/nominations/{n.pk}/decide/" in county
    city = as_user(w.city_staff).get(f"/honours/nominations/{n.pk}/").content.decode()
    assert f"/honours/nominations/{n.pk}/decide/" not in city
    r = as_user(w.city_staff).post(f"/honours/nominations/{n.pk}/decide/", {"decision": "approved"})
    assert r.status_code == 400
    assert Nomination.objects.get(pk=n.pk).current_step == 1
    r = as_user(w.county_staff).post(
        f"/honours/nominations/{n.pk}/decide/", {"decision": "approved", "opinion": "同意推荐"}
    )
    assert r.status_code == 302 and Nomination.objects.get(pk=n.pk).current_step == 2


def test_award_through_the_page(honours, as_user):
    w = honours
    n = review_all(w, nominate(w))
    page = as_user(w.province_checker).get(f"/honours/nominations/{n.pk}/").content.decode()
    assert f"/honours/nominations/{n.pk}/award/" not in page  # the notice still runs
    end_notice(n)
    page = as_user(w.province_checker).get(f"/honours/nominations/{n.pk}/").content.decode()
    assert f"/honours/nominations/{n.pk}/award/" in page
    r = as_user(w.province_checker).post(
        f"/honours/nominations/{n.pk}/award/", {"certificate_number": ""}
    )
    assert r.status_code == 400
    r = as_user(w.province_checker).post(
        f"/honours/nominations/{n.pk}/award/", {"certificate_number": "辽劳模2026-001"}
    )
    assert r.status_code == 302
    assert Nomination.objects.get(pk=n.pk).status == Status.AWARDED


def test_lists_filter_sort_and_export(honours, as_user):
    w = honours
    a = nominate(w)
    b = nominate(w, subject="collective", name="华晨机械数控车间")
    client = as_user(w.province_staff)
    body = client.get("/honours/?subject=collective").content.decode()
    assert "华晨机械数控车间" in body and "张晓明" not in body
    response = client.get("/honours/?export=csv&sort=created_at")
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    assert csv.index("张晓明") < csv.index("华晨机械数控车间")
    api = client.get("/api/v1/honours/nominations?sort=-created_at").json()
    assert [i["id"] for i in api["items"]] == [b.pk, a.pk]
    assert client.get("/api/v1/honours/nominations?status=nonsense").status_code == 422
    assert client.get("/honours/schemes/?export=xlsx").status_code == 200
    assert w.scheme.title in client.get("/honours/schemes/").content.decode()
    assert client.get("/honours/workers/?export=csv").status_code == 200
    assert client.get("/honours/care/?export=csv").status_code == 200


def test_api_nominates_and_refuses_bad_input(honours, as_user):
    w = honours
    client = as_user(w.cadre)
    payload = {
        "scheme_id": w.scheme.pk,
        "union_id": w.grassroots.pk,
        "subject": "person",
        "name": "王芳",
        "id_number": id_number("19850101", "210102", male=False),
        "employer": "沈阳华晨机械有限公司",
        "deeds": "技术革新十项",
    }
    r = client.post(
        "/api/v1/honours/nominations", json.dumps(payload), content_type="application/json"
    )
    assert r.status_code == 201, r.content
    r = client.post(
        "/api/v1/honours/nominations",
        json.dumps({**payload, "id_number": "123"}),
        content_type="application/json",
    )
    assert r.status_code == 400
    body = r.json()
    assert body["code"] in ("invalid", "open_nomination") and "id_number" in body["fields"]
    assert Nomination.objects.count() == 1


def test_register_and_care(honours, as_user):
    w = honours
    worker = services.worker_create(
        actor=w.county_staff,
        union_id=w.grassroots.pk,
        name="陈兆海",
        employer="沈阳华晨机械有限公司",
        contact="13812345678",
    )
    assert worker.contact_masked == "138****5678"
    client = as_user(w.county_staff)
    # the county gives the care from its general funds: with too little there, nothing is
    # written and the cadre is told how much is left
    funds_receive(actor=w.county_staff, org_id=w.county.pk, source="dues", amount=50_000)
    care = {"kind": "health_check", "given_on": "2026-05-01", "amount": "800.00"}
    r = client.post(f"/honours/workers/{worker.pk}/care/", care)
    assert r.status_code == 400 and "500.00" in r.content.decode()
    assert not Care.objects.exists() and ledger.balance(w.county.pk, "available") == 50_000
    funds_receive(actor=w.county_staff, org_id=w.county.pk, source="dues", amount=50_000)
    r = client.post(f"/honours/workers/{worker.pk}/care/", care)
    assert r.status_code == 302
    given = Care.objects.get()
    assert (given.amount, given.payer, given.posting.kind) == (80000, w.county, "honours_care")
    assert ledger.balance(w.county.pk, "available") == 20_000
    assert ledger.balance(w.county.pk, "honours_care") == 80_000
    assert_ledger_sound()
    r = client.post(
        f"/honours/workers/{worker.pk}/care/",
        {"kind": "health_check", "given_on": str(date.today() + timedelta(days=3)), "amount": "1"},
    )
    assert r.status_code == 400 and Care.objects.count() == 1
    r = client.post(
        f"/honours/workers/{worker.pk}/care/",
        {"kind": "health_check", "given_on": "2026-05-01", "amount": "1.234"},
    )
    assert r.status_code == 400 and Care.objects.count() == 1
    page = client.get(f"/honours/workers/{worker.pk}/").content.decode()
    assert "800.00" in page and "13812345678" not in page


def test_the_register_by_page(honours, as_user):
    from gonghui.honours.models import ModelWorker

    w = honours
    client = as_user(w.county_staff)
    data = {
        "union": w.grassroots.pk,
        "name": "陈兆海",
        "id_number": "",
        "employer": "沈阳华晨机械有限公司",
        "contact": "138 1234 5678",
        "status": "working",
    }
    assert client.post("/honours/workers/new/", {**data, "id_number": "123"}).status_code == 400
    assert client.post("/honours/workers/new/", {**data, "contact": "12345"}).status_code == 400
    assert not ModelWorker.objects.exists()
    assert client.post("/honours/workers/new/", data).status_code == 302
    worker = ModelWorker.objects.get()
    r = client.post(
        f"/honours/workers/{worker.pk}/edit/",
        {"employer": "沈阳华晨机械有限公司", "status": "retired", "contact": ""},
    )
    assert r.status_code == 302
    worker.refresh_from_db()
    assert worker.status == "retired" and worker.contact_masked == "138****5678"
    r = client.post(
        f"/api/v1/honours/workers/{worker.pk}/titles",
        json.dumps(
            {"kind": "model_worker", "level": "city", "year": 2015, "name": "沈阳市劳动模范"}
        ),
        content_type="application/json",
    )
    assert r.status_code == 201 and worker.titles.count() == 1
