"""Printing (issue 12 item 8): every detail page and list prints on A4 without the
navigation, with the reader's organization and the date in a header line."""

import re
from datetime import date

import pytest

from ..factories import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.one_db, pytest.mark.django_db(transaction=True)]


def _login(page, url):
    page.goto(f"{url}/login/")
    page.fill("input[name=username]", "cadre")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")


@pytest.mark.parametrize("path", ["/orgs/", "/orgs/{org}/", "/workplans/"])
def test_pages_print_on_a4_without_navigation(world, live_server, page, path):
    _login(page, live_server.url)
    org = world.cadre.active_roles[0].organization
    page.goto(live_server.url + path.format(org=org.pk))
    # On screen: navigation shown, the print header not.
    assert page.locator("header.top").is_visible()
    assert not page.locator(".print-header").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    assert not page.locator("nav.nav").is_visible()
    assert not page.locator("footer.foot").is_visible()
    assert all(not f.is_visible() for f in page.locator("form.filters").all())
    header = page.locator(".print-header")
    assert header.is_visible()
    text = header.inner_text()
    assert org.name in text and date.today().isoformat() in text
    assert page.locator("main h1").first.is_visible()
    # A4: the PDF Chromium prints is 595 × 842 points.
    pdf = page.pdf(prefer_css_page_size=True)
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert box is not None
    width, height = float(box.group(1)), float(box.group(2))
    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2
