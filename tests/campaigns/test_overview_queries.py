"""The campaign overview asks the same number of queries however many unions hold the
campaign's money and however many people sent it: a province holds it in a hundred unions,
and the page once asked two queries per union and per allocation (229 on the demo)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.campaigns import services

from .helpers import make_campaign


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def _allocate(actor, campaign, source, target, amount=1_000_00):
    services.allocate(
        actor=actor,
        campaign_id=campaign.pk,
        from_org_id=source.pk,
        to_org_id=target.pk,
        amount=amount,
    )


def test_overview_queries_do_not_grow_with_holders_and_senders(world, as_user):
    campaign = make_campaign(world)
    _allocate(world.province_staff, campaign, world.province, world.county)
    client = as_user(world.province_staff)
    url = f"/campaigns/{campaign.pk}/"
    _queries(client, url)  # the session and the first caches
    few = _queries(client, url)

    _allocate(world.province_staff, campaign, world.province, world.city)
    _allocate(world.province_staff, campaign, world.province, world.sibling)
    _allocate(world.county_staff, campaign, world.county, world.township, 500_00)
    _allocate(world.sibling_staff, campaign, world.sibling, world.sibling_grassroots, 500_00)
    page = client.get(url).content.decode()
    # what the queries serve is on the page: the senders' signatures and the unions below
    assert "和平区总工会" in page and "沈阳沈河商贸有限公司工会委员会" in page
    assert "（沈河区总工会）" in page or "(沈河区总工会)" in page
    assert _queries(client, url) == few
