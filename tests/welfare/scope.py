"""Scope matrix entries of the welfare capability (loaded by tests/scope.py)."""

from tests.scope import (
    DENIED_API,
    DENIED_PAGE,
    Listing,
    Read,
    ScopedThing,
    Write,
    _aid_writer,
    _api_ids,
    _html_has,
    _writes_at,
    register,
)

from ..factories import make_member, make_user
from .helpers import file_claim, make_plan


def _owner(org):
    from gonghui.orgs.models import FEDERATION_KINDS, Organization

    return (
        Organization.objects.filter(path__in=org.ancestors_paths(), kind__in=FEDERATION_KINDS)
        .order_by("-depth")
        .first()
    )


def _make_plan(world, org):
    """A plan kept at `org` (written directly: only federations run plans, and the matrix
    places the thing at unions too)."""
    from gonghui.welfare.models import Plan

    return Plan.objects.create(
        owner=org, year=2022, name=f"互助保障{org.pk}", premium=60_00, created_by=world.county_staff
    )


def _make_claim(world, org):
    from gonghui.core import cleaning
    from gonghui.welfare import services
    from gonghui.welfare.models import Plan

    owner = _owner(org)
    from gonghui.accounts.models import User

    user = make_user(f"claimant_{org.pk}_{User.objects.count()}")
    make_member(org, f"参保{org.pk}", user=user)
    plan = Plan.objects.filter(owner=owner, year=cleaning.today().year).first() or make_plan(
        world, owner, name=f"互助{org.pk}"
    )
    services.enrol_union(actor=_aid_writer(world, org), plan_id=plan.pk, union_id=org.pk)
    return file_claim(user)


def _claim_now(c):
    return type(c).objects.get(pk=c.pk)


def _submitted(c):
    return _claim_now(c).status == "submitted"


_runs_plan = _writes_at(lambda c: c.enrolment.plan.owner)

register(
    ScopedThing(
        name="welfare plan",
        model="welfare.Plan",
        make=_make_plan,
        reads=[
            Read(lambda p: f"/api/v1/welfare/plans/{p.pk}", DENIED_API),
            Read(lambda p: f"/welfare/plans/{p.pk}/", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda p: "/api/v1/welfare/plans?limit=500", _api_ids),
            Listing(lambda p: "/welfare/", _html_has(lambda p: f'data-id="{p.pk}"')),
        ],
    )
)

register(
    ScopedThing(
        name="welfare claim",
        model="welfare.Claim",
        make=_make_claim,
        reads=[
            Read(lambda c: f"/api/v1/welfare/claims/{c.pk}", DENIED_API),
            Read(lambda c: f"/welfare/claims/{c.pk}/", DENIED_PAGE),
            Read(lambda c: f"/welfare/mine/claims/{c.pk}/", DENIED_PAGE),
            Read(lambda c: f"/welfare/documents/{c.documents.get().pk}/", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda c: "/api/v1/welfare/claims?limit=500", _api_ids),
            Listing(lambda c: "/welfare/claims/", _html_has(lambda c: f'data-id="{c.pk}"')),
        ],
        writes=[
            Write(
                "post",
                lambda c: f"/api/v1/welfare/claims/{c.pk}/illness",
                lambda c: {"purpose": "审核"},
                200,
                lambda c: True,
            ),
            Write(
                "post",
                lambda c: f"/welfare/claims/{c.pk}/illness/",
                lambda c: {"purpose": "审核"},
                302,
                lambda c: True,
            ),
            Write(
                "post",
                lambda c: f"/api/v1/welfare/claims/{c.pk}/reject",
                lambda c: {"reason": "材料不全"},
                200,
                _submitted,
                may=_runs_plan,
                denied={400, 404},
            ),
            Write(
                "post",
                lambda c: f"/welfare/claims/{c.pk}/reject/",
                lambda c: {"reason": "材料不全"},
                302,
                _submitted,
                may=_runs_plan,
                denied={302, 404},
            ),
            Write(
                "post",
                lambda c: f"/api/v1/welfare/claims/{c.pk}/approve",
                lambda c: {},
                200,
                _submitted,
                may=_runs_plan,
                denied={400, 404},
            ),
            Write(
                "post",
                lambda c: f"/welfare/claims/{c.pk}/approve/",
                lambda c: {},
                302,
                _submitted,
                may=_runs_plan,
                denied={302, 404},
            ),
            # Paying a claim not yet approved: 409 to the plan's federation, 400 to a
            # union below it that sees the claim, 404 outside.
            Write(
                "post",
                lambda c: f"/api/v1/welfare/claims/{c.pk}/pay",
                lambda c: {},
                409,
                _submitted,
                may=_runs_plan,
                denied={400, 404},
            ),
            Write(
                "post",
                lambda c: f"/welfare/claims/{c.pk}/pay/",
                lambda c: {},
                302,
                _submitted,
                may=_runs_plan,
                denied={302, 404},
            ),
        ],
    )
)


def _make_cover(world, org):
    from gonghui.welfare.models import Cover, Plan

    plan = Plan.objects.create(
        owner=org, year=2022, name=f"保障规则{org.pk}", premium=60_00, created_by=world.county_staff
    )
    return Cover.objects.create(
        plan=plan, kind="hospital", deductible=500_00, ratio_percent=60, cap_per_year=2_000_000
    )


# The plan's cover rules, a member's enrolment and a claim's documents are read through
# their plan and claim (entries above); these keep each model in the matrix and try the
# plan page, which shows the rules, and the document download.
register(
    ScopedThing(
        name="welfare plan's cover rule",
        model="welfare.Cover",
        make=_make_cover,
        reads=[Read(lambda c: f"/welfare/plans/{c.plan_id}/", DENIED_PAGE)],
    )
)

register(
    ScopedThing(
        name="welfare enrolment",
        model="welfare.Enrolment",
        make=lambda world, org: _make_claim(world, org).enrolment,
    )
)

register(
    ScopedThing(
        name="welfare claim document",
        model="welfare.ClaimDocument",
        make=lambda world, org: _make_claim(world, org).documents.get(),
        reads=[Read(lambda d: f"/welfare/documents/{d.pk}/", DENIED_PAGE)],
    )
)


# ---- health programs, mental health, rest and recuperation (items 2–4) -------------------


def _make_health_program(world, org):
    from .programs import health_program

    return health_program(org, world.county_staff, name=f"两癌筛查{org.pk}_{_n()}")


def _program_seen(user, program) -> bool:
    """A federation's health or rest program is seen by the unions in its subtree and by
    those below it, which take its places (welfare.services._program)."""
    owner = program.owner.path
    return any(
        r.organization.path.startswith(owner) or owner.startswith(r.organization.path)
        for r in user.roles.all()
    )


def _make_health_booking(world, org):
    """A two-cancer screening program kept at `org`, and a woman member of `org` to book."""
    from gonghui.members.models import Person

    program = _make_health_program(world, org)
    woman = make_member(org, f"预约{org.pk}_{_n()}")
    Person.objects.filter(pk=woman.person_id).update(gender="F")
    program.woman_id = woman.person_id
    return program


def _not_booked(p) -> bool:
    from gonghui.welfare.models import Screening

    return not Screening.objects.filter(program_id=p.pk, person_id=p.woman_id).exists()


def _booked(s) -> bool:
    return type(s).objects.get(pk=s.pk).status == "booked"


def _make_screening_done(world, org):
    """A screening whose result the hospital gave (encrypted)."""
    from gonghui.core import crypto

    screening = _make_screening(world, org)
    type(screening).objects.filter(pk=screening.pk).update(
        status="done", screened_on="2022-05-02", result_cipher=crypto.encrypt("未见异常")
    )
    return screening


def _n():
    from gonghui.welfare.models import HealthProgram, RestProgram

    return HealthProgram.objects.count() + RestProgram.objects.count()


def _make_screening(world, org):
    from gonghui.accounts.models import User
    from gonghui.members.models import Person
    from gonghui.welfare.models import Screening

    owner = _owner(org) or org
    program = _make_health_program(world, owner)
    m = make_member(org, f"筛查{org.pk}_{User.objects.count()}")
    Person.objects.filter(pk=m.person_id).update(gender="F")
    return Screening.objects.create(
        program=program,
        person_id=m.person_id,
        union=org,
        appointment_on="2022-05-01",
        place="市妇幼保健院",
        booked_by=world.county_staff,
    )


def _make_rest_program(world, org):
    from .programs import rest_program

    return rest_program(org, world.county_staff, name=f"疗休养{org.pk}_{_n()}")


def _today() -> str:
    from gonghui.core import cleaning

    return cleaning.today().isoformat()


def _make_rest_program_ready(world, org):
    """A rest program kept at `org` with places for `org` itself: one member of `org`
    already selected (to go on a trip), another to select, money in `org`'s funds, and the
    union under `org` places may be given to (None under a grassroots union)."""
    from gonghui.orgs.models import Organization
    from gonghui.welfare import services
    from gonghui.welfare.models import RestQuota

    from .programs import fund

    program = _make_rest_program(world, org)
    writer = _aid_writer(world, org)
    RestQuota.objects.create(program=program, union=org, places=3, set_by=writer)
    picked = make_member(org, f"已选{org.pk}_{_n()}")
    services.rest_select(
        actor=writer,
        program_id=program.pk,
        union_id=org.pk,
        candidates=[{"person_id": picked.person_id, "front_line": True}],
    )
    program.selection_id = program.selections.get(person_id=picked.person_id).pk
    program.candidate_id = make_member(org, f"候选{org.pk}_{_n()}").person_id
    fund(org, 10_000_00, writer)
    program.below = Organization.objects.filter(parent=org).order_by("pk").first()
    return program


def _make_talk(world, org):
    from gonghui.welfare.models import Talk

    return Talk.objects.create(
        union=org,
        kind="lecture",
        title=f"心理讲座{org.pk}",
        held_on="2022-05-01",
        attendance=50,
        entered_by=world.county_staff,
    )


register(
    ScopedThing(
        name="welfare health program",
        model="welfare.HealthProgram",
        make=_make_health_booking,
        reads=[
            Read(lambda p: f"/api/v1/welfare/health-programs/{p.pk}", DENIED_API),
            Read(lambda p: f"/welfare/health/{p.pk}/", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda p: "/api/v1/welfare/health-programs?limit=500", _api_ids),
            Listing(lambda p: "/welfare/health/", _html_has(lambda p: f"/welfare/health/{p.pk}/")),
        ],
        # A union books its own member: those who see the program but do not write for
        # the member are told there is no such member (404), as is everyone else.
        writes=[
            Write(
                "post",
                lambda p: f"/api/v1/welfare/health-programs/{p.pk}/screenings",
                lambda p: {
                    "person_id": p.woman_id,
                    "appointment_on": _today(),
                    "place": "市妇幼保健院",
                },
                201,
                _not_booked,
                seen=_program_seen,
            ),
        ],
    )
)

register(
    ScopedThing(
        name="welfare screening",
        model="welfare.Screening",
        make=_make_screening,
        reads=[
            Read(lambda s: f"/api/v1/welfare/screenings/{s.pk}", DENIED_API),
            Read(lambda s: f"/welfare/screenings/{s.pk}/", DENIED_PAGE),
            Read(lambda s: f"/welfare/mine/screenings/{s.pk}/", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda s: "/api/v1/welfare/screenings?limit=500", _api_ids),
            Listing(
                lambda s: "/welfare/screenings/",
                _html_has(lambda s: f"/welfare/screenings/{s.pk}/"),
            ),
        ],
        writes=[
            Write(
                "post",
                lambda s: f"/api/v1/welfare/screenings/{s.pk}/record",
                lambda s: {"screened_on": "2022-05-02", "result": "未见异常", "follow_up": False},
                200,
                _booked,
            ),
        ],
    )
)

register(
    ScopedThing(
        name="welfare screening's result",
        model="welfare.Screening",
        make=_make_screening_done,
        # Each read of a result is logged: a refused one logs nothing (the matrix checks).
        writes=[
            Write(
                "post",
                lambda s: f"/api/v1/welfare/screenings/{s.pk}/result",
                lambda s: {"purpose": "随访"},
                200,
                lambda s: True,
            ),
        ],
    )
)

register(
    ScopedThing(
        name="welfare talk",
        model="welfare.Talk",
        make=_make_talk,
        listings=[Listing(lambda t: "/api/v1/welfare/talks?limit=500", _api_ids)],
    )
)

register(
    ScopedThing(
        name="welfare rest program",
        model="welfare.RestProgram",
        make=_make_rest_program_ready,
        reads=[
            Read(lambda p: f"/api/v1/welfare/rest-programs/{p.pk}", DENIED_API),
            Read(lambda p: f"/welfare/rest/{p.pk}/", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda p: "/api/v1/welfare/rest-programs?limit=500", _api_ids),
            Listing(lambda p: "/welfare/rest/", _html_has(lambda p: f"/welfare/rest/{p.pk}/")),
        ],
        # Those who see the program (from below too) but may not do this are refused with
        # the rule (400) or "no such union / member" (404); everyone else gets 404.
        writes=[
            Write(
                "post",
                lambda p: f"/api/v1/welfare/rest-programs/{p.pk}/quotas",
                lambda p: None if p.below is None else {"union_id": p.below.pk, "places": 2},
                200,
                lambda p: not p.quotas.filter(union=p.below).exists(),
                denied={400, 404},
                seen=_program_seen,
            ),
            Write(
                "post",
                lambda p: f"/api/v1/welfare/rest-programs/{p.pk}/select",
                lambda p: {
                    "union_id": p.owner_id,
                    "candidates": [{"person_id": p.candidate_id, "front_line": True}],
                },
                200,
                lambda p: not p.selections.filter(person_id=p.candidate_id).exists(),
                denied={400, 404},
                seen=_program_seen,
            ),
            Write(
                "post",
                lambda p: f"/api/v1/welfare/rest-programs/{p.pk}/trips",
                lambda p: {
                    "union_id": p.owner_id,
                    "departs_on": _today(),
                    "returns_on": _today(),
                    "selection_ids": [p.selection_id],
                },
                201,
                lambda p: p.selections.get(pk=p.selection_id).trip_id is None,
                denied={400, 404},
                seen=_program_seen,
            ),
        ],
    )
)


# ---- care visits, counsellors, rest places, selections and trips ------------------------
# Made through the services (money on the ledger), by staff of the organization's province.


def _make_care_visit(world, org):
    from gonghui.core import cleaning
    from gonghui.welfare import services

    from .programs import fund

    actor = _aid_writer(world, org)
    fund(org, 1_000_00, actor)
    ill = make_member(org, f"患病{org.pk}_{_n()}")
    return services.care_visit_record(
        actor=actor,
        union_id=org.pk,
        person_id=ill.person_id,
        visited_on=cleaning.today(),
        illness="住院治疗",
        amount=500_00,
    )


def _make_counsellor(world, org):
    from gonghui.accounts.models import User
    from gonghui.welfare import services

    user = make_user(f"counsellor_{org.pk}_{User.objects.count()}")
    return services.counsellor_name(actor=_aid_writer(world, org), union_id=org.pk, user_id=user.pk)


def _make_quota(world, org):
    from gonghui.welfare.models import RestQuota

    from .programs import rest_program

    program = rest_program(
        _owner(org) or org, _aid_writer(world, org), name=f"疗休养名额{org.pk}_{_n()}"
    )
    return RestQuota.objects.create(
        program=program, union=org, places=3, set_by=_aid_writer(world, org)
    )


def _make_selection(world, org):
    from gonghui.welfare import services
    from gonghui.welfare.models import Selection

    quota = _make_quota(world, org)
    worker = make_member(org, f"疗养{org.pk}_{_n()}")
    services.rest_select(
        actor=_aid_writer(world, org),
        program_id=quota.program_id,
        union_id=org.pk,
        candidates=[{"person_id": worker.person_id, "front_line": True}],
    )
    return Selection.objects.get(program=quota.program, person_id=worker.person_id)


def _make_trip(world, org):
    from datetime import timedelta

    from gonghui.core import cleaning
    from gonghui.welfare import services

    from .programs import fund

    selection = _make_selection(world, org)
    fund(org, 10_000_00, _aid_writer(world, org))
    today = cleaning.today()
    return services.rest_trip_record(
        actor=_aid_writer(world, org),
        program_id=selection.program_id,
        union_id=org.pk,
        departs_on=today - timedelta(days=5),
        returns_on=today - timedelta(days=1),
        selection_ids=[selection.pk],
    )


register(
    ScopedThing(
        name="welfare care visit",
        model="welfare.CareVisit",
        make=_make_care_visit,
        listings=[Listing(lambda v: "/api/v1/welfare/care-visits?limit=500", _api_ids)],
    )
)
register(ScopedThing(name="welfare counsellor", model="welfare.Counsellor", make=_make_counsellor))
register(ScopedThing(name="welfare rest places", model="welfare.RestQuota", make=_make_quota))
register(
    ScopedThing(
        name="welfare rest selection",
        model="welfare.Selection",
        make=_make_selection,
        listings=[Listing(lambda s: "/api/v1/welfare/selections?limit=500", _api_ids)],
    )
)
register(
    ScopedThing(
        name="welfare rest trip",
        model="welfare.RestTrip",
        make=_make_trip,
        listings=[Listing(lambda t: "/api/v1/welfare/trips?limit=500", _api_ids)],
    )
)
