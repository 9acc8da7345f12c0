"""Browser tests of meetings and work plans: a cadre reports a meeting on a phone, staff
read the round-up, and follow a work plan's schedule."""

import os
from datetime import date

import pytest

from gonghui.activities.models import Activity
from gonghui.workplans import services as workplan_services
from gonghui.workplans.models import ProgressReport

from ..factories import DEMO_PASSWORD
from ..workplans.seed000 import PLAN_TITLE, TASKS

pytestmark = [pytest.mark.browser, pytest.mark.one_db, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("GONGHUI_SCREENSHOTS")  # a folder to keep screenshots in, if set


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_cadre_reports_a_meeting_on_a_phone(world, live_server, phone_page):
    page = phone_page
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "13900000002")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/activities/new/")
    assert page.input_value("input[name=union]") == "沈阳华晨机械有限公司工会委员会"
    page.fill("input[name=held_on]", "2024-07-22")
    page.select_option("select[name=kind]", "central_study")
    page.fill("input[name=topic]", "传达学习贯彻党的二十届三中全会精神")
    page.fill("input[name=attendance]", "36")
    page.select_option("select[name=points-0-lead]", "stressed")
    page.fill("textarea[name=points-0-text]", "要精心组织“学”，在学深悟透上下功夫")
    page.select_option("select[name=points-1-lead]", "stressed")
    page.fill("textarea[name=points-1-text]", "要深入广泛“宣”，在营造氛围上下功夫")
    page.select_option("select[name=points-2-lead]", "required")
    page.fill("textarea[name=points-2-text]", "各车间班组要迅速传达到每一名职工")
    _shot(page, "activity-form-phone")
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/activities/*/")
    official = page.locator("p.official").inner_text()
    assert official == (
        "7月22日，沈阳华晨机械有限公司工会委员会召开理论学习中心组学习会议，"
        "传达学习贯彻党的二十届三中全会精神。会议强调，要精心组织“学”，在学深悟透上"
        "下功夫；要深入广泛“宣”，在营造氛围上下功夫。会议要求，各车间班组要迅速传达"
        "到每一名职工。"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, "activity-detail-phone")
    assert Activity.objects.get().attendance == 36


def test_staff_reads_the_roundup(world, live_server, page):
    from gonghui.activities import services

    for union, day in [(world.township, 24), (world.county, 22)]:
        services.activity_create(
            actor=world.province_staff,
            union_id=union.pk,
            held_on=date(2024, 7, day),
            kind="leadership",
            topic="传达学习贯彻党的二十届三中全会精神",
            points=[{"lead": "stressed", "text": "要迅速掀起学习热潮"}],
        )
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "cadre")  # a cadre, no second factor; sees only its own
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    response = page.goto(
        f"{live_server.url}/activities/roundup/?org={world.city.pk}"
        "&date_from=2024-07-01&date_to=2024-07-31&levels=0&lang=zh-hans"
    )
    assert response.status == 400 and page.locator(".field-error").count() == 1
    world.cadre.roles.update(organization=world.city)  # now staff of the whole city
    page.goto(
        f"{live_server.url}/activities/roundup/?org={world.city.pk}"
        "&date_from=2024-07-01&date_to=2024-07-31&levels=0&lang=zh-hans&theme=传达学习"
    )
    paragraphs = page.locator("article.official p").all_inner_texts()
    assert paragraphs[0] == "7月22日至7月24日，沈阳市总工会所属2个工会纷纷召开会议，传达学习。"
    assert paragraphs[1] == (
        "7月22日，和平区总工会召开党组（扩大）会议，传达学习贯彻党的二十届三中"
        "全会精神。会议强调，要迅速掀起学习热潮。"
    )
    assert len(paragraphs) == 3
    _shot(page, "roundup-desktop")
    with page.expect_download() as download:
        page.click("text=Word")
    assert download.value.suggested_filename.endswith("-zh-hans.docx")


def test_plan_schedule_and_report(world, live_server, phone_page, page):
    world.cadre.roles.update(organization=world.city)  # writes for the city, no second factor
    plan = workplan_services.plan_create(
        actor=world.cadre, owner_id=world.city.pk, year=2023, title=PLAN_TITLE
    )
    for title, description, deadline in TASKS[:4]:
        workplan_services.task_create(
            actor=world.cadre,
            plan_id=plan.pk,
            title=title,
            description=description,
            owner_id=world.county.pk,
            deadline=date.fromisoformat(f"2023-{deadline}"),
        )
    for p in (page, phone_page):
        p.goto(f"{live_server.url}/login/")
        p.fill("input[name=username]", "cadre")
        p.fill("input[name=password]", DEMO_PASSWORD)
        p.click("button[type=submit]")
        p.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/workplans/{plan.pk}/?on=2023-07-05")
    rows = page.locator("table").first.locator("tbody tr")
    assert rows.count() == 4
    assert rows.nth(3).locator("td.late").count() >= 1  # task 4: deadline June 30 passed
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "plan-desktop.png"), full_page=True)
    phone_page.goto(f"{live_server.url}/workplans/{plan.pk}/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    phone_page.click("text=开展“千名工会干部进企业”活动")
    phone_page.select_option("select[name=period]", "1")
    phone_page.fill("input[name=percent]", "40")
    phone_page.fill("textarea[name=text]", "已走访企业120家")
    phone_page.click("form[action$='/report/'] button[type=submit]")
    phone_page.wait_for_selector("text=已走访企业120家")
    if SHOTS:
        phone_page.screenshot(path=os.path.join(SHOTS, "task-phone.png"), full_page=True)
    assert ProgressReport.objects.get().percent == 40
