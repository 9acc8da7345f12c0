"""403, 404 and 500 pages: styled, in the user's language, saying what to do next
(issue 11 item 7); the API keeps its JSON errors."""

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import get_template
from django.urls import path

from gonghui.urls import urlpatterns as site_urls

# Headers, templates and error pages: the database engine plays no part.
pytestmark = pytest.mark.one_db


def _forbidden(request):
    raise PermissionDenied


def _broken(request):
    raise RuntimeError("boom")


# The site's addresses and two that fail, for the tests marked urls(__name__).
urlpatterns = [*site_urls, path("test-forbidden/", _forbidden), path("test-broken/", _broken)]


def test_a_member_opening_a_staff_page_gets_the_styled_404_in_chinese(world, client):
    client.force_login(world.member)
    response = client.get("/members/")
    assert response.status_code == 404
    page = response.content.decode()
    assert (
        '<header class="top">' in page and "我的工会" in page
    )  # the site's header, a member's menu
    assert "页面不存在" in page and "该页面不存在，或者您的账号无权打开。" in page
    assert "请联系本单位工会的管理员" in page and "回到首页" in page
    assert "Not Found" not in page


def test_a_read_only_role_refused_an_action_gets_the_page_in_english_when_chosen(world, client):
    client.force_login(world.auditor)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/members/import/")  # the auditor reads; importing writes
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Page not found</h1>" in page
    assert "administrator to give your account the role it needs" in page
    assert "Go to the home page" in page


def test_an_unknown_address_tells_a_visitor_to_log_in(db, client):
    page = client.get("/no-such-page/").content.decode()
    assert "页面不存在" in page and 'href="/login/' in page


@pytest.mark.urls(__name__)
def test_permission_denied_gets_the_styled_403(world, client):
    client.force_login(world.member)
    response = client.get("/test-forbidden/")
    assert response.status_code == 403
    page = response.content.decode()
    assert '<header class="top">' in page and "无权操作" in page
    assert "您的账号无权在此进行这项操作。" in page and "返回上一页" in page


@pytest.mark.urls(__name__)
def test_a_server_error_gets_the_standalone_page_in_both_languages(world, client):
    client.raise_request_exception = False
    client.force_login(world.member)
    response = client.get("/test-broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "服务器出错了" in page and "Server error" in page
    assert "请联系本单位工会的管理员" in page and "your union's administrator" in page


def test_the_500_page_needs_no_context_and_no_database():
    # No db fixture: pytest-django refuses any query, so rendering proves it needs none.
    page = get_template("500.html").render()
    assert "{%" not in page and "{{" not in page and "服务器出错了" in page


def test_the_api_keeps_its_json_errors(world, client):
    client.force_login(world.member)
    for url in ("/api/v1/members", "/api/v1/no-such-route"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("application/json"), url
        assert response.json()["code"] == "not_found", url
