"""A signed-in member with no role is an outsider to every staff page and staff list.

The walk covers every page of the URLconf and every GET operation of the API that takes
no id in its path; anything not on the short allow-lists below must answer 404, as
anything outside the caller's scope does (pages: accounts.decorators.staff_required;
API: auth=STAFF, core/api.py). A staff list added later without its guard fails here.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from gonghui.core.api import api

# Pages a member (or anyone) may open; all else answers a member 404.
MEMBER_PAGES = {
    "/": "home: sends a member to their own page",
    "/login/": "logging in",
    "/login/verify/": "logging in",
    "/login/enroll/": "logging in",
    "/logout/": "logging out (POST only)",
    "/i18n/setlang/": "choosing the language",
    "/api/docs": "the API's description, no data",
    "/join/": "joining online",
    "/join/places.json": "the join form's place picker: public GB/T 2260 divisions",
    "/join/employers.json": "the join form's employer picker: names of enterprises on file",
    "/join/union.json": "the join form shows which union would take the request",
    "/me/": "the member's own page",
    "/me/card/": "own card",
    "/card/verify/": "anyone checks a scanned membership card",
    "/aid/mine/": "own aid applications",
    "/aid/apply/": "applying for aid",
    "/stations/nearest/": "workers find the nearest service position",
    "/aid/notices/": "anyone reads the public notice of aid (公示), names masked",
    "/aid/notices/object/": "one signed in objects to aid on public notice (POST only)",
    "/my/contests/": "a worker's own skills-contest entries and the contests open to them",
    "/my/proposals/": "a worker's own rationalization proposals",
    "/honours/mine/": "the nominee's own honour nominations",
    "/honours/notice/": "anyone reads the public notice of honour nominations, names masked",
    "/honours/notice/object/": "anyone objects to a nomination on public notice (POST only)",
    "/jobs/": "a job seeker's own status, consent and the posts matched to them",
    "/jobs/register/": "a worker registers themself as a job seeker (POST only)",
    "/me/surveys/": "the surveys sent to the member, answered on the phone",
    "/me/works/": "the reading and essay works a member may like",
    "/me/messages/": "the member's own inbox: messages from their union, unread count",
    "/me/messages/read-all/": "the member marks all their own messages read (POST only)",
    "/me/messages/settings/": "the member chooses the categories they receive and SMS",
    "/rights/mine/": "a worker's own rights cases",
    "/rights/mine/new/": "a worker opens a rights case",
    "/welfare/mine/": "a member's own mutual-insurance cover and claims",
    "/welfare/mine/claims/new/": "a member files a claim on the phone",
    "/welfare/mine/sessions/new/": "a worker asks for a confidential counselling session",
    "/welfare/counselling/": "a counsellor's own sessions (a counsellor need not be staff)",
}
# API GET operations (no id in the path) a member may call.
MEMBER_API = {
    "/me": "the caller and their roles",
    "/members/mine": "own memberships",
    "/join-requests/mine": "own join requests",
    "/aid/applications/mine": "own aid applications",
    "/aid/consents/mine": "own consents",
    "/disbursements/mine": "payments to the caller",
    "/cards/verify": "public card check",
    "/stations/nearest": "public nearest-station search",
    "/rights/cases/mine": "the caller's own rights cases",
    "/welfare/mine": "the caller's own cover and claims",
    "/employment/applications/mine": "the caller's own job applications",
    "/welfare/sessions": "the caller's own counselling sessions (asked or held)",
}


def _pages(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _pages(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            if (
                "<" not in route
                and "(?P" not in route
                and not route.startswith(("api/v1/", "admin/", "static/", "media/"))
            ):
                yield "/" + route.lstrip("^").rstrip("$")


def _api_lists():
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            full = "/" + (prefix.strip("/") + "/" + path.lstrip("/")).strip("/")
            if "{" not in full and any("GET" in op.methods for op in view.operations):
                yield full


@pytest.fixture
def world(module_world, db):
    """The module's one world (every test here only reads); a test's writes are undone
    after it."""
    return module_world


PAGES = sorted(set(_pages(get_resolver().url_patterns)))
API_LISTS = sorted(set(_api_lists()))


def test_the_walk_finds_the_known_routes():
    # Guards against a walk that silently finds nothing.
    assert {"/members/", "/aid/", "/stations/map/points.json", "/join/"} <= set(PAGES)
    assert {"/members", "/aid/files", "/figures", "/me"} <= set(API_LISTS)
    assert set(MEMBER_PAGES) <= set(PAGES) and set(MEMBER_API) <= set(API_LISTS)


@pytest.mark.parametrize("url", [u for u in PAGES if u not in MEMBER_PAGES])
def test_staff_page_answers_a_member_404(world, client, url):
    client.force_login(world.member)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("path", [p for p in API_LISTS if p not in MEMBER_API])
def test_staff_api_answers_a_member_404_in_the_error_shape(world, client, path):
    client.force_login(world.member)
    response = client.get("/api/v1" + path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("path", ["/members", "/aid/files", "/stations", "/figures"])
def test_staff_still_see_their_lists_and_anonymous_callers_must_log_in(world, client, path):
    assert client.get("/api/v1" + path).status_code == 401
    client.force_login(world.cadre)
    assert client.get("/api/v1" + path).status_code == 200
