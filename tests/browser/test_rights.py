"""Browser test of rights cases: a worker asks for help on their phone, a handler moves the
case to its outcome, and the worker reads the outcome on their phone."""

import os

import pytest

from gonghui.core.models import SensitiveRead
from gonghui.rights.models import RightsCase

from ..factories import DEMO_PASSWORD, make_member

pytestmark = [pytest.mark.browser, pytest.mark.one_db, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("GONGHUI_SCREENSHOTS")  # a folder to keep screenshots in, if set
DISPUTE = "公司拖欠我和同班组5名工友三个月工资，共4.2万元，多次讨要未果。"


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/**")


def test_a_worker_follows_their_case_to_its_outcome(world, live_server, phone_page, page):
    make_member(world.grassroots, "王小明", user=world.member, phone="13900000001")
    phone = phone_page
    _login(phone, live_server, "13900000001")
    phone.goto(f"{live_server.url}/rights/mine/")
    phone.click("a.button")  # 向工会求助
    phone.wait_for_url("**/rights/mine/new/")
    phone.select_option("select[name=kind]", "wage_arrears")
    phone.fill("input[name=employer]", "沈阳华晨机械有限公司")
    phone.fill("textarea[name=description]", DISPUTE)
    phone.fill("input[name=amount_claimed]", "42,000")
    phone.fill("input[name=workers_involved]", "6")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(phone, "rights-submit-phone")
    phone.click("form.stack button[type=submit]")
    phone.wait_for_url("**/rights/cases/*/")
    case = RightsCase.objects.get()
    assert case.reference in phone.locator("h1").inner_text()
    assert phone.locator("dd.status").inner_text() == "法律咨询"
    assert case.union == world.grassroots and case.amount_claimed == 42_000_00

    # The grassroots cadre (no second factor) handles it on a desktop.
    _login(page, live_server, "cadre")
    page.goto(f"{live_server.url}/rights/?status=open")
    page.click(f"tr[data-id='{case.pk}'] a")
    page.wait_for_url(f"**/rights/cases/{case.pk}/")
    assert DISPUTE not in page.content()
    page.fill("input[name=purpose]", "调解前核实情况")
    page.click("text=查阅争议情况")
    assert DISPUTE in page.locator("p.revealed").inner_text()
    assert SensitiveRead.objects.filter(actor=world.cadre, field="description").count() == 1
    page.select_option("form.step-form select[name=stage]", "mediation")
    page.fill("form.step-form textarea[name=note]", "约企业负责人面谈调解")
    page.click("form.step-form button[type=submit]")
    page.wait_for_url(f"**/rights/cases/{case.pk}/")
    page.select_option("form.close-form select[name=outcome]", "mediated")
    page.fill("form.close-form input[name=amount_recovered]", "42000")
    page.fill("form.close-form textarea[name=note]", "经调解，企业于春节前全额补发工资。")
    page.click("form.close-form button[type=submit]")
    page.wait_for_url(f"**/rights/cases/{case.pk}/")
    assert page.locator("dd.outcome").inner_text().startswith("调解成功")
    _shot(page, "rights-case-desktop")

    # The worker reads the outcome on the phone.
    phone.goto(f"{live_server.url}/rights/cases/{case.pk}/")
    assert phone.locator("b.outcome").inner_text() == "调解成功"
    assert phone.locator("dd.recovered").inner_text() == "¥42,000.00"
    assert "企业于春节前全额补发工资" in phone.locator("p.outcome-note").inner_text()
    steps = phone.locator("ol.steps li").all_inner_texts()
    assert [s.split(" · ")[1] for s in steps] == ["法律咨询", "调解", "调解成功"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(phone, "rights-outcome-phone")
    phone.goto(f"{live_server.url}/rights/mine/")
    assert phone.locator(f"article[data-id='{case.pk}'] .status").inner_text() == "调解成功"
