"""Browser test of outreach: a cadre records a visit and a problem on site, on a phone."""

import os

import pytest

from gonghui.outreach.models import Problem, Visit

from ..factories import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.one_db, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("GONGHUI_SCREENSHOTS")


def test_cadre_records_a_visit_and_a_problem_on_a_phone(world, live_server, phone_page):
    page = phone_page
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "13900000002")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/outreach/visits/new/")
    assert page.input_value("input[name=union]") == "沈阳华晨机械有限公司工会委员会"
    page.fill("input[name=visitor]", "王强")
    page.fill("input[name=visited_on]", "2022-06-01")
    page.fill("input[name=site]", "沈白高铁站前工程项目部")
    page.fill("input[name=workers_met]", "18")
    page.fill("textarea[name=problems-0-description]", "工地缺少职工休息场所")
    page.select_option("select[name=problems-0-kind]", "living")
    page.select_option("select[name=problems-0-urgency]", "urgent")
    page.fill("input[name=problems-0-due_on]", "2022-06-30")
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 390)"
        ".map(e => e.tagName + '.' + e.className + ' ' + (e.name || '') + ' ' + e.getBoundingClientRect().right)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, wide
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "outreach-visit-phone.png"), full_page=True)
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/outreach/visits/*/")
    assert "工地缺少职工休息场所" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    visit = Visit.objects.get()
    assert visit.site == "沈白高铁站前工程项目部" and visit.workers_met == 18
    problem = Problem.objects.get()
    assert problem.responsible == world.grassroots and problem.urgency == "urgent"
