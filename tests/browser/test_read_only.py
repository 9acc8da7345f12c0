"""An auditor reads and acts on nothing (issue 11 item 7): the pages show the records and no
action button, the home page has nothing waiting, and an action's address opened anyway
answers the styled page in Chinese saying what to do next."""

import pyotp
import pytest

from gonghui.core import crypto

from ..factories import DEMO_PASSWORD, make_join_request, make_member

pytestmark = [pytest.mark.browser, pytest.mark.one_db, pytest.mark.django_db(transaction=True)]


def test_an_auditor_sees_no_button_and_a_styled_refusal(world, live_server, page):
    membership = make_member(world.grassroots, "李强")
    make_join_request(world.grassroots, "王芳")
    secret = pyotp.random_base32()
    world.auditor.totp_cipher = crypto.encrypt(secret)
    world.auditor.save()

    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "auditor")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/login/verify/**")
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert "目前没有等待您处理的事项" in page.locator("section.todos").inner_text()

    page.goto(f"{live_server.url}/members/requests/")
    assert "王芳" in page.locator("table.requests").inner_text()
    assert page.locator("table.requests button").count() == 0
    assert page.locator("#batch").count() == 0

    page.goto(f"{live_server.url}/members/{membership.pk}/")
    assert "李强" in page.locator("h1").inner_text()
    assert page.locator("main form").count() == 0

    page.goto(f"{live_server.url}/members/")
    assert page.locator("a[href='/members/import/']").count() == 0
    response = page.goto(f"{live_server.url}/members/import/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "页面不存在"
    assert "请联系本单位工会的管理员" in page.locator("main").inner_text()
    page.locator("main a.button", has_text="回到首页").click()
    page.wait_for_url(f"{live_server.url}/")
