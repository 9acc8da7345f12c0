"""The organizations and enterprises lists: one declaration (orgs.lists) for the page, the
API and the export, so they answer one filter and one sort alike."""

import csv
import io

from gonghui.orgs.lists import ENTERPRISES, ORGS

from ..factories import EnterpriseFactory


def _csv(response):
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_organizations_page_api_and_export_agree(world, as_user):
    client = as_user(world.province_staff)
    query = "kind=county&sort=-name"
    api = [o["name"] for o in client.get(f"/api/v1/orgs?{query}").json()["items"]]
    rows = _csv(client.get(f"/orgs/?{query}&export=csv"))
    page = client.get(f"/orgs/?{query}").content.decode()
    assert api == ["沈河区总工会", "和平区总工会"]
    assert [r[1] for r in rows[1:]] == api
    assert page.index("沈河区总工会") < page.index("和平区总工会")
    assert ">沈阳市总工会</a>" not in page  # the city is no row: it is not a county
    assert rows[0] == [str(c.label) for c in ORGS.columns]
    # The parent is named, except above the reader's own subtree.
    assert [r[3] for r in rows[1:]] == ["沈阳市总工会", "沈阳市总工会"]
    county = _csv(as_user(world.county_staff).get("/orgs/?kind=county&export=csv"))
    assert [(r[1], r[3]) for r in county[1:]] == [("和平区总工会", "")]
    for key in ORGS.sorts:
        assert f'value="{key}"' in page
        assert client.get(f"/api/v1/orgs?sort={key}").status_code == 200


def test_enterprises_page_api_and_export_agree(world, as_user):
    EnterpriseFactory(name="沈阳大东建筑有限公司", keeper=world.county, employees=900)
    client = as_user(world.county_staff)
    query = "sort=-employees"
    api = [e["name"] for e in client.get(f"/api/v1/enterprises?{query}").json()["items"]]
    rows = _csv(client.get(f"/enterprises/?{query}&export=csv"))
    page = client.get(f"/enterprises/?{query}").content.decode()
    assert api[0] == "沈阳大东建筑有限公司" and len(api) == 2
    assert [r[1] for r in rows[1:]] == api
    assert page.index(api[0]) < page.index(api[1])
    assert rows[0] == [str(c.label) for c in ENTERPRISES.columns]
    # The page's old name of the keeper filter still filters.
    kept = client.get(f"/enterprises/?keeper={world.township.pk}").content.decode()
    assert "沈阳华晨机械有限公司" in kept and "沈阳大东建筑有限公司" not in kept
    assert client.get(f"/api/v1/enterprises?keeper_id={world.township.pk}").json()["count"] == 1
