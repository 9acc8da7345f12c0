"""Scope entries of grassroots outreach (loaded by tests/scope.py)."""

import itertools
import json
from datetime import date

from gonghui.accounts.models import WRITING_ROLES
from gonghui.orgs.models import Organization, OrgKind
from tests.factories import make_member, make_org
from tests.scope import (
    DENIED_API,
    DENIED_PAGE,
    Listing,
    Read,
    ScopedThing,
    Write,
    _api_ids,
    _clerk,
    _exists,
    _html_has,
    register,
)

_serial = itertools.count(1)
CRITERIA = [
    ("political", 20),
    ("organization", 20),
    ("positions", 20),
    ("systems", 20),
    ("role", 20),
]


def _json_has(key: str, value_of):
    def contains(body: str, obj) -> bool:
        try:
            data = json.loads(body)
        except ValueError:
            return False
        return value_of(obj) in (data.get(key) or []) if isinstance(data, dict) else False

    return contains


def _role_at(user, org_id) -> bool:
    return any(r.organization_id == org_id and r.kind in WRITING_ROLES for r in user.roles.all())


# ---- stationing ------------------------------------------------------------------------------


def _make_group(world, org):
    from gonghui.outreach.models import StationingGroup

    n = next(_serial)
    group = StationingGroup.objects.create(
        union=org,
        place=org,
        name=f"{org.name}蹲点组{n}号",
        start_on=date(2022, 1, 1),
        end_on=date(2022, 12, 31),
        funds=100_000,
        created_by=world.province_staff,
    )
    # what a write may credit to it: a union founded and a member who joined, in its place
    group.new_union = make_org(
        f"{org.name}新建工会{n}号",
        OrgKind.GRASSROOTS,
        org,
        org.region_id,
        founded_on=date(2022, 6, 1),
    )
    group.new_member = make_member(group.new_union, f"新会员{n}", joined_on="2022-06-02")
    return group


def _group_unchanged(g) -> bool:
    from gonghui.outreach.models import StationingGroup

    now = StationingGroup.objects.get(pk=g.pk)
    return (
        now.name == g.name
        and not now.cadres.exists()
        and not now.interviews.exists()
        and not now.founded_unions.exists()
        and not now.recruited_members.exists()
    )


register(
    ScopedThing(
        name="stationing group",
        model="outreach.StationingGroup",
        make=_make_group,
        reads=[
            Read(lambda g: f"/api/v1/outreach/groups/{g.pk}", DENIED_API),
            Read(lambda g: f"/outreach/groups/{g.pk}/", DENIED_PAGE),
            Read(lambda g: f"/api/v1/outreach/groups?under_id={g.union_id}", DENIED_API),
        ],
        listings=[
            Listing(lambda g: "/api/v1/outreach/groups?limit=500", _api_ids),
            Listing(lambda g: "/outreach/groups/", _html_has(lambda g: g.name)),
            Listing(lambda g: "/outreach/groups/?export=csv", _html_has(lambda g: g.name)),
        ],
        writes=[
            Write(
                "patch",
                lambda g: f"/api/v1/outreach/groups/{g.pk}",
                lambda g: {"name": g.name + "（改）"},
                200,
                _group_unchanged,
            ),
            Write(
                "post",
                lambda g: f"/api/v1/outreach/groups/{g.pk}/cadres",
                lambda g: {"name": "王强", "post": "组织部"},
                201,
                _group_unchanged,
            ),
            Write(
                "post",
                lambda g: f"/outreach/groups/{g.pk}/cadres/",
                lambda g: {"name": "王强", "post": "组织部"},
                302,
                _group_unchanged,
            ),
            Write(
                "post",
                lambda g: f"/api/v1/outreach/groups/{g.pk}/interviews",
                lambda g: {"held_on": "2022-05-01", "who": "workers", "people": 8},
                201,
                _group_unchanged,
            ),
            Write(
                "post",
                lambda g: f"/outreach/groups/{g.pk}/interviews/",
                lambda g: {"held_on": "2022-05-01", "who": "workers", "people": "8"},
                302,
                _group_unchanged,
            ),
            Write(
                "post",
                lambda g: f"/api/v1/outreach/groups/{g.pk}/unions",
                lambda g: {"org_id": g.new_union.pk},
                201,
                _group_unchanged,
            ),
            Write(
                "post",
                lambda g: f"/outreach/groups/{g.pk}/unions/",
                lambda g: {"org": g.new_union.pk},
                302,
                _group_unchanged,
            ),
            Write(
                "post",
                lambda g: f"/api/v1/outreach/groups/{g.pk}/members",
                lambda g: {"membership_id": g.new_member.pk},
                201,
                _group_unchanged,
            ),
            Write(
                "post",
                lambda g: f"/outreach/groups/{g.pk}/members/",
                lambda g: {"number": g.new_member.number},
                302,
                _group_unchanged,
            ),
        ],
    )
)


def _make_cadre(world, org):
    from gonghui.outreach.models import StationingCadre

    group = _make_group(world, org)
    return StationingCadre.objects.create(group=group, name=f"干部{group.pk}号", post="组织部")


register(
    ScopedThing(
        name="stationed cadre",
        model="outreach.StationingCadre",
        make=_make_cadre,
        listings=[
            Listing(lambda c: f"/outreach/groups/{c.group_id}/", _html_has(lambda c: c.name)),
        ],
        writes=[
            Write(
                "delete",
                lambda c: f"/api/v1/outreach/groups/{c.group_id}/cadres/{c.pk}",
                lambda c: {},
                204,
                _exists,
            ),
            Write(
                "post",
                lambda c: f"/outreach/groups/{c.group_id}/cadres/{c.pk}/remove/",
                lambda c: {},
                302,
                _exists,
            ),
        ],
    )
)


def _make_interview(world, org):
    from gonghui.outreach.models import Interview

    group = _make_group(world, org)
    return Interview.objects.create(
        group=group,
        held_on=date(2022, 5, 1),
        who="workers",
        people=5,
        notes=f"访谈记录{group.pk}号",
        created_by=world.province_staff,
    )


register(
    ScopedThing(
        name="stationing interview",
        model="outreach.Interview",
        make=_make_interview,
        listings=[
            Listing(lambda i: f"/outreach/groups/{i.group_id}/", _html_has(lambda i: i.notes)),
        ],
    )
)


def _make_founded(world, org):
    from gonghui.outreach.models import FoundedUnion

    group = _make_group(world, org)
    return FoundedUnion.objects.create(
        group=group, org=group.new_union, created_by=world.province_staff
    )


register(
    ScopedThing(
        name="union founded with a stationing group",
        model="outreach.FoundedUnion",
        make=_make_founded,
        listings=[
            Listing(
                lambda f: f"/api/v1/outreach/groups/{f.group_id}",
                _json_has("founded_union_ids", lambda f: f.org_id),
            ),
        ],
    )
)


def _make_recruited(world, org):
    from gonghui.outreach.models import RecruitedMember

    group = _make_group(world, org)
    return RecruitedMember.objects.create(
        group=group, membership=group.new_member, created_by=world.province_staff
    )


register(
    ScopedThing(
        name="member recruited with a stationing group",
        model="outreach.RecruitedMember",
        make=_make_recruited,
        listings=[
            Listing(
                lambda r: f"/api/v1/outreach/groups/{r.group_id}",
                _json_has("recruited_membership_ids", lambda r: r.membership_id),
            ),
        ],
    )
)


# ---- visits and problems ------------------------------------------------------------------------


def _make_visit(world, org):
    from gonghui.outreach.models import Visit

    return Visit.objects.create(
        union=org,
        visitor="王强",
        visited_on=date(2022, 6, 1),
        site=f"{org.name}项目工地{next(_serial)}号",
        workers_met=12,
        created_by=world.province_staff,
    )


register(
    ScopedThing(
        name="visit to an enterprise",
        model="outreach.Visit",
        make=_make_visit,
        reads=[
            Read(lambda v: f"/api/v1/outreach/visits/{v.pk}", DENIED_API),
            Read(lambda v: f"/outreach/visits/{v.pk}/", DENIED_PAGE),
            Read(lambda v: f"/api/v1/outreach/visits?under_id={v.union_id}", DENIED_API),
            Read(lambda v: f"/outreach/visits/{v.pk}/edit/", DENIED_PAGE, write=True),
        ],
        listings=[
            Listing(lambda v: "/api/v1/outreach/visits?limit=500", _api_ids),
            Listing(lambda v: "/outreach/visits/", _html_has(lambda v: v.site)),
            Listing(lambda v: "/outreach/visits/?export=csv", _html_has(lambda v: v.site)),
        ],
        writes=[
            Write(
                "post",
                lambda v: f"/api/v1/outreach/visits/{v.pk}/problems",
                lambda v: {
                    "kind": "wages",
                    "description": "欠薪",
                    "responsible_id": v.union_id,
                    "due_on": "2022-07-01",
                },
                201,
                lambda v: not v.problems.exists(),
            ),
            # only the visiting union's staff or above correct a visit
            Write(
                "patch",
                lambda v: f"/api/v1/outreach/visits/{v.pk}",
                lambda v: {"notes": "更正"},
                200,
                lambda v: type(v).objects.get(pk=v.pk).notes == v.notes,
            ),
        ],
    )
)


def _make_problem(world, org):
    from gonghui.outreach.models import Problem

    visit = _make_visit(world, org)
    return Problem.objects.create(
        visit=visit,
        kind="safety",
        description=f"{org.name}防暑降温问题{visit.pk}号",
        responsible=org,
        due_on=date(2022, 7, 1),
        created_by=world.province_staff,
    )


def _problem_open(p) -> bool:
    return type(p).objects.get(pk=p.pk).status == "open"


def _solves(user, p) -> bool:
    from tests.scope import inside

    return inside(user, p.responsible, write=True)


register(
    ScopedThing(
        name="problem found on a visit",
        model="outreach.Problem",
        make=_make_problem,
        reads=[
            Read(lambda p: f"/api/v1/outreach/problems/{p.pk}", DENIED_API),
            Read(lambda p: f"/outreach/problems/{p.pk}/", DENIED_PAGE),
        ],
        listings=[
            Listing(lambda p: "/api/v1/outreach/problems?limit=500", _api_ids),
            Listing(lambda p: "/outreach/problems/", _html_has(lambda p: p.description)),
            Listing(lambda p: "/outreach/problems/?export=csv", _html_has(lambda p: p.description)),
        ],
        writes=[
            Write(
                "post",
                lambda p: f"/api/v1/outreach/problems/{p.pk}/solve",
                lambda p: {"solution": "已督促整改", "solved_on": "2022-06-20"},
                200,
                _problem_open,
                may=_solves,
                denied={400},
            ),
            Write(
                "post",
                lambda p: f"/outreach/problems/{p.pk}/solve/",
                lambda p: {"solution": "已督促整改", "solved_on": "2022-06-20"},
                302,
                _problem_open,
                may=_solves,
                denied={400},
            ),
        ],
    )
)


# ---- paired liaison ------------------------------------------------------------------------------


def _make_pairing(world, org):
    from gonghui.outreach.models import Pairing

    return Pairing.objects.create(
        county=org,
        year=2100 + next(_serial),  # one pairing a county, level and year: each make its own
        level="city",
        leader=f"联系领导{org.pk}号{next(_serial)}",
        created_by=world.province_staff,
    )


register(
    ScopedThing(
        name="paired liaison",
        model="outreach.Pairing",
        make=_make_pairing,
        reads=[
            Read(lambda p: f"/api/v1/outreach/pairings/{p.pk}", DENIED_API),
            Read(lambda p: f"/outreach/pairings/{p.pk}/", DENIED_PAGE),
            Read(lambda p: f"/api/v1/outreach/pairings?under_id={p.county_id}", DENIED_API),
        ],
        listings=[
            Listing(lambda p: "/api/v1/outreach/pairings?limit=500", _api_ids),
            Listing(lambda p: "/outreach/pairings/", _html_has(lambda p: p.leader)),
            Listing(lambda p: "/outreach/pairings/?export=csv", _html_has(lambda p: p.leader)),
        ],
        writes=[
            Write(
                "post",
                lambda p: f"/api/v1/outreach/pairings/{p.pk}/contacts",
                lambda p: {"contacted_on": "2022-05-01", "way": "visit", "notes": "指导"},
                201,
                lambda p: not p.contacts.exists(),
            ),
            Write(
                "post",
                lambda p: f"/outreach/pairings/{p.pk}/contacts/",
                lambda p: {"contacted_on": "2022-05-01", "way": "visit", "notes": "指导"},
                302,
                lambda p: not p.contacts.exists(),
            ),
        ],
    )
)


def _make_contact(world, org):
    from gonghui.outreach.models import Contact

    pairing = _make_pairing(world, org)
    return Contact.objects.create(
        pairing=pairing,
        contacted_on=date(2022, 5, 1),
        way="phone",
        notes=f"电话指导{pairing.pk}号",
        created_by=world.province_staff,
    )


register(
    ScopedThing(
        name="liaison contact",
        model="outreach.Contact",
        make=_make_contact,
        listings=[
            Listing(lambda c: f"/outreach/pairings/{c.pairing_id}/", _html_has(lambda c: c.notes)),
        ],
    )
)


# ---- the 五强 assessment --------------------------------------------------------------------------


def _make_scheme(world, owner):
    from gonghui.outreach.models import Criterion, Scheme

    scheme = Scheme.objects.create(
        owner=owner, year=3000 + next(_serial), created_by=world.province_staff
    )
    Criterion.objects.bulk_create(
        [Criterion(scheme=scheme, dimension=d, name=f"{d}指标", weight=w) for d, w in CRITERIA]
    )
    return scheme


def _root(org) -> Organization:
    return Organization.objects.get(path="/" + org.path.strip("/").split("/")[0] + "/")


register(
    ScopedThing(
        name="五强 assessment scheme",
        model="outreach.Scheme",
        make=_make_scheme,
        reads=[
            Read(lambda s: f"/api/v1/outreach/schemes/{s.pk}/ranking", DENIED_API),
            Read(lambda s: f"/outreach/schemes/{s.pk}/ranking/", DENIED_PAGE),
        ],
    )
)


def _make_criterion(world, org):
    return _make_scheme(world, org).criteria.first()


register(ScopedThing(name="五强 criterion", model="outreach.Criterion", make=_make_criterion))


def _make_assessment(status):
    def make(world, org):
        from gonghui.outreach.models import Assessment, Score

        scheme = _make_scheme(world, _root(org))
        a = Assessment.objects.create(
            scheme=scheme,
            county=org,
            status=status,
            submitted_by=None if status == "draft" else _clerk(),
        )
        Score.objects.bulk_create(
            [
                Score(assessment=a, criterion=c, self_score=15, city_score=15)
                for c in scheme.criteria.all()
            ]
        )
        return a

    return make


def _status_is(status):
    return lambda a: type(a).objects.get(pk=a.pk).status == status


def _scores(field, value):
    return lambda a: {
        "scores": [{"criterion_id": c.pk, field: value} for c in a.scheme.criteria.all()]
    }


def _page_scores(a):
    return {f"c{c.pk}": "12" for c in a.scheme.criteria.all()}


register(
    ScopedThing(
        name="五强 assessment being filled in",
        model="outreach.Assessment",
        make=_make_assessment("draft"),
        reads=[
            Read(lambda a: f"/api/v1/outreach/assessments/{a.pk}", DENIED_API),
            Read(lambda a: f"/outreach/assessments/{a.pk}/", DENIED_PAGE),
            Read(
                lambda a: f"/outreach/schemes/{a.scheme_id}/counties/{a.county_id}/",
                DENIED_PAGE,
                write=True,
            ),
        ],
        listings=[
            Listing(lambda a: "/api/v1/outreach/assessments?limit=500", _api_ids),
            Listing(
                lambda a: "/outreach/assessments/",
                _html_has(lambda a: f'href="/outreach/assessments/{a.pk}/"'),
            ),
        ],
        writes=[
            Write(
                "post",
                lambda a: f"/api/v1/outreach/assessments/{a.pk}/submit",
                lambda a: {},
                200,
                _status_is("draft"),
                may=lambda user, a: _role_at(user, a.county_id),
                denied={400},
            ),
        ],
    )
)


register(
    ScopedThing(
        name="五强 assessment waiting for the city",
        model="outreach.Assessment",
        make=_make_assessment("submitted"),
        writes=[
            Write(
                "post",
                lambda a: f"/api/v1/outreach/assessments/{a.pk}/city-review",
                _scores("city_score", 12),
                200,
                _status_is("submitted"),
                may=lambda user, a: _role_at(user, a.county.parent_id),
                denied={400},
            ),
            Write(
                "post",
                lambda a: f"/outreach/assessments/{a.pk}/review/",
                _page_scores,
                302,
                _status_is("submitted"),
                may=lambda user, a: _role_at(user, a.county.parent_id),
                denied={302},
            ),
        ],
    )
)


register(
    ScopedThing(
        name="五强 assessment waiting for the province",
        model="outreach.Assessment",
        make=_make_assessment("city_reviewed"),
        writes=[
            Write(
                "post",
                lambda a: f"/api/v1/outreach/assessments/{a.pk}/final-review",
                _scores("final_score", 12),
                200,
                _status_is("city_reviewed"),
                may=lambda user, a: _role_at(user, a.scheme.owner_id),
                denied={400},
            ),
        ],
    )
)


def _make_score(world, org):
    return _make_assessment("draft")(world, org).scores.first()


register(
    ScopedThing(
        name="五强 score",
        model="outreach.Score",
        make=_make_score,
        listings=[
            Listing(
                lambda s: f"/api/v1/outreach/assessments/{s.assessment_id}",
                lambda body, s: any(
                    x["criterion_id"] == s.criterion_id
                    for x in (json.loads(body).get("scores") or [])
                ),
            ),
        ],
    )
)


# ---- cadre training ---------------------------------------------------------------------------


def _make_course(world, org):
    from gonghui.outreach.models import TrainingCourse

    return TrainingCourse.objects.create(
        union=org,
        title=f"{org.name}干部培训班{next(_serial)}号",
        start_on=date(2022, 5, 9),
        end_on=date(2022, 5, 11),
        hours=24,
        created_by=world.province_staff,
    )


register(
    ScopedThing(
        name="cadre training course",
        model="outreach.TrainingCourse",
        make=_make_course,
        reads=[
            Read(lambda c: f"/api/v1/outreach/courses/{c.pk}", DENIED_API),
            Read(lambda c: f"/outreach/courses/{c.pk}/", DENIED_PAGE),
            Read(lambda c: f"/api/v1/outreach/courses?under_id={c.union_id}", DENIED_API),
        ],
        listings=[
            Listing(lambda c: "/api/v1/outreach/courses?limit=500", _api_ids),
            Listing(lambda c: "/outreach/courses/", _html_has(lambda c: c.title)),
            Listing(lambda c: "/outreach/courses/?export=csv", _html_has(lambda c: c.title)),
        ],
        writes=[
            Write(
                "post",
                lambda c: f"/api/v1/outreach/courses/{c.pk}/trainees",
                lambda c: {"name": "王强"},
                201,
                lambda c: not c.trainees.exists(),
            ),
            Write(
                "post",
                lambda c: f"/outreach/courses/{c.pk}/trainees/",
                lambda c: {"name": "王强"},
                302,
                lambda c: not c.trainees.exists(),
            ),
        ],
    )
)


def _make_trainee(world, org):
    from gonghui.outreach.models import Trainee

    course = _make_course(world, org)
    return Trainee.objects.create(course=course, name=f"学员{course.pk}号")


register(
    ScopedThing(
        name="cadre trained",
        model="outreach.Trainee",
        make=_make_trainee,
        listings=[
            Listing(lambda t: f"/outreach/courses/{t.course_id}/", _html_has(lambda t: t.name)),
        ],
    )
)


# ---- outreach funds --------------------------------------------------------------------------


def _make_grant(world, org):
    from gonghui.campaigns.models import Posting
    from gonghui.outreach.models import OutreachGrant

    n = next(_serial)
    posting = Posting.objects.create(kind="outreach_grant", organization=org, memo=f"scope {n}")
    return OutreachGrant.objects.create(
        from_org=org,
        to_org=org,
        amount=1_000_00,
        purpose=f"{org.name}工作经费{n}号",
        granted_on=date(2022, 3, 1),
        request_key=f"scope-{n}",
        posting=posting,
        created_by=world.province_staff,
    )


register(
    ScopedThing(
        name="outreach grant",
        model="outreach.OutreachGrant",
        make=_make_grant,
        reads=[
            Read(lambda g: f"/api/v1/outreach/grants/{g.pk}", DENIED_API),
            Read(lambda g: f"/api/v1/outreach/grants?under_id={g.to_org_id}", DENIED_API),
        ],
        listings=[
            Listing(lambda g: "/api/v1/outreach/grants?limit=500", _api_ids),
            Listing(lambda g: "/outreach/grants/", _html_has(lambda g: g.purpose)),
            Listing(lambda g: "/outreach/grants/?export=csv", _html_has(lambda g: g.purpose)),
        ],
    )
)
