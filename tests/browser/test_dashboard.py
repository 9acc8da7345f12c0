"""Staff open the statistics dashboard: ECharts draws from local files, the tables list the
children, and a click on a child (row or bar) opens that child's own dashboard."""

import os

import pyotp
import pytest

from gonghui.core import crypto

from ..factories import DEMO_PASSWORD, make_member

SHOTS = os.environ.get("GONGHUI_SCREENSHOTS")  # a folder to keep screenshots in, if set
pytestmark = [pytest.mark.browser, pytest.mark.one_db, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user):
    secret = pyotp.random_base32()
    user.totp_cipher = crypto.encrypt(secret)
    user.save()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/login/verify/**")
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_dashboard_draws_charts_and_drills_down(world, live_server, page):
    for joined in ("2025-01-15", "2025-03-02", "2025-04-30"):
        make_member(world.grassroots, joined_on=joined)
    make_member(world.sibling_grassroots, joined_on="2025-03-20")
    outside = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url) if not r.url.startswith((live_server.url, "data:")) else None
        ),
    )
    _log_in(page, live_server, world.province_staff)

    page.click('nav.nav a[href="/reports/"]')  # the staff menu leads to the dashboard
    assert page.locator("h1").get_attribute("data-org") == str(world.province.pk)

    page.goto(f"{live_server.url}/reports/?org={world.city.pk}&year=2025&key=members.total")
    page.wait_for_selector("#chart-children canvas")
    assert page.evaluate("typeof window.echarts") == "object"
    assert page.locator("#chart-children").is_visible()
    page.wait_for_selector("#chart-trend canvas")
    rows = page.locator("table.children tbody tr")
    assert rows.count() == 2
    assert "和平区总工会" in rows.nth(0).inner_text() and "3" in rows.nth(0).inner_text()
    assert "沈河区总工会" in rows.nth(1).inner_text()
    assert outside == []  # nothing from a CDN

    # A click on the first bar opens 和平区's dashboard for the same year and figure.
    point = page.evaluate("""() => {
        const chart = echarts.getInstanceByDom(document.getElementById('chart-children'));
        const top = chart.convertToPixel({seriesIndex: 0}, [0, 3]);
        const bottom = chart.convertToPixel({seriesIndex: 0}, [0, 0]);
        return [top[0], (top[1] + bottom[1]) / 2];
    }""")
    with page.expect_navigation():
        page.locator("#chart-children canvas").click(position={"x": point[0], "y": point[1]})
    assert page.locator("h1").get_attribute("data-org") == str(world.county.pk)
    assert "year=2025" in page.url and "key=members.total" in page.url

    # Back at the city, a click on a child's row does the same.
    page.go_back()
    page.click("table.children >> text=沈河区总工会")
    page.wait_for_url(f"**/reports/?org={world.sibling.pk}*")
    assert page.locator("h1").get_attribute("data-org") == str(world.sibling.pk)
    assert "沈阳沈河商贸有限公司工会委员会" in page.locator("table.children").inner_text()


def test_the_staff_menu_opens_one_group_at_a_time(world, live_server, page):
    """Twenty menu entries in one row wrapped over three lines; they are grouped as seed
    004 groups the work, each group opening on a click, one at a time."""
    _log_in(page, live_server, world.province_staff)
    serving = page.locator("nav.nav details.nav-group", has_text="服务职工")
    assert not serving.locator('a[href="/aid/"]').is_visible()
    serving.locator("summary").click()
    assert serving.locator('a[href="/aid/"]').is_visible()
    organization = page.locator("nav.nav details.nav-group", has_text="组织建设")
    organization.locator("summary").click()
    assert organization.locator('a[href="/orgs/"]').is_visible()
    assert not serving.locator('a[href="/aid/"]').is_visible()  # the other one closed
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "menu.png"))
    page.locator("h1").click()  # a click elsewhere closes it
    assert not organization.locator('a[href="/orgs/"]').is_visible()
    organization.locator("summary").click()
    organization.locator('a[href="/orgs/"]').click()
    page.wait_for_url(f"{live_server.url}/orgs/")
