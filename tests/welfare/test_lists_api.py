"""The enrolments and claims list APIs page by key (`after`): they grow with the province
(a row per member enrolled, per claim), beyond what offsets reach."""

from gonghui.welfare import services
from gonghui.welfare.models import Claim, Enrolment

from .helpers import covered_member, file_claim, key, last_week


def _walk(client, url):
    """Every page by key, two rows a page: the ids of each page."""
    pages, after = [], 0
    while after is not None:
        page = client.get(f"{url}?limit=2&after={after}").json()
        assert page["count"] is None
        pages.append([row["id"] for row in page["items"]])
        after = page["next"]
    return pages


def test_enrolments_page_by_key_with_no_row_twice(scene, as_user):
    for n in range(3):
        covered_member(scene, name=f"会员{n}")
    services.enrol_union(actor=scene.cadre, plan_id=scene.plan.pk, union_id=scene.grassroots.pk)
    client = as_user(scene.county_staff)
    pages = _walk(client, "/api/v1/welfare/enrolments")
    every = sorted(Enrolment.objects.values_list("pk", flat=True))
    assert len(every) == 5 and [len(p) for p in pages] == [2, 2, 1]
    assert sorted(pk for page in pages for pk in page) == every  # none twice, none missed
    # page 2 begins after page 1's last row
    second = client.get(f"/api/v1/welfare/enrolments?limit=2&after={pages[0][-1]}").json()
    assert [row["id"] for row in second["items"]] == pages[1]
    assert not set(pages[0]) & set(pages[1])


def test_claims_page_by_key_with_no_row_twice(scene, as_user):
    for n in range(5):
        file_claim(scene.member, bills=(1_000 + n) * 100, idem=key(), incurred_on=last_week())
    client = as_user(scene.county_staff)
    pages = _walk(client, "/api/v1/welfare/claims")
    every = sorted(Claim.objects.values_list("pk", flat=True))
    assert len(every) == 5 and [len(p) for p in pages] == [2, 2, 1]
    assert sorted(pk for page in pages for pk in page) == every
    assert not set(pages[0]) & set(pages[1])
    # the first pages by offset keep their count
    first = client.get("/api/v1/welfare/claims?limit=2").json()
    assert first["count"] == 5 and first["next"] is None and len(first["items"]) == 2
