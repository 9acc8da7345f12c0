"""Browser tests of a worker's contests and proposals on a phone (390 px wide)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.competitions import services
from gonghui.competitions.models import Contestant
from gonghui.innovation.models import Result

from ..factories import DEMO_PASSWORD, make_member, make_user

pytestmark = [pytest.mark.browser, pytest.mark.one_db, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, phone):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", phone)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda u: "/login/" not in u)


def test_worker_enters_a_contest_and_sends_a_proposal_on_a_phone(world, live_server, phone_page):
    worker = make_user("welder", phone="13900000099")
    make_member(world.grassroots, "李焊", user=worker)
    contest = services.competition_create(
        actor=world.county_staff,
        union_id=world.county.pk,
        kind="skills",
        title="和平区职工技能大赛",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=60),
    )
    event = services.event_create(
        actor=world.county_staff,
        competition_id=contest.pk,
        trade="焊工",
        round="county",
        held_on=timezone.localdate() + timedelta(days=30),
        open_for_entries=True,
    )
    page = phone_page
    _login(page, live_server, "13900000099")
    page.goto(f"{live_server.url}/my/contests/")
    page.locator(f'article.event[data-id="{event.pk}"] button[type=submit]').click()
    page.wait_for_url("**/my/contests/")
    entry = Contestant.objects.get(event=event, user=worker)
    assert page.locator(f'article.entry[data-id="{entry.pk}"]').get_attribute("data-status") == (
        "applied"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.goto(f"{live_server.url}/my/proposals/")
    page.fill("input[name=title]", "减少下料废料")
    page.fill("textarea[name=summary]", "下料前先排样，边角料集中回收")
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/my/proposals/")
    proposal = Result.objects.get(submitted_by=worker)
    assert page.locator(f'article.proposal[data-id="{proposal.pk}"]').is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
