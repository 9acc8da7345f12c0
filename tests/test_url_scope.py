"""Every route that takes an object id is tried by the scope matrix, or is allowed here.

The routes come from the URLconf (pages) and from the API's routers (each method of each
path), those whose path takes an integer parameter; which of them the matrix tries is
found by making each registered thing once and resolving every URL its reads, listings
and writes build (tests/scope.py). A route added without its scope registration fails
here, with its name.
"""

import inspect
import re
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter

from gonghui.core.api import api

from .scope import REGISTRY

# Routes that take an id but need no place in the matrix, with the reason.
ALLOWED: dict[str, str] = {
    "/stations/photos/<int:photo_id>": "public: a worker who finds an open position sees its "
    "photos (stations.selectors.photo_public); the matrix tries the page that removes one",
    "/aid/consents/<int:consent_id>/withdraw/": "the member withdraws their own consent from "
    "their aid page, which answers every refusal alike (a redirect, nothing changed); the "
    "API's POST /api/v1/aid/consents/{consent_id}/withdraw is in the matrix",
    "/me/id-consent/<int:consent_id>/withdraw/": "the worker withdraws their own consent to "
    "process their ID number (members.services.id_consent_withdraw: anyone else's answers "
    "404, nothing changed, tested in tests/members/test_join_pickers.py); not scoped to a union",
    "/me/surveys/<int:survey_id>/": "a member answers a survey of a federation above their "
    "union (communication.selectors.survey_for_member: 404 to anyone else, tested in "
    "tests/communication/test_surveys.py); no persona of the matrix is a member",
    "/me/messages/<int:receipt_id>/": "a member reads their own copy of a message "
    "(communication.selectors.my_receipt: 404 to anyone else, staff of the union too; tested "
    "in tests/communication/test_messages.py); no persona of the matrix is a member",
    "/me/messages/<int:receipt_id>/read/": "a member marks their own copy read "
    "(communication.services.message_mark_read: 404 to anyone else, nothing changed; tested "
    "in tests/communication/test_messages.py)",
    "/jobs/posts/<int:post_id>/": "a worker reads an open post of their province's pool on "
    "their phone (employment.selectors.post_for_seeker: 404 to anyone without a seeker record, "
    "staff too; tests/employment/test_applications.py); no persona of the matrix is a seeker",
    "/jobs/posts/<int:post_id>/apply/": "the worker applies for themselves "
    "(employment.services.application_apply: their own record only; refusals tested in "
    "tests/employment/test_applications.py)",
    "/jobs/applications/<int:application_id>/withdraw/": "the worker withdraws their own "
    "application (application_withdraw: 404 to anyone else, nothing changed; tested in "
    "tests/employment/test_applications.py)",
    "POST /api/v1/employment/applications/{application_id}/withdraw": "as the page "
    "/jobs/applications/<id>/withdraw/",
    "/news/<int:org_id>/": "public: a federation's news page lists the items it adopted",
    "/news/<int:org_id>/<int:item_id>/": "public: an adopted item on its federation's news "
    "page (404 for one not adopted or adopted by another); the matrix tries the staff pages",
    "/me/works/entries/<int:entry_id>/like/": "a member likes a selected work of a campaign "
    "above their union, once (communication.services.entry_like: 404 to anyone else, tested "
    "in tests/communication/test_works.py); no persona of the matrix is a member",
    "/works/<int:campaign_id>/entries/": "the page's form offers only the units the user acts "
    "for (a unit not offered: 400, the form's own refusal); POST /api/v1/works/{campaign_id}/"
    "entries, the same service, is in the matrix",
    "/welfare/plans/<int:plan_id>/enrol/": "enrols every member of a union's subtree not yet "
    "covered (a second try finds none: 400); the rule, a union under the plan's federation "
    "that the actor writes at, is tested in tests/welfare/test_insurance.py",
    "POST /api/v1/welfare/plans/{plan_id}/enrol": "as the page /welfare/plans/<id>/enrol/",
    # welfare items 2-4: each write checks the union the actor writes at and the member in
    # its subtree (welfare.services); refusals tested in tests/welfare/test_programs.py. The
    # API's routes of the same services are in the matrix (tests/welfare/scope.py); a page
    # answers every refusal alike, a redirect with the message, nothing changed.
    "/welfare/health/<int:program_id>/book/": "books a member of the actor's unions "
    "(screening_book: a stranger answers not found, nothing written; tests/welfare/test_programs.py)",
    "/welfare/screenings/<int:screening_id>/record/": "screening_result: get_visible_or_404 "
    "with write=True; the screening's own read routes are in the matrix",
    "/welfare/screenings/<int:screening_id>/result/": "screening_result_read: "
    "get_visible_or_404(write=True, own=True), each read logged (tests/welfare/test_programs.py)",
    "/welfare/rest/<int:program_id>/quota/": "rest_quota_set: only the program's federation, "
    "to a union under it (tests/welfare/test_programs.py)",
    "/welfare/rest/<int:program_id>/select/": "rest_select: a union with places, its own "
    "members only (tests/welfare/test_programs.py)",
    "/welfare/rest/<int:program_id>/trip/": "rest_trip_record: the union's own selections, "
    "each once (tests/welfare/test_programs.py)",
    # A confidential session is no union's record: only the worker and the counsellor see
    # it, every one else (any staff, however high) gets 404 (tests/welfare/test_programs.py); the matrix's personas
    # place things at unions, which a session has none of.
    "/welfare/counselling/<int:session_id>/": "the counsellor's own session (tests/welfare/test_programs.py)",
    "/welfare/counselling/<int:session_id>/held/": "the counsellor marks their own session",
    "/welfare/mine/sessions/<int:session_id>/": "the worker's own session (tests/welfare/test_programs.py)",
    "GET /api/v1/welfare/sessions/{session_id}": "the worker's or counsellor's own session",
    "POST /api/v1/welfare/sessions/{session_id}/held": "the counsellor's own session",
    "/welfare/mine/screenings/<int:screening_id>/result/": "the member reads their own "
    "result (own=True, logged; tests/welfare/test_programs.py)",
}


def _pages(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            # The admin is Django's own, with its own permission checks (and the scoped
            # ScopedReadOnlyAdmin); the API is walked through its routers below.
            if str(p.pattern) not in ("admin/", "api/v1/"):
                yield from _pages(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            if any(isinstance(c, IntConverter) for c in p.pattern.converters.values()):
                yield "/" + prefix + str(p.pattern)


def _api_routes():
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            full = "/api/v1/" + (prefix.strip("/") + "/" + path.lstrip("/")).strip("/")
            for operation in view.operations:
                params = inspect.signature(operation.view_func).parameters
                names = re.findall(r"{(?:\w+:)?(\w+)}", path)
                if any(params[n].annotation is int for n in names if n in params):
                    for method in operation.methods:
                        yield f"{method} {full}"


def id_routes() -> set[str]:
    return set(_pages(get_resolver().url_patterns)) | set(_api_routes())


def route_of(method: str, url: str) -> str:
    """The route a URL resolves to: `GET /api/v1/orgs/{org_id}` or `/orgs/<int:org_id>/`;
    a URL that resolves to none is named as it is, `stale: POST /x/1/`."""
    try:
        route = resolve(urlsplit(url).path).route
    except Resolver404:
        return f"stale: {method.upper()} {url}"
    if route.startswith("api/v1/"):  # ninja's {name} became Django's <name>
        return f"{method.upper()} /" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
    return "/" + route


def exercised(world) -> set[str]:
    """The routes the matrix tries, found by building its URLs for one object of each thing."""
    routes = set()
    for thing in REGISTRY:
        obj = thing.make(world, world.county)
        for read in thing.reads:
            routes.add(route_of("GET", read.url(obj)))
        for listing in thing.listings:
            routes.add(route_of("GET", listing.url(obj)))
        for write in thing.writes:
            routes.add(route_of(write.method, write.url(obj)))
    return routes


@pytest.mark.one_db
def test_the_walk_finds_the_id_routes():
    # Guards against a walk that silently finds nothing.
    assert {
        "/orgs/<int:org_id>/",
        "GET /api/v1/orgs/{org_id}",
        "PATCH /api/v1/orgs/{org_id}",
        "DELETE /api/v1/activities/{activity_id}",
    } <= id_routes()
    assert not any(r.startswith("/admin/") for r in id_routes())
    assert not any("{key}" in r and "org_id" not in r for r in id_routes())  # figure keys
    assert set(ALLOWED) <= id_routes(), sorted(set(ALLOWED) - id_routes())


@pytest.mark.one_db
def test_every_id_route_is_in_the_scope_matrix(world):
    routes = exercised(world)
    stale = sorted(r for r in routes if r.startswith("stale: "))
    assert not stale, "URLs registered in tests/scope.py that match no route:\n  " + "\n  ".join(
        stale
    )
    missing = id_routes() - routes - set(ALLOWED)
    assert not missing, (
        "routes that take an object id but are not tried by the scope matrix; register a "
        "Read, Listing or Write for each in tests/scope.py (or allow it in "
        "tests/test_url_scope.py with the reason):\n  " + "\n  ".join(sorted(missing))
    )


# Writes once allowed above and now tried by the matrix: they must stay out of ALLOWED.
MOVED_TO_THE_MATRIX = {
    "POST /api/v1/welfare/health-programs/{program_id}/screenings",
    "POST /api/v1/welfare/screenings/{screening_id}/record",
    "POST /api/v1/welfare/screenings/{screening_id}/result",
    "POST /api/v1/welfare/rest-programs/{program_id}/quotas",
    "POST /api/v1/welfare/rest-programs/{program_id}/select",
    "POST /api/v1/welfare/rest-programs/{program_id}/trips",
}


@pytest.mark.one_db
def test_the_welfare_program_writes_are_tried_by_the_matrix(world):
    """Before: these six writes were allowed here and never tried across districts."""
    assert not MOVED_TO_THE_MATRIX & set(ALLOWED)
    names = {"welfare health program", "welfare screening", "welfare screening's result"}
    tried = set()
    for thing in REGISTRY:
        if thing.name in names | {"welfare rest program"}:
            obj = thing.make(world, world.county)
            tried |= {route_of(write.method, write.url(obj)) for write in thing.writes}
    assert MOVED_TO_THE_MATRIX <= tried, sorted(MOVED_TO_THE_MATRIX - tried)
