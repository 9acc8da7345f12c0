"""Honours end to end in Chromium: a grassroots cadre nominates a member on a phone, the
county, the city and the province review in turn (each with its second factor), the
nomination goes on public notice where anyone objects without logging in, the province
resolves the objection and awards the honour with its certificate number, and the
member sees it on their own page."""

from datetime import date, timedelta

import pytest

from gonghui.honours import services
from gonghui.honours.models import Nomination, Objection

from ..factories import make_member, make_user
from .test_school_aid import log_in, with_totp

pytestmark = [pytest.mark.browser, pytest.mark.one_db, pytest.mark.django_db(transaction=True)]


def decide(browser, url, n, username, secret, opinion):
    """One reviewer, in a browser of their own (kept: a second factor is used once)."""
    page = browser.new_context().new_page()
    log_in(page, url, username, secret)
    page.goto(f"{url}/honours/nominations/{n.pk}/")
    page.select_option("select[name=decision]", "approved")
    page.fill("textarea[name=opinion]", opinion)
    page.click("form[action$='/decide/'] button")
    page.wait_for_url(f"**/honours/nominations/{n.pk}/")
    return page


def test_nomination_passes_review_notice_and_award(world, live_server, phone_page, page):
    url = live_server.url
    w = world
    year = date.today().year
    scheme = services.scheme_create(
        actor=w.province_staff,
        owner_id=w.province.pk,
        kind="model_worker",
        level="provincial",
        title=f"{year}年辽宁省劳动模范和先进工作者评选",
        year=year,
        opens_on=date(year, 1, 1),
        closes_on=date(year, 12, 31),
        notice_days=5,
    )
    services.quota_set(
        actor=w.province_staff, scheme_id=scheme.pk, union_id=w.city.pk, people=3, collectives=1
    )
    membership = make_member(w.grassroots, "张晓明", user=w.member)
    city_staff = make_user("city_staff", "staff", w.city)
    checker = make_user("province_checker", "staff", w.province)
    secrets = {u.username: with_totp(u) for u in (w.county_staff, city_staff, checker)}

    # The cadre nominates the member on a phone.
    phone = phone_page
    log_in(phone, url, "cadre")
    phone.goto(f"{url}/honours/nominate/")
    phone.select_option("select[name=subject]", "person")
    phone.fill("input[name=member_number]", membership.number)
    phone.fill("input[name=employer]", "沈阳华晨机械有限公司")
    phone.fill("input[name=position]", "数控车工、高级技师")
    phone.select_option("select[name=category]", "frontline")
    phone.fill(
        "textarea[name=deeds]", "扎根数控加工一线二十年，攻克航空零件加工难题十二项，带徒四十余名。"
    )
    phone.click("form.stack button[type=submit]")
    phone.wait_for_url("**/honours/nominations/*/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    n = Nomination.objects.get()
    assert n.person == membership.person and n.status == "reviewing"
    assert "decide" not in phone.content()  # the cadre reviews nothing

    # County, city and province agree in turn.
    browser = page.context.browser
    decide(browser, url, n, "county_staff", secrets["county_staff"], "同意推荐")
    decide(browser, url, n, "city_staff", secrets["city_staff"], "同意推荐")
    page = decide(browser, url, n, "province_checker", secrets["province_checker"], "评审通过")
    n.refresh_from_db()
    assert n.status == "notice"

    # The public notice, read without logging in: the name masked; an objection.
    visitor = page.context.browser.new_context().new_page()
    visitor.goto(f"{url}/honours/notice/")
    card = visitor.locator(f"section.notice[data-id='{n.pk}']")
    assert "张*明" in card.inner_text() and "张晓明" not in visitor.content()
    card.locator("summary").click()
    card.locator("textarea[name=text]").fill("其带徒人数可能有误，请核实。")
    card.locator("button[type=submit]").click()
    visitor.wait_for_url("**/honours/notice/")
    assert Objection.objects.get().status == "open"
    visitor.context.close()

    # After the notice the province resolves the objection and awards the honour.
    Nomination.objects.filter(pk=n.pk).update(
        notice_from=date.today() - timedelta(days=6), notice_to=date.today() - timedelta(days=1)
    )
    page.goto(f"{url}/honours/nominations/{n.pk}/")
    assert page.locator("form[action$='/award/']").count() == 0  # an objection is open
    page.fill("input[name=resolution]", "经核实，带徒协议四十二份，属实。")
    page.click("form[action$='/resolve/'] button")
    page.wait_for_url(f"**/honours/nominations/{n.pk}/")
    page.fill("input[name=certificate_number]", f"辽劳模〔{year}〕0001号")
    page.click("form[action$='/award/'] button")
    page.wait_for_url(f"**/honours/nominations/{n.pk}/")
    assert f"辽劳模〔{year}〕0001号" in page.locator("#certificate").inner_text()
    n.refresh_from_db()
    assert n.status == "awarded"

    # The member sees the honour on their own page.
    member = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    log_in(member, url, "13900000001")
    member.goto(f"{url}/honours/mine/")
    assert scheme.title in member.content() and f"辽劳模〔{year}〕0001号" in member.content()
    member.context.close()
