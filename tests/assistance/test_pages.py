"""The assistance pages: a member applies on the phone and follows it; cadres keep files,
decide their step, export every list; sensitive values stay masked until a logged reveal."""

import csv
import io
from datetime import date, timedelta

import pytest

from gonghui.assistance import services
from gonghui.assistance.lists import APPLICATIONS, FILES, OVERDUE
from gonghui.assistance.models import AidApplication, Consent, HardshipFile
from gonghui.core.models import SensitiveRead

from ..factories import make_member
from .helpers import open_file
from .test_applications import PDF, proof


def _invalid(response, field: str) -> bool:
    """The page marks `field` as wrong, with its message beside it (in any language)."""
    html = response.content.decode()
    label = html.split(f'name="{field}"')[0].rsplit("<label", 1)[-1]
    return 'class="invalid"' in label and 'class="field-error"' in html


@pytest.fixture
def applicant(world):
    return make_member(world.grassroots, "刘芳", user=world.member)


def test_member_applies_for_school_aid_on_the_page(world, applicant, as_user):
    client = as_user(world.member)
    assert client.get("/aid/mine/").status_code == 200
    form = client.get("/aid/apply/school/").content.decode()
    assert 'name="admission_proof"' in form and 'name="consent"' in form
    data = {
        "requested_amount": "3000",
        "reason": "女儿考上大学",
        "child_name": "刘小雨",
        "school_name": "东北大学",
        "school_year": str(date.today().year),
        "school_level": "university",
    }
    # Without consent: refused, told why, nothing stored.
    refused = client.post("/aid/apply/school/", {**data, "admission_proof": proof()})
    assert refused.status_code == 400 and _invalid(refused, "consent")
    assert not AidApplication.objects.exists() and not Consent.objects.exists()
    # A third decimal of a yuan is not a fen.
    bad = client.post(
        "/aid/apply/school/",
        {**data, "requested_amount": "3000.005", "consent": "on", "admission_proof": proof()},
    )
    assert bad.status_code == 400 and not AidApplication.objects.exists()
    sent = client.post("/aid/apply/school/", {**data, "consent": "on", "admission_proof": proof()})
    assert sent.status_code == 302 and sent["Location"] == "/aid/mine/"
    application = AidApplication.objects.get()
    assert application.requested_amount == 300000 and application.documents.count() == 1
    mine = client.get("/aid/mine/").content.decode()
    assert "刘小雨" in mine and "沈阳华晨机械有限公司工会委员会" in mine and "和平区总工会" in mine
    # The applicant downloads their own proof; it is logged.
    doc = application.documents.get()
    assert b"".join(client.get(f"/aid/documents/{doc.pk}/").streaming_content) == PDF
    assert SensitiveRead.objects.filter(field="document").count() == 1


def test_cadre_decides_on_the_page_and_the_county_follows(world, applicant, as_user):
    application = services.application_submit(
        actor=world.member, kind="living", requested_amount=200000, reason="失业", consent=True
    )
    cadre = as_user(world.cadre)
    listing = cadre.get("/aid/applications/?waiting=1").content.decode()
    assert f'data-id="{application.pk}"' in listing
    page = cadre.get(f"/aid/applications/{application.pk}/").content.decode()
    assert 'value="approved"' not in page and "收入证明" in page  # no evidence yet
    services.document_add(
        actor=world.member, application_id=application.pk, kind="income", upload=proof("收入.pdf")
    )
    page = cadre.get(f"/aid/applications/{application.pk}/").content.decode()
    assert 'value="approved"' in page
    decide = f"/aid/applications/{application.pk}/decide/"
    assert f'action="{decide}"' in page
    wrong = cadre.post(decide, {"step": "2", "decision": "approved", "decide-amount": "1500"})
    assert wrong.status_code == 400
    cadre.post(
        decide,
        {
            "step": "1",
            "decision": "approved",
            "decide-amount": "1500",
            "decide-comment": "属实",
        },
    )
    application.refresh_from_db()
    assert application.current_step == 2
    county = as_user(world.county_staff)
    assert 'value="approved"' in county.get(f"/aid/applications/{application.pk}/").content.decode()
    county.post(decide, {"step": "2", "decision": "approved", "decide-amount": "1200.50"})
    application.refresh_from_db()
    assert application.status == "approved" and application.approved_amount == 120050
    assert (
        as_user(world.sibling_staff).get(f"/aid/applications/{application.pk}/").status_code == 404
    )


def test_cadre_opens_a_file_and_fills_it_in(world, as_user):
    membership = make_member(world.grassroots, "陈刚")
    client = as_user(world.cadre)
    response = client.post(
        "/aid/files/new/",
        {"member": membership.number, "tier": "deep", "causes": ["illness", "school"]},
    )
    file = HardshipFile.objects.get()
    assert response["Location"] == f"/aid/files/{file.pk}/"
    url = f"/aid/files/{file.pk}/"
    client.post(
        url + "household/",
        {
            "household-name": "陈小明",
            "household-relation": "child",
            "household-age": "12",
            "household-condition": "student",
        },
    )
    refused = client.post(
        url + "sensitive/",
        {
            "sensitive-income": "650",
            "sensitive-bank_account": "6222021234567890",
        },
    )
    assert (
        refused.status_code == 400 and '<p class="error" role="alert">' in refused.content.decode()
    )
    client.post(
        url + "consent/",
        {
            "consent-given_by": "陈刚",
            "consent-relation": "self",
            "consent-method": "paper",
        },
    )
    client.post(
        url + "sensitive/",
        {
            "sensitive-income": "650.5",
            "sensitive-illness": "糖尿病并发症",
            "sensitive-bank_account": "6222021234567890",
        },
    )
    page = client.get(url).content.decode()
    assert "陈小明" in page and "糖尿病" not in page and "650.50" not in page
    assert "**** **** **** 7890" in page and "6222021234567890" not in page
    shown = client.post(url + "reveal/", {"field": "income", "purpose": "核定"})
    assert "650.50" in shown.content.decode()
    assert SensitiveRead.objects.get().field == "income"
    client.post(url + "review/", {"review-tier": "relative", "review-note": "好转"})
    client.post(url + "close/", {"close-reason": "employed"})
    file.refresh_from_db()
    assert file.tier == "relative" and file.status == "closed"


def test_file_list_filters_sorts_exports_and_stays_in_scope(world, as_user):
    open_file(world, name="张三", tier="deep")
    open_file(
        world,
        name="李四",
        tier="relative",
        causes=("school",),
        opened_on=date.today() - timedelta(days=500),
    )
    open_file(world, world.sibling_grassroots, name="王五")
    client = as_user(world.county_staff)
    page = client.get("/aid/").content.decode()
    assert "张三" in page and "李四" in page and "王五" not in page
    assert "张三" not in client.get("/aid/?tier=relative").content.decode()
    assert "张三" not in client.get("/aid/?cause=school").content.decode()
    overdue = client.get("/aid/files/overdue/").content.decode()
    assert "李四" in overdue and "张三" not in overdue
    csv = b"".join(client.get("/aid/?export=csv&sort=name").streaming_content).decode()
    assert csv.startswith("\ufeff") and "张三" in csv and "王五" not in csv
    assert "**" in csv  # ID numbers masked in exports
    xlsx = client.get("/aid/files/overdue/?export=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_application_list_exports(world, applicant, as_user):
    services.application_submit(
        actor=world.member, kind="living", requested_amount=100, reason="困难", consent=True
    )
    client = as_user(world.city_leader)
    csv = b"".join(client.get("/aid/applications/?export=csv").streaming_content).decode()
    assert "刘芳" in csv and "1.00" in csv
    assert "刘芳" not in as_user(world.sibling_staff).get("/aid/applications/").content.decode()


def test_cadre_applies_for_a_member_on_the_page(world, as_user):
    membership = make_member(world.grassroots, "老赵")
    client = as_user(world.cadre)
    response = client.post(
        "/aid/applications/new/medical/",
        {
            "member": membership.number,
            "requested_amount": "5000",
            "reason": "住院",
            "hospital": "中国医大一院",
            "bills_amount": "80000",
            "illness": "肺癌",
            "consent": "on",
        },
    )
    application = AidApplication.objects.get()
    assert response["Location"] == f"/aid/applications/{application.pk}/"
    assert application.by_cadre and application.bills_amount == 8000000


def test_chains_page(world, as_user):
    client = as_user(world.province_staff)
    assert client.get("/aid/chains/").status_code == 200
    client.post(
        "/aid/chains/",
        {"owner": world.province.pk, "kind": "medical", "levels": ["base", "county", "city"]},
    )
    assert services.chain_for(world.grassroots, "medical") == ["base", "county", "city"]


def test_admin_lists_are_scoped_and_show_no_sensitive_field(world, as_user):
    mine = open_file(world, name="本区")
    theirs = open_file(world, world.sibling_grassroots, name="邻区")
    services.consent_record(actor=world.cadre, person_id=mine.person_id, given_by="本区")
    services.file_set_sensitive(actor=world.cadre, file_id=mine.pk, illness="肝硬化")
    client = as_user(world.county_staff)
    listing = client.get("/admin/assistance/hardshipfile/").content.decode()
    assert mine.number in listing and theirs.number not in listing
    change = client.get(f"/admin/assistance/hardshipfile/{mine.pk}/change/").content.decode()
    assert "v1:" not in change and "肝硬化" not in change
    assert client.get(f"/admin/assistance/hardshipfile/{theirs.pk}/change/").status_code == 302


def test_each_file_action_posts_to_its_own_address_and_shows_a_refusal_beside_its_input(
    world, as_user
):
    file = open_file(world)
    client = as_user(world.cadre)
    url = f"/aid/files/{file.pk}/"
    page = client.get(url).content.decode()
    for action in ("reveal", "household", "consent", "sensitive", "documents", "review", "close"):
        assert f'action="{url}{action}/"' in page, action
    # The form's own check, and the service's, each beside the input at fault.
    refused = client.post(url + "household/", {"household-name": "", "household-age": "12"})
    assert refused.status_code == 400 and _invalid(refused, "household-name")
    refused = client.post(url + "close/", {"close-reason": "other"})
    assert refused.status_code == 400 and _invalid(refused, "close-note")
    assert HardshipFile.objects.get().status == "open"
    # The page itself takes no action any more.
    assert client.post(url, {"action": "close", "close-reason": "employed"}).status_code == 405
    assert HardshipFile.objects.get().status == "open"
    # Someone who may not write there changes nothing and learns nothing.
    assert (
        as_user(world.sibling_staff).post(url + "close/", {"close-reason": "employed"}).status_code
        == 404
    )
    assert (
        as_user(world.city_leader).post(url + "close/", {"close-reason": "employed"}).status_code
        == 404
    )
    assert HardshipFile.objects.get().status == "open"


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_file_list_page_api_and_export_agree_on_a_filter_and_a_sort(world, as_user):
    open_file(world, name="张三", tier="deep")
    open_file(world, name="李四", tier="relative")
    open_file(world, world.sibling_grassroots, name="王五", tier="relative")
    client = as_user(world.province_staff)
    query = "tier=relative&sort=-name"  # 王五 (wangwu) before 李四 (lisi)
    api = [f["name"] for f in client.get(f"/api/v1/aid/files?{query}").json()["items"]]
    rows = _csv(client.get(f"/aid/?{query}&export=csv"))
    page = client.get(f"/aid/?{query}").content.decode()
    assert api == ["王五", "李四"]
    assert [r[1] for r in rows[1:]] == ["王五", "李四"]
    assert page.index("王五") < page.index("李四") and "张三" not in page
    assert rows[0] == [str(c.label) for c in FILES.columns]
    for key in FILES.sorts:
        assert f'value="{key}"' in page
        assert client.get(f"/api/v1/aid/files?sort={key}").status_code == 200
    # The page's old name for the union filter still works.
    assert "王五" not in client.get(f"/aid/?union={world.county.pk}").content.decode()


def test_overdue_page_and_export_agree_and_say_how_late(world, as_user):
    late = open_file(world, name="老档案", opened_on=date.today() - timedelta(days=400))
    open_file(world, name="新档案")
    client = as_user(world.county_staff)
    page = client.get("/aid/files/overdue/").content.decode()
    rows = _csv(client.get("/aid/files/overdue/?export=csv"))
    assert "老档案" in page and "新档案" not in page
    assert [r[1] for r in rows[1:]] == ["老档案"]
    days = str((date.today() - late.next_review_due).days)
    assert rows[0] == [str(c.label) for c in OVERDUE.columns] and rows[1][-1] == days
    assert f'<td class="nw">{days}</td>' in page  # a short cell stays on one line


def test_application_list_page_api_and_export_agree_on_a_filter_and_a_sort(
    world, applicant, as_user
):
    services.application_submit(
        actor=world.member, kind="living", requested_amount=100, reason="困难", consent=True
    )
    other = make_member(world.grassroots, "陈刚")
    services.application_submit(
        actor=world.cadre,
        person_id=other.person_id,
        kind="living",
        requested_amount=500,
        reason="失业",
        consent=True,
    )
    services.application_submit(
        actor=world.cadre,
        person_id=other.person_id,
        kind="medical",
        requested_amount=900,
        reason="住院",
        hospital="医大一院",
        bills_amount=100000,
        consent=True,
    )
    client = as_user(world.county_staff)
    query = "kind=living&sort=-amount"
    api = [a["name"] for a in client.get(f"/api/v1/aid/applications?{query}").json()["items"]]
    rows = _csv(client.get(f"/aid/applications/?{query}&export=csv"))
    page = client.get(f"/aid/applications/?{query}").content.decode()
    assert api == ["陈刚", "刘芳"]
    assert [r[2] for r in rows[1:]] == ["陈刚", "刘芳"]
    assert page.index("陈刚") < page.index("刘芳") and "医大一院" not in page
    assert rows[0] == [str(c.label) for c in APPLICATIONS.columns]
    for key in APPLICATIONS.sorts:
        assert f'value="{key}"' in page
        assert client.get(f"/api/v1/aid/applications?sort={key}").status_code == 200
    # The page's old names (waiting, from, to) still filter.
    today = date.today().isoformat()
    assert "陈刚" in client.get(f"/aid/applications/?from={today}&to={today}").content.decode()
    assert "陈刚" not in client.get("/aid/applications/?waiting=1").content.decode()
