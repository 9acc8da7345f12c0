"""The home page shows a cadre what waits for them (issue 11 item 6): each to-do with its
count and age, linked to the filtered list, where several join requests are approved in one
batch; a reader sees no action buttons (item 7)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.members.models import JoinRequest, Membership

from ..factories import DEMO_PASSWORD, make_join_request

pytestmark = [pytest.mark.browser, pytest.mark.one_db, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")


def test_cadre_follows_a_todo_from_home_and_approves_a_batch(world, live_server, page):
    first = make_join_request(world.grassroots, "李娜")
    make_join_request(world.grassroots, "王芳")
    make_join_request(world.grassroots, "陈静")
    JoinRequest.objects.filter(pk=first.pk).update(submitted_at=timezone.now() - timedelta(days=4))

    login(page, live_server, "cadre")
    todo = page.locator("[data-todo='members.join_requests']")
    assert "3" in todo.locator(".count").inner_text()
    assert "待审核的入会申请" in todo.inner_text() and "4 天" in todo.inner_text()
    todo.locator("a").click()
    page.wait_for_url("**/members/requests/?status=pending")

    for name in ("李娜", "王芳"):
        page.locator("table.requests tbody tr", has_text=name).locator("input[name=ids]").check()
    page.locator("#batch button[value=approve]").click()
    assert "已处理 2 份申请" in page.locator(".msg").inner_text()
    assert Membership.objects.filter(union=world.grassroots).count() == 2

    page.goto(f"{live_server.url}/")
    assert "1" in page.locator("[data-todo='members.join_requests'] .count").inner_text()
