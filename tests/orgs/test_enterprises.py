import json

import pytest

from gonghui.orgs.models import Enterprise

from ..factories import credit_code


def _payload(world, **over):
    return {
        "name": "沈阳新松精密机械有限公司",
        "credit_code": credit_code("91"),
        "industry": "C",
        "ownership": "private",
        "size": "medium",
        "employees": 320,
        "region": "210102",
        "keeper_id": world.township.pk,
        **over,
    }


def test_create_and_filter(world, as_user):
    client = as_user(world.county_staff)
    response = client.post(
        "/api/v1/enterprises", data=json.dumps(_payload(world)), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    found = client.get("/api/v1/enterprises?q=syxsjm&industry=C").json()
    assert [e["name"] for e in found["items"]] == ["沈阳新松精密机械有限公司"]
    assert client.get("/api/v1/enterprises?region=210100").json()["count"] == 2
    assert client.get("/api/v1/enterprises?region=210103").json()["count"] == 0


@pytest.mark.parametrize(
    "over,field",
    [
        ({"credit_code": "91210102MA0000001A"}, "credit_code"),
        ({"credit_code": "123"}, "credit_code"),
        ({"employees": -5}, "employees"),
        ({"employees": "many"}, "employees"),
        ({"size": "huge"}, "size"),
        ({"region": "999999"}, "region"),
        ({"keeper_id": 10**9}, "keeper_id"),
    ],
)
def test_bad_enterprise_refused(world, as_user, over, field):
    before = Enterprise.objects.count()
    response = as_user(world.county_staff).post(
        "/api/v1/enterprises",
        data=json.dumps(_payload(world, **over)),
        content_type="application/json",
    )
    assert 400 <= response.status_code < 500
    assert field in response.json()["fields"]
    assert Enterprise.objects.count() == before


def test_export_excel_and_csv(world, as_user):
    client = as_user(world.county_staff)
    xlsx = client.get("/enterprises/?export=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(xlsx.getvalue())).active.values)
    assert len(rows) == 2 and rows[1][1] == "沈阳华晨机械有限公司"
    csv_body = client.get("/orgs/?export=csv&kind=grassroots").getvalue().decode("utf-8-sig")
    assert csv_body.splitlines()[1].split(",")[1] == "沈阳华晨机械有限公司工会委员会"
