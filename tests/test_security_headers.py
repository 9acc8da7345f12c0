"""What the browser is told a page may do (issue 22 item 8).

Every page carries a Content-Security-Policy that allows scripts from this site only, so
no page may hold an inline script or an inline event handler: the walk below renders every
page that takes no argument, as a member and as province staff, and reads the HTML.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gonghui.core.security import CONTENT_SECURITY_POLICY

# Headers, templates and error pages: the database engine plays no part.
pytestmark = pytest.mark.one_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def _plain_pages() -> list[str]:
    """Every page URL without an argument (the admin and the API have their own rules)."""
    urls = []

    def walk(patterns, prefix=""):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                if not route.startswith(("admin/", "api/", "i18n/")):
                    walk(p.url_patterns, route)
            elif isinstance(p, URLPattern) and "<" not in route and p.name:
                urls.append("/" + route)

    walk(get_resolver().url_patterns)
    return sorted(set(urls))


def test_a_page_says_what_it_may_load_and_do(world, as_user):
    response = as_user(world.county_staff).get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert csp == CONTENT_SECURITY_POLICY
    assert (
        "script-src 'self'" in csp
        and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["Permissions-Policy"].startswith("geolocation=()")
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_only_the_station_finder_may_ask_for_the_position(db, client):  # it lists the cities
    finder = client.get(reverse("station-nearest"))
    assert finder.status_code == 200
    assert finder["Permissions-Policy"].startswith("geolocation=(self)")
    assert client.get(reverse("login"))["Permissions-Policy"].startswith("geolocation=()")


def test_hsts_when_served_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize("persona,at_least", [("member", 5), ("province_staff", 20)])
def test_no_page_holds_an_inline_script_or_handler(world, as_user, persona, at_least):
    client = as_user(getattr(world, persona))
    pages = _plain_pages()
    assert len(pages) > 20
    looked = 0
    for url in pages:
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        looked += 1
        assert not INLINE_SCRIPT.search(html), (url, INLINE_SCRIPT.search(html))
        assert not INLINE_HANDLER.search(html), (url, INLINE_HANDLER.search(html))
    assert looked >= at_least  # the walk reached the pages this persona uses
