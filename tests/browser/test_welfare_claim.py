"""Mutual medical insurance end to end in Chromium: a member files a claim on the phone with
a photo of the bill, county staff (second factor) approve it, a second staff person pays
it, paying again (a double click, then a stale tab's form) pays nothing more, and the
member sees it paid."""

import os

import pytest
from django.utils import translation
from playwright.sync_api import expect

from gonghui.campaigns import ledger
from gonghui.campaigns.models import Posting
from gonghui.welfare import services
from gonghui.welfare.models import Claim, ClaimStatus

from ..factories import make_user
from ..welfare.helpers import PNG, covered_member, last_week, make_plan
from ..welfare.test_insurance import _fund
from .test_school_aid import log_in, with_totp

pytestmark = [pytest.mark.browser, pytest.mark.one_db, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("GONGHUI_SCREENSHOTS")  # a folder to keep screenshots in, if set
PHONE_WIDTH = 390


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _label(status) -> str:
    with translation.override("zh-hans"):
        return str(status.label)


def _fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


def test_member_claims_on_the_phone_and_it_is_paid_once(world, live_server, phone_page, page):
    url = live_server.url
    plan = make_plan(world)
    covered_member(world, user=world.member, phone="13900000001")
    services.enrol_union(actor=world.cadre, plan_id=plan.pk, union_id=world.grassroots.pk)
    payer = make_user("county_payer", "staff", world.county)
    _fund(world, 10_000_00)
    reviewer_secret = with_totp(world.county_staff)
    payer_secret = with_totp(payer)

    # The member files the claim on the phone, from /me/.
    phone = phone_page
    log_in(phone, url, "13900000001")
    phone.goto(f"{url}/me/")
    phone.click("a:has-text('我的保障和申请')")
    phone.wait_for_url("**/welfare/mine/")
    assert plan.name in phone.locator("article.cover h3").inner_text()
    phone.click("a.button[href='/welfare/mine/claims/new/']")
    phone.wait_for_url("**/welfare/mine/claims/new/")
    phone.select_option("select[name=kind]", "hospital")
    phone.fill("input[name=incurred_on]", last_week().isoformat())
    phone.fill("input[name=bills]", "3,000.50")
    phone.fill("textarea[name=illness]", "肺炎住院治疗5天")
    phone.set_input_files(
        "input[name=documents]",
        files=[{"name": "住院发票.png", "mimeType": "image/png", "buffer": PNG}],
    )
    _fits_the_phone(phone)
    _shot(phone, "welfare-claim-phone")
    phone.click("form.stack button[type=submit]")
    phone.wait_for_url(lambda u: "/claims/new/" not in u)
    claim = Claim.objects.get()
    assert claim.bills == 3_000_50 and claim.status == ClaimStatus.SUBMITTED
    assert [d.name for d in claim.documents.all()] == ["住院发票.png"]
    phone.goto(f"{url}/welfare/mine/")
    row = phone.locator(f"p.claim[data-id='{claim.pk}']")
    assert row.locator(".status").inner_text() == _label(ClaimStatus.SUBMITTED)
    assert "¥3,000.50" in row.inner_text()
    _fits_the_phone(phone)

    # County staff review it on their pages (with the second factor).
    log_in(page, url, world.county_staff.username, reviewer_secret)
    page.goto(f"{url}/welfare/claims/?waiting=true")
    page.locator(f"[data-id='{claim.pk}'] a").first.click()
    page.wait_for_url(f"**/welfare/claims/{claim.pk}/")
    # Hospital cover: 60% of the bills above ¥1,000.
    assert page.locator("dd.payout-now").inner_text() == "¥1,200.30"
    assert page.locator("button[name=pay]").count() == 0
    page.click("button[name=approve]")
    page.wait_for_url(f"**/welfare/claims/{claim.pk}/")
    assert page.locator("dd.status").inner_text() == _label(ClaimStatus.APPROVED)
    # The reviewer is not offered the payment: another person pays.
    assert page.locator("button[name=pay]").count() == 0
    _shot(page, "welfare-claim-approved")
    page.context.clear_cookies()

    # A second person pays it; the claim is open in two tabs.
    log_in(page, url, payer.username, payer_secret)
    claim_url = f"{url}/welfare/claims/{claim.pk}/"
    stale = page.context.new_page()
    stale.goto(claim_url)
    page.goto(claim_url)
    # Pressed twice, the form is sent once (behaviour.js): a double click or a second tap
    # on a slow line sent two payments at once, one of them only to be refused. Counted in
    # the page, which keeps the submissions from leaving it:
    sent = page.evaluate(
        """() => {
            let sent = 0;
            document.addEventListener("submit", (e) => {
                if (!e.defaultPrevented) sent++;
                e.preventDefault();
            });
            const pay = document.querySelector("button[name=pay]");
            pay.click();
            pay.click();
            return sent;
        }"""
    )
    assert sent == 1
    page.goto(claim_url)
    with page.expect_navigation():
        page.dblclick("button[name=pay]")
    expect(page.locator("dd.status")).to_have_text(_label(ClaimStatus.PAID))
    page.wait_for_load_state("networkidle")
    assert page.locator("button[name=pay]").count() == 0
    # The stale tab still shows the button: its re-submitted form is refused.
    with stale.expect_navigation():
        stale.click("button[name=pay]")
    expect(stale.locator("p.msg.error")).to_have_count(1)
    assert stale.locator("dd.status").inner_text() == _label(ClaimStatus.PAID)
    _shot(page, "welfare-claim-paid")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID and claim.payer == payer and claim.payout == 1_200_30
    assert Posting.objects.filter(kind="welfare_claim").count() == 1
    assert ledger.balance(world.county.pk, "welfare_claims_paid") == 1_200_30

    # The member sees it paid on the phone.
    phone.goto(f"{url}/welfare/mine/")
    row = phone.locator(f"p.claim[data-id='{claim.pk}']")
    assert row.locator(".status").inner_text() == _label(ClaimStatus.PAID)
    phone.click(f"p.claim[data-id='{claim.pk}'] a")
    phone.wait_for_url(f"**/welfare/mine/claims/{claim.pk}/")
    assert phone.locator("dd.status").inner_text() == _label(ClaimStatus.PAID)
    assert phone.locator("dd.payout").inner_text() == "¥1,200.30"
    _fits_the_phone(phone)
    _shot(phone, "welfare-claim-paid-phone")
