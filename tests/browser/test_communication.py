"""Browser tests of reaching people: a notice goes down two levels (province → county →
grassroots) and is reported back up; a member answers a survey on a phone."""

import os
from datetime import timedelta

import pyotp
import pytest

from gonghui.communication import services
from gonghui.communication.models import Delivery, Notice, Response
from gonghui.core import crypto
from gonghui.core.cleaning import today

from ..factories import DEMO_PASSWORD, make_member, make_user

pytestmark = [pytest.mark.browser, pytest.mark.one_db, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("GONGHUI_SCREENSHOTS")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _context(browser, phone=False):
    size = {"width": 390, "height": 844} if phone else {"width": 1200, "height": 900}
    context = browser.new_context(locale="zh-CN", viewport=size, is_mobile=phone)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def _log_in(page, live_server, user, two_factor=True):
    secret = pyotp.random_base32()
    if two_factor:
        user.totp_cipher = crypto.encrypt(secret)
        user.save()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    if two_factor:
        page.wait_for_url("**/login/verify/**")
        page.fill("input[name=code]", pyotp.TOTP(secret).now())
        page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def _open_received(page, live_server, title):
    page.goto(f"{live_server.url}/notices/received/?mine=true")
    page.get_by_role("link", name=title).first.click()
    page.wait_for_url("**/notices/received/*/")


def test_a_notice_goes_down_two_levels_and_is_reported_back(world, live_server, browser):
    title = "关于开展“强国复兴有我”职工主题阅读活动的通知"
    due = (today() + timedelta(days=14)).isoformat()
    contexts = []
    try:
        # The province sends it to the county federations, asking for a report.
        context, province = _context(browser)
        contexts.append(context)
        _log_in(province, live_server, world.province_staff)
        assert province.locator('nav.nav a[href="/notices/"]').count() == 1  # in the menu
        province.goto(f"{live_server.url}/notices/")
        province.click('a[href="/notices/new/"]')
        province.fill("input[name=title]", title)
        province.fill(
            "textarea[name=body]", "<p>请各地<b>认真组织</b>。<script>alert(1)</script></p>"
        )
        province.check("input[name=levels][value=county]")
        province.check("input[name=report_required]")
        province.fill("input[name=report_due]", due)
        province.click("form.stack button[type=submit]")
        province.wait_for_url("**/notices/*/")
        notice = Notice.objects.get(title=title)
        assert "<script" not in notice.body
        assert province.locator("#notice-counts dd").first.inner_text() == "2"

        # The county reads it and forwards it to its grassroots unions, with additions.
        context, county = _context(browser)
        contexts.append(context)
        _log_in(county, live_server, world.county_staff)
        _open_received(county, live_server, title)
        assert "认真组织" in county.locator(".rich").first.inner_text()
        county.click("#confirm-read")
        county.wait_for_selector("#forward-form")
        county.fill(
            "#forward-form textarea[name=addition]", "请各基层工会组织职工读书，月底前报送情况。"
        )
        county.check("#forward-form input[name=levels][value=grassroots]")
        county.check("#forward-form input[name=report_required]")
        county.fill("#forward-form input[name=report_due]", due)
        county.click("#forward-form button[type=submit]")
        county.wait_for_url("**/notices/*/")
        forward = Notice.objects.get(parent=notice)

        # The grassroots cadre, on a phone, reads both texts and reports back to the county.
        context, cadre = _context(browser, phone=True)
        contexts.append(context)
        _log_in(cadre, live_server, world.cadre, two_factor=False)
        _open_received(cadre, live_server, title)
        chain = cadre.locator(".rich").all_inner_texts()
        assert any("认真组织" in t for t in chain) and any("月底前报送" in t for t in chain)
        cadre.fill("#report-form textarea[name=text]", "已组织职工读书活动3场，参加86人次。")
        cadre.click("#report-form button[type=submit]")
        cadre.wait_for_selector("[data-state=reported]")
        assert cadre.evaluate("document.documentElement.scrollWidth") <= 390
        _shot(cadre, "notice-reported-phone")

        # The county sees its union's report and reports back up to the province.
        county.goto(f"{live_server.url}/notices/{forward.pk}/")
        assert county.locator("[data-reported]").get_attribute("data-reported") == "1"
        _open_received(county, live_server, title)
        county.fill("#report-form textarea[name=text]", "已转发至全区基层工会，均已反馈。")
        county.click("#report-form button[type=submit]")
        county.wait_for_selector("[data-state=reported]")

        # The province sees who reported (the county) and who has not (its sibling).
        province.goto(f"{live_server.url}/notices/{notice.pk}/")
        assert province.locator("[data-reported]").get_attribute("data-reported") == "1"
        _shot(province, "notice-counts")
        reported = Delivery.objects.filter(notice=notice, reported_at__isnull=False)
        assert [d.union for d in reported] == [world.county]
    finally:
        for context in contexts:
            context.close()


def test_a_member_answers_a_survey_on_a_phone(world, live_server, phone_page):
    survey = services.survey_create(
        actor=world.province_staff,
        union_id=world.province.pk,
        title="2022年辽宁省职工思想状况调查",
        questions=[
            {
                "kind": "single",
                "text": "您对当前工作是否满意？",
                "choices": ["满意", "一般", "不满意"],
            },
            {
                "kind": "multiple",
                "text": "您希望工会提供哪些服务？",
                "choices": ["技能培训", "法律援助"],
            },
            {"kind": "scale", "text": "总体评价", "scale_max": 5},
            {"kind": "text", "text": "意见和建议", "required": False},
        ],
    )
    services.survey_open(actor=world.province_staff, survey_id=survey.pk)
    user = make_user("worker_phone", phone="13900000099")
    make_member(world.grassroots, "刘洋", user=user)
    page = phone_page
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "worker_phone")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/**")
    page.goto(f"{live_server.url}/me/surveys/")
    page.get_by_role("link", name=survey.title).click()
    page.wait_for_url("**/me/surveys/*/")
    page.click("form.survey button[type=submit]")  # nothing chosen: told which to answer
    assert page.locator(".field-error").count() == 3
    page.get_by_label("满意", exact=True).check()
    page.get_by_label("技能培训").check()
    page.get_by_label("法律援助").check()
    page.get_by_label("4", exact=True).check()
    page.fill("form.survey textarea", "希望多组织技能培训")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, "survey-phone")
    page.click("form.survey button[type=submit]")
    page.wait_for_url("**/me/surveys/")
    response = Response.objects.get()
    assert response.person is None and response.answers.count() == 5
    assert page.get_by_role("link", name=survey.title).count() == 0  # answered: no link again
