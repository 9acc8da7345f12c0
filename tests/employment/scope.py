"""Scope matrix entries of the employment capability (loaded by tests/scope.py)."""

import itertools
from datetime import date

from django.utils import timezone

from tests.scope import (
    DENIED_API,
    DENIED_PAGE,
    Listing,
    Read,
    ScopedThing,
    Write,
    _api_ids,
    _clerk,
    _html_has,
    register,
)

_serial = itertools.count(1)
DAY = date(2022, 4, 12)


def _now(obj):
    return type(obj).objects.get(pk=obj.pk)


def _writer_there(world, org):
    """Staff of the province the organization lies in (puts a cadre in charge there)."""
    return (
        world.outsider if org.path.startswith(world.other_province.path) else world.province_staff
    )


def _event(world, org):
    from gonghui.employment.models import Exhibitor, RecruitmentEvent

    event = RecruitmentEvent.objects.create(
        union=org,
        title=f"{org.name}招聘会{next(_serial)}号",
        mode="onsite",
        held_on=DAY,
        place="人力资源市场",
        created_by=world.province_staff,
    )
    event.exhibitor = Exhibitor.objects.create(event=event, name=f"参展企业{next(_serial)}")
    return event


def _post(world, org, exhibitor=None):
    from gonghui.employment.models import Post

    return Post.objects.create(
        union=org,
        exhibitor=exhibitor,
        employer_name="某机械公司",
        title=f"{org.name}数控车工{next(_serial)}号",
        trade="production",
        region_id=org.region_id or "210102",
        pay_min=400_000,
        pay_max=600_000,
        headcount=3,
        opened_on=DAY,
        created_by=world.province_staff,
    )


def _seeker(world, org):
    from gonghui.employment.models import Seeker

    seeker = Seeker.objects.create(
        union=org,
        name=f"求职者{next(_serial)}",
        group="changing_post",
        trades=["production"],
        consented_at=timezone.now(),
        registered_on=DAY,
        created_by=world.province_staff,
    )
    seeker.post = _post(world, org)  # an open post of its pool, to recommend
    seeker.candidate = _writer_there(world, org)  # a cadre who may be put in charge
    return seeker


def _post_fields(**more):
    return {
        "title": "焊工",
        "trade": "production",
        "region_code": "210102",
        "pay_min": 300_000,
        "pay_max": 500_000,
        "headcount": 2,
        **more,
    }


register(
    ScopedThing(
        name="recruitment event",
        model="employment.RecruitmentEvent",
        make=_event,
        reads=[
            Read(lambda e: f"/api/v1/employment/events/{e.pk}", DENIED_API),
            Read(lambda e: f"/employment/events/{e.pk}/", DENIED_PAGE),
            Read(lambda e: f"/api/v1/employment/events?under_id={e.union_id}", DENIED_API),
        ],
        listings=[
            Listing(lambda e: "/api/v1/employment/events?limit=500", _api_ids),
            Listing(lambda e: "/employment/events/", _html_has(lambda e: f'data-id="{e.pk}"')),
            Listing(lambda e: "/employment/events/?export=csv", _html_has(lambda e: e.title)),
        ],
        writes=[
            Write(
                "patch",
                lambda e: f"/api/v1/employment/events/{e.pk}",
                lambda e: {"hires": 12},
                200,
                lambda e: _now(e).hires is None,
            ),
            Write(
                "post",
                lambda e: f"/api/v1/employment/events/{e.pk}/exhibitors",
                lambda e: {"name": "新参展企业"},
                201,
                lambda e: e.exhibitors.count() == 1,
            ),
            Write(
                "post",
                lambda e: f"/employment/events/{e.pk}/results/",
                lambda e: {"visitors": "100", "hires": "12"},
                302,
                lambda e: _now(e).hires is None,
            ),
            Write(
                "post",
                lambda e: f"/employment/events/{e.pk}/exhibitors/",
                lambda e: {"name": "新参展企业"},
                302,
                lambda e: e.exhibitors.count() == 1,
            ),
            Write(
                "post",
                lambda e: f"/employment/events/{e.pk}/posts/",
                lambda e: {
                    "exhibitor": e.exhibitor.pk,
                    **_post_fields(pay_min="3000", pay_max="5000"),
                },
                302,
                lambda e: not e.exhibitor.posts.exists(),
            ),
        ],
    )
)


def _exhibitor(world, org):
    return _event(world, org).exhibitor


register(
    ScopedThing(
        name="exhibiting enterprise",
        model="employment.Exhibitor",
        make=_exhibitor,
        reads=[Read(lambda x: f"/employment/events/{x.event_id}/", DENIED_PAGE)],
        writes=[
            Write(
                "post",
                lambda x: "/api/v1/employment/posts",
                lambda x: _post_fields(exhibitor_id=x.pk),
                201,
                lambda x: not x.posts.exists(),
            )
        ],
    )
)


register(
    ScopedThing(
        name="post",
        model="employment.Post",
        make=_post,
        reads=[Read(lambda p: f"/api/v1/employment/posts/{p.pk}", DENIED_API)],
        listings=[
            Listing(lambda p: "/api/v1/employment/posts?limit=500", _api_ids),
            Listing(lambda p: "/employment/posts/", _html_has(lambda p: f'data-id="{p.pk}"')),
            Listing(lambda p: "/employment/posts/?export=csv", _html_has(lambda p: p.title)),
        ],
        writes=[
            Write(
                "post",
                lambda p: f"/api/v1/employment/posts/{p.pk}/close",
                lambda p: {},
                200,
                lambda p: _now(p).is_open,
            ),
            Write(
                "post",
                lambda p: f"/employment/posts/{p.pk}/close/",
                lambda p: {},
                302,
                lambda p: _now(p).is_open,
            ),
        ],
    )
)


register(
    ScopedThing(
        name="job seeker",
        model="employment.Seeker",
        make=_seeker,
        reads=[
            Read(lambda s: f"/api/v1/employment/seekers/{s.pk}", DENIED_API),
            Read(lambda s: f"/api/v1/employment/seekers/{s.pk}/matches", DENIED_API),
            Read(lambda s: f"/employment/seekers/{s.pk}/", DENIED_PAGE),
            Read(lambda s: f"/api/v1/employment/seekers?under_id={s.union_id}", DENIED_API),
        ],
        listings=[
            Listing(lambda s: "/api/v1/employment/seekers?limit=500", _api_ids),
            Listing(lambda s: "/employment/seekers/", _html_has(lambda s: f'data-id="{s.pk}"')),
        ],
        writes=[
            Write(
                "patch",
                lambda s: f"/api/v1/employment/seekers/{s.pk}",
                lambda s: {"skills": "焊接"},
                200,
                lambda s: _now(s).skills == "",
            ),
            Write(
                "post",
                lambda s: f"/api/v1/employment/seekers/{s.pk}/consent",
                lambda s: {"consented": False},
                200,
                lambda s: _now(s).consented_at is not None,
            ),
            Write(
                "post",
                lambda s: f"/api/v1/employment/seekers/{s.pk}/cadre",
                lambda s: {"cadre_id": s.candidate.pk},
                200,
                lambda s: _now(s).cadre_id is None,
            ),
            Write(
                "post",
                lambda s: f"/api/v1/employment/seekers/{s.pk}/services",
                lambda s: {"kind": "recommendation", "channel": "onsite", "post_id": s.post.pk},
                201,
                lambda s: not s.services.exists(),
            ),
            Write(
                "post",
                lambda s: f"/api/v1/employment/seekers/{s.pk}/placements",
                lambda s: {
                    "placed_on": "2022-05-01",
                    "employer_name": "某公司",
                    "region_code": "210102",
                },
                201,
                lambda s: not s.placements.exists(),
            ),
            Write(
                "post",
                lambda s: f"/employment/seekers/{s.pk}/consent/",
                lambda s: {"consented": "no"},
                302,
                lambda s: _now(s).consented_at is not None,
            ),
            Write(
                "post",
                lambda s: f"/jobs/{s.pk}/consent/",
                lambda s: {"consented": "no"},
                302,
                lambda s: _now(s).consented_at is not None,
            ),
            Write(
                "post",
                lambda s: f"/employment/seekers/{s.pk}/cadre/",
                lambda s: {"cadre": s.candidate.pk},
                302,
                lambda s: _now(s).cadre_id is None,
            ),
            Write(
                "post",
                lambda s: f"/employment/seekers/{s.pk}/services/",
                lambda s: {"kind": "guidance", "channel": "online", "given_on": "2022-05-01"},
                302,
                lambda s: not s.services.exists(),
            ),
            Write(
                "post",
                lambda s: f"/employment/seekers/{s.pk}/recommend/{s.post.pk}/",
                lambda s: {},
                302,
                lambda s: not s.services.exists(),
            ),
            Write(
                "post",
                lambda s: f"/employment/seekers/{s.pk}/placements/",
                lambda s: {
                    "placed_on": "2022-05-01",
                    "employer_name": "某公司",
                    "region_code": "210102",
                },
                302,
                lambda s: not s.placements.exists(),
            ),
        ],
    )
)


def _service(world, org):
    from gonghui.employment.models import Service

    return Service.objects.create(
        union=org,
        kind="policy",
        channel="online",
        given_on=DAY,
        note=f"{org.name}政策咨询{next(_serial)}号",
        given_by=world.province_staff,
    )


register(
    ScopedThing(
        name="employment service",
        model="employment.Service",
        make=_service,
        listings=[
            Listing(lambda s: "/api/v1/employment/services?limit=500", _api_ids),
            Listing(lambda s: "/employment/services/", _html_has(lambda s: f'data-id="{s.pk}"')),
            Listing(lambda s: "/employment/services/?export=csv", _html_has(lambda s: s.note)),
        ],
    )
)


def _placement(world, org):
    from gonghui.employment.models import Placement

    seeker = _seeker(world, org)
    return Placement.objects.create(
        seeker=seeker,
        employer_name="某物流公司",
        region_id="210102",
        placed_on=DAY,
        recorded_by=_clerk(),  # checked by someone else than who recorded it
    )


register(
    ScopedThing(
        name="placement",
        model="employment.Placement",
        make=_placement,
        listings=[
            Listing(lambda p: "/api/v1/employment/placements?limit=500", _api_ids),
            Listing(lambda p: "/employment/placements/", _html_has(lambda p: f'data-id="{p.pk}"')),
        ],
        writes=[
            Write(
                "post",
                lambda p: f"/api/v1/employment/placements/{p.pk}/check",
                lambda p: {"confirmed": True},
                200,
                lambda p: _now(p).status == "recorded",
            ),
            Write(
                "post",
                lambda p: f"/employment/placements/{p.pk}/check/",
                lambda p: {
                    "confirmed": "yes",
                    "checked_on": timezone.localdate().isoformat(),
                },
                302,
                lambda p: _now(p).status == "recorded",
            ),
        ],
    )
)


def _matching(world, org):
    from gonghui.employment.models import Matching

    return Matching.objects.create(
        union=org,
        title=f"{org.name}就业对接会{next(_serial)}号",
        kind="schools",
        held_on=DAY,
        partners="某大学",
        created_by=world.province_staff,
    )


register(
    ScopedThing(
        name="employment matching",
        model="employment.Matching",
        make=_matching,
        listings=[
            Listing(lambda m: "/api/v1/employment/matchings?limit=500", _api_ids),
            Listing(lambda m: "/employment/matchings/", _html_has(lambda m: f'data-id="{m.pk}"')),
            Listing(lambda m: "/employment/matchings/?export=csv", _html_has(lambda m: m.title)),
        ],
    )
)


def _training(world, org):
    from gonghui.employment.models import TrainingSession

    return TrainingSession.objects.create(
        union=org,
        title=f"{org.name}技能培训班{next(_serial)}号",
        kind="skills",
        trade="care",
        starts_on=DAY,
        ends_on=DAY,
        created_by=world.province_staff,
    )


register(
    ScopedThing(
        name="training session",
        model="employment.TrainingSession",
        make=_training,
        reads=[
            Read(lambda t: f"/employment/training/{t.pk}/", DENIED_PAGE),
            Read(lambda t: f"/api/v1/employment/training/{t.pk}/trainees", DENIED_API),
        ],
        listings=[
            Listing(lambda t: "/api/v1/employment/training?limit=500", _api_ids),
            Listing(lambda t: "/employment/training/", _html_has(lambda t: f'data-id="{t.pk}"')),
            Listing(lambda t: "/employment/training/?export=csv", _html_has(lambda t: t.title)),
        ],
        writes=[
            Write(
                "post",
                lambda t: f"/api/v1/employment/training/{t.pk}/trainees",
                lambda t: {"name": "学员"},
                201,
                lambda t: not t.trainees.exists(),
            ),
            Write(
                "post",
                lambda t: f"/employment/training/{t.pk}/trainees/",
                lambda t: {"name": "学员", "completed": "on"},
                302,
                lambda t: not t.trainees.exists(),
            ),
        ],
    )
)


def _trainee(world, org):
    from gonghui.employment.models import Trainee

    return Trainee.objects.create(session=_training(world, org), name="学员甲")


register(
    ScopedThing(
        name="trainee",
        model="employment.Trainee",
        make=_trainee,
        reads=[Read(lambda p: f"/employment/training/{p.session_id}/", DENIED_PAGE)],
        listings=[
            Listing(
                lambda p: f"/api/v1/employment/training/{p.session_id}/trainees",
                lambda body, p: f'"id": {p.pk}' in body or f'"id":{p.pk}' in body,
            )
        ],
    )
)


def _funded(world, org):
    """The union's employment fund, set aside from its general funds."""
    from gonghui.employment import services

    from ..factories import fund_org

    actor = _writer_there(world, org)
    fund_org(org, 1_000_00)
    allotment, _replayed = services.fund_allot(
        actor=actor,
        union_id=org.pk,
        amount=1_000_00,
        memo=f"就业资金{next(_serial)}号",
        request_key=f"scope-allot-{org.pk}",
    )
    allotment.actor = actor
    return allotment


register(
    ScopedThing(
        name="employment fund allotment",
        model="employment.FundAllotment",
        make=_funded,
        reads=[Read(lambda a: f"/api/v1/employment/fund/{a.union_id}", DENIED_API)],
        listings=[
            Listing(lambda a: "/api/v1/employment/fund/allotments?limit=500", _api_ids),
            Listing(
                lambda a: "/employment/fund/allotments/", _html_has(lambda a: f'data-id="{a.pk}"')
            ),
            Listing(
                lambda a: "/employment/fund/allotments/?export=csv",
                _html_has(lambda a: a.memo),
            ),
        ],
    )
)


def _make_fund_payment(world, org):
    """A payment for services from the union's employment fund (set aside first)."""
    from gonghui.employment import services

    allotment = _funded(world, org)
    payment, _replayed = services.fund_pay(
        actor=allotment.actor,
        union_id=org.pk,
        use="service",
        amount=100_00,
        paid_on=DAY,
        memo=f"招聘会场地{next(_serial)}号",
        request_key=f"scope-pay-{org.pk}",
    )
    return payment


register(
    ScopedThing(
        name="employment fund payment",
        model="employment.FundPayment",
        make=_make_fund_payment,
        listings=[
            Listing(lambda p: "/api/v1/employment/fund/payments?limit=500", _api_ids),
            Listing(lambda p: "/employment/fund/", _html_has(lambda p: f'data-id="{p.pk}"')),
            Listing(lambda p: "/employment/fund/?export=csv", _html_has(lambda p: p.memo)),
        ],
    )
)


def _application(world, org):
    """A seeker of the union applied to a post the union published."""
    from gonghui.employment.models import Application

    seeker = _seeker(world, org)
    return Application.objects.create(
        seeker=seeker, post=seeker.post, applied_on=DAY, consented_at=timezone.now()
    )


register(
    ScopedThing(
        name="job application",
        model="employment.Application",
        make=_application,
        reads=[
            Read(lambda a: f"/api/v1/employment/applications/{a.pk}", DENIED_API),
            Read(lambda a: f"/employment/applications/{a.pk}/", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda a: "/api/v1/employment/applications?limit=500", _api_ids),
            Listing(
                lambda a: "/employment/applications/", _html_has(lambda a: f'data-id="{a.pk}"')
            ),
            Listing(
                lambda a: "/employment/applications/?export=csv",
                _html_has(lambda a: a.post.title),
            ),
        ],
        writes=[
            Write(
                "post",
                lambda a: f"/api/v1/employment/applications/{a.pk}/status",
                lambda a: {"status": "seen"},
                200,
                lambda a: _now(a).status == "applied",
            ),
            Write(
                "post",
                lambda a: f"/employment/applications/{a.pk}/status/",
                lambda a: {"status": "interview", "note": "", "placed_on": ""},
                302,
                lambda a: _now(a).status == "applied",
            ),
        ],
    )
)
