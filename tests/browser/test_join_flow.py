"""The join flow end to end in Chromium: a rider applies on a phone, the cadre approves,
the rider shows the card, and the card's QR code verifies."""

import re

import pyotp
import pytest
import segno

from gonghui.core import crypto

from ..factories import DEMO_PASSWORD, OrgKind, id_number, make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.one_db, pytest.mark.django_db(transaction=True)]


def test_rider_joins_cadre_approves_card_verifies(world, live_server, phone_page, page):
    joint = make_org(
        "和平区快递外卖联合工会",
        OrgKind.JOINT,
        world.county,
        "210102",
        takes_in=["courier", "delivery_rider"],
    )
    make_user("joint_cadre", "cadre", joint)

    # The rider applies on the phone, making an account at the same time.
    rider = phone_page
    rider.goto(f"{live_server.url}/join/")
    rider.fill("input[name=name]", "刘洋")
    rider.fill("input[name=id_number]", "210102199003070000")  # a wrong check digit first
    rider.fill("input[name=phone]", "13712345678")
    rider.select_option("select[name=work_kind]", "delivery_rider")
    rider.fill("input[name=region_text]", "210102")
    rider.click("#place-list li:has-text('和平区')")
    rider.fill("input[name=employer_text]", "美团")
    rider.click("#employer-list li:has-text('不在列表中')")
    rider.check("input[name=privacy]")
    rider.check("input[name=id_consent]")
    rider.fill("input[name=password]", "riders-own-passphrase")
    rider.wait_for_selector(".union-preview.found")
    rider.click("button[type=submit]")
    assert rider.locator(".field-error").first.inner_text()  # told what is wrong
    rider.fill("input[name=id_number]", id_number(male=True))
    rider.fill("input[name=password]", "riders-own-passphrase")
    rider.wait_for_selector(".union-preview.found")
    rider.click("button[type=submit]")
    rider.wait_for_url("**/me/")
    assert "和平区快递外卖联合工会" in rider.locator(".request").first.inner_text()
    assert rider.evaluate("document.documentElement.scrollWidth") <= 390

    # The joint union's cadre approves on the desktop.
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "joint_cadre")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/members/requests/")
    row = page.locator("table.requests tbody tr", has_text="刘洋")
    assert row.locator("td.waiting").inner_text() == "0"  # waiting days
    row.locator("button[value=approve]").click()
    assert "210102" in page.locator(".msg").inner_text()

    # The rider sees the card; its QR code carries the verification address.
    rider.reload()
    rider.click("text=出示我的会员卡")
    card = rider.locator(".member-card")
    assert "刘洋" in card.inner_text() and "和平区快递外卖联合工会" in card.inner_text()
    verify_url = rider.locator(".qr").get_attribute("data-verify-url")
    drawn = rider.locator(".qr svg path").get_attribute("d")
    expected = re.search(r' d="([^"]+)"', segno.make(verify_url, error="m").svg_inline(scale=5))
    assert drawn == expected.group(1)  # the QR drawn on the card encodes exactly that address

    # Anyone scanning it sees "valid" and the union, and no personal data.
    page.goto(verify_url)
    assert page.locator("h1").inner_text() == "会员卡有效"
    assert "和平区快递外卖联合工会" in page.content() and "刘洋" not in page.content()
    page.goto(verify_url + "tampered")
    assert page.locator("h1").inner_text() == "会员卡无效"


def test_staff_login_needs_the_second_factor(world, live_server, page):
    secret = pyotp.random_base32()
    world.county_staff.totp_cipher = crypto.encrypt(secret)
    world.county_staff.save()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "county_staff")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.fill("input[name=code]", "123456")
    page.click("button[type=submit]")
    assert page.locator(".error").is_visible()
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert "和平区总工会" in page.locator("section.card:not(.todos)").first.inner_text()
