"""The campaigns list is declared once (campaigns.lists.CAMPAIGNS): its page, its API route
and its export answer the same filters and sorts."""

import csv
import io

from gonghui.campaigns.lists import CAMPAIGNS

from .helpers import make_campaign


def _csv(response):
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_page_api_and_export_answer_the_same_filter_and_sort(world, as_user):
    make_campaign(world, name="送温暖甲", budget=300_00)
    make_campaign(world, name="送清凉乙", kind="summer", budget=100_00)
    make_campaign(world, name="送清凉丙", kind="summer", budget=200_00)
    client = as_user(world.province_staff)
    query = "kind=summer&sort=budget"
    api = [c["name"] for c in client.get(f"/api/v1/campaigns?{query}").json()["items"]]
    rows = _csv(client.get(f"/campaigns/?{query}&export=csv"))
    page = client.get(f"/campaigns/?{query}").content.decode()
    assert api == ["送清凉乙", "送清凉丙"]  # smallest budget first
    assert [r[1] for r in rows[1:]] == api
    assert page.index("送清凉乙") < page.index("送清凉丙") and "送温暖甲" not in page
    # The export has every declared column, the page those marked for it.
    assert rows[0] == [str(c.label) for c in CAMPAIGNS.columns]
    assert [r[6] for r in rows[1:]] == ["100.00", "200.00"]
    for key in CAMPAIGNS.sorts:
        assert f'value="{key}"' in page
        assert client.get(f"/api/v1/campaigns?sort={key}").status_code == 200


def test_a_bad_value_is_an_error_on_the_api_and_no_filter_on_the_page(world, as_user):
    make_campaign(world, name="送温暖甲")
    client = as_user(world.province_staff)
    for bad in ("kind=spring", "status=bogus", "sort=password"):
        assert client.get(f"/api/v1/campaigns?{bad}").status_code == 422, bad
        page = client.get(f"/campaigns/?{bad}")
        assert page.status_code == 200 and "送温暖甲" in page.content.decode(), bad
