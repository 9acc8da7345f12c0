"""The seeker on the phone: registering with a few fields, open posts near them, applying
(with consent, once per post, withdrawable), the status the union's cadre or the post's
publisher sets, and a hire that records the real-name placement by the one rule."""

from datetime import date

import pytest

from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period
from gonghui.core.models import AuditEvent
from gonghui.core.todos import REGISTRY as TODOS
from gonghui.employment import selectors, services
from gonghui.employment.models import Application, Placement, Seeker
from tests.factories import make_member

DAY = date(2022, 4, 12)


def _job(world, union=None, actor=None, **fields):
    values = {
        "title": "数控车工",
        "employer_name": "沈阳华晨机械有限公司",
        "trade": "production",
        "region_code": "210102",
        "pay_min": 400_000,
        "pay_max": 600_000,
        "headcount": 5,
        "opened_on": DAY,
    }
    values.update(fields)
    return services.post_create(
        actor=actor or world.province_staff, union_id=(union or world.county).pk, **values
    )


@pytest.fixture
def worker(world):
    """A member of the grassroots union with an account, registered as a seeker."""
    make_member(world.grassroots, "吴芳", user=world.member)
    return services.seeker_register_self(
        actor=world.member, group="changing_post", trades=["production"], region_code="210102"
    )


def test_a_member_registers_with_a_few_fields_and_sees_posts_nearest_first(world, as_user):
    make_member(world.grassroots, "吴芳", user=world.member)
    client = as_user(world.member)
    page = client.get("/jobs/")
    assert page.status_code == 200 and 'name="trades"' in page.content.decode()
    # bad input: no trade chosen: a clear error, nothing written
    bad = client.post("/jobs/register/", {"group": "changing_post", "region_code": "210102"})
    assert bad.status_code == 400 and not Seeker.objects.exists()
    far = _job(world, title="装配工", region_code="210103", pay_max=900_000)
    near = _job(world, title="焊工", region_code="210102", pay_max=500_000)
    other_trade = _job(world, title="面点师", trade="catering")
    answer = client.post(
        "/jobs/register/",
        {"group": "changing_post", "trades": ["production"], "region_code": "210102"},
    )
    assert answer.status_code == 302
    seeker = Seeker.objects.get()
    assert (seeker.name, seeker.union, seeker.person.user) == (
        "吴芳",
        world.grassroots,
        world.member,
    )
    assert not seeker.has_consented  # nothing shown to employers until they apply
    text = client.get("/jobs/").content.decode()
    # the post in their own district first, though the other pays more; their trade only
    assert text.index(near.title) < text.index(far.title)
    assert other_trade.title not in text
    assert other_trade.title in client.get("/jobs/?all=1").content.decode()
    # registering twice is refused
    with pytest.raises(ServiceError):
        services.seeker_register_self(actor=world.member, group="gig", trades=["transport"])
    assert Seeker.objects.count() == 1


def test_posts_near_a_seeker_by_city_and_trade(world, worker):
    in_county = _job(world, region_code="210102", pay_max=400_000)
    in_city = _job(world, region_code="210103", pay_max=800_000)
    elsewhere = _job(world, region_code="210200", pay_max=900_000)
    closed = _job(world, region_code="210102")
    services.post_close(actor=world.province_staff, post_id=closed.pk)
    assert list(selectors.posts_for_seeker(worker)) == [in_county, in_city]
    assert elsewhere not in selectors.posts_for_seeker(worker, any_trade=True)


def test_apply_with_consent_once_withdraw_and_the_cadre_moves_it_on(world, worker, as_user):
    job = _job(world)
    client = as_user(world.member)
    assert job.title in client.get(f"/jobs/posts/{job.pk}/").content.decode()
    # without consent: refused, nothing written
    refused = client.post(f"/jobs/posts/{job.pk}/apply/", {})
    assert refused.status_code == 400 and not Application.objects.exists()
    assert client.post(f"/jobs/posts/{job.pk}/apply/", {"consented": "on"}).status_code == 302
    application = Application.objects.get()
    assert (application.seeker, application.post, application.status) == (worker, job, "applied")
    assert application.consented_at is not None
    # applying twice is refused and writes nothing
    again = client.post(f"/jobs/posts/{job.pk}/apply/", {"consented": "on"})
    assert again.status_code == 400 and Application.objects.count() == 1
    with pytest.raises(ServiceError) as err:
        services.application_apply(actor=world.member, post_id=job.pk, consented=True)
    assert err.value.code == "duplicate"
    # the cadre of the seeker's union sees it waiting, and moves it on
    todo = TODOS["employment.applications"]
    assert list(todo.waiting(world.cadre)) == [application]
    cadre = as_user(world.cadre)
    assert (
        cadre.post(
            f"/employment/applications/{application.pk}/status/", {"status": "seen"}
        ).status_code
        == 302
    )
    application.refresh_from_db()
    assert application.status == "seen" and application.updated_by == world.cadre
    client = as_user(world.member)
    assert "用人单位已查看" in client.get("/jobs/").content.decode()
    # the seeker withdraws; then may apply again
    assert client.post(f"/jobs/applications/{application.pk}/withdraw/").status_code == 302
    application.refresh_from_db()
    assert application.status == "withdrawn"
    services.application_apply(actor=world.member, post_id=job.pk, consented=True)
    assert Application.objects.count() == 2
    assert AuditEvent.objects.filter(action__startswith="employment_application").count() == 4


def test_a_hire_records_the_placement_by_the_one_rule(world, worker, as_user):
    job = _job(world)
    application = services.application_apply(actor=world.member, post_id=job.pk, consented=True)
    # the post's publisher (the county that organized the fair) moves it on
    services.application_advance(
        actor=world.county_staff, application_id=application.pk, status="interview"
    )
    services.application_advance(
        actor=world.county_staff,
        application_id=application.pk,
        status="hired",
        placed_on=date(2022, 5, 4),
    )
    application.refresh_from_db()
    placement = Placement.objects.get()
    assert application.placement == placement and application.status == "hired"
    assert (placement.seeker, placement.post, placement.employer_name) == (
        worker,
        job,
        job.employer_name,
    )
    assert placement.region_id == "210102" and placement.status == "recorded"
    assert placement.recorded_by == world.county_staff
    # the check is another cadre's, as for any placement
    with pytest.raises(ServiceError):
        services.placement_check(
            actor=world.county_staff, placement_id=placement.pk, confirmed=True
        )
    services.placement_check(actor=world.province_staff, placement_id=placement.pk, confirmed=True)
    # a decided application moves no more
    with pytest.raises(ServiceError) as err:
        services.application_advance(
            actor=world.county_staff, application_id=application.pk, status="not_hired"
        )
    assert err.value.code == "conflict"
    year = Period(date(2022, 1, 1), date(2022, 12, 31))
    today = Period(application.applied_on, application.applied_on)
    assert REGISTRY["employment.applications"].value(world.province.path, today) == 1
    assert REGISTRY["employment.applications.hired"].value(world.province.path, today) == 1
    assert REGISTRY["employment.applications"].value(world.province.path, year) in (0, 1)
    rows = REGISTRY["employment.applications.hired"].records(world.province.path, today)
    assert list(rows) == [application]


def test_a_hire_of_a_seeker_placed_already_writes_nothing(world, worker):
    first, second = _job(world), _job(world, title="焊工")
    a1 = services.application_apply(actor=world.member, post_id=first.pk, consented=True)
    a2 = services.application_apply(actor=world.member, post_id=second.pk, consented=True)
    services.application_advance(actor=world.cadre, application_id=a1.pk, status="hired")
    with pytest.raises(ServiceError) as err:
        services.application_advance(actor=world.cadre, application_id=a2.pk, status="hired")
    assert err.value.code == "already_placed"
    a2.refresh_from_db()
    assert a2.status == "applied" and Placement.objects.count() == 1


def test_bad_applications_are_refused_and_nothing_written(world, worker, as_user):
    job = _job(world)
    services.post_close(actor=world.province_staff, post_id=job.pk)
    with pytest.raises(ServiceError) as err:
        services.application_apply(actor=world.member, post_id=job.pk, consented=True)
    assert err.value.code == "closed"
    # a post of another province is no post for them
    other = _job(
        world, union=world.other_grassroots.parent, actor=world.outsider, region_code="220102"
    )
    with pytest.raises(ServiceError):
        services.application_apply(actor=world.member, post_id=other.pk, consented=True)
    assert as_user(world.member).get(f"/jobs/posts/{other.pk}/").status_code == 404
    # someone with no seeker record cannot apply, and sees no post page
    with pytest.raises(ServiceError) as err:
        services.application_apply(actor=world.cadre, post_id=_job(world).pk, consented=True)
    assert err.value.code == "no_seeker"
    assert as_user(world.cadre).get(f"/jobs/posts/{job.pk}/").status_code == 404
    assert not Application.objects.exists()


def test_only_the_seeker_withdraws_and_only_their_unions_move_it(world, worker, as_user):
    job = _job(world)
    application = services.application_apply(actor=world.member, post_id=job.pk, consented=True)
    # the cadre may not withdraw for the worker; a sibling county cannot see it at all
    assert as_user(world.cadre).post(
        f"/jobs/applications/{application.pk}/withdraw/"
    ).status_code in (302, 404)
    assert (
        as_user(world.sibling_staff)
        .post(f"/employment/applications/{application.pk}/status/", {"status": "seen"})
        .status_code
        == 404
    )
    api = as_user(world.sibling_staff).post(
        f"/api/v1/employment/applications/{application.pk}/status",
        data={"status": "seen"},
        content_type="application/json",
    )
    assert api.status_code == 404
    application.refresh_from_db()
    assert application.status == "applied"
    # a step that does not follow: refused with a clear error
    with pytest.raises(ServiceError) as err:
        services.application_advance(
            actor=world.cadre, application_id=application.pk, status="withdrawn"
        )
    assert "status" in err.value.fields


def test_the_api_for_the_seeker_and_for_staff(world, worker, as_user):
    job = _job(world)
    client = as_user(world.member)
    made = client.post(
        "/api/v1/employment/applications",
        data={"post_id": job.pk, "consented": True},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    again = client.post(
        "/api/v1/employment/applications",
        data={"post_id": job.pk, "consented": True},
        content_type="application/json",
    )
    assert again.status_code in (400, 409) and Application.objects.count() == 1
    mine = client.get("/api/v1/employment/applications/mine").json()
    assert [a["status"] for a in mine] == ["applied"]
    staff = as_user(world.county_staff).get("/api/v1/employment/applications").json()
    assert [a["id"] for a in staff["items"]] == [made.json()["id"]]
