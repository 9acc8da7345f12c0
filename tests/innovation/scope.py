"""Scope matrix entries of the innovation capability (loaded by tests/scope.py)."""

import itertools
from datetime import date

from gonghui.accounts.models import WRITING_ROLES
from tests.factories import EnterpriseFactory
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


def _now(obj):
    return type(obj).objects.get(pk=obj.pk)


def _make_result(world, org, status="submitted"):
    from gonghui.innovation.models import Result

    return Result.objects.create(
        union=org,
        kind="technical",
        title=f"{org.name}技术革新{next(_serial)}",
        authors="王海涛",
        submitted_on=date(2022, 5, 1),
        submitted_by=_clerk(),
        status=status,
        reviewed_by=_clerk() if status == "adopted" else None,
    )


register(
    ScopedThing(
        name="innovation result",
        model="innovation.Result",
        make=_make_result,
        reads=[
            Read(lambda r: f"/api/v1/innovation/results/{r.pk}", DENIED_API),
            Read(lambda r: f"/innovation/results/{r.pk}/", DENIED_PAGE),
            Read(lambda r: f"/api/v1/innovation/results?under_id={r.union_id}", DENIED_API),
        ],
        listings=[
            Listing(lambda r: "/api/v1/innovation/results?limit=500", _api_ids),
            Listing(lambda r: "/innovation/", _html_has(lambda r: f'data-id="{r.pk}"')),
            Listing(lambda r: "/innovation/?export=csv", _html_has(lambda r: r.title)),
        ],
        writes=[
            Write(
                "post",
                lambda r: f"/api/v1/innovation/results/{r.pk}/review",
                lambda r: {"adopt": True},
                200,
                lambda r: _now(r).status == "submitted",
            ),
            Write(
                "post",
                lambda r: f"/innovation/results/{r.pk}/adopt/",
                lambda r: {},
                302,
                lambda r: _now(r).status == "submitted",
            ),
            Write(
                "post",
                lambda r: f"/innovation/results/{r.pk}/reject/",
                lambda r: {"note": "暂不采纳"},
                302,
                lambda r: _now(r).status == "submitted",
            ),
        ],
    )
)

register(
    ScopedThing(
        name="adopted innovation result",
        model="innovation.Result",
        make=lambda world, org: _make_result(world, org, status="adopted"),
        writes=[
            Write(
                "post",
                lambda r: f"/api/v1/innovation/results/{r.pk}/in-use",
                lambda r: {"in_use_on": "2022-08-01", "revenue": 500_000},
                200,
                lambda r: _now(r).in_use_on is None,
            ),
            Write(
                "post",
                lambda r: f"/innovation/results/{r.pk}/in-use/",
                lambda r: {"in_use_on": "2022-08-01", "revenue": "5000"},
                302,
                lambda r: _now(r).in_use_on is None,
            ),
        ],
    )
)


def _make_studio(world, org):
    from gonghui.innovation.models import Studio
    from gonghui.orgs.models import Organization, OrgKind

    naming = (
        Organization.objects.filter(path__in=org.ancestors_paths(), kind=OrgKind.PROVINCIAL)
        .order_by("depth")
        .first()
    )
    return Studio.objects.create(
        union=org,
        naming_union=naming,
        kind="studio",
        level="province",
        name=f"{org.name}劳模创新工作室{next(_serial)}",
        applied_by=_clerk(),
        applied_on=date(2022, 6, 1),
    )


def _names(user, studio) -> bool:
    return any(
        r.kind in WRITING_ROLES and studio.naming_union.path.startswith(r.organization.path)
        for r in user.roles.all()
    )


register(
    ScopedThing(
        name="innovation studio",
        model="innovation.Studio",
        make=_make_studio,
        reads=[
            Read(lambda s: f"/api/v1/innovation/studios/{s.pk}", DENIED_API),
            Read(lambda s: f"/innovation/studios/{s.pk}/", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda s: "/api/v1/innovation/studios?limit=500", _api_ids),
            Listing(lambda s: "/innovation/studios/", _html_has(lambda s: f'data-id="{s.pk}"')),
            Listing(lambda s: "/innovation/studios/?export=csv", _html_has(lambda s: s.name)),
        ],
        writes=[
            Write(
                "post",
                lambda s: f"/api/v1/innovation/studios/{s.pk}/step",
                lambda s: {"step": "review"},
                200,
                lambda s: _now(s).status == "applied",
                may=_names,
            ),
            Write(
                "post",
                lambda s: f"/innovation/studios/{s.pk}/review/",
                lambda s: {},
                302,
                lambda s: _now(s).status == "applied",
                may=_names,
            ),
        ],
    )
)


def _make_named(world, org):
    from gonghui.innovation.models import StudioMember

    studio = _make_studio(world, org)
    type(studio).objects.filter(pk=studio.pk).update(
        status="named", named_on=date(2022, 11, 18), notice_ends_on=date(2022, 11, 10)
    )
    studio.refresh_from_db()
    StudioMember.objects.create(
        studio=studio,
        name=f"领办人{next(_serial)}",
        role="leader",
        added_on=date(2022, 6, 1),
        added_by=_clerk(),
    )
    return studio


def _make_in_alliance(world, org):
    alliance = _make_studio(world, org)
    type(alliance).objects.filter(pk=alliance.pk).update(kind="alliance")
    studio = _make_named(world, org)
    type(studio).objects.filter(pk=studio.pk).update(alliance=alliance)
    studio.refresh_from_db()
    return studio


def _no_members(s) -> bool:
    return not s.member_rows.exclude(role="leader").exists()


register(
    ScopedThing(
        name="named innovation studio (members, assessments)",
        model="innovation.Studio",
        make=_make_named,
        reads=[
            Read(lambda s: f"/api/v1/innovation/studios/{s.pk}/members", DENIED_API),
            Read(lambda s: f"/innovation/studios/{s.pk}/members/", DENIED_PAGE),
            Read(lambda s: f"/api/v1/innovation/studios/{s.pk}/assessments", DENIED_API),
            Read(lambda s: f"/innovation/studios/{s.pk}/assessments/", DENIED_PAGE),
        ],
        writes=[
            Write(
                "post",
                lambda s: f"/api/v1/innovation/studios/{s.pk}/members",
                lambda s: {"name": "李立新"},
                201,
                _no_members,
            ),
            Write(
                "post",
                lambda s: f"/innovation/studios/{s.pk}/members/add/",
                lambda s: {"name": "李立新", "role": "member"},
                302,
                _no_members,
            ),
            Write(
                "post",
                lambda s: f"/api/v1/innovation/studios/{s.pk}/assessments",
                lambda s: {"year": 2022, "score": 85, "grade": "pass"},
                201,
                lambda s: not s.assessments.exists(),
                may=_names,
                denied={400, 404},
            ),
            Write(
                "post",
                lambda s: f"/innovation/studios/{s.pk}/assess/",
                lambda s: {"year": 2022, "score": 85, "grade": "pass"},
                302,
                lambda s: not s.assessments.exists(),
                may=_names,
                denied={400, 404},
            ),
        ],
    )
)


def _leader(s):
    return s.member_rows.get(role="leader")


register(
    ScopedThing(
        name="studio member",
        model="innovation.StudioMember",
        make=lambda world, org: _leader(_make_named(world, org)),
        reads=[
            Read(lambda m: f"/api/v1/innovation/studios/{m.studio_id}/members", DENIED_API),
        ],
        writes=[
            Write(
                "post",
                lambda m: f"/api/v1/innovation/studios/{m.studio_id}/members/{m.pk}/remove",
                lambda m: {},
                200,
                lambda m: _now(m).removed_on is None,
            ),
            Write(
                "post",
                lambda m: f"/innovation/studios/{m.studio_id}/members/{m.pk}/remove/",
                lambda m: {},
                302,
                lambda m: _now(m).removed_on is None,
            ),
        ],
    )
)


def _make_assessment(world, org):
    from gonghui.innovation.models import StudioAssessment

    return StudioAssessment.objects.create(
        studio=_make_named(world, org),
        year=2022,
        score=92,
        grade="excellent",
        assessed_on=date(2022, 12, 10),
        assessed_by=_clerk(),
    )


register(
    ScopedThing(
        name="studio assessment",
        model="innovation.StudioAssessment",
        make=_make_assessment,
        reads=[
            Read(lambda a: f"/api/v1/innovation/studios/{a.studio_id}/assessments", DENIED_API),
        ],
    )
)

register(
    ScopedThing(
        name="innovation studio in an alliance",
        model="innovation.Studio",
        make=_make_in_alliance,
        writes=[
            Write(
                "post",
                lambda s: f"/api/v1/innovation/studios/{s.pk}/alliance",
                lambda s: {"alliance_id": None},
                200,
                lambda s: _now(s).alliance_id is not None,
            ),
            Write(
                "post",
                lambda s: f"/innovation/studios/{s.pk}/alliance/",
                lambda s: {"alliance": ""},
                302,
                lambda s: _now(s).alliance_id is not None,
            ),
        ],
    )
)


def _make_coverage(world, org):
    from gonghui.innovation.models import Coverage

    return Coverage.objects.create(
        union=org,
        enterprise=EnterpriseFactory(keeper=org, name=f"{org.name}五小企业{next(_serial)}"),
        reported_on=date(2022, 10, 1),
        teams=6,
        workers=120,
        recorded_by=_clerk(),
    )


register(
    ScopedThing(
        name="five-small activity",
        model="innovation.Coverage",
        make=_make_coverage,
        listings=[
            Listing(lambda c: "/api/v1/innovation/coverage?limit=500", _api_ids),
            Listing(lambda c: "/innovation/five-small/", _html_has(lambda c: f'data-id="{c.pk}"')),
            Listing(
                lambda c: "/innovation/five-small/?export=csv",
                _html_has(lambda c: c.enterprise.name),
            ),
        ],
    )
)


def _make_pair(world, org):
    from gonghui.innovation.models import MentoringPair

    return MentoringPair.objects.create(
        union=org,
        enterprise=EnterpriseFactory(keeper=org),
        master=f"师傅{next(_serial)}号",
        apprentice="徒弟",
        paired_on=date(2022, 3, 1),
        recorded_by=_clerk(),
    )


register(
    ScopedThing(
        name="mentoring pair",
        model="innovation.MentoringPair",
        make=_make_pair,
        listings=[
            Listing(lambda p: "/api/v1/innovation/pairs?limit=500", _api_ids),
            Listing(lambda p: "/innovation/pairs/", _html_has(lambda p: f'data-id="{p.pk}"')),
            Listing(lambda p: "/innovation/pairs/?export=csv", _html_has(lambda p: p.master)),
        ],
    )
)
