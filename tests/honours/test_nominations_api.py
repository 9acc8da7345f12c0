"""The nominations list API asks a fixed number of queries however many nominations a page
holds (bench/bench_lists.py found 55 for 50 rows: each row's review steps asked apart)."""

from gonghui.honours import services
from tests.queries import same_queries_for_more_rows

from ..factories import id_number


def _nominate(w, n):
    return services.nomination_create(
        actor=w.cadre,
        scheme_id=w.scheme.pk,
        union_id=w.grassroots.pk,
        subject="person",
        category="frontline",
        name=f"张晓明{n}",
        id_number=id_number(f"197805{n + 10:02d}", "210102"),
        employer="沈阳华晨机械有限公司",
        deeds="三十年扎根一线，带出徒弟四十余名，攻克技术难题十二项。",
    )


def test_the_nominations_list_asks_the_same_queries_for_2_or_6_nominations(honours, as_user):
    services.quota_set(
        actor=honours.province_staff,
        scheme_id=honours.scheme.pk,
        union_id=honours.city.pk,
        people=6,
        collectives=1,
    )
    client = as_user(honours.province_staff)
    page = same_queries_for_more_rows(
        client, "/api/v1/honours/nominations?limit=50", lambda n: _nominate(honours, n)
    )
    # each row still shows its review steps, in order, with the federations' names
    own = client.get(f"/api/v1/honours/nominations/{page['items'][0]['id']}").json()
    assert page["items"][0]["steps"] == own["steps"] and own["steps"]
    assert [s["org_name"] for s in own["steps"]] == [
        honours.county.name,
        honours.city.name,
        honours.province.name,
    ]
