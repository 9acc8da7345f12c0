"""Coverage: 建会率 and 入会率 from the records; enterprises of 25+ workers without a union."""

import json

from gonghui.orgs.models import Enterprise
from gonghui.outreach import selectors
from tests.factories import EnterpriseFactory, make_member


def test_rates_by_size_count_the_records(world, as_user):
    Enterprise.objects.filter(pk=world.enterprise.pk).update(employees=40, size="small")
    bare = EnterpriseFactory(
        name="沈阳无工会物流有限公司", keeper=world.township, employees=60, size="small"
    )
    EnterpriseFactory(name="沈阳小微商店", keeper=world.township, employees=8, size="micro")
    for i in range(3):
        m = make_member(world.grassroots, f"职工{i}")
        m.person.employer = world.enterprise
        m.person.save()
    rows = {r["key"]: r for r in selectors.coverage(actor=world.county_staff, by="size")}
    small = rows["small"]
    assert (small["enterprises"], small["unionized"], small["workers"], small["members"]) == (
        2,
        1,
        100,
        3,
    )
    assert small["union_rate"] == 50.0 and small["member_rate"] == 3.0
    assert rows["micro"]["unionized"] == 0
    # the sibling county sees none of it
    assert selectors.coverage(actor=world.sibling_staff, by="size") == []
    client = as_user(world.county_staff)
    page = client.get("/outreach/coverage/").content.decode()
    assert "50.0" in page
    listed = client.get("/api/v1/outreach/enterprises-without-union").json()["items"]
    assert [e["id"] for e in listed] == [bare.pk]  # 25+ workers and no union; the shop is small
    listed = client.get("/api/v1/outreach/enterprises-without-union?min_workers=5").json()["items"]
    assert len(listed) == 2
    page = client.get("/outreach/enterprises-without-union/").content.decode()
    assert "沈阳无工会物流有限公司" in page and "沈阳小微商店" not in page
    r = client.get("/api/v1/outreach/enterprises-without-union?min_workers=many")
    assert r.status_code == 422
    assert (
        as_user(world.sibling_staff)
        .get("/api/v1/outreach/enterprises-without-union")
        .json()["items"]
        == []
    )
    assert json.dumps(listed)  # plain JSON
