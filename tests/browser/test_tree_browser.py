"""Log in through the real pages, pass the second factor, switch language, browse the tree."""

import pyotp
import pytest

from gonghui.core import crypto

from ..factories import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.one_db, pytest.mark.django_db(transaction=True)]


def test_staff_logs_in_switches_language_and_browses(world, live_server, page):
    secret = pyotp.random_base32()
    world.city_leader.totp_cipher = crypto.encrypt(secret)
    world.city_leader.save()

    page.goto(f"{live_server.url}/orgs/")
    assert "/login/" in page.url
    page.fill("input[name=username]", "city_leader")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/login/verify/**")
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("button[type=submit]")
    page.wait_for_url("**/orgs/")
    assert page.locator("h1").inner_text() == "组织"

    # Switch to English and back; the choice sticks across pages.
    with page.expect_navigation():
        page.select_option("#language", "en")
    assert page.locator("h1").inner_text() == "Organizations"

    # Search by pinyin initials, open the county, go down to the grassroots union.
    page.fill("input[name=q]", "hpqzgh")
    page.click("form.filters button[type=submit]")
    page.click("text=和平区总工会")
    # in English the organization pages name unions in English (issue 12 item 2)
    assert page.locator("h1").inner_text().startswith("Heping District Federation of Trade Unions")
    page.click("table.children >> text=Nanhu Subdistrict Trade Union")
    page.click("table.children >> text=Trade Union Committee of Shenyang Huachen Machinery")
    crumbs = page.locator("nav.crumbs").inner_text()
    assert "Shenyang Federation of Trade Unions" in crumbs and "Heping District" in crumbs
    assert "Nanhu Subdistrict Trade Union" in crumbs
    assert "Liaoning" not in crumbs and "辽宁" not in crumbs  # above the leader's subtree

    with page.expect_navigation():
        page.select_option("#language", "zh-hans")
    assert "直属下级" in page.content()

    # A sibling's union outside the subtree is a 404 page, not a leak.
    response = page.goto(f"{live_server.url}/orgs/{world.other_province.pk}/")
    assert response.status == 404


def test_cadre_home_on_a_phone(world, live_server, phone_page):
    phone_page.goto(f"{live_server.url}/login/")
    phone_page.fill("input[name=username]", "13900000002")
    phone_page.fill("input[name=password]", DEMO_PASSWORD)
    phone_page.click("button[type=submit]")
    phone_page.wait_for_url(f"{live_server.url}/")
    card = phone_page.locator("section.card:not(.todos)").first
    assert "沈阳华晨机械有限公司工会委员会" in card.inner_text()
    # Nothing wider than the phone's screen.
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
