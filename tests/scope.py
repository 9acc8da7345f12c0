"""The scope registry. A model or endpoint joins the matrix by registering an entry.

For every persona and every object placed at every organization of the test world,
the matrix (test_scope_matrix.py) checks: detail URLs answer 200 inside the persona's
subtree and "denied" outside it; lists show the object exactly when it is visible;
writes succeed exactly when the persona may write there, and change nothing otherwise.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gonghui.accounts.models import Role
from gonghui.core.models import AuditEvent
from gonghui.orgs.models import Organization, OrgKind

from .factories import EnterpriseFactory, make_user

DENIED_API = {404}
DENIED_PAGE = {404}
DENIED_ADMIN = {302}  # the admin sends outsiders to its index or the login page


@dataclass
class Read:
    url: Callable[[Any], str]
    denied: set[int]


@dataclass
class Listing:
    url: Callable[[Any], str]
    contains: Callable[[str, Any], bool]  # (response body, obj) -> is the object listed?


@dataclass
class Write:
    method: str
    url: Callable[[Any], str]
    payload: Callable[[Any], dict | None]  # None: this write does not apply to that object
    ok: int
    unchanged: Callable[[Any], bool]  # after a refused write: is the object as it was?


@dataclass
class ScopedThing:
    name: str
    make: Callable[[Any, Organization], Any]  # (world, organization) -> object kept there
    reads: list[Read] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)


REGISTRY: list[ScopedThing] = []


def register(thing: ScopedThing) -> ScopedThing:
    REGISTRY.append(thing)
    return thing


def _api_ids(body: str, obj) -> bool:
    return any(item["id"] == obj.pk for item in json.loads(body)["items"])


def _html_has(text_of: Callable[[Any], str]):
    return lambda body, obj: text_of(obj) in body


CHILD_KIND = {
    OrgKind.PROVINCIAL: OrgKind.CITY,
    OrgKind.CITY: OrgKind.COUNTY,
    OrgKind.COUNTY: OrgKind.TOWNSHIP,
    OrgKind.TOWNSHIP: OrgKind.GRASSROOTS,
}


def _org_unchanged(org) -> bool:
    org_now = Organization.objects.get(pk=org.pk)
    return org_now.name == org.name and not org.children.filter(name="新建工会").exists()


register(
    ScopedThing(
        name="organization",
        make=lambda world, org: org,
        reads=[
            Read(lambda o: f"/api/v1/orgs/{o.pk}", DENIED_API),
            Read(lambda o: f"/api/v1/orgs/{o.pk}/counts", DENIED_API),
            Read(lambda o: f"/orgs/{o.pk}/", DENIED_PAGE),
            Read(lambda o: f"/api/v1/orgs?under_id={o.pk}", DENIED_API),
            Read(lambda o: f"/orgs/?under={o.pk}", DENIED_PAGE),
            Read(lambda o: f"/enterprises/?keeper={o.pk}", DENIED_PAGE),
            Read(lambda o: f"/admin/orgs/organization/{o.pk}/change/", DENIED_ADMIN),
        ],
        listings=[
            Listing(lambda o: "/api/v1/orgs?limit=1000", _api_ids),
            Listing(lambda o: f"/api/v1/orgs?q={o.name}", _api_ids),
            Listing(lambda o: "/orgs/", _html_has(lambda o: f'href="/orgs/{o.pk}/"')),
            Listing(lambda o: "/orgs/?export=csv", _html_has(lambda o: o.name)),
        ],
        writes=[
            Write(
                "patch",
                lambda o: f"/api/v1/orgs/{o.pk}",
                lambda o: {"name": o.name + "（改）"},
                200,
                _org_unchanged,
            ),
            Write(
                "post",
                lambda o: "/api/v1/orgs",
                lambda o: (
                    {"name": "新建工会", "kind": CHILD_KIND[o.kind], "parent_id": o.pk}
                    if o.kind in CHILD_KIND
                    else None
                ),
                201,
                _org_unchanged,
            ),
        ],
    )
)


def _make_enterprise(world, org):
    return EnterpriseFactory(name=f"{org.name}所属企业", keeper=org)


register(
    ScopedThing(
        name="enterprise",
        make=_make_enterprise,
        reads=[
            Read(lambda e: f"/api/v1/enterprises/{e.pk}", DENIED_API),
            Read(lambda e: f"/admin/orgs/enterprise/{e.pk}/change/", DENIED_ADMIN),
        ],
        listings=[
            Listing(lambda e: "/api/v1/enterprises?limit=1000", _api_ids),
            Listing(lambda e: "/enterprises/", _html_has(lambda e: e.name)),
            Listing(lambda e: "/enterprises/?export=csv", _html_has(lambda e: e.credit_code)),
        ],
        writes=[
            Write(
                "patch",
                lambda e: f"/api/v1/enterprises/{e.pk}",
                lambda e: {"employees": 999},
                200,
                lambda e: type(e).objects.get(pk=e.pk).employees == e.employees,
            ),
        ],
    )
)


def _make_audit(world, org):
    return AuditEvent.objects.create(
        actor_name="someone", action="update", target_repr=f"{org.name}的记录", org_path=org.path
    )


register(
    ScopedThing(
        name="audit event",
        make=_make_audit,
        reads=[Read(lambda a: f"/admin/core/auditevent/{a.pk}/change/", DENIED_ADMIN)],
        listings=[Listing(lambda a: "/admin/core/auditevent/", _html_has(lambda a: a.target_repr))],
    )
)


def _make_role(world, org):
    return Role.objects.create(
        user=make_user(f"holder-{org.pk}-role"), kind="cadre", organization=org
    )


register(
    ScopedThing(
        name="role",
        make=_make_role,
        reads=[Read(lambda r: f"/admin/accounts/role/{r.pk}/change/", DENIED_ADMIN)],
        listings=[Listing(lambda r: "/admin/accounts/role/", _html_has(lambda r: r.user.username))],
    )
)


def _make_membership(world, org):
    from .factories import make_member

    return make_member(org, f"成员{org.pk}号")


def _membership_active(m) -> bool:
    return type(m).objects.get(pk=m.pk).status == "active"


register(
    ScopedThing(
        name="membership",
        make=_make_membership,
        reads=[
            Read(lambda m: f"/api/v1/members/{m.pk}", DENIED_API),
            Read(lambda m: f"/api/v1/members?union_id={m.union_id}", DENIED_API),
            Read(lambda m: f"/members/?union={m.union_id}", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda m: "/api/v1/members?limit=1000", _api_ids),
            Listing(lambda m: f"/api/v1/members?q={m.person.name}", _api_ids),
            Listing(lambda m: "/members/", _html_has(lambda m: m.number)),
            Listing(lambda m: "/members/?export=csv", _html_has(lambda m: m.number)),
        ],
        writes=[
            Write(
                "post",
                lambda m: f"/api/v1/members/{m.pk}/leave",
                lambda m: {"reason": "调离本单位"},
                200,
                _membership_active,
            )
        ],
    )
)


def _make_join_request(world, org):
    from .factories import make_join_request

    return make_join_request(org, f"申请人{org.pk}号")


register(
    ScopedThing(
        name="join request",
        make=_make_join_request,
        reads=[Read(lambda j: f"/api/v1/join-requests?union_id={j.union_id}", DENIED_API)],
        listings=[
            Listing(lambda j: "/api/v1/join-requests?limit=1000", _api_ids),
            Listing(lambda j: "/members/requests/", _html_has(lambda j: j.name)),
        ],
        writes=[
            Write(
                "post",
                lambda j: f"/api/v1/join-requests/{j.pk}/approve",
                lambda j: {},
                200,
                lambda j: type(j).objects.get(pk=j.pk).status == "pending",
            )
        ],
    )
)


# ---- service positions (stations) ---------------------------------------------------------
def _make_station(world, org):
    from .stations.helpers import make_station

    return make_station(org, f"{org.name}驿站")


def _station_unchanged(s) -> bool:
    return (
        type(s).objects.get(pk=s.pk).name == s.name
        and not type(s).objects.filter(union=s.union, name="新建驿站").exists()
    )


def _map_ids(body: str, obj) -> bool:
    return any(p["id"] == obj.pk for p in json.loads(body)["points"])


register(
    ScopedThing(
        name="service position",
        make=_make_station,
        reads=[
            Read(lambda s: f"/api/v1/stations/{s.pk}", DENIED_API),
            Read(lambda s: f"/api/v1/stations?union_id={s.union_id}", DENIED_API),
            Read(lambda s: f"/api/v1/stations/visits?station_id={s.pk}", DENIED_API),
            Read(lambda s: f"/stations/{s.pk}/", DENIED_PAGE),
            Read(lambda s: f"/stations/{s.pk}/poster/", DENIED_PAGE),
            Read(lambda s: f"/stations/?union={s.union_id}", DENIED_PAGE),
            Read(lambda s: f"/stations/visits/?station={s.pk}", DENIED_PAGE),
            Read(lambda s: f"/stations/problems/?station={s.pk}", DENIED_PAGE),
            Read(lambda s: f"/admin/stations/station/{s.pk}/change/", DENIED_ADMIN),
        ],
        listings=[
            Listing(lambda s: "/api/v1/stations?limit=1000", _api_ids),
            Listing(lambda s: "/stations/", _html_has(lambda s: f'href="/stations/{s.pk}/"')),
            Listing(lambda s: "/stations/?export=csv", _html_has(lambda s: s.name)),
            Listing(lambda s: "/stations/map/points.json", _map_ids),
            Listing(lambda s: "/admin/stations/station/", _html_has(lambda s: s.name)),
        ],
        writes=[
            Write(
                "patch",
                lambda s: f"/api/v1/stations/{s.pk}",
                lambda s: {"name": s.name + "（改）"},
                200,
                _station_unchanged,
            ),
            Write(
                "post",
                lambda s: "/api/v1/stations",
                lambda s: {
                    "name": "新建驿站",
                    "kind": "outdoor",
                    "union_id": s.union_id,
                    "address": "某路1号",
                    "lat": 41.8,
                    "lng": 123.4,
                },
                201,
                _station_unchanged,
            ),
        ],
    )
)


def _make_visit(world, org):
    from gonghui.stations.models import Visit

    return Visit.objects.create(station=_make_station(world, org), visitor="scope-matrix")


register(
    ScopedThing(
        name="station visit",
        make=_make_visit,
        reads=[Read(lambda v: f"/admin/stations/visit/{v.pk}/change/", DENIED_ADMIN)],
        listings=[
            Listing(lambda v: "/api/v1/stations/visits?limit=1000", _api_ids),
            Listing(lambda v: "/stations/visits/", _html_has(lambda v: f'data-visit="{v.pk}"')),
            Listing(
                lambda v: "/stations/visits/?export=csv",
                _html_has(lambda v: f"{v.pk},{v.station.name}"),
            ),
        ],
    )
)


def _make_problem(world, org):
    from gonghui.stations.models import Problem

    return Problem.objects.create(
        station=_make_station(world, org), kind="no_water", text=f"{org.name}没有水"
    )


register(
    ScopedThing(
        name="station problem",
        make=_make_problem,
        reads=[
            Read(lambda p: f"/api/v1/stations/problems/{p.pk}", DENIED_API),
            Read(lambda p: f"/admin/stations/problem/{p.pk}/change/", DENIED_ADMIN),
        ],
        listings=[
            Listing(lambda p: "/api/v1/stations/problems?limit=1000", _api_ids),
            Listing(lambda p: "/stations/problems/", _html_has(lambda p: f'data-problem="{p.pk}"')),
            Listing(lambda p: "/stations/problems/?export=csv", _html_has(lambda p: p.text)),
        ],
        writes=[
            Write(
                "post",
                lambda p: f"/api/v1/stations/problems/{p.pk}/close",
                lambda p: {"note": "已处理"},
                200,
                lambda p: type(p).objects.get(pk=p.pk).status == "open",
            )
        ],
    )
)


def _make_activity(world, org):
    from datetime import date

    from gonghui.activities.models import Activity

    return Activity.objects.create(
        union=org,
        held_on=date(2024, 7, 22),
        kind="leadership",
        topic=f"{org.name}传达学习会{org.pk}号",
        attendance=20,
        points=[{"lead": "stressed", "text": "要精心组织学习"}],
        reported_by=world.province_staff,
    )


register(
    ScopedThing(
        name="meeting",
        make=_make_activity,
        reads=[
            Read(lambda a: f"/api/v1/activities/{a.pk}", DENIED_API),
            Read(lambda a: f"/activities/{a.pk}/", DENIED_PAGE),
            Read(lambda a: f"/api/v1/activities?under_id={a.union_id}", DENIED_API),
            Read(
                lambda a: (
                    f"/api/v1/activities/roundup?org_id={a.union_id}&include_own=true"
                    "&date_from=2024-07-01&date_to=2024-07-31"
                ),
                DENIED_API,
            ),
            Read(lambda a: f"/admin/activities/activity/{a.pk}/change/", DENIED_ADMIN),
        ],
        listings=[
            Listing(lambda a: "/api/v1/activities?limit=1000", _api_ids),
            Listing(lambda a: "/activities/", _html_has(lambda a: a.topic)),
            Listing(lambda a: "/activities/?export=csv", _html_has(lambda a: a.topic)),
        ],
        writes=[
            Write(
                "patch",
                lambda a: f"/api/v1/activities/{a.pk}",
                lambda a: {"topic": a.topic + "（改）"},
                200,
                lambda a: type(a).objects.get(pk=a.pk).topic == a.topic,
            )
        ],
    )
)


def _make_work_task(world, org):
    from datetime import date

    from gonghui.workplans.models import Task, WorkPlan

    plan = WorkPlan.objects.create(
        owner=org, year=2023, title=f"{org.name}的工作计划", created_by=world.province_staff
    )
    return Task.objects.create(
        plan=plan, number=1, title=f"{org.name}的任务", owner=org, deadline=date(2023, 6, 30)
    )


def _overdue_lists(body: str, task) -> bool:
    return any(o["task_id"] == task.pk for o in json.loads(body))


register(
    ScopedThing(
        name="work-plan task",
        make=_make_work_task,
        reads=[
            Read(lambda t: f"/api/v1/workplans/tasks/{t.pk}", DENIED_API),
            Read(lambda t: f"/workplans/tasks/{t.pk}/", DENIED_PAGE),
            Read(lambda t: f"/api/v1/workplans/{t.plan_id}", DENIED_API),
            Read(lambda t: f"/workplans/{t.plan_id}/", DENIED_PAGE),
            Read(lambda t: f"/api/v1/workplans/overdue?under_id={t.owner_id}", DENIED_API),
            Read(lambda t: f"/admin/workplans/task/{t.pk}/change/", DENIED_ADMIN),
        ],
        listings=[
            Listing(lambda t: "/api/v1/workplans/tasks?limit=1000", _api_ids),
            Listing(lambda t: "/workplans/", _html_has(lambda t: t.plan.title)),
            Listing(lambda t: "/workplans/overdue/", _html_has(lambda t: t.title)),
            Listing(lambda t: "/api/v1/workplans/overdue", _overdue_lists),
        ],
        writes=[
            Write(
                "post",
                lambda t: f"/api/v1/workplans/tasks/{t.pk}/reports",
                lambda t: {"period": 1, "percent": 30, "text": "已部署"},
                201,
                lambda t: not t.reports.exists(),
            )
        ],
    )
)


# ---- needy-worker assistance, campaigns and money (issue 4) ---------------------------
def _aid_writer(world, org):
    """Staff of the province the organization lies in: who makes the thing in the test."""
    return (
        world.outsider if org.path.startswith(world.other_province.path) else world.province_staff
    )


def _make_hardship_file(world, org):
    from datetime import date, timedelta

    from gonghui.assistance.services import file_open

    from .factories import make_member

    member = make_member(org, f"困难户{org.pk}号")
    return file_open(
        actor=_aid_writer(world, org),
        membership_id=member.pk,
        tier="deep",
        causes=["illness"],
        opened_on=date.today() - timedelta(days=400),
    )


register(
    ScopedThing(
        name="needy-worker file",
        make=_make_hardship_file,
        reads=[
            Read(lambda f: f"/api/v1/aid/files/{f.pk}", DENIED_API),
            Read(lambda f: f"/aid/files/{f.pk}/", DENIED_PAGE),
            Read(lambda f: f"/api/v1/aid/files?union_id={f.union_id}", DENIED_API),
            Read(lambda f: f"/aid/?union={f.union_id}", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda f: "/api/v1/aid/files?limit=1000", _api_ids),
            Listing(lambda f: "/aid/", _html_has(lambda f: f'href="/aid/files/{f.pk}/"')),
            Listing(
                lambda f: "/aid/files/overdue/", _html_has(lambda f: f'href="/aid/files/{f.pk}/"')
            ),
            Listing(lambda f: "/aid/?export=csv", _html_has(lambda f: f.number)),
        ],
        writes=[
            Write(
                "post",
                lambda f: f"/api/v1/aid/files/{f.pk}/review",
                lambda f: {"tier": "relative"},
                200,
                lambda f: type(f).objects.get(pk=f.pk).last_reviewed_on is None,
            )
        ],
    )
)


def _make_aid_application(world, org):
    from gonghui.assistance.services import application_submit

    from .factories import make_member

    member = make_member(org, f"申请救助{org.pk}号")
    return application_submit(
        actor=_aid_writer(world, org),
        person_id=member.person_id,
        kind="living",
        requested_amount=100000,
        reason="因病致困",
        consent=True,
    )


register(
    ScopedThing(
        name="aid application",
        make=_make_aid_application,
        reads=[
            Read(lambda a: f"/api/v1/aid/applications/{a.pk}", DENIED_API),
            Read(lambda a: f"/aid/applications/{a.pk}/", DENIED_PAGE),
            Read(lambda a: f"/api/v1/aid/applications?union_id={a.union_id}", DENIED_API),
        ],
        listings=[
            Listing(lambda a: "/api/v1/aid/applications?limit=1000", _api_ids),
            Listing(lambda a: "/aid/applications/", _html_has(lambda a: f'data-id="{a.pk}"')),
            Listing(lambda a: "/aid/applications/?export=csv", _html_has(lambda a: a.person.name)),
        ],
        writes=[
            Write(
                "post",
                lambda a: f"/api/v1/aid/applications/{a.pk}/withdraw",
                lambda a: {},
                200,
                lambda a: type(a).objects.get(pk=a.pk).status == "reviewing",
            )
        ],
    )
)


def _money_at(world, org):
    """A campaign of the organization's province with money received by `org`."""
    from datetime import date

    from gonghui.campaigns.services import allocate, campaign_create

    owner = (
        world.other_province if org.path.startswith(world.other_province.path) else world.province
    )
    actor = _aid_writer(world, org)
    campaign = campaign_create(
        actor=actor,
        name=f"送温暖{org.pk}",
        kind="winter",
        owner_id=owner.pk,
        starts_on=date(2022, 12, 1),
        ends_on=date(2023, 2, 28),
        budget=100_000_00,
    )
    if org != owner:
        return allocate(
            actor=actor,
            campaign_id=campaign.pk,
            from_org_id=owner.pk,
            to_org_id=org.pk,
            amount=10_000_00,
        )
    return campaign.allocations.get()


def _allocate_down(a):
    child = Organization.objects.filter(parent=a.to_org).order_by("pk").first()
    return (
        None if child is None else {"from_org_id": a.to_org_id, "to_org_id": child.pk, "amount": 1}
    )


register(
    ScopedThing(
        name="campaign allocation",
        make=_money_at,
        reads=[
            Read(lambda a: f"/api/v1/allocations/{a.pk}", DENIED_API),
            Read(lambda a: f"/api/v1/campaigns/{a.campaign_id}", DENIED_API),
            Read(lambda a: f"/campaigns/{a.campaign_id}/", DENIED_PAGE),
            Read(lambda a: f"/campaigns/{a.campaign_id}/reconcile/", DENIED_PAGE),
            Read(lambda a: f"/api/v1/campaigns/{a.campaign_id}/reconciliation", DENIED_API),
        ],
        listings=[
            Listing(lambda a: "/api/v1/allocations?limit=1000", _api_ids),
            Listing(
                lambda a: "/campaigns/", _html_has(lambda a: f'href="/campaigns/{a.campaign_id}/"')
            ),
        ],
        writes=[
            Write(
                "post",
                lambda a: f"/api/v1/campaigns/{a.campaign_id}/allocations",
                _allocate_down,
                201,
                lambda a: a.campaign.allocations.count() == (2 if a.from_org_id else 1),
            )
        ],
    )
)


def _make_disbursement(world, org):
    from gonghui.accounts.models import User
    from gonghui.campaigns.services import beneficiary_add, disbursement_propose

    from .assistance.helpers import open_file

    allocation = _money_at(world, org)
    file = open_file(world, org, name=f"受助人{org.pk}号")
    beneficiary = beneficiary_add(
        actor=_aid_writer(world, org),
        campaign_id=allocation.campaign_id,
        payer_org_id=org.pk,
        file_id=file.pk,
        amount=500_00,
    )
    owner = allocation.campaign.owner
    maker = User.objects.filter(username=f"scope_maker_{owner.pk}").first() or make_user(
        f"scope_maker_{owner.pk}", "staff", owner
    )  # not one of the personas
    return disbursement_propose(
        actor=maker,
        campaign_id=allocation.campaign_id,
        beneficiary_id=beneficiary.pk,
        idempotency_key=f"scope-matrix-{org.pk}-{beneficiary.pk}",
    )[0]


register(
    ScopedThing(
        name="campaign payment",
        make=_make_disbursement,
        reads=[
            Read(lambda d: f"/api/v1/disbursements/{d.pk}", DENIED_API),
            Read(lambda d: f"/campaigns/{d.campaign_id}/payments/", DENIED_PAGE),
            Read(lambda d: f"/api/v1/campaigns/{d.campaign_id}/beneficiaries", DENIED_API),
        ],
        listings=[
            Listing(lambda d: "/api/v1/disbursements?limit=1000", _api_ids),
            Listing(lambda d: "/api/v1/disbursements?status=proposed&limit=1000", _api_ids),
        ],
        writes=[
            Write(
                "post",
                lambda d: f"/api/v1/disbursements/{d.pk}/approve",
                lambda d: {},
                200,
                lambda d: type(d).objects.get(pk=d.pk).status == "proposed",
            )
        ],
    )
)


# ---- statistics ---------------------------------------------------------------------------
_YEAR = "start=2022-01-01&end=2022-12-31"

register(
    ScopedThing(
        name="statistics of an organization",
        make=lambda world, org: org,
        reads=[
            Read(lambda o: f"/reports/?org={o.pk}&year=2022", DENIED_PAGE),
            Read(lambda o: f"/reports/records/?org={o.pk}&key=members.total&{_YEAR}", DENIED_PAGE),
            Read(
                lambda o: f"/reports/export/figures/?org={o.pk}&year=2022&export=csv", DENIED_PAGE
            ),
            Read(lambda o: f"/api/v1/figures/values?org_id={o.pk}&{_YEAR}", DENIED_API),
            Read(
                lambda o: f"/api/v1/figures/members.new/children?org_id={o.pk}&{_YEAR}", DENIED_API
            ),
            Read(
                lambda o: f"/api/v1/figures/members.new/trend?org_id={o.pk}&year=2022", DENIED_API
            ),
            Read(
                lambda o: f"/api/v1/figures/members.total/records?org_id={o.pk}&{_YEAR}", DENIED_API
            ),
        ],
    )
)


def _make_summary(world, org):
    from gonghui.reports.models import SummaryJob

    return SummaryJob.objects.create(
        org=org,
        year=2022,
        language="zh-hans",
        status="done",
        total=1,
        done=1,
        created_by=world.province_staff,
        content={"title": f"{org.name}2022年工会工作综述", "sections": [], "figures": []},
    )


register(
    ScopedThing(
        name="annual work summary",
        make=_make_summary,
        reads=[
            Read(lambda j: f"/reports/summary/{j.pk}/", DENIED_PAGE),
            Read(lambda j: f"/reports/summary/{j.pk}/status", DENIED_PAGE),
        ],
        listings=[
            Listing(
                lambda j: "/reports/summary/?all=1",
                _html_has(lambda j: f'href="/reports/summary/{j.pk}/"'),
            )
        ],
    )
)
