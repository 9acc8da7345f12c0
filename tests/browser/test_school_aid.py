"""School aid end to end in Chromium: a member applies on the phone with the admission
notice, the grassroots cadre and then the county (second factor) approve, the 金秋助学
campaign pays it (a maker proposes, a different checker approves), and the member sees
it paid."""

from datetime import date

import pyotp
import pytest

from gonghui.assistance.models import AidApplication, PublicNotice
from gonghui.campaigns import services as campaigns
from gonghui.campaigns.models import Disbursement
from gonghui.core import crypto

from ..factories import DEMO_PASSWORD, make_member, make_user

pytestmark = [pytest.mark.browser, pytest.mark.one_db, pytest.mark.django_db(transaction=True)]

ADMISSION_PDF = b"%PDF-1.4\n% admission notice of Northeastern University\n%%EOF\n"


def log_in(page, url, username, secret=None):
    page.goto(f"{url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    if secret:  # federation staff: the second factor
        page.wait_for_url("**/login/verify/**")
        page.fill("input[name=code]", pyotp.TOTP(secret).now())
        page.click("button[type=submit]")
    page.wait_for_url(lambda u: "/login/" not in u)


def log_out(page):
    page.click("header form button.link")
    page.wait_for_url("**/login/")


def with_totp(user) -> str:
    secret = pyotp.random_base32()
    user.totp_cipher = crypto.encrypt(secret)
    user.save()
    return secret


def test_member_applies_chain_approves_campaign_pays(world, live_server, phone_page, page):
    url = live_server.url
    make_member(world.grassroots, "刘芳", user=world.member)
    campaign = campaigns.campaign_create(
        actor=world.province_staff,
        name="2022年金秋助学",
        kind="school",
        owner_id=world.province.pk,
        starts_on=date(2022, 8, 1),
        ends_on=date(2022, 10, 31),
        budget=1_000_000_00,
    )
    campaigns.allocate(
        actor=world.province_staff,
        campaign_id=campaign.pk,
        from_org_id=world.province.pk,
        to_org_id=world.county.pk,
        amount=100_000_00,
    )
    county_secret = with_totp(world.county_staff)
    checker = make_user("county_checker", "staff", world.county)
    checker_secret = with_totp(checker)

    # The member applies on the phone.
    member = phone_page
    log_in(member, url, "13900000001")
    member.goto(f"{url}/aid/mine/")
    member.click("a[href='/aid/apply/school/']")
    member.fill("input[name=requested_amount]", "3000")
    member.fill("textarea[name=reason]", "女儿考上东北大学，丈夫因病失业")
    member.fill("input[name=child_name]", "刘小雨")
    member.fill("input[name=school_name]", "东北大学")
    member.fill("input[name=school_year]", str(date.today().year))
    member.select_option("select[name=school_level]", "university")
    member.set_input_files(
        "input[name=admission_proof]",
        files=[{"name": "录取通知书.pdf", "mimeType": "application/pdf", "buffer": ADMISSION_PDF}],
    )
    member.click("form.stack button[type=submit]")
    # Without the consent ticked, the page says what is missing and stores nothing.
    assert member.locator("label.invalid input[name=consent]").count() == 1
    assert member.locator("label.invalid .field-error").inner_text()
    assert not AidApplication.objects.exists()
    member.set_input_files(
        "input[name=admission_proof]",
        files=[{"name": "录取通知书.pdf", "mimeType": "application/pdf", "buffer": ADMISSION_PDF}],
    )
    member.check("input[name=consent]")
    member.click("form.stack button[type=submit]")
    member.wait_for_url("**/aid/mine/")
    application = AidApplication.objects.get()
    card = member.locator(f"article.application[data-id='{application.pk}']")
    assert card.get_attribute("data-status") == "reviewing"
    assert (
        "沈阳华晨机械有限公司工会委员会" in card.inner_text()
        and "和平区总工会" in card.inner_text()
    )
    assert member.evaluate("document.documentElement.scrollWidth") <= 390

    # Step 1: the grassroots cadre (no second factor for cadres).
    log_in(page, url, "cadre")
    page.goto(f"{url}/aid/applications/?waiting=1")
    page.click(f"tr[data-id='{application.pk}'] a")
    page.fill("input[name=decide-amount]", "3000")
    page.fill("input[name=decide-comment]", "情况属实，录取通知书已核验")
    page.click("form.decide button[value=approved]")
    page.wait_for_selector("li.step.approved")
    log_out(page)

    # Step 2: the county federation's staff, with their second factor.
    log_in(page, url, "county_staff", county_secret)
    page.goto(f"{url}/aid/applications/{application.pk}/")
    page.fill("input[name=decide-amount]", "2500")
    page.click("form.decide button[value=approved]")
    page.wait_for_selector(".status[data-status='approved']")
    application.refresh_from_db()
    assert application.status == "approved" and application.approved_amount == 250000

    # Above the threshold the aid is shown for public notice (公示) before it is paid: the
    # worker's phone shows the notice, the name masked; then its days pass.
    assert page.locator("section.public-notice .hold").count() == 1
    member.goto(f"{url}/aid/notices/")
    notice = member.locator("section.notice").first.inner_text()
    assert "*" in notice and "2,500.00" in notice and "沈阳华晨机械有限公司工会委员会" in notice
    assert member.evaluate("document.documentElement.scrollWidth") <= 390
    PublicNotice.objects.update(starts_on=date(2000, 1, 1), ends_on=date(2000, 1, 5))

    # The county lists the approved application in the campaign and proposes the payment.
    page.goto(f"{url}/campaigns/{campaign.pk}/")
    page.fill("form.add input[name=who]", f"#{application.pk}")
    page.click("form.add button[type=submit]")
    page.wait_for_url("**/beneficiaries/")
    page.check("table.beneficiaries input[name=beneficiary]")
    page.click("button.propose")
    page.wait_for_url("**/payments/")
    row = page.locator("table.payments tbody tr").first
    assert row.get_attribute("data-status") == "proposed"
    row.locator("button.approve").click()  # the maker tries to check their own proposal
    assert page.locator(".msg.error").is_visible()
    assert Disbursement.objects.get().status == "proposed"
    log_out(page)

    # A different staff member checks it: the money moves.
    log_in(page, url, "county_checker", checker_secret)
    page.goto(f"{url}/campaigns/{campaign.pk}/payments/")
    page.locator("table.payments tbody tr button.approve").click()
    page.wait_for_selector("table.payments tbody tr[data-status='paid']")
    payment = Disbursement.objects.get()
    assert payment.status == "paid" and payment.maker == world.county_staff
    assert payment.checker == checker and payment.amount == 250000
    page.goto(f"{url}/campaigns/{campaign.pk}/reconcile/")
    county_row = page.locator(f"table.reconcile tr[data-org='{world.county.pk}']").inner_text()
    assert "2,500.00" in county_row and "97,500.00" in county_row

    # The member sees it paid.
    member.goto(f"{url}/aid/mine/")
    card = member.locator(f"article.application[data-id='{application.pk}']")
    assert card.get_attribute("data-status") == "paid"
    assert "2,500.00" in member.locator("p.payment.paid").inner_text()
    assert member.evaluate("document.documentElement.scrollWidth") <= 390
