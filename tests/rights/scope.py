"""Scope matrix entries of the rights capability (loaded by tests/scope.py)."""

from tests.scope import (
    DENIED_API,
    DENIED_PAGE,
    Listing,
    Read,
    ScopedThing,
    Write,
    _aid_writer,
    _api_ids,
    _api_lists,
    _html_has,
    register,
)


def _make_case(world, org):
    from gonghui.rights.services import case_open

    return case_open(
        actor=_aid_writer(world, org),
        union_id=org.pk,
        kind="wage_arrears",
        channel="hotline",
        worker_name=f"维权职工{org.pk}号",
        employer="某建筑劳务公司",
        description="拖欠三个月工资",
        amount_claimed=1_000_00,
    )


def _case_now(c):
    return type(c).objects.get(pk=c.pk)


register(
    ScopedThing(
        name="rights case",
        model="rights.RightsCase",
        make=_make_case,
        reads=[
            Read(lambda c: f"/api/v1/rights/cases/{c.pk}", DENIED_API),
            Read(lambda c: f"/rights/cases/{c.pk}/", DENIED_PAGE),
            Read(lambda c: f"/api/v1/rights/cases?under_id={c.union_id}", DENIED_API),
            Read(lambda c: f"/rights/?under_id={c.union_id}", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda c: "/api/v1/rights/cases?limit=500", _api_ids),
            Listing(lambda c: "/rights/", _html_has(lambda c: f'data-id="{c.pk}"')),
            Listing(lambda c: "/rights/?export=csv", _html_has(lambda c: c.worker_name)),
        ],
        writes=[
            Write(
                "post",
                lambda c: f"/api/v1/rights/cases/{c.pk}/step",
                lambda c: {"stage": "mediation"},
                200,
                lambda c: _case_now(c).stage == "consultation",
            ),
            Write(
                "post",
                lambda c: f"/rights/cases/{c.pk}/step/",
                lambda c: {"stage": "mediation"},
                302,
                lambda c: _case_now(c).stage == "consultation",
            ),
            Write(
                "post",
                lambda c: f"/api/v1/rights/cases/{c.pk}/close",
                lambda c: {"outcome": "mediated", "amount_recovered": 500_00},
                200,
                lambda c: _case_now(c).status == "open",
            ),
            Write(
                "post",
                lambda c: f"/rights/cases/{c.pk}/close/",
                lambda c: {"outcome": "mediated", "amount_recovered": "500"},
                302,
                lambda c: _case_now(c).status == "open",
            ),
            Write(
                "post",
                lambda c: f"/api/v1/rights/cases/{c.pk}/assign",
                lambda c: {"handler_id": c.opened_by_id},
                200,
                lambda c: _case_now(c).handler_id is None,
            ),
            Write(
                "post",
                lambda c: f"/rights/cases/{c.pk}/assign/",
                lambda c: {"handler": str(c.opened_by_id)},
                302,
                lambda c: _case_now(c).handler_id is None,
            ),
            Write(
                "post",
                lambda c: f"/api/v1/rights/cases/{c.pk}/reveal",
                lambda c: {"purpose": "调解前核实"},
                200,
                lambda c: True,  # refused: no sensitive read written (the matrix checks)
            ),
            Write(
                "post",
                lambda c: f"/rights/cases/{c.pk}/reveal/",
                lambda c: {"purpose": "调解前核实"},
                200,
                lambda c: True,
            ),
            # Only the worker withdraws: staff who see the case are refused with the reason.
            Write(
                "post",
                lambda c: f"/api/v1/rights/cases/{c.pk}/withdraw",
                lambda c: {},
                200,
                lambda c: _case_now(c).status == "open",
                may=lambda user, c: False,
                denied={400},
            ),
            Write(
                "post",
                lambda c: f"/rights/cases/{c.pk}/withdraw/",
                lambda c: {},
                302,
                lambda c: _case_now(c).status == "open",
                may=lambda user, c: False,
                denied={302},
            ),
        ],
    )
)


def _make_step(world, org):
    return _make_case(world, org).steps.get()


register(
    ScopedThing(
        name="rights case step",
        model="rights.CaseStep",
        make=_make_step,
        reads=[Read(lambda s: f"/api/v1/rights/cases/{s.case_id}", DENIED_API)],
        listings=[
            Listing(
                lambda s: "/api/v1/rights/cases?limit=500",
                lambda body, s: f'"id": {s.case_id},' in body or f'"id":{s.case_id},' in body,
            )
        ],
    )
)


def _make_centre(world, org):
    from gonghui.rights.services_mediation import centre_create

    return centre_create(
        actor=_aid_writer(world, org),
        union_id=org.pk,
        name=f"调解中心{org.pk}号",
        kind="union",
    )


register(
    ScopedThing(
        name="mediation centre",
        model="rights.MediationCentre",
        make=_make_centre,
        reads=[
            Read(lambda c: f"/rights/centres/{c.pk}/", DENIED_PAGE),
            Read(lambda c: f"/api/v1/rights/centres/{c.pk}/mediators", DENIED_API),
        ],
        listings=[
            Listing(lambda c: "/api/v1/rights/centres?limit=500", _api_ids),
            Listing(lambda c: "/rights/centres/", _html_has(lambda c: f'data-id="{c.pk}"')),
            Listing(lambda c: "/rights/centres/?export=csv", _html_has(lambda c: c.name)),
        ],
        writes=[
            Write(
                "post",
                lambda c: f"/api/v1/rights/centres/{c.pk}/mediators",
                lambda c: {"name": "王建国", "kind": "full_time"},
                201,
                lambda c: not c.mediators.exists(),
            ),
            Write(
                "post",
                lambda c: f"/rights/centres/{c.pk}/mediators/",
                lambda c: {"name": "王建国", "kind": "full_time"},
                302,
                lambda c: not c.mediators.exists(),
            ),
        ],
    )
)


def _make_mediator(world, org):
    from gonghui.rights.services_mediation import mediator_add

    centre = _make_centre(world, org)
    return mediator_add(
        actor=_aid_writer(world, org), centre_id=centre.pk, name="李淑珍", kind="lawyer"
    )


register(
    ScopedThing(
        name="mediator",
        model="rights.Mediator",
        make=_make_mediator,
        reads=[Read(lambda m: f"/api/v1/rights/centres/{m.centre_id}/mediators", DENIED_API)],
        listings=[
            Listing(lambda m: f"/rights/centres/{m.centre_id}/", _html_has(lambda m: "李淑珍"))
        ],
    )
)


def _make_mediation(world, org):
    from gonghui.rights.services_mediation import mediation_open

    centre = _make_centre(world, org)
    return mediation_open(
        actor=_aid_writer(world, org),
        centre_id=centre.pk,
        worker_name=f"调解职工{org.pk}号",
        employer="某网约车平台",
        kind="gig_platform",
    )


def _mediation_now(m):
    return type(m).objects.get(pk=m.pk)


register(
    ScopedThing(
        name="mediation",
        model="rights.Mediation",
        make=_make_mediation,
        reads=[
            Read(lambda m: f"/api/v1/rights/mediations/{m.pk}", DENIED_API),
            Read(lambda m: f"/rights/mediations/{m.pk}/", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda m: "/api/v1/rights/mediations?limit=500", _api_ids),
            Listing(lambda m: "/rights/mediations/", _html_has(lambda m: f'data-id="{m.pk}"')),
            Listing(lambda m: "/rights/mediations/?export=csv", _html_has(lambda m: m.worker_name)),
        ],
        writes=[
            Write(
                "post",
                lambda m: f"/api/v1/rights/mediations/{m.pk}/sessions",
                lambda m: {"note": "面对面调解"},
                201,
                lambda m: not m.sessions.exists(),
            ),
            Write(
                "post",
                lambda m: f"/rights/mediations/{m.pk}/session/",
                lambda m: {"held_on": m.received_on.isoformat(), "note": "面对面调解"},
                302,
                lambda m: not m.sessions.exists(),
            ),
            Write(
                "post",
                lambda m: f"/api/v1/rights/mediations/{m.pk}/close",
                lambda m: {"status": "failed"},
                200,
                lambda m: _mediation_now(m).status == "open",
            ),
            Write(
                "post",
                lambda m: f"/rights/mediations/{m.pk}/close/",
                lambda m: {"status": "failed"},
                302,
                lambda m: _mediation_now(m).status == "open",
            ),
        ],
    )
)


def _make_session(world, org):
    from gonghui.rights.services_mediation import mediation_session

    m = _make_mediation(world, org)
    return mediation_session(actor=_aid_writer(world, org), mediation_id=m.pk, note="调解")


register(
    ScopedThing(
        name="mediation session",
        model="rights.MediationSession",
        make=_make_session,
        reads=[Read(lambda s: f"/api/v1/rights/mediations/{s.mediation_id}", DENIED_API)],
        listings=[
            Listing(
                lambda s: "/api/v1/rights/mediations?limit=500",
                _api_lists("sessions", lambda s: s.pk),
            )
        ],
    )
)


def _make_legal_event(world, org):
    from gonghui.rights.services_mediation import legal_event_create

    return legal_event_create(
        actor=_aid_writer(world, org),
        union_id=org.pk,
        kind="lecture",
        audience="migrant",
        title=f"普法讲座{org.pk}号",
        attendance=50,
    )


register(
    ScopedThing(
        name="legal-service event",
        model="rights.LegalEvent",
        make=_make_legal_event,
        listings=[
            Listing(lambda e: "/api/v1/rights/legal-events?limit=500", _api_ids),
            Listing(lambda e: "/rights/legal/", _html_has(lambda e: f'data-id="{e.pk}"')),
            Listing(lambda e: "/rights/legal/?export=csv", _html_has(lambda e: e.title)),
        ],
    )
)


def _make_letter(world, org):
    from gonghui.rights.services_letters import letter_send

    return letter_send(
        actor=_aid_writer(world, org),
        union_id=org.pk,
        kind="proposal",
        addressee="government",
        addressee_name=f"某区人民政府{org.pk}号",
        issue="wages",
        summary="建议开展根治欠薪专项检查",
    )


def _letter_now(t):
    return type(t).objects.get(pk=t.pk)


register(
    ScopedThing(
        name="supervision letter",
        model="rights.SupervisionLetter",
        make=_make_letter,
        reads=[
            Read(lambda t: f"/api/v1/rights/letters/{t.pk}", DENIED_API),
            Read(lambda t: f"/rights/letters/{t.pk}/", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda t: "/api/v1/rights/letters?limit=500", _api_ids),
            Listing(lambda t: "/rights/letters/", _html_has(lambda t: f'data-id="{t.pk}"')),
            Listing(lambda t: "/rights/letters/?export=csv", _html_has(lambda t: t.addressee_name)),
        ],
        writes=[
            Write(
                "post",
                lambda t: f"/api/v1/rights/letters/{t.pk}/reply",
                lambda t: {"note": "已收悉"},
                200,
                lambda t: _letter_now(t).replied_on is None,
            ),
            Write(
                "post",
                lambda t: f"/rights/letters/{t.pk}/reply/",
                lambda t: {"note": "已收悉"},
                302,
                lambda t: _letter_now(t).replied_on is None,
            ),
        ],
    )
)


def _make_replied_letter(world, org):
    from gonghui.rights.services_letters import letter_reply

    letter = _make_letter(world, org)
    return letter_reply(actor=_aid_writer(world, org), letter_id=letter.pk, note="已收悉")


register(
    ScopedThing(
        name="supervision letter with its reply",
        model="rights.SupervisionLetter",
        make=_make_replied_letter,
        reads=[Read(lambda t: f"/rights/letters/{t.pk}/", DENIED_PAGE)],
        listings=[],
        writes=[
            Write(
                "post",
                lambda t: f"/api/v1/rights/letters/{t.pk}/rectification",
                lambda t: {"rectification": "rectified", "note": "已补发工资"},
                200,
                lambda t: _letter_now(t).rectification == "pending",
            ),
            Write(
                "post",
                lambda t: f"/rights/letters/{t.pk}/rectification/",
                lambda t: {"rectification": "rectified", "note": "已补发工资"},
                302,
                lambda t: _letter_now(t).rectification == "pending",
            ),
        ],
    )
)


# ---- democratic management (职代会、厂务公开、职工董事监事、示范单位) ------------------------


def _democracy_enterprise(world, org):
    from tests.factories import EnterpriseFactory

    return EnterpriseFactory(name=f"{org.name}民主管理企业{org.pk}", keeper=org)


def _make_session(world, org, status="held"):
    from datetime import date

    from gonghui.rights.services_democracy import session_record

    enterprise = _democracy_enterprise(world, org)
    return session_record(
        actor=_aid_writer(world, org),
        enterprise_id=enterprise.pk,
        term=1,
        number=1,
        kind="regular",
        status=status,
        held_on=date(2022, 3, 1) if status == "held" else date(2099, 3, 1),
        delegates=80,
        attendance=70 if status == "held" else None,
    )


def _now(obj):
    return type(obj).objects.get(pk=obj.pk)


register(
    ScopedThing(
        name="workers' congress session",
        model="rights.CongressSession",
        make=_make_session,
        reads=[
            Read(lambda s: f"/api/v1/rights/democracy/sessions/{s.pk}", DENIED_API),
            Read(lambda s: f"/rights/democracy/sessions/{s.pk}/", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda s: "/api/v1/rights/democracy/sessions?limit=500", _api_ids),
            Listing(
                lambda s: "/rights/democracy/sessions/", _html_has(lambda s: f'data-id="{s.pk}"')
            ),
            Listing(
                lambda s: "/rights/democracy/sessions/?export=csv",
                _html_has(lambda s: s.enterprise.name),
            ),
        ],
        writes=[
            Write(
                "post",
                lambda s: f"/api/v1/rights/democracy/sessions/{s.pk}/resolutions",
                lambda s: {"title": "审议通过工资集体协商方案"},
                201,
                lambda s: not s.resolutions.exists(),
            ),
            Write(
                "post",
                lambda s: f"/rights/democracy/sessions/{s.pk}/resolutions/",
                lambda s: {"title": "审议通过工资集体协商方案"},
                302,
                lambda s: not s.resolutions.exists(),
            ),
        ],
    )
)


def _make_planned_session(world, org):
    return _make_session(world, org, status="planned")


register(
    ScopedThing(
        name="planned congress session",
        model="rights.CongressSession",
        make=_make_planned_session,
        writes=[
            Write(
                "post",
                lambda s: f"/api/v1/rights/democracy/sessions/{s.pk}/held",
                lambda s: {"attendance": 60, "held_on": "2022-03-01"},
                200,
                lambda s: _now(s).status == "planned",
            ),
            Write(
                "post",
                lambda s: f"/rights/democracy/sessions/{s.pk}/held/",
                lambda s: {"attendance": 60, "held_on": "2022-03-01"},
                302,
                lambda s: _now(s).status == "planned",
            ),
        ],
    )
)


def _make_resolution(world, org):
    from gonghui.rights.services_democracy import resolution_add

    session = _make_session(world, org)
    return resolution_add(actor=_aid_writer(world, org), session_id=session.pk, title="决议")


register(
    ScopedThing(
        name="congress resolution",
        model="rights.Resolution",
        make=_make_resolution,
        reads=[Read(lambda r: f"/rights/democracy/sessions/{r.session_id}/", DENIED_PAGE)],
        writes=[
            Write(
                "post",
                lambda r: f"/api/v1/rights/democracy/resolutions/{r.pk}/follow-up",
                lambda r: {"follow_up": "in_progress"},
                200,
                lambda r: _now(r).follow_up == "pending",
            ),
            Write(
                "post",
                lambda r: f"/rights/democracy/sessions/{r.session_id}/follow-up/",
                lambda r: {"resolution": r.pk, "follow_up": "in_progress"},
                302,
                lambda r: _now(r).follow_up == "pending",
            ),
        ],
    )
)


def _make_profile(world, org):
    from datetime import date

    from gonghui.rights.services_democracy import systems_set

    enterprise = _democracy_enterprise(world, org)
    return systems_set(
        actor=_aid_writer(world, org),
        enterprise_id=enterprise.pk,
        congress_since=date(2015, 1, 1),
    )


register(
    ScopedThing(
        name="democratic-management profile",
        model="rights.DemocracyProfile",
        make=_make_profile,
        listings=[
            Listing(
                lambda p: "/api/v1/rights/democracy/enterprises?limit=500",
                lambda body, p: any(
                    i["id"] == p.enterprise_id for i in __import__("json").loads(body)["items"]
                ),
            ),
            Listing(
                lambda p: "/rights/democracy/",
                _html_has(lambda p: f'data-id="{p.enterprise_id}"'),
            ),
        ],
        writes=[
            Write(
                "put",
                lambda p: f"/api/v1/rights/democracy/enterprises/{p.enterprise_id}/systems",
                lambda p: {"congress_since": "2016-01-01", "openness_since": "2016-01-01"},
                200,
                lambda p: _now(p).openness_since is None,
            ),
        ],
    )
)


def _make_openness_item(world, org):
    from datetime import date

    from gonghui.rights.services_democracy import openness_publish

    enterprise = _democracy_enterprise(world, org)
    return openness_publish(
        actor=_aid_writer(world, org),
        enterprise_id=enterprise.pk,
        topic="wages",
        title=f"工资调整方案{org.pk}号",
        year=2022,
        period="year",
        medium="board",
        published_on=date(2022, 3, 1),
    )


register(
    ScopedThing(
        name="openness item",
        model="rights.OpennessItem",
        make=_make_openness_item,
        listings=[
            Listing(lambda i: "/api/v1/rights/democracy/openness?limit=500", _api_ids),
            Listing(
                lambda i: "/rights/democracy/openness/", _html_has(lambda i: f'data-id="{i.pk}"')
            ),
            Listing(
                lambda i: "/rights/democracy/openness/?export=csv", _html_has(lambda i: i.title)
            ),
        ],
    )
)


def _make_board_member(world, org):
    from datetime import date

    from gonghui.rights.services_democracy import board_member_elect

    enterprise = _democracy_enterprise(world, org)
    return board_member_elect(
        actor=_aid_writer(world, org),
        enterprise_id=enterprise.pk,
        seat="director",
        name=f"职工董事{org.pk}号",  # 号 ends it: 职工董事1 is in 职工董事12
        elected_on=date(2022, 3, 1),
        term_ends=date(2099, 2, 28),
    )


register(
    ScopedThing(
        name="worker director",
        model="rights.WorkerBoardMember",
        make=_make_board_member,
        reads=[
            Read(lambda m: f"/api/v1/rights/democracy/board/{m.pk}", DENIED_API),
            Read(lambda m: f"/rights/democracy/board/{m.pk}/", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda m: "/api/v1/rights/democracy/board?limit=500", _api_ids),
            Listing(lambda m: "/rights/democracy/board/", _html_has(lambda m: f'data-id="{m.pk}"')),
            Listing(lambda m: "/rights/democracy/board/?export=csv", _html_has(lambda m: m.name)),
        ],
        writes=[
            Write(
                "post",
                lambda m: f"/api/v1/rights/democracy/board/{m.pk}/leave",
                lambda m: {},
                200,
                lambda m: _now(m).left_on is None,
            ),
            Write(
                "post",
                lambda m: f"/rights/democracy/board/{m.pk}/leave/",
                lambda m: {},
                302,
                lambda m: _now(m).left_on is None,
            ),
        ],
    )
)


def _make_unit(world, org):
    from datetime import date

    from gonghui.rights.services_democracy import unit_name

    enterprise = _democracy_enterprise(world, org)
    return unit_name(
        actor=_aid_writer(world, org),
        enterprise_id=enterprise.pk,
        kind="quality",
        named_on=date(2022, 10, 28),
    )


register(
    ScopedThing(
        name="demonstration unit",
        model="rights.DemonstrationUnit",
        make=_make_unit,
        reads=[
            Read(lambda u: f"/api/v1/rights/democracy/units/{u.pk}", DENIED_API),
            Read(lambda u: f"/rights/democracy/units/{u.pk}/", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda u: "/api/v1/rights/democracy/units?limit=500", _api_ids),
            Listing(lambda u: "/rights/democracy/units/", _html_has(lambda u: f'data-id="{u.pk}"')),
        ],
        writes=[
            Write(
                "post",
                lambda u: f"/api/v1/rights/democracy/units/{u.pk}/assessments",
                lambda u: {"year": 2022, "score": 90},
                201,
                lambda u: not u.assessments.exists(),
            ),
            Write(
                "post",
                lambda u: f"/rights/democracy/units/{u.pk}/assess/",
                lambda u: {"year": 2022, "score": 90},
                302,
                lambda u: not u.assessments.exists(),
            ),
        ],
    )
)


def _make_assessment(world, org):
    from gonghui.rights.services_democracy import assessment_record

    unit = _make_unit(world, org)
    return assessment_record(actor=_aid_writer(world, org), unit_id=unit.pk, year=2022, score=88)


register(
    ScopedThing(
        name="demonstration unit assessment",
        model="rights.Assessment",
        make=_make_assessment,
        listings=[
            Listing(lambda a: "/api/v1/rights/democracy/assessments?limit=500", _api_ids),
            Listing(
                lambda a: "/rights/democracy/assessments/",
                _html_has(lambda a: f'data-id="{a.pk}"'),
            ),
        ],
    )
)


# ---- collective consultation (集体协商、集中要约) ----------------------------------------

_CAMPAIGN_YEARS = iter(range(2001, 2090))  # one campaign a year per union: a new year each


def _make_campaign(world, org):
    from datetime import date

    from gonghui.rights.services_contracts import campaign_create

    year = next(_CAMPAIGN_YEARS)
    return campaign_create(
        actor=_aid_writer(world, org),
        union_id=org.pk,
        year=year,
        title=f"{year}年集中要约行动{org.pk}号",
        started_on=date(year, 3, 1),
    )


def _enterprise(org):
    from tests.factories import EnterpriseFactory

    return EnterpriseFactory(keeper=org)


register(
    ScopedThing(
        name="collective offer campaign",
        model="rights.OfferCampaign",
        make=_make_campaign,
        reads=[
            Read(lambda c: f"/api/v1/rights/offers?campaign_id={c.pk}", DENIED_API),
        ],
        listings=[
            Listing(lambda c: "/api/v1/rights/offer-campaigns?limit=500", _api_ids),
            Listing(lambda c: "/rights/campaigns/", _html_has(lambda c: f'data-id="{c.pk}"')),
            Listing(lambda c: "/rights/campaigns/?export=csv", _html_has(lambda c: c.title)),
        ],
        writes=[
            Write(
                "post",
                lambda c: "/api/v1/rights/offers",
                lambda c: {
                    "campaign_id": c.pk,
                    "enterprise_id": _enterprise(c.union).pk,
                    "kind": "wage",
                },
                201,
                lambda c: not c.offers.exists(),
            ),
        ],
    )
)


def _make_offer(world, org):
    from gonghui.rights.services_contracts import offer_send

    campaign = _make_campaign(world, org)
    return offer_send(
        actor=_aid_writer(world, org),
        campaign_id=campaign.pk,
        enterprise_id=_enterprise(org).pk,
        kind="wage",
        sent_on=campaign.started_on,
    )


def _offer_now(o):
    return type(o).objects.get(pk=o.pk)


register(
    ScopedThing(
        name="collective offer",
        model="rights.CollectiveOffer",
        make=_make_offer,
        reads=[
            Read(lambda o: f"/api/v1/rights/offers/{o.pk}", DENIED_API),
            Read(lambda o: f"/rights/offers/{o.pk}/", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda o: "/api/v1/rights/offers?limit=500", _api_ids),
            Listing(lambda o: "/rights/offers/", _html_has(lambda o: f'data-id="{o.pk}"')),
            Listing(lambda o: "/rights/offers/?export=csv", _html_has(lambda o: o.enterprise.name)),
        ],
        writes=[
            Write(
                "post",
                lambda o: f"/api/v1/rights/offers/{o.pk}/answer",
                lambda o: {"response": "accepted"},
                200,
                lambda o: _offer_now(o).response == "awaiting",
            ),
            Write(
                "post",
                lambda o: f"/rights/offers/{o.pk}/answer/",
                lambda o: {"response": "accepted"},
                302,
                lambda o: _offer_now(o).response == "awaiting",
            ),
        ],
    )
)


def _make_contract(world, org):
    from datetime import timedelta

    from gonghui.core import cleaning
    from gonghui.rights.services_contracts import contract_create

    today = cleaning.today()
    return contract_create(
        actor=_aid_writer(world, org),
        union_id=org.pk,
        level="regional",
        kind="comprehensive",
        employer_party=f"某区企业联合会{org.pk}号",
        enterprises_covered=20,
        title=f"区域性集体合同{org.pk}号",
        workers_covered=800,
        signed_on=today,
        expires_on=today + timedelta(days=700),
    )


def _contract_now(c):
    return type(c).objects.get(pk=c.pk)


register(
    ScopedThing(
        name="collective contract",
        model="rights.CollectiveContract",
        make=_make_contract,
        reads=[
            Read(lambda c: f"/api/v1/rights/contracts/{c.pk}", DENIED_API),
            Read(lambda c: f"/rights/contracts/{c.pk}/", DENIED_PAGE),
            Read(lambda c: f"/api/v1/rights/contracts?under_id={c.union_id}", DENIED_API),
        ],
        listings=[
            Listing(lambda c: "/api/v1/rights/contracts?limit=500", _api_ids),
            Listing(lambda c: "/rights/contracts/", _html_has(lambda c: f'data-id="{c.pk}"')),
            Listing(lambda c: "/rights/contracts/?export=csv", _html_has(lambda c: c.title)),
        ],
        writes=[
            Write(
                "post",
                lambda c: f"/api/v1/rights/contracts/{c.pk}/filing",
                lambda c: {"filing": "submitted"},
                200,
                lambda c: _contract_now(c).filing == "not_filed",
            ),
            Write(
                "post",
                lambda c: f"/rights/contracts/{c.pk}/filing/",
                lambda c: {"filing": "submitted"},
                302,
                lambda c: _contract_now(c).filing == "not_filed",
            ),
        ],
    )
)
