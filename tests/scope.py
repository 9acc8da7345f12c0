"""The scope registry. A model or endpoint joins the matrix by registering an entry.

For every persona and every object placed across the organizations of the test world,
the matrix (test_scope_matrix.py) checks: detail URLs answer 200 inside the persona's
subtree and "denied" outside it; lists show the object exactly when it is visible;
writes succeed exactly when the persona may write there, and change nothing (no row, no
audit row, no sensitive read) otherwise. Every model with `scope_path_field` has an entry
(`model=`), and every route that takes an object id is reached by one
(tests/test_url_scope.py).

`make(world, org)` keeps its object at `org` or at a new organization below it that no
persona's role is bound to, so who sees it is who sees `org`.
"""

import importlib
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.accounts.models import WRITING_ROLES, Role
from gonghui.core import audit
from gonghui.orgs.models import Organization, OrgKind

from .factories import EnterpriseFactory, make_member, make_org, make_user

_serial = itertools.count(1)

DENIED_API = {404}
DENIED_PAGE = {404}
DENIED_ADMIN = {302}  # the admin sends outsiders to its index or the login page


@dataclass
class Read:
    url: Callable[[Any], str]
    denied: set[int]
    write: bool = False  # a page only writers open (an edit form): 200 where they may write


@dataclass
class Listing:
    url: Callable[[Any], str]
    contains: Callable[[str, Any], bool]  # (response body, obj) -> is the object listed?
    write: bool = False  # shown only to those who may write there (beside the forms)


@dataclass
class Write:
    method: str
    url: Callable[[Any], str]
    payload: Callable[[Any], dict | None]  # None: this write does not apply to that object
    ok: int
    unchanged: Callable[[Any], bool]  # after a refused write: is the object as it was?
    form: bool | None = None  # sent as a form (files too); default: pages yes, the API no
    # Who may: by default whoever may write where the object is kept; `may(user, obj)` for
    # a narrower rule (only the owning federation, only the union at the step).
    may: Callable[[Any, Any], bool] | None = None
    # The answer to one who sees the object but may not do this (one who does not see it
    # always gets 404): a page that redirects with the refusal says 302.
    denied: set[int] = field(default_factory=lambda: {404})
    # Who sees the object for this write, when more do than those whose roles reach its
    # place: a federation's health or rest program is seen from the unions below it too,
    # which take its places (welfare.services._program). Default: `inside`.
    seen: Callable[[Any, Any], bool] | None = None


@dataclass
class ScopedThing:
    name: str
    make: Callable[[Any, Organization], Any]  # (world, organization) -> object kept there
    reads: list[Read] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    model: str | None = None  # the scoped model's label; None for a view over several


REGISTRY: list[ScopedThing] = []


def inside(user, org, *, write=False) -> bool:
    """Whether `user`'s roles (the writing ones, with write=True) reach `org`."""
    return any(
        org.path.startswith(path)
        for kind, path in _roles(user)
        if not write or kind in WRITING_ROLES
    )


def _roles(user) -> list[tuple[str, str]]:
    """The user's roles as (kind, organization's path), read once per user object.

    The matrix asks `inside` about the same personas some 30,000 times (each a query and
    one per role); a persona's roles do not change while its world lives (the matrix's
    writes are rolled back, `make` gives roles to new users only)."""
    roles = user.__dict__.get("_scope_roles")
    if roles is None:
        roles = [(r.kind, r.organization.path) for r in user.roles.select_related("organization")]
        user.__dict__["_scope_roles"] = roles
    return roles


def register(thing: ScopedThing) -> ScopedThing:
    REGISTRY.append(thing)
    return thing


def _api_ids(body: str, obj) -> bool:
    return any(item["id"] == obj.pk for item in json.loads(body)["items"])


def _api_lists(key: str, id_of: Callable[[Any], int]):
    """Whether an item of the API list has the object in its `key` list (a task's items)."""

    def contains(body: str, obj) -> bool:
        items = json.loads(body)["items"]
        return any(sub["id"] == id_of(obj) for item in items for sub in item[key])

    return contains


def _exists(obj) -> bool:
    return type(obj).objects.filter(pk=obj.pk).exists()


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _png():
    return SimpleUploadedFile("scope.png", PNG, content_type="image/png")


def _pdf():
    return SimpleUploadedFile(
        "scope.pdf", b"%PDF-1.4\n% scope matrix\n", content_type="application/pdf"
    )


def _clerk():
    """A staff user who is none of the personas, for records whose maker sees them."""
    from gonghui.accounts.models import User

    return User.objects.filter(username="scope_clerk").first() or make_user("scope_clerk")


def _writes_at(org_of: Callable[[Any], Organization]):
    """`may`: the persona holds a writing role at or above that organization."""
    return lambda user, obj: inside(user, org_of(obj), write=True)


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
        model="orgs.Organization",
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
            Listing(lambda o: "/api/v1/orgs?limit=500", _api_ids),
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


def _make_movable(world, org):
    """A union below `org` (none of the personas' roles is bound to it: one may not move
    the organization of one's own role), or a leaf `org` itself."""
    if org.kind in CHILD_KIND:
        return make_org(f"{org.name}下设工会", CHILD_KIND[org.kind], org, org.region_id)
    return org


register(
    ScopedThing(
        name="organization moved",
        model="orgs.Organization",
        make=_make_movable,
        writes=[
            # moved under the parent it has: the route's scope, not the tree, is on trial
            Write(
                "post",
                lambda o: f"/api/v1/orgs/{o.pk}/move",
                lambda o: (
                    None
                    if Role.objects.filter(organization=o).exists()
                    else {"new_parent_id": o.parent_id}
                ),
                200,
                lambda o: Organization.objects.get(pk=o.pk).path == o.path,
            )
        ],
    )
)


def _make_enterprise(world, org):
    return EnterpriseFactory(name=f"{org.name}所属企业", keeper=org)


register(
    ScopedThing(
        name="enterprise",
        model="orgs.Enterprise",
        make=_make_enterprise,
        reads=[
            Read(lambda e: f"/api/v1/enterprises/{e.pk}", DENIED_API),
            Read(lambda e: f"/admin/orgs/enterprise/{e.pk}/change/", DENIED_ADMIN),
        ],
        listings=[
            Listing(lambda e: "/api/v1/enterprises?limit=500", _api_ids),
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
    # written as every audit row is, so it names its organization the way core does
    return audit.record(actor=None, action=audit.Action.UPDATE, obj=org, actor_name="scope-matrix")


register(
    ScopedThing(
        name="audit event",
        model="core.AuditEvent",
        make=_make_audit,
        reads=[Read(lambda a: f"/admin/core/auditevent/{a.pk}/change/", DENIED_ADMIN)],
        listings=[
            Listing(
                lambda a: "/admin/core/auditevent/",
                _html_has(lambda a: f"/admin/core/auditevent/{a.pk}/change/"),
            )
        ],
    )
)


def _make_sensitive_read(world, org):
    from gonghui.core.models import SensitiveRead

    purpose = f"核实身份{org.pk}号"
    audit.record_sensitive_read(
        actor=_clerk(), obj=org, field="phone", purpose=purpose, org_path=org.path
    )
    return SensitiveRead.objects.get(purpose=purpose)


register(
    ScopedThing(
        name="sensitive read",
        model="core.SensitiveRead",
        make=_make_sensitive_read,
        reads=[Read(lambda r: f"/admin/core/sensitiveread/{r.pk}/change/", DENIED_ADMIN)],
        listings=[
            Listing(
                lambda r: "/admin/core/sensitiveread/",
                _html_has(lambda r: f"/admin/core/sensitiveread/{r.pk}/change/"),
            )
        ],
    )
)


def _make_role(world, org):
    return Role.objects.create(
        user=make_user(f"holder-{org.pk}-role"), kind="cadre", organization=org
    )


register(
    ScopedThing(
        name="role",
        model="accounts.Role",
        make=_make_role,
        reads=[Read(lambda r: f"/admin/accounts/role/{r.pk}/change/", DENIED_ADMIN)],
        listings=[Listing(lambda r: "/admin/accounts/role/", _html_has(lambda r: r.user.username))],
    )
)


def _make_membership(world, org):
    return make_member(org, f"成员{org.pk}号")


def _other_union(m) -> Organization:
    """A union to transfer the member to: a grassroots union other than theirs."""
    return Organization.objects.filter(kind=OrgKind.GRASSROOTS).exclude(pk=m.union_id).first()


def _membership_active(m) -> bool:
    return type(m).objects.get(pk=m.pk).status == "active"


register(
    ScopedThing(
        name="membership",
        model="members.Membership",
        make=_make_membership,
        reads=[
            Read(lambda m: f"/api/v1/members/{m.pk}", DENIED_API),
            Read(lambda m: f"/members/{m.pk}/", DENIED_PAGE),
            Read(lambda m: f"/api/v1/members?union_id={m.union_id}", DENIED_API),
            Read(lambda m: f"/members/?union={m.union_id}", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda m: "/api/v1/members?limit=500", _api_ids),
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
            ),
            Write(
                "post",
                lambda m: f"/members/{m.pk}/leave/",
                lambda m: {"reason": "调离本单位"},
                302,
                _membership_active,
            ),
            Write(
                "post",
                lambda m: f"/members/{m.pk}/transfer/",
                lambda m: {"to_union": _other_union(m).name},
                302,
                lambda m: not m.transfers.exists(),
            ),
            # the page's logged read: refused, it writes no sensitive read
            Write(
                "post",
                lambda m: f"/members/{m.pk}/reveal/",
                lambda m: {"field": "phone", "purpose": "核实身份"},
                200,
                lambda m: True,
            ),
            # the logged read of the full phone: refused, it writes no sensitive read
            Write(
                "post",
                lambda m: f"/api/v1/people/{m.person_id}/reveal",
                lambda m: {"field": "phone", "purpose": "核实身份"},
                200,
                lambda m: True,
            ),
        ],
    )
)


def _make_join_request(world, org):
    from .factories import make_join_request

    return make_join_request(org, f"申请人{org.pk}号")


def _join_pending(j) -> bool:
    return type(j).objects.get(pk=j.pk).status == "pending"


register(
    ScopedThing(
        name="join request",
        model="members.JoinRequest",
        make=_make_join_request,
        reads=[Read(lambda j: f"/api/v1/join-requests?union_id={j.union_id}", DENIED_API)],
        listings=[
            Listing(lambda j: "/api/v1/join-requests?limit=500", _api_ids),
            Listing(lambda j: "/members/requests/", _html_has(lambda j: j.name)),
        ],
        writes=[
            Write(
                "post",
                lambda j: f"/api/v1/join-requests/{j.pk}/approve",
                lambda j: {},
                200,
                _join_pending,
            ),
            Write(
                "post",
                lambda j: f"/api/v1/join-requests/{j.pk}/reject",
                lambda j: {"reason": "材料不全"},
                200,
                _join_pending,
            ),
            Write(
                "post",
                lambda j: f"/members/requests/{j.pk}/approve/",
                lambda j: {},
                302,
                _join_pending,
            ),
            Write(
                "post",
                lambda j: f"/members/requests/{j.pk}/reject/",
                lambda j: {"reason": "材料不全"},
                302,
                _join_pending,
            ),
        ],
    )
)


def _make_transfer(world, org):
    """A transfer released by the old union, waiting for the new one. Both ends are at
    `org`: the matrix places an object at one organization."""
    from django.utils import timezone

    from gonghui.members.models import Transfer

    return Transfer.objects.create(
        membership=make_member(org, f"转会{org.pk}号"),
        from_union=org,
        to_union=org,
        status="released",
        released_at=timezone.now(),
        requested_by=_clerk(),
    )


def _released(t) -> bool:
    return type(t).objects.get(pk=t.pk).status == "released"


register(
    ScopedThing(
        name="membership transfer",
        model="members.Transfer",
        make=_make_transfer,
        listings=[
            Listing(lambda t: "/api/v1/transfers?limit=500", _api_ids),
            Listing(lambda t: "/members/transfers/", _html_has(lambda t: t.membership.person.name)),
        ],
        writes=[
            *(
                Write(
                    "post",
                    lambda t, act=act: f"/api/v1/transfers/{t.pk}/{act}",
                    lambda t: {"reason": "不符合条件"},
                    # released already: one who may write there reaches the rule (400)
                    400 if act == "release" else 200,
                    _released,
                    denied={400},  # a reader of the unions: "the new union does this"
                )
                for act in ("accept", "reject", "release")
            ),
            *(
                Write(
                    "post",
                    lambda t, act=act: f"/members/transfers/{t.pk}/{act}/",
                    lambda t: {"reason": "不符合条件"},
                    302,  # the transfers page again, with the outcome or the refusal
                    _released,
                    denied={302},
                )
                for act in ("accept", "reject", "release")
            ),
        ],
    )
)


def _make_import_job(world, org):
    from gonghui.members.models import ImportJob

    return ImportJob.objects.create(
        file="imports/scope.xlsx",
        file_name=f"{org.name}会员名册.xlsx",
        union=org,
        org_path=org.path,
        language="zh-hans",
        # Interrupted (its worker died): the state in which it may be run again.
        status="interrupted",
        created_by=_clerk(),  # its uploader sees it anywhere: not one of the personas
    )


def _import_interrupted(j) -> bool:
    j.refresh_from_db()
    return j.status == "interrupted"


register(
    ScopedThing(
        name="member import",
        model="members.ImportJob",
        make=_make_import_job,
        reads=[
            Read(lambda j: f"/members/import/{j.pk}/", DENIED_PAGE),
            Read(lambda j: f"/members/import/{j.pk}/status", DENIED_PAGE),
            Read(lambda j: f"/members/import/{j.pk}/bad-rows.csv", DENIED_PAGE),
        ],
        writes=[
            Write(
                "post",
                lambda j: f"/members/import/{j.pk}/run-again",
                lambda j: {},
                302,
                _import_interrupted,
            ),
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
        model="stations.Station",
        make=_make_station,
        reads=[
            Read(lambda s: f"/api/v1/stations/{s.pk}", DENIED_API),
            Read(lambda s: f"/api/v1/stations?union_id={s.union_id}", DENIED_API),
            Read(lambda s: f"/api/v1/stations/visits?station_id={s.pk}", DENIED_API),
            Read(lambda s: f"/stations/{s.pk}/", DENIED_PAGE),
            Read(lambda s: f"/stations/{s.pk}/poster/", DENIED_PAGE),
            Read(lambda s: f"/stations/{s.pk}/edit/", DENIED_PAGE, write=True),
            Read(lambda s: f"/stations/?union={s.union_id}", DENIED_PAGE),
            Read(lambda s: f"/stations/visits/?station={s.pk}", DENIED_PAGE),
            Read(lambda s: f"/stations/problems/?station={s.pk}", DENIED_PAGE),
            Read(lambda s: f"/admin/stations/station/{s.pk}/change/", DENIED_ADMIN),
        ],
        listings=[
            Listing(lambda s: "/api/v1/stations?limit=500", _api_ids),
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
            Write(
                "post",
                lambda s: f"/api/v1/stations/{s.pk}/poster/renew",
                lambda s: {},
                200,
                lambda s: type(s).objects.get(pk=s.pk).qr_version == s.qr_version,
            ),
            Write(
                "post",
                lambda s: f"/stations/{s.pk}/poster/renew/",
                lambda s: {},
                302,
                lambda s: type(s).objects.get(pk=s.pk).qr_version == s.qr_version,
            ),
            Write(
                "post",
                lambda s: f"/stations/{s.pk}/photos/",
                lambda s: {"image": _png(), "caption": "外景"},
                302,
                lambda s: not s.photos.exists(),
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
        model="stations.Visit",
        make=_make_visit,
        reads=[Read(lambda v: f"/admin/stations/visit/{v.pk}/change/", DENIED_ADMIN)],
        listings=[
            Listing(lambda v: "/api/v1/stations/visits?limit=500", _api_ids),
            Listing(lambda v: "/stations/visits/", _html_has(lambda v: f'data-id="{v.pk}"')),
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


def _problem_open(p) -> bool:
    return type(p).objects.get(pk=p.pk).status == "open"


register(
    ScopedThing(
        name="station problem",
        model="stations.Problem",
        make=_make_problem,
        reads=[
            Read(lambda p: f"/api/v1/stations/problems/{p.pk}", DENIED_API),
            Read(lambda p: f"/admin/stations/problem/{p.pk}/change/", DENIED_ADMIN),
        ],
        listings=[
            Listing(lambda p: "/api/v1/stations/problems?limit=500", _api_ids),
            Listing(lambda p: "/stations/problems/", _html_has(lambda p: f'data-problem="{p.pk}"')),
            Listing(lambda p: "/stations/problems/?export=csv", _html_has(lambda p: p.text)),
        ],
        writes=[
            Write(
                "post",
                lambda p: f"/api/v1/stations/problems/{p.pk}/close",
                lambda p: {"note": "已处理"},
                200,
                _problem_open,
            ),
            Write(
                "post",
                lambda p: f"/stations/problems/{p.pk}/close/",
                lambda p: {"note": "已处理"},
                302,
                _problem_open,
            ),
        ],
    )
)


def _make_station_photo(world, org):
    from gonghui.stations.models import Photo

    return Photo.objects.create(
        station=_make_station(world, org),
        image=_png(),
        content_type="image/png",
        caption=f"{org.name}驿站外景",
    )


register(
    ScopedThing(
        name="service position photo",
        model="stations.Photo",
        make=_make_station_photo,
        reads=[Read(lambda p: f"/admin/stations/photo/{p.pk}/change/", DENIED_ADMIN)],
        listings=[
            Listing(
                lambda p: f"/stations/{p.station_id}/",
                _html_has(lambda p: f"/stations/photos/{p.pk}"),
            )
        ],
        writes=[
            Write(
                "post",
                lambda p: f"/stations/{p.station_id}/photos/{p.pk}/remove/",
                lambda p: {},
                302,
                _exists,
            )
        ],
    )
)


def _make_activity(world, org):
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
        model="activities.Activity",
        make=_make_activity,
        reads=[
            Read(lambda a: f"/api/v1/activities/{a.pk}", DENIED_API),
            Read(lambda a: f"/activities/{a.pk}/", DENIED_PAGE),
            Read(lambda a: f"/activities/{a.pk}/edit/", DENIED_PAGE, write=True),
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
            Listing(lambda a: "/api/v1/activities?limit=500", _api_ids),
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
            ),
            Write("delete", lambda a: f"/api/v1/activities/{a.pk}", lambda a: {}, 204, _exists),
            Write("post", lambda a: f"/activities/{a.pk}/withdraw/", lambda a: {}, 302, _exists),
            Write(
                "post",
                lambda a: f"/api/v1/activities/{a.pk}/photos",
                lambda a: {"file": _png(), "caption": "会场"},
                201,
                lambda a: not a.photos.exists(),
                form=True,
            ),
            Write(
                "post",
                lambda a: f"/activities/{a.pk}/photos/",
                lambda a: {"file": _png(), "caption": "会场"},
                302,
                lambda a: not a.photos.exists(),
            ),
        ],
    )
)


def _make_meeting_photo(world, org):
    from gonghui.activities.services import photo_add

    activity = _make_activity(world, org)
    return photo_add(
        actor=_aid_writer(world, org), activity_id=activity.pk, upload=_png(), caption="会场"
    )


register(
    ScopedThing(
        name="meeting photo",
        model="activities.Photo",
        make=_make_meeting_photo,
        reads=[Read(lambda p: f"/activities/{p.activity_id}/photos/{p.pk}", DENIED_PAGE)],
        writes=[
            Write(
                "delete",
                lambda p: f"/api/v1/activities/{p.activity_id}/photos/{p.pk}",
                lambda p: {},
                204,
                _exists,
            ),
            Write(
                "post",
                lambda p: f"/activities/{p.activity_id}/photos/{p.pk}/remove/",
                lambda p: {},
                302,
                _exists,
            ),
        ],
    )
)


def _make_work_task(world, org):
    from gonghui.workplans.models import Task, WorkPlan

    plan = WorkPlan.objects.create(
        owner=org,
        year=2023,
        title=f"{org.name}的工作计划{next(_serial)}",  # several plans at one place are told apart
        created_by=world.province_staff,
    )
    return Task.objects.create(
        plan=plan, number=1, title=f"{org.name}的任务", owner=org, deadline=date(2023, 6, 30)
    )


def _overdue_lists(body: str, task) -> bool:
    return any(o["task_id"] == task.pk for o in json.loads(body))


register(
    ScopedThing(
        name="work-plan task",
        model="workplans.Task",
        make=_make_work_task,
        reads=[
            Read(lambda t: f"/api/v1/workplans/tasks/{t.pk}", DENIED_API),
            Read(lambda t: f"/workplans/tasks/{t.pk}/", DENIED_PAGE),
            Read(lambda t: f"/api/v1/workplans/overdue?under_id={t.owner_id}", DENIED_API),
            Read(lambda t: f"/admin/workplans/task/{t.pk}/change/", DENIED_ADMIN),
        ],
        listings=[
            Listing(lambda t: "/api/v1/workplans/tasks?limit=500", _api_ids),
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
            ),
            Write(
                "patch",
                lambda t: f"/api/v1/workplans/tasks/{t.pk}",
                lambda t: {"title": t.title + "（改）"},
                200,
                lambda t: type(t).objects.get(pk=t.pk).title == t.title,
            ),
            Write(
                "post",
                lambda t: f"/api/v1/workplans/tasks/{t.pk}/items",
                lambda t: {"title": "子项一"},
                201,
                lambda t: not t.items.exists(),
            ),
            Write(
                "post",
                lambda t: f"/workplans/tasks/{t.pk}/items/",
                lambda t: {"title": "子项一"},
                302,
                lambda t: not t.items.exists(),
            ),
            Write(
                "post",
                lambda t: f"/workplans/tasks/{t.pk}/report/",
                lambda t: {"period": 1, "percent": 30, "text": "已部署"},
                302,
                lambda t: not t.reports.exists(),
            ),
        ],
    )
)


register(
    ScopedThing(
        name="work plan",
        model="workplans.WorkPlan",
        make=lambda world, org: _make_work_task(world, org).plan,
        reads=[
            Read(lambda p: f"/api/v1/workplans/{p.pk}", DENIED_API),
            Read(lambda p: f"/api/v1/workplans/{p.pk}/periods", DENIED_API),
            Read(lambda p: f"/workplans/{p.pk}/", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda p: "/api/v1/workplans?limit=500", _api_ids),
            Listing(lambda p: "/workplans/", _html_has(lambda p: f'href="/workplans/{p.pk}/"')),
        ],
        writes=[
            Write(
                "patch",
                lambda p: f"/api/v1/workplans/{p.pk}",
                lambda p: {"title": p.title + "（改）"},
                200,
                lambda p: type(p).objects.get(pk=p.pk).title == p.title,
            ),
            Write(
                "post",
                lambda p: f"/api/v1/workplans/{p.pk}/tasks",
                lambda p: {"title": "新任务", "owner_id": p.owner_id, "deadline": "2023-12-31"},
                201,
                lambda p: p.tasks.count() == 1,
            ),
        ],
    )
)


def _make_task_item(world, org):
    from gonghui.workplans.models import TaskItem

    task = _make_work_task(world, org)
    return TaskItem.objects.create(task=task, number=1, title=f"{org.name}的子项", owner=org)


def _item_open(i) -> bool:
    return type(i).objects.get(pk=i.pk).done_on is None


register(
    ScopedThing(
        name="work-plan sub-item",
        model="workplans.TaskItem",
        make=_make_task_item,
        listings=[
            Listing(
                lambda i: "/api/v1/workplans/tasks?limit=500", _api_lists("items", lambda i: i.pk)
            )
        ],
        writes=[
            Write(
                "patch",
                lambda i: f"/api/v1/workplans/items/{i.pk}",
                lambda i: {"done": True},
                200,
                _item_open,
            ),
            Write(
                "post",
                lambda i: f"/workplans/tasks/{i.task_id}/items/{i.pk}/done/",
                lambda i: {},
                302,
                _item_open,
            ),
            Write(
                "post",
                lambda i: f"/workplans/tasks/{i.task_id}/items/{i.pk}/reopen/",
                lambda i: {},
                302,
                lambda i: type(i).objects.get(pk=i.pk).updated_at == i.updated_at,
            ),
        ],
    )
)


def _make_progress(world, org):
    from gonghui.workplans.models import ProgressReport

    return ProgressReport.objects.create(
        task=_make_work_task(world, org),
        period=1,
        percent=30,
        text=f"{org.name}已部署",
        reported_on=date(2023, 3, 5),
        reported_by=_clerk(),
    )


register(
    ScopedThing(
        name="progress report",
        model="workplans.ProgressReport",
        make=_make_progress,
        listings=[
            Listing(
                lambda r: "/api/v1/workplans/tasks?limit=500",
                _api_lists("reports", lambda r: r.pk),
            )
        ],
        writes=[
            # the same period again replaces the report
            Write(
                "post",
                lambda r: f"/api/v1/workplans/tasks/{r.task_id}/reports",
                lambda r: {"period": r.period, "percent": 60, "text": "过半"},
                200,
                lambda r: type(r).objects.get(pk=r.pk).percent == r.percent,
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
    from datetime import timedelta

    from gonghui.assistance.services import consent_record, file_open

    member = make_member(org, f"困难户{org.pk}号")
    # with the worker's consent on record, so that sensitive values may be set
    consent_record(
        actor=_aid_writer(world, org), person_id=member.person_id, given_by=member.person.name
    )
    return file_open(
        actor=_aid_writer(world, org),
        membership_id=member.pk,
        tier="deep",
        causes=["illness"],
        opened_on=date.today() - timedelta(days=400),
    )


def _file_open(f) -> bool:
    return type(f).objects.get(pk=f.pk).status == "open"


register(
    ScopedThing(
        name="needy-worker file",
        model="assistance.HardshipFile",
        make=_make_hardship_file,
        reads=[
            Read(lambda f: f"/api/v1/aid/files/{f.pk}", DENIED_API),
            Read(lambda f: f"/aid/files/{f.pk}/", DENIED_PAGE),
            Read(lambda f: f"/api/v1/aid/files?union_id={f.union_id}", DENIED_API),
            Read(lambda f: f"/aid/?union={f.union_id}", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda f: "/api/v1/aid/files?limit=500", _api_ids),
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
            ),
            Write(
                "patch",
                lambda f: f"/api/v1/aid/files/{f.pk}",
                lambda f: {"note": "已入户核实"},
                200,
                lambda f: type(f).objects.get(pk=f.pk).note == f.note,
            ),
            Write(
                "post",
                lambda f: f"/api/v1/aid/files/{f.pk}/household",
                lambda f: {
                    "name": "王小明",
                    "relation": "child",
                    "age": 10,
                    "condition": "student",
                },
                201,
                lambda f: not f.household.exists(),
            ),
            Write(
                "post",
                lambda f: f"/api/v1/aid/files/{f.pk}/sensitive",
                lambda f: {"income": 50000},
                200,
                lambda f: type(f).objects.get(pk=f.pk).income_cipher == "",
            ),
            Write(
                "post",
                lambda f: f"/api/v1/aid/files/{f.pk}/reveal",
                lambda f: {"field": "income", "purpose": "核对收入"},
                200,
                lambda f: True,  # refused: no sensitive read written (the matrix checks)
            ),
            Write(
                "post",
                lambda f: f"/api/v1/aid/files/{f.pk}/close",
                lambda f: {"reason": "employed"},
                200,
                _file_open,
            ),
            Write(
                "post",
                lambda f: f"/api/v1/aid/files/{f.pk}/documents",
                lambda f: {"kind": "income", "upload": _pdf()},
                201,
                lambda f: not f.documents.exists(),
                form=True,
            ),
            *(
                Write("post", lambda f, a=action: f"/aid/files/{f.pk}/{a}/", payload, ok, unchanged)
                for action, payload, ok, unchanged in [
                    (
                        "reveal",
                        lambda f: {"field": "income", "purpose": "核对收入"},
                        200,
                        _file_open,
                    ),
                    (
                        "household",
                        lambda f: {
                            "household-name": "王小明",
                            "household-relation": "child",
                            "household-age": 10,
                            "household-condition": "student",
                        },
                        302,
                        lambda f: not f.household.exists(),
                    ),
                    (
                        "sensitive",
                        lambda f: {"sensitive-income": "500", "sensitive-illness": ""},
                        302,
                        lambda f: type(f).objects.get(pk=f.pk).income_cipher == "",
                    ),
                    (
                        "review",
                        lambda f: {"review-tier": "relative"},
                        302,
                        lambda f: type(f).objects.get(pk=f.pk).last_reviewed_on is None,
                    ),
                    ("close", lambda f: {"close-reason": "employed"}, 302, _file_open),
                    (
                        "documents",
                        lambda f: {"document-kind": "income", "document-upload": _pdf()},
                        302,
                        lambda f: not f.documents.exists(),
                    ),
                ]
            ),
            Write(
                "post",
                lambda f: f"/aid/files/{f.pk}/consent/",
                lambda f: {
                    "consent-given_by": "本人",
                    "consent-relation": "self",
                    "consent-method": "paper",
                },
                302,
                lambda f: f.person.aid_consents.count() == 1,
                denied={400},  # a reader sees the page again: "no such member in your unions"
            ),
        ],
    )
)


def _make_aid_application(world, org):
    from gonghui.assistance.services import application_submit

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
        model="assistance.AidApplication",
        make=_make_aid_application,
        reads=[
            Read(lambda a: f"/api/v1/aid/applications/{a.pk}", DENIED_API),
            Read(lambda a: f"/aid/applications/{a.pk}/", DENIED_PAGE),
            Read(lambda a: f"/api/v1/aid/applications?union_id={a.union_id}", DENIED_API),
        ],
        listings=[
            Listing(lambda a: "/api/v1/aid/applications?limit=500", _api_ids),
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
            ),
            Write(
                "post",
                lambda a: f"/api/v1/aid/applications/{a.pk}/reveal",
                lambda a: {"field": "illness", "purpose": "核对病情"},
                200,
                lambda a: True,  # refused: no sensitive read written (the matrix checks)
            ),
            Write(
                "post",
                lambda a: f"/api/v1/aid/applications/{a.pk}/documents",
                lambda a: {"kind": "other", "upload": _pdf()},
                201,
                lambda a: not a.documents.exists(),
                form=True,
            ),
            Write(
                "post",
                lambda a: f"/aid/applications/{a.pk}/documents/",
                lambda a: {"document-kind": "other", "document-upload": _pdf()},
                302,
                lambda a: not a.documents.exists(),
            ),
            Write(
                "post",
                lambda a: f"/aid/applications/{a.pk}/withdraw/",
                lambda a: {},
                302,
                lambda a: type(a).objects.get(pk=a.pk).status == "reviewing",
            ),
            Write(
                "post",
                lambda a: f"/aid/applications/{a.pk}/reveal/",
                lambda a: {"purpose": "核对病情"},
                200,
                lambda a: True,
            ),
        ],
    )
)


def _make_consent(world, org):
    from gonghui.assistance.services import consent_record

    member = make_member(org, f"同意人{org.pk}号")
    return consent_record(
        actor=_aid_writer(world, org), person_id=member.person_id, given_by=f"同意人{org.pk}号"
    )


register(
    ScopedThing(
        name="consent",
        model="assistance.Consent",
        make=_make_consent,
        reads=[Read(lambda c: f"/admin/assistance/consent/{c.pk}/change/", DENIED_ADMIN)],
        listings=[Listing(lambda c: "/admin/assistance/consent/", _html_has(lambda c: c.given_by))],
        writes=[
            Write(
                "post",
                lambda c: f"/api/v1/aid/consents/{c.pk}/withdraw",
                lambda c: {},
                200,
                lambda c: type(c).objects.get(pk=c.pk).withdrawn_at is None,
            )
        ],
    )
)


def _make_household(world, org):
    from gonghui.assistance.models import HouseholdMember

    from .assistance.helpers import open_file

    return HouseholdMember.objects.create(
        file=open_file(world, org, name=f"家庭{org.pk}号"),
        name="王小明",
        relation="child",
        age=10,
        condition="student",
    )


register(
    ScopedThing(
        name="household member",
        model="assistance.HouseholdMember",
        make=_make_household,
        listings=[
            Listing(
                lambda h: "/api/v1/aid/files?limit=500", _api_lists("household", lambda h: h.pk)
            )
        ],
        writes=[
            Write(
                "delete",
                lambda h: f"/api/v1/aid/files/{h.file_id}/household/{h.pk}",
                lambda h: {},
                204,
                _exists,
            ),
            Write(
                "post",
                lambda h: f"/aid/files/{h.file_id}/household/{h.pk}/remove/",
                lambda h: {},
                302,
                _exists,
            ),
        ],
    )
)


def _make_file_review(world, org):
    from gonghui.assistance.services import file_review

    from .assistance.helpers import open_file

    file = open_file(
        world, org, name=f"复核户{org.pk}号", opened_on=date.today().replace(year=2020)
    )
    return file_review(
        actor=_aid_writer(world, org), file_id=file.pk, tier="relative", note=f"{org.name}年度复核"
    )


register(
    ScopedThing(
        name="needy-worker file review",
        model="assistance.FileReview",
        make=_make_file_review,
        listings=[
            Listing(lambda r: f"/aid/files/{r.file_id}/", _html_has(lambda r: r.note), write=True)
        ],
    )
)


def _make_chain(world, org):
    """Written directly: only a federation sets a chain, and the matrix needs one at every
    place."""
    from gonghui.assistance.models import ReviewChain

    return ReviewChain.objects.create(
        owner=org, kind="living", levels=["base"], updated_by=_clerk()
    )


register(
    ScopedThing(
        name="review chain",
        model="assistance.ReviewChain",
        make=_make_chain,
        listings=[
            Listing(
                lambda c: "/api/v1/aid/chains",
                lambda body, c: any(item["id"] == c.pk for item in json.loads(body)),
            )
        ],
        writes=[
            Write(
                "put",
                lambda c: "/api/v1/aid/chains",
                lambda c: (
                    {"owner_id": c.owner_id, "kind": "living", "levels": ["base", "county"]}
                    if c.owner.kind in (OrgKind.PROVINCIAL, OrgKind.CITY, OrgKind.COUNTY)
                    else None
                ),
                200,
                lambda c: type(c).objects.get(pk=c.pk).levels == ["base"],
            )
        ],
    )
)


def _decides_there(user, step) -> bool:
    """A step is decided by a writing role held at that very union (not above it)."""
    return any(
        r.organization_id == step.org_id and r.kind in WRITING_ROLES for r in user.roles.all()
    )


register(
    ScopedThing(
        name="application step",
        model="assistance.ApplicationStep",
        make=lambda world, org: _make_aid_application(world, org).steps.get(order=1),
        listings=[
            Listing(
                lambda s: "/api/v1/aid/applications?limit=500",
                lambda body, s: any(
                    item["id"] == s.application_id for item in json.loads(body)["items"]
                ),
            )
        ],
        writes=[
            Write(
                "post",
                lambda s: f"/api/v1/aid/applications/{s.application_id}/decide",
                lambda s: {"step": s.order, "decision": "rejected", "comment": "材料不全"},
                200,
                lambda s: type(s).objects.get(pk=s.pk).decision == "pending",
                may=_decides_there,
                denied={400},  # one who sees it, at another level: "decided by that union"
            ),
            Write(
                "post",
                lambda s: f"/aid/applications/{s.application_id}/decide/",
                lambda s: {"step": s.order, "decision": "rejected", "decide-comment": "材料不全"},
                302,
                lambda s: type(s).objects.get(pk=s.pk).decision == "pending",
                may=_decides_there,
                denied={400},
            ),
        ],
    )
)


def _make_document(world, org):
    from gonghui.assistance.services import document_add

    from .assistance.helpers import open_file

    file = open_file(world, org, name=f"凭证户{org.pk}号")
    return document_add(
        actor=_aid_writer(world, org), file_id=file.pk, kind="income", upload=_pdf()
    )


register(
    ScopedThing(
        name="evidence document",
        model="assistance.Document",
        make=_make_document,
        reads=[
            Read(lambda d: f"/api/v1/aid/documents/{d.pk}", DENIED_API),
            Read(lambda d: f"/aid/documents/{d.pk}/", DENIED_PAGE),
        ],
        listings=[
            Listing(
                lambda d: f"/aid/files/{d.file_id}/", _html_has(lambda d: f"/aid/documents/{d.pk}/")
            )
        ],
    )
)


def _money_at(world, org):
    """A campaign of the organization's province with money received by `org`."""
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


def _allocate_form(a):
    down = _allocate_down(a)
    return down and {"from_org": down["from_org_id"], "to_org": down["to_org_id"], "amount": "0.01"}


def _no_new_allocation(a) -> bool:
    return a.campaign.allocations.count() == (2 if a.from_org_id else 1)


register(
    ScopedThing(
        name="campaign allocation",
        model="campaigns.Allocation",
        make=_money_at,
        reads=[
            Read(lambda a: f"/api/v1/allocations/{a.pk}", DENIED_API),
        ],
        listings=[Listing(lambda a: "/api/v1/allocations?limit=500", _api_ids)],
        writes=[
            Write(
                "post",
                lambda a: f"/api/v1/campaigns/{a.campaign_id}/allocations",
                _allocate_down,
                201,
                _no_new_allocation,
            ),
            Write(
                "post",
                lambda a: f"/campaigns/{a.campaign_id}/allocate/",
                _allocate_form,
                302,
                _no_new_allocation,
                denied={302},  # the campaign page shows the refusal
            ),
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


def _proposed(d) -> bool:
    return type(d).objects.get(pk=d.pk).status == "proposed"


register(
    ScopedThing(
        name="campaign payment",
        model="campaigns.Disbursement",
        make=_make_disbursement,
        reads=[
            Read(lambda d: f"/api/v1/disbursements/{d.pk}", DENIED_API),
        ],
        listings=[
            Listing(lambda d: "/api/v1/disbursements?limit=500", _api_ids),
            Listing(lambda d: "/api/v1/disbursements?status=proposed&limit=500", _api_ids),
        ],
        writes=[
            Write(
                "post",
                lambda d: f"/api/v1/disbursements/{d.pk}/approve",
                lambda d: {},
                200,
                _proposed,
            ),
            Write(
                "post",
                lambda d: f"/api/v1/disbursements/{d.pk}/reject",
                lambda d: {"reason": "账号有误"},
                200,
                _proposed,
            ),
            # not paid yet: one who may write there reaches the rule (409), others get 404
            Write(
                "post",
                lambda d: f"/api/v1/disbursements/{d.pk}/reverse",
                lambda d: {"reason": "银行退回"},
                409,
                _proposed,
            ),
            *(
                Write(
                    "post",
                    lambda d, act=act: f"/campaigns/{d.campaign_id}/payments/{act}/",
                    lambda d: {"payment": d.pk, "reason": "账号有误"},
                    302,
                    _proposed,
                    denied={302},  # the payments page shows the refusal
                )
                for act in ("approve", "reject", "reverse")
            ),
        ],
    )
)


def _make_campaign(world, org):
    from .assistance.helpers import open_file

    campaign = _money_at(world, org).campaign
    # Where its money is and a needy worker there to list: the URLs and payloads need them.
    campaign.scope_place = org
    campaign.scope_file = open_file(world, org, name=f"待列入{org.pk}号")
    return campaign


def _campaign_unchanged(c) -> bool:
    now = type(c).objects.get(pk=c.pk)
    return (now.budget, now.status) == (c.budget, c.status) and not c.beneficiaries.exists()


_owner_writes = _writes_at(lambda c: c.owner)

register(
    ScopedThing(
        name="campaign",
        model="campaigns.Campaign",
        make=_make_campaign,
        reads=[
            Read(lambda c: f"/api/v1/campaigns/{c.pk}", DENIED_API),
            Read(lambda c: f"/campaigns/{c.pk}/", DENIED_PAGE),
            Read(lambda c: f"/campaigns/{c.pk}/reconcile/", DENIED_PAGE),
            Read(lambda c: f"/api/v1/campaigns/{c.pk}/reconciliation", DENIED_API),
            Read(
                lambda c: (
                    f"/api/v1/campaigns/{c.pk}/reconciliation/records"
                    f"?org_id={c.scope_place.pk}&figure=budget"
                ),
                DENIED_API,
            ),
            Read(lambda c: f"/campaigns/{c.pk}/beneficiaries/", DENIED_PAGE),
            Read(lambda c: f"/api/v1/campaigns/{c.pk}/beneficiaries", DENIED_API),
            Read(lambda c: f"/campaigns/{c.pk}/payments/", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda c: "/api/v1/campaigns?limit=500", _api_ids),
            Listing(lambda c: "/campaigns/", _html_has(lambda c: f'href="/campaigns/{c.pk}/"')),
        ],
        writes=[
            # only the owning federation adds budget or closes
            Write(
                "post",
                lambda c: f"/api/v1/campaigns/{c.pk}/budget",
                lambda c: {"amount": 100},
                200,
                _campaign_unchanged,
                may=_owner_writes,
            ),
            Write(
                "post",
                lambda c: f"/api/v1/campaigns/{c.pk}/close",
                lambda c: {},
                200,
                _campaign_unchanged,
                may=_owner_writes,
            ),
            Write(
                "post",
                lambda c: f"/api/v1/campaigns/{c.pk}/beneficiaries",
                lambda c: {
                    "payer_org_id": c.scope_place.pk,
                    "file_id": c.scope_file.pk,
                    "amount": 100_00,
                },
                201,
                _campaign_unchanged,
            ),
            Write(
                "post",
                lambda c: f"/api/v1/campaigns/{c.pk}/beneficiaries/pick",
                lambda c: {"payer_org_id": c.scope_place.pk, "amount": 100_00},
                200,
                _campaign_unchanged,
            ),
            # the campaign page's forms: a refusal comes back to the page (302) with its reason
            Write(
                "post",
                lambda c: f"/campaigns/{c.pk}/budget/",
                lambda c: {"amount": "1"},
                302,
                _campaign_unchanged,
                may=_owner_writes,
                denied={302},
            ),
            Write(
                "post",
                lambda c: f"/campaigns/{c.pk}/close/",
                lambda c: {},
                302,
                _campaign_unchanged,
                may=_owner_writes,
                denied={302},
            ),
            Write(
                "post",
                lambda c: f"/campaigns/{c.pk}/add/",
                lambda c: {"payer": c.scope_place.pk, "who": c.scope_file.number, "amount": "100"},
                302,
                _campaign_unchanged,
                denied={302},
            ),
            Write(
                "post",
                lambda c: f"/campaigns/{c.pk}/pick/",
                lambda c: {"payer": c.scope_place.pk, "amount": "100"},
                302,
                _campaign_unchanged,
                denied={302},
            ),
        ],
    )
)


def _make_beneficiary(world, org):
    from gonghui.campaigns.services import beneficiary_add

    from .assistance.helpers import open_file

    allocation = _money_at(world, org)
    return beneficiary_add(
        actor=_aid_writer(world, org),
        campaign_id=allocation.campaign_id,
        payer_org_id=org.pk,
        file_id=open_file(world, org, name=f"列入{org.pk}号").pk,
        amount=500_00,
    )


def _unpaid(b) -> bool:
    return _exists(b) and not b.disbursements.exists()


register(
    ScopedThing(
        name="campaign beneficiary",
        model="campaigns.Beneficiary",
        make=_make_beneficiary,
        listings=[
            Listing(lambda b: f"/api/v1/campaigns/{b.campaign_id}/beneficiaries", _api_ids),
            Listing(
                lambda b: f"/campaigns/{b.campaign_id}/beneficiaries/",
                _html_has(lambda b: f'data-id="{b.pk}"'),
            ),
        ],
        writes=[
            Write("delete", lambda b: f"/api/v1/beneficiaries/{b.pk}", lambda b: {}, 204, _unpaid),
            Write(
                "post",
                lambda b: f"/api/v1/campaigns/{b.campaign_id}/disbursements",
                lambda b: {"beneficiary_id": b.pk, "idempotency_key": f"scope-matrix-{b.pk}"},
                201,
                _unpaid,
            ),
            Write(
                "post",
                lambda b: f"/campaigns/{b.campaign_id}/propose/",
                lambda b: {"beneficiary": b.pk},
                302,
                _unpaid,
                denied={302},  # the payments page shows the refusal
            ),
        ],
    )
)


def _make_reversal(world, org):
    from gonghui.campaigns.services import disbursement_approve, disbursement_reverse

    payment = _make_disbursement(world, org)
    disbursement_approve(actor=_aid_writer(world, org), disbursement_id=payment.pk)
    return disbursement_reverse(
        actor=_aid_writer(world, org), disbursement_id=payment.pk, reason="银行退回"
    )


register(
    ScopedThing(
        name="payment reversal",
        model="campaigns.Reversal",
        make=_make_reversal,
        reads=[Read(lambda r: f"/api/v1/disbursements/{r.disbursement_id}", DENIED_API)],
        listings=[
            Listing(
                lambda r: "/api/v1/disbursements?status=reversed&limit=500",
                lambda body, r: any(
                    item["id"] == r.disbursement_id for item in json.loads(body)["items"]
                ),
            )
        ],
    )
)


def _campaign_account(world, org):
    from gonghui.campaigns.models import Account

    allocation = _money_at(world, org)
    return Account.objects.get(organization=org, campaign=allocation.campaign, kind="available")


register(
    ScopedThing(
        name="ledger account",
        model="campaigns.Account",
        make=_campaign_account,
        reads=[
            Read(lambda a: f"/api/v1/funds/accounts/{a.pk}/entries", DENIED_API),
            Read(lambda a: f"/funds/accounts/{a.pk}/", DENIED_PAGE),
        ],
        listings=[Listing(lambda a: "/api/v1/funds/accounts?limit=500", _api_ids)],
    )
)

register(
    ScopedThing(
        name="ledger entry",
        model="campaigns.Entry",
        make=lambda world, org: _campaign_account(world, org).entries.first(),
        reads=[Read(lambda e: f"/admin/campaigns/entry/{e.pk}/change/", DENIED_ADMIN)],
        listings=[Listing(lambda e: f"/api/v1/funds/accounts/{e.account_id}/entries", _api_ids)],
    )
)


def _make_receipt(world, org):
    from gonghui.campaigns.services import funds_receive

    return funds_receive(
        actor=_aid_writer(world, org),
        org_id=org.pk,
        source="dues",
        amount=1000_00,
        memo=f"{org.name}会费收入",
    )


register(
    ScopedThing(
        name="funds received",
        model="campaigns.FundReceipt",
        make=_make_receipt,
        reads=[
            Read(lambda r: f"/api/v1/funds/{r.organization_id}", DENIED_API),
            Read(lambda r: f"/api/v1/funds/{r.organization_id}/campaigns", DENIED_API),
        ],
        # another's organization is no choice on the funds page: it lists nothing of it
        listings=[
            Listing(lambda r: f"/funds/?org={r.organization_id}", _html_has(lambda r: r.memo))
        ],
    )
)

register(
    ScopedThing(
        name="ledger posting",
        model="campaigns.Posting",
        make=lambda world, org: _make_receipt(world, org).posting,
        reads=[Read(lambda p: f"/admin/campaigns/posting/{p.pk}/change/", DENIED_ADMIN)],
        listings=[Listing(lambda p: "/admin/campaigns/posting/", _html_has(lambda p: p.memo))],
    )
)


def _make_grant(world, org):
    """Written directly: a batch grants to unions below the grantor, and a leaf union has
    none; the matrix needs a grant and a batch at every place."""
    from gonghui.campaigns.models import Grant, GrantBatch, Posting

    memo = f"{org.name}专项补助"
    batch = GrantBatch.objects.create(
        from_org=org, amount_each=100_00, count=1, memo=memo, created_by=_clerk()
    )
    posting = Posting.objects.create(kind="grant", organization=org, memo=memo, actor=_clerk())
    return Grant.objects.create(batch=batch, to_org=org, amount=100_00, posting=posting)


register(
    ScopedThing(
        name="grant",
        model="campaigns.Grant",
        make=_make_grant,
        listings=[
            Listing(
                lambda g: "/api/v1/funds/grants?limit=500",
                lambda body, g: any(
                    sub["posting_id"] == g.posting_id
                    for item in json.loads(body)["items"]
                    for sub in item["grants"]
                ),
            )
        ],
    )
)

register(
    ScopedThing(
        name="grant batch",
        model="campaigns.GrantBatch",
        make=lambda world, org: _make_grant(world, org).batch,
        listings=[
            Listing(lambda b: "/api/v1/funds/grants?limit=500", _api_ids),
            Listing(lambda b: f"/funds/?org={b.from_org_id}", _html_has(lambda b: b.memo)),
        ],
    )
)


# ---- statistics ---------------------------------------------------------------------------
_YEAR = "start=2022-01-01&end=2022-12-31"


def _kept_statistics(world, org):
    """The organization, with its 2022 figures kept as the nightly roll-up keeps them (the
    values do not matter here). Its pages then read ~400 stored values instead of counting
    each figure live for every persona who sees it (58 s of this entry on a loaded machine,
    now a few); tests/reports/test_dashboard.py counts the pages' figures live."""
    from django.utils import timezone

    from gonghui.core.figures import REGISTRY
    from gonghui.reports.models import FigureRollup

    start, end, now = date(2022, 1, 1), date(2022, 12, 31), timezone.now()
    FigureRollup.objects.bulk_create(
        FigureRollup(key=key, org=org, start=start, end=end, value=0, computed_at=now)
        for key in REGISTRY
    )
    return org


register(
    ScopedThing(
        name="statistics of an organization",
        make=_kept_statistics,
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
        docx=SimpleUploadedFile("summary.docx", b"PK\x03\x04 scope matrix"),
    )


register(
    ScopedThing(
        name="annual work summary",
        model="reports.SummaryJob",
        make=_make_summary,
        reads=[
            Read(lambda j: f"/reports/summary/{j.pk}/", DENIED_PAGE),
            Read(lambda j: f"/reports/summary/{j.pk}/status", DENIED_PAGE),
            Read(lambda j: f"/reports/summary/{j.pk}/summary.docx", DENIED_PAGE),
        ],
        listings=[
            Listing(
                lambda j: "/reports/summary/?all=1",
                _html_has(lambda j: f'href="/reports/summary/{j.pk}/"'),
            )
        ],
    )
)


# Later capabilities keep their entries beside their tests, in tests/<capability>/scope.py
# (built with the helpers above: from tests.scope import Read, register, ...).
for _entries in sorted(Path(__file__).parent.glob("*/scope.py")):
    importlib.import_module(f"tests.{_entries.parent.name}.scope")
