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


CHILD_KIND = {OrgKind.PROVINCIAL: OrgKind.CITY, OrgKind.CITY: OrgKind.COUNTY,
              OrgKind.COUNTY: OrgKind.TOWNSHIP, OrgKind.TOWNSHIP: OrgKind.GRASSROOTS}


def _org_unchanged(org) -> bool:
    org_now = Organization.objects.get(pk=org.pk)
    return org_now.name == org.name and not org.children.filter(name="新建工会").exists()


register(ScopedThing(
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
        Write("patch", lambda o: f"/api/v1/orgs/{o.pk}", lambda o: {"name": o.name + "（改）"},
              200, _org_unchanged),
        Write("post", lambda o: "/api/v1/orgs",
              lambda o: {"name": "新建工会", "kind": CHILD_KIND[o.kind], "parent_id": o.pk}
              if o.kind in CHILD_KIND else None, 201, _org_unchanged),
    ],
))


def _make_enterprise(world, org):
    return EnterpriseFactory(name=f"{org.name}所属企业", keeper=org)


register(ScopedThing(
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
        Write("patch", lambda e: f"/api/v1/enterprises/{e.pk}", lambda e: {"employees": 999},
              200, lambda e: type(e).objects.get(pk=e.pk).employees == e.employees),
    ],
))


def _make_audit(world, org):
    return AuditEvent.objects.create(actor_name="someone", action="update",
                                     target_repr=f"{org.name}的记录", org_path=org.path)


register(ScopedThing(
    name="audit event",
    make=_make_audit,
    reads=[Read(lambda a: f"/admin/core/auditevent/{a.pk}/change/", DENIED_ADMIN)],
    listings=[Listing(lambda a: "/admin/core/auditevent/", _html_has(lambda a: a.target_repr))],
))


def _make_role(world, org):
    return Role.objects.create(user=make_user(f"holder-{org.pk}-role"), kind="cadre", organization=org)


register(ScopedThing(
    name="role",
    make=_make_role,
    reads=[Read(lambda r: f"/admin/accounts/role/{r.pk}/change/", DENIED_ADMIN)],
    listings=[Listing(lambda r: "/admin/accounts/role/", _html_has(lambda r: r.user.username))],
))


def _make_membership(world, org):
    from .factories import make_member

    return make_member(org, f"成员{org.pk}号")


def _membership_active(m) -> bool:
    return type(m).objects.get(pk=m.pk).status == "active"


register(ScopedThing(
    name="membership",
    make=_make_membership,
    reads=[Read(lambda m: f"/api/v1/members/{m.pk}", DENIED_API),
           Read(lambda m: f"/api/v1/members?union_id={m.union_id}", DENIED_API),
           Read(lambda m: f"/members/?union={m.union_id}", DENIED_PAGE)],
    listings=[
        Listing(lambda m: "/api/v1/members?limit=1000", _api_ids),
        Listing(lambda m: f"/api/v1/members?q={m.person.name}", _api_ids),
        Listing(lambda m: "/members/", _html_has(lambda m: m.number)),
        Listing(lambda m: "/members/?export=csv", _html_has(lambda m: m.number)),
    ],
    writes=[Write("post", lambda m: f"/api/v1/members/{m.pk}/leave",
                  lambda m: {"reason": "调离本单位"}, 200, _membership_active)],
))


def _make_join_request(world, org):
    from gonghui.members.models import JoinRequest

    from .factories import make_member

    person = make_member(org, f"申请人{org.pk}号").person
    person.memberships.all().delete()  # an applicant, not yet a member
    return JoinRequest.objects.create(person=person, union=org)


register(ScopedThing(
    name="join request",
    make=_make_join_request,
    reads=[Read(lambda j: f"/api/v1/join-requests?union_id={j.union_id}", DENIED_API)],
    listings=[
        Listing(lambda j: "/api/v1/join-requests?limit=1000", _api_ids),
        Listing(lambda j: "/members/requests/", _html_has(lambda j: j.person.name)),
    ],
    writes=[Write("post", lambda j: f"/api/v1/join-requests/{j.pk}/approve", lambda j: {}, 200,
                  lambda j: type(j).objects.get(pk=j.pk).status == "pending")],
))
