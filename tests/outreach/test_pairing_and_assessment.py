"""Paired liaison (对口联系) and the 五强 assessment of county unions."""

import json
from datetime import date

import pytest

from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period
from gonghui.outreach import services
from gonghui.outreach.models import Assessment, Pairing, Scheme
from tests.factories import make_user

YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))
CRITERIA = [
    {"dimension": "political", "name": "思想政治引领", "weight": 20},
    {"dimension": "organization", "name": "建会入会", "weight": 25},
    {"dimension": "positions", "name": "服务阵地", "weight": 20},
    {"dimension": "systems", "name": "制度机制", "weight": 15},
    {"dimension": "role", "name": "作用发挥", "weight": 20},
]


def _post(client, url, payload):
    return client.post(url, data=json.dumps(payload), content_type="application/json")


# ---- paired liaison ----------------------------------------------------------------------


def test_pairing_coverage_is_paired_counties_of_all_counties(world, as_user):
    client = as_user(world.province_staff)
    r = _post(
        client,
        "/api/v1/outreach/pairings",
        {
            "county_id": world.county.pk,
            "year": 2022,
            "level": "provincial",
            "higher_id": world.province.pk,
            "leader": "张建华（副主席）",
        },
    )
    assert r.status_code == 201, r.content
    pairing_id = r.json()["id"]
    assert REGISTRY["outreach.counties"].value(world.province.path, YEAR) == 2
    assert REGISTRY["outreach.counties_paired"].value(world.province.path, YEAR) == 1
    assert REGISTRY["outreach.counties_paired_upper"].value(world.province.path, YEAR) == 1
    # a second pair of the same county at the city level: still one county covered
    services.pairing_create(
        actor=world.province_staff,
        county_id=world.county.pk,
        year=2022,
        level="city",
        higher_id=world.city.pk,
        department="组织部",
    )
    assert REGISTRY["outreach.counties_paired"].value(world.province.path, YEAR) == 1
    r = _post(
        client,
        f"/api/v1/outreach/pairings/{pairing_id}/contacts",
        {"contacted_on": "2022-05-10", "way": "visit", "notes": "指导县级工会加强年工作"},
    )
    assert r.status_code == 201
    assert REGISTRY["outreach.contacts"].value(world.province.path, YEAR) == 1
    page = client.get("/outreach/pairings/?year=2022").content.decode()
    assert "沈河区总工会" in page  # not yet paired, named on the page


def test_bad_pairings_are_refused(world):
    cases = [
        ({"county_id": world.grassroots.pk}, "county_id"),
        ({"level": "galactic"}, "level"),
        ({"leader": "", "department": ""}, "leader"),
        ({"higher_id": world.city.pk}, "higher_id"),  # a city for a provincial pair
        ({"year": 1900}, "year"),
    ]
    for changes, field in cases:
        fields = {
            "county_id": world.county.pk,
            "year": 2022,
            "level": "provincial",
            "leader": "张建华",
        }
        fields.update(changes)
        with pytest.raises(ServiceError) as exc:
            services.pairing_create(actor=world.province_staff, **fields)
        assert field in exc.value.fields, (changes, exc.value.fields)
    # the county does not pair itself
    with pytest.raises(ServiceError) as exc:
        services.pairing_create(
            actor=world.county_staff,
            county_id=world.county.pk,
            year=2022,
            level="city",
            leader="我",
        )
    assert exc.value.code == "forbidden"
    services.pairing_create(
        actor=world.province_staff, county_id=world.county.pk, year=2022, level="city", leader="甲"
    )
    with pytest.raises(ServiceError) as exc:
        services.pairing_create(
            actor=world.province_staff,
            county_id=world.county.pk,
            year=2022,
            level="city",
            leader="乙",
        )
    assert exc.value.code == "conflict"
    assert Pairing.objects.count() == 1


# ---- the 五强 assessment ------------------------------------------------------------------


@pytest.fixture
def scheme(world):
    return services.scheme_create(
        actor=world.province_staff, owner_id=world.province.pk, year=2022, criteria=CRITERIA
    )


def _scores(scheme, field, values):
    return [
        {"criterion_id": c.pk, field: v}
        for c, v in zip(scheme.criteria.order_by("id"), values, strict=True)
    ]


def test_scheme_weights_must_sum_to_100_with_every_dimension(world):
    with pytest.raises(ServiceError) as exc:
        services.scheme_create(
            actor=world.province_staff,
            owner_id=world.province.pk,
            year=2022,
            criteria=[{**CRITERIA[0], "weight": 30}, *CRITERIA[1:]],
        )
    assert "criteria" in exc.value.fields and "110" in exc.value.message
    with pytest.raises(ServiceError) as exc:
        services.scheme_create(
            actor=world.province_staff,
            owner_id=world.province.pk,
            year=2022,
            criteria=[{**CRITERIA[0], "weight": 40}, *CRITERIA[1:4]],
        )
    assert "criteria" in exc.value.fields
    with pytest.raises(ServiceError):  # a city does not set the scheme
        services.scheme_create(
            actor=world.province_staff, owner_id=world.city.pk, year=2022, criteria=CRITERIA
        )
    assert not Scheme.objects.exists()


def test_self_assessment_city_and_province_review_then_ranking(world, scheme, as_user):
    city_staff = make_user("city_staff_5q", "staff", world.city)
    sibling_scheme_scores = _scores(scheme, "self_score", [15, 20, 15, 10, 15])
    # the county's own staff fill it in; not the province's
    with pytest.raises(ServiceError) as exc:
        services.assessment_save(
            actor=world.province_staff,
            scheme_id=scheme.pk,
            county_id=world.county.pk,
            scores=sibling_scheme_scores,
        )
    assert exc.value.code == "not_reviewer"
    # a score above its weight is refused
    with pytest.raises(ServiceError) as exc:
        services.assessment_save(
            actor=world.county_staff,
            scheme_id=scheme.pk,
            county_id=world.county.pk,
            scores=_scores(scheme, "self_score", [21, 20, 15, 10, 15]),
        )
    assert "scores.0.self_score" in exc.value.fields
    assert not Assessment.objects.exists()

    client = as_user(world.county_staff)
    r = _post(
        client,
        "/api/v1/outreach/assessments",
        {"scheme_id": scheme.pk, "county_id": world.county.pk, "scores": sibling_scheme_scores},
    )
    assert r.status_code == 200, r.content
    a_id = r.json()["id"]
    assert _post(client, f"/api/v1/outreach/assessments/{a_id}/submit", {}).status_code == 200
    # the province cannot skip the city; the submitter cannot review
    r = _post(
        as_user(world.province_staff),
        f"/api/v1/outreach/assessments/{a_id}/final-review",
        {"scores": _scores(scheme, "final_score", [10, 10, 10, 10, 10])},
    )
    assert r.status_code == 400 and r.json()["code"] == "wrong_step"
    r = _post(
        as_user(city_staff),
        f"/api/v1/outreach/assessments/{a_id}/city-review",
        {"scores": _scores(scheme, "city_score", [14, 20, 15, 10, 15])},
    )
    assert r.status_code == 200 and r.json()["city_total"] == 74
    r = _post(
        as_user(world.province_staff),
        f"/api/v1/outreach/assessments/{a_id}/final-review",
        {"scores": _scores(scheme, "final_score", [10, 15, 10, 10, 10])},
    )
    assert r.status_code == 200 and r.json()["final_total"] == 55
    ranking = as_user(world.province_staff).get(f"/api/v1/outreach/schemes/{scheme.pk}/ranking")
    assert ranking.json() == [
        {
            "rank": 1,
            "assessment_id": a_id,
            "county_id": world.county.pk,
            "county_name": "和平区总工会",
            "final_total": 55,
            "below_line": True,
        }
    ]
    assert REGISTRY["outreach.assessed"].value(world.province.path, YEAR) == 1
    assert REGISTRY["outreach.assessed_passed"].value(world.province.path, YEAR) == 0
    body = (
        as_user(world.province_staff).get("/outreach/assessments/?below_line=true").content.decode()
    )
    assert "和平区总工会" in body


def test_who_submitted_may_not_review(world, scheme):
    # one person holding roles at the county and the city
    both = make_user("both_levels", "staff", world.county)
    from gonghui.accounts.models import Role

    Role.objects.create(user=both, kind="staff", organization=world.city)
    a = services.assessment_save(
        actor=both,
        scheme_id=scheme.pk,
        county_id=world.county.pk,
        scores=_scores(scheme, "self_score", [15, 20, 15, 10, 15]),
    )
    services.assessment_submit(actor=both, assessment_id=a.pk)
    with pytest.raises(ServiceError) as exc:
        services.city_review(
            actor=both, assessment_id=a.pk, scores=_scores(scheme, "city_score", [1, 1, 1, 1, 1])
        )
    assert exc.value.code == "same_person"


def test_submit_needs_every_criterion(world, scheme):
    a = services.assessment_save(
        actor=world.county_staff,
        scheme_id=scheme.pk,
        county_id=world.county.pk,
        scores=_scores(scheme, "self_score", [15, 20, 15, 10, None]),
    )
    with pytest.raises(ServiceError) as exc:
        services.assessment_submit(actor=world.county_staff, assessment_id=a.pk)
    assert "scores" in exc.value.fields
    a.refresh_from_db()
    assert a.status == "draft"


def test_assessment_pages(world, scheme, as_user):
    client = as_user(world.county_staff)
    url = f"/outreach/schemes/{scheme.pk}/counties/{world.county.pk}/"
    assert client.get(url).status_code == 200
    data = {f"c{c.pk}": "10" for c in scheme.criteria.all()}
    data["submit"] = "1"
    r = client.post(url, data)
    assert r.status_code == 302
    a = Assessment.objects.get()
    assert a.status == "submitted" and a.self_total == 50
    # the county's own staff see no review form
    page = client.get(f"/outreach/assessments/{a.pk}/").content.decode()
    assert f"/outreach/assessments/{a.pk}/review/" not in page
    city_staff = make_user("city_staff_pages", "staff", world.city)
    page = as_user(city_staff).get(f"/outreach/assessments/{a.pk}/").content.decode()
    assert f"/outreach/assessments/{a.pk}/review/" in page
    data = {f"c{c.pk}": "12" for c in scheme.criteria.all()}
    r = as_user(city_staff).post(f"/outreach/assessments/{a.pk}/review/", data)
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.status == "city_reviewed" and a.city_total == 60
    assert (
        as_user(world.province_staff).get(f"/outreach/schemes/{scheme.pk}/ranking/").status_code
        == 200
    )


def test_the_province_sets_the_scheme_on_a_page(world, as_user):
    client = as_user(world.province_staff)
    assert "/outreach/schemes/new/" in client.get("/outreach/assessments/").content.decode()
    assert (
        "/outreach/schemes/new/"
        not in as_user(world.county_staff).get("/outreach/assessments/").content.decode()
    )
    client = as_user(world.province_staff)
    assert client.get("/outreach/schemes/new/").status_code == 200
    data = {
        "owner": world.province.name,
        "year": "2023",
        "pass_line": "60",
        "criteria-TOTAL_FORMS": "6",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "50",
    }
    for i, c in enumerate(CRITERIA):
        data |= {
            f"criteria-{i}-dimension": c["dimension"],
            f"criteria-{i}-name": c["name"],
            f"criteria-{i}-weight": str(c["weight"] + (5 if i == 0 else 0)),
        }
    data |= {"criteria-5-dimension": "role", "criteria-5-name": "", "criteria-5-weight": ""}
    r = client.post("/outreach/schemes/new/", data)
    assert r.status_code == 400 and not Scheme.objects.exists()  # 105 points
    data["criteria-0-weight"] = "20"
    r = client.post("/outreach/schemes/new/", data)
    assert r.status_code == 302
    scheme = Scheme.objects.get()
    assert scheme.year == 2023 and scheme.criteria.count() == 5
