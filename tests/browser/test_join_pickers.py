"""A rider whose employer is not on file joins on a 360-pixel phone with the pickers, sees
the union before sending, and finds the consent to process the ID number on /me/. (The
confirm step without JavaScript: tests/members/test_join_pickers.py.)"""

import pytest

from gonghui.members.models import IdConsent, JoinRequest

from ..factories import OrgKind, id_number, make_org

pytestmark = [pytest.mark.browser, pytest.mark.one_db, pytest.mark.django_db(transaction=True)]

JOINT = "和平区快递外卖联合工会"


@pytest.fixture
def narrow_phone(browser):
    """The smallest phone in common use: 360 CSS pixels wide."""

    def open_page(javascript: bool = True):
        context = browser.new_context(
            locale="zh-CN",
            viewport={"width": 360, "height": 740},
            is_mobile=True,
            has_touch=True,
            java_script_enabled=javascript,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    contexts: list = []
    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def joint(world):
    return make_org(JOINT, OrgKind.JOINT, world.county, "210102", takes_in=["delivery_rider"])


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_rider_with_no_employer_on_file_joins_with_the_pickers(
    world, joint, live_server, narrow_phone
):
    rider = narrow_phone()
    rider.goto(f"{live_server.url}/join/")
    rider.fill("input[name=name]", "刘洋")
    rider.fill("input[name=id_number]", id_number(birth="19830515"))
    rider.fill("input[name=phone]", "+86 137-1234-5678")
    rider.select_option("select[name=work_kind]", "delivery_rider")

    # The place, step by step: province → city → county.
    rider.click("button[data-browse]")
    rider.click("#place-list li:has-text('辽宁省')")
    rider.click("#place-list li:has-text('沈阳市')")
    assert _fits(rider)
    rider.click("#place-list li:has-text('和平区')")
    assert rider.input_value("input[name=region_text]") == "辽宁省 沈阳市 和平区"
    assert rider.input_value("input[name=region]") == "210102"
    # Searching by initials finds it too.
    rider.fill("input[name=region_text]", "syhp")
    rider.click("#place-list li:has-text('沈阳市 和平区')")
    assert rider.input_value("input[name=region]") == "210102"

    # The employer: the station is not on file; the rider says so.
    rider.fill("input[name=employer_text]", "蜂鸟配送和平站")
    rider.click("#employer-list li:has-text('不在列表中')")
    assert rider.is_checked("input[name=employer_not_on_file]")
    assert rider.locator("input[name=employer_credit_code]").is_visible()

    # The union, named before sending.
    rider.wait_for_selector(".union-preview.found")
    assert JOINT in rider.locator(".union-preview").inner_text()

    rider.check("input[name=privacy]")
    rider.check("input[name=id_consent]")
    rider.fill("input[name=password]", "riders-own-passphrase")
    assert _fits(rider)
    rider.click("button[type=submit]")
    rider.wait_for_url("**/me/")
    assert JOINT in rider.locator(".request").first.inner_text()
    join = JoinRequest.objects.get()
    assert join.employer is None and join.employer_name == "蜂鸟配送和平站"
    assert join.birth_date.year == 1983

    # On /me/ the consent is there to read and to withdraw.
    consents = rider.locator("section.id-consents")
    assert "有效" in consents.inner_text() and _fits(rider)
    consents.locator("details.withdraw summary").click()
    consents.locator("button[type=submit]").click()
    rider.wait_for_url("**/me/")
    assert "身份证号码已删除" in rider.locator(".msg").inner_text()
    assert IdConsent.objects.get().withdrawn_at is not None
