"""Browser tests of employment services: a job seeker on a phone sees open posts near them
and agrees to be matched; a cadre recommends a matched post and records a placement."""

import os
from datetime import date

import pytest

from gonghui.employment import services
from gonghui.employment.models import Placement, Service

from ..factories import DEMO_PASSWORD, make_member

pytestmark = [pytest.mark.browser, pytest.mark.one_db, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("GONGHUI_SCREENSHOTS")  # a folder to keep screenshots in, if set


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def _job(world):
    return services.post_create(
        actor=world.province_staff,
        union_id=world.county.pk,
        title="数控车工",
        employer_name="沈阳华晨机械有限公司",
        trade="production",
        region_code="210102",
        pay_min=450_000,
        pay_max=650_000,
        headcount=5,
        opened_on=date(2022, 4, 12),
    )


def test_seeker_on_a_phone_sees_posts_and_agrees_to_matching(world, live_server, phone_page):
    job = _job(world)
    membership = make_member(world.grassroots, "吴芳", user=world.member)
    seeker = services.seeker_create(
        actor=world.cadre,
        union_id=world.grassroots.pk,
        name="",
        person_id=membership.person.pk,
        group="changing_post",
        trades=["production"],
        region_code="210100",
        registered_on=date(2022, 4, 1),
    )
    page = phone_page
    _login(page, live_server, "13900000001")
    page.goto(f"{live_server.url}/jobs/")
    assert job.title in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, "employment-mine-phone")
    page.click("form button[type=submit] >> nth=-1")  # the consent button
    page.wait_for_url(f"{live_server.url}/jobs/")
    seeker.refresh_from_db()
    assert seeker.has_consented
    assert page.locator("#near ul.rows").inner_text().startswith(job.title)


def test_cadre_recommends_and_records_a_placement(world, live_server, page):
    job = _job(world)
    seeker = services.seeker_create(
        actor=world.cadre,
        union_id=world.grassroots.pk,
        name="周敏",
        group="veteran",
        trades=["production"],
        region_code="210100",
        consented=True,
        registered_on=date(2022, 4, 1),
    )
    _login(page, live_server, "cadre")
    page.goto(f"{live_server.url}/employment/seekers/{seeker.pk}/")
    row = page.locator(f"li[data-id='{job.pk}']")
    assert job.employer_name in row.inner_text()
    row.locator("button").click()
    page.wait_for_url(f"**/employment/seekers/{seeker.pk}/")
    assert Service.objects.get().kind == "recommendation"
    form = page.locator("form[action$='/placements/']")
    form.locator("input[name=post]").fill(str(job.pk))
    form.locator("input[name=placed_on]").fill("2022-05-01")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/employment/seekers/{seeker.pk}/")
    assert Placement.objects.get().employer_name == job.employer_name
    assert page.locator("form[action$='/check/']").count() == 0  # not by who recorded it


@pytest.mark.parametrize("born", [date(1958, 3, 2), date(2001, 9, 18)])
def test_worker_on_a_phone_registers_applies_and_follows_the_answer(
    world, live_server, phone_page, born
):
    """A worker with no seeker record, born in 1958 or in 2001: registers in a few fields,
    finds the post in their trade near them, applies with consent, and sees the status
    the union's cadre gives the application."""
    from gonghui.employment.models import Application, Seeker

    job = _job(world)
    membership = make_member(world.grassroots, "吴芳", user=world.member)
    membership.person.birth_date = born
    membership.person.save(update_fields=["birth_date"])
    page = phone_page
    _login(page, live_server, "13900000001")
    page.goto(f"{live_server.url}/jobs/")
    page.locator("select[name=group]").select_option(index=1)
    page.check("input[name=trades][value=production]")
    page.check("input[name=consented]")
    page.click("form[action$='/jobs/register/'] button[type=submit]")
    page.wait_for_url(f"{live_server.url}/jobs/")
    assert Seeker.objects.get().person_id == membership.person_id
    near = page.locator("#near")
    assert job.title in near.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    near.locator(f"li[data-id='{job.pk}'] a").click()
    page.check("input[name=consented]")
    page.click("form[action$='/apply/'] button[type=submit]")
    page.wait_for_url(f"{live_server.url}/jobs/**")
    application = Application.objects.get()
    assert application.post_id == job.pk and application.status == "applied"
    _shot(page, f"employment-applied-{born.year}")
    services.application_advance(actor=world.cadre, application_id=application.pk, status="seen")
    page.goto(f"{live_server.url}/jobs/")
    mine = page.locator(f"#applications li[data-id='{application.pk}']")
    assert job.title in mine.inner_text()
    assert mine.locator(".status").inner_text() == "用人单位已查看"
