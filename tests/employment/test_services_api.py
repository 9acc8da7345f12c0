"""The employment services list API pages by key (`after`): a service given is a row, and
they grow with the province beyond what offsets reach."""

from datetime import timedelta

from gonghui.core.cleaning import today
from gonghui.employment import services
from gonghui.employment.models import Service


def test_services_page_by_key_with_no_row_twice(world, as_user):
    for n in range(5):
        services.service_record(
            actor=world.county_staff,
            union_id=world.county.pk,
            kind="policy",
            channel="online",
            given_on=today() - timedelta(days=n),
        )
    services.service_record(  # the sibling county's: not on the county's pages
        actor=world.sibling_staff,
        union_id=world.sibling.pk,
        kind="policy",
        channel="online",
    )
    client = as_user(world.county_staff)
    pages, after = [], 0
    while after is not None:
        page = client.get(f"/api/v1/employment/services?limit=2&after={after}").json()
        assert page["count"] is None
        pages.append([row["id"] for row in page["items"]])
        after = page["next"]
    mine = sorted(Service.objects.filter(union=world.county).values_list("pk", flat=True))
    assert len(mine) == 5 and [len(p) for p in pages] == [2, 2, 1]
    assert sorted(pk for page in pages for pk in page) == mine  # none twice, none missed
    second = client.get(f"/api/v1/employment/services?limit=2&after={pages[0][-1]}").json()
    assert [row["id"] for row in second["items"]] == pages[1]
    assert not set(pages[0]) & set(pages[1])
    # the first pages by offset keep their count, newest first
    first = client.get("/api/v1/employment/services?limit=2").json()
    assert first["count"] == 5 and first["next"] is None
    assert [row["given_on"] for row in first["items"]] == [
        str(today()),
        str(today() - timedelta(days=1)),
    ]
