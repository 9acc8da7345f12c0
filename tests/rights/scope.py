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
