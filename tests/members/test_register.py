"""The member register: one declaration (members.lists.MEMBERS) for page, API and export."""

import csv
import io

from gonghui.members.lists import MEMBERS

from ..factories import make_member


def _csv(response):
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_page_api_and_export_answer_the_same_filter_and_sort(world, as_user):
    make_member(world.grassroots, "张三", joined_on="2019-01-01")
    make_member(world.grassroots, "李四", work_kind="courier", joined_on="2021-01-01")
    make_member(world.sibling_grassroots, "王五", work_kind="courier", joined_on="2018-01-01")
    client = as_user(world.city_leader)
    query = "work_kind=courier&sort=joined"
    api = [m["name"] for m in client.get(f"/api/v1/members?{query}").json()["items"]]
    rows = _csv(client.get(f"/members/?{query}&export=csv"))
    page = client.get(f"/members/?{query}").content.decode()
    assert api == ["王五", "李四"]
    assert [r[1] for r in rows[1:]] == ["王五", "李四"]
    assert page.index("王五") < page.index("李四") and "张三" not in page
    # The export has every declared column, as before; the page those marked for it.
    assert rows[0] == [str(c.label) for c in MEMBERS.columns]
    assert rows[0][:3] == ["会员编号", "名称", "性别"] and len(rows[0]) == 10
    assert "<th>性别</th>" not in page
    for key in MEMBERS.sorts:
        assert f'value="{key}"' in page
        assert client.get(f"/api/v1/members?sort={key}").status_code == 200


def test_a_bad_value_is_an_error_on_the_api_and_no_filter_on_the_page(world, as_user):
    make_member(world.grassroots, "张三")
    client = as_user(world.city_leader)
    for bad in ("work_kind=astronaut", "joined_from=2024-13-01", "sort=password", "union_id=x"):
        assert client.get(f"/api/v1/members?{bad}").status_code == 422, bad
        page = client.get(f"/members/?{bad}")
        assert page.status_code == 200 and "张三" in page.content.decode(), bad


def test_the_old_union_parameter_still_filters_the_page(world, as_user):
    make_member(world.grassroots, "张三")
    make_member(world.sibling_grassroots, "王五")
    page = as_user(world.city_leader).get(f"/members/?union={world.grassroots.pk}")
    assert "张三" in page.content.decode() and "王五" not in page.content.decode()
    api = as_user(world.city_leader).get(f"/api/v1/members?union_id={world.grassroots.pk}")
    assert [m["name"] for m in api.json()["items"]] == ["张三"]
