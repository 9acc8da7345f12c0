"""Grassroots outreach at /api/v1/outreach, within the caller's scope."""

from datetime import date
from typing import Annotated, Literal, TypeAlias

from django.db.models import Prefetch
from django.http import HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.core.api import required_text
from gonghui.core.replay import once_response, replays

from . import selectors, services
from .lists import (
    ASSESSMENTS,
    COURSES,
    GRANTS,
    GROUPS,
    PAIRINGS,
    PROBLEMS,
    UNORGANIZED,
    VISITS,
    KindT,
    LevelT,
    UrgencyT,
)
from .models import ContactWay, Dimension, Interviewee, Problem

router = Router(tags=["outreach 基层工作"])

WhoT: TypeAlias = Literal[tuple(Interviewee.values)]  # type: ignore[valid-type]
WayT: TypeAlias = Literal[tuple(ContactWay.values)]  # type: ignore[valid-type]
DimensionT: TypeAlias = Literal[tuple(Dimension.values)]  # type: ignore[valid-type]
Fen = Annotated[int, Field(ge=0, le=10_000_000_000)]
People = Annotated[int, Field(ge=0, le=services.MAX_PEOPLE)]
Small = Annotated[int, Field(ge=0, le=100)]
Year = Annotated[int, Field(ge=2000, le=2100)]


# ---- stationing ---------------------------------------------------------------------------


class CadreOut(Schema):
    id: int
    name: str
    post: str


class _GroupFields(Schema):
    id: int
    union_id: int
    union_name: str = Field(alias="union.name")
    place_id: int
    place_name: str = Field(alias="place.name")
    name: str
    leader: str
    start_on: date
    end_on: date
    funds: int
    tasks: str
    cadres: list[CadreOut]

    @staticmethod
    def resolve_cadres(obj):
        return list(obj.cadres.all())


class GroupRowOut(_GroupFields):
    """A group in the list: its results counted by the database (core.lists.related_count,
    as the list page's columns), for the page's groups only. The unions and members
    themselves are on the group's own route: a province's 100 groups recruited 37,606
    members, whose ids the list once read and wrote out on every page (1.3 s)."""

    unions_founded: int = Field(alias="union_count")
    members_recruited: int = Field(alias="member_count")
    people_interviewed: int = Field(alias="interviewed")


class GroupOut(_GroupFields):
    founded_union_ids: list[int]
    recruited_membership_ids: list[int]
    people_interviewed: int

    @staticmethod
    def resolve_founded_union_ids(obj):
        return [f.org_id for f in obj.founded_unions.all()]

    @staticmethod
    def resolve_recruited_membership_ids(obj):
        return [r.membership_id for r in obj.recruited_members.all()]

    @staticmethod
    def resolve_people_interviewed(obj):
        return sum(i.people for i in obj.interviews.all())


class GroupIn(Schema):
    union_id: int
    place_id: int
    name: Annotated[str, Field(max_length=100)]
    start_on: date
    end_on: date
    leader: Annotated[str, Field(max_length=50)] = ""
    funds: Fen = 0
    tasks: Annotated[str, Field(max_length=500)] = ""


class GroupPatch(Schema):
    name: Annotated[str, Field(max_length=100)] | None = None
    leader: Annotated[str, Field(max_length=50)] | None = None
    start_on: date | None = None
    end_on: date | None = None
    tasks: Annotated[str, Field(max_length=500)] | None = None


class CadreIn(Schema):
    name: Annotated[str, required_text(50)]
    post: Annotated[str, Field(max_length=100)] = ""


class InterviewIn(Schema):
    held_on: date
    who: WhoT
    people: People
    notes: Annotated[str, Field(max_length=500)] = ""


class InterviewOut(Schema):
    id: int
    held_on: date
    who: str
    people: int
    notes: str


class UnionCreditIn(Schema):
    org_id: int


class MemberCreditIn(Schema):
    membership_id: int


class CreditOut(Schema):
    id: int
    group_id: int


def _group_out(group_id: int, request):
    return selectors.group_get(actor=request.user, group_id=group_id)


@router.get("/outreach/groups", response=list[GroupRowOut])
@paginate(LimitOffsetPagination)
def list_groups(request, filters: Query[GROUPS.api_filters()]):  # type: ignore[valid-type]
    """Each group with its results counted; the unions founded and the members recruited
    are listed on `/outreach/groups/{group_id}`."""
    return GROUPS.queryset(request.user, filters.dict()).prefetch_related("cadres")


@router.post("/outreach/groups", response={201: GroupOut})
def create_group(request, payload: GroupIn):
    group = services.group_create(actor=request.user, **payload.dict())
    return Status(201, _group_out(group.pk, request))


@router.get("/outreach/groups/{group_id}", response=GroupOut)
def get_group(request, group_id: int):
    return _group_out(group_id, request)


@router.patch("/outreach/groups/{group_id}", response=GroupOut)
def update_group(request, group_id: int, payload: GroupPatch):
    services.group_update(actor=request.user, group_id=group_id, **payload.dict(exclude_unset=True))
    return _group_out(group_id, request)


@router.post("/outreach/groups/{group_id}/cadres", response={201: CadreOut})
def add_cadre(request, group_id: int, payload: CadreIn):
    return Status(201, services.cadre_add(actor=request.user, group_id=group_id, **payload.dict()))


@router.delete("/outreach/groups/{group_id}/cadres/{cadre_id}", response={204: None})
def remove_cadre(request, group_id: int, cadre_id: int):
    services.cadre_remove(actor=request.user, group_id=group_id, cadre_id=cadre_id)
    return Status(204, None)


@router.post("/outreach/groups/{group_id}/interviews", response={201: InterviewOut})
def add_interview(request, group_id: int, payload: InterviewIn):
    return Status(
        201, services.interview_add(actor=request.user, group_id=group_id, **payload.dict())
    )


@router.post("/outreach/groups/{group_id}/unions", response={201: CreditOut})
def credit_union(request, group_id: int, payload: UnionCreditIn):
    return Status(
        201, services.credit_union(actor=request.user, group_id=group_id, org_id=payload.org_id)
    )


@router.post("/outreach/groups/{group_id}/members", response={201: CreditOut})
def credit_member(request, group_id: int, payload: MemberCreditIn):
    return Status(
        201,
        services.credit_member(
            actor=request.user, group_id=group_id, membership_id=payload.membership_id
        ),
    )


# ---- visits and problems ------------------------------------------------------------------


class ProblemIn(Schema):
    kind: KindT
    urgency: UrgencyT = "normal"
    description: Annotated[str, Field(min_length=1, max_length=500)]
    responsible_id: int
    due_on: date


class ProblemOut(Schema):
    id: int
    visit_id: int
    kind: str
    urgency: str
    description: str
    responsible_id: int
    responsible_name: str = Field(alias="responsible.name")
    due_on: date
    status: str
    solution: str
    solved_on: date | None


class VisitIn(Schema):
    union_id: int
    visitor: Annotated[str, Field(max_length=50)]
    visited_on: date
    enterprise_id: int | None = None
    site: Annotated[str, Field(max_length=120)] = ""
    workers_met: People = 0
    group_id: int | None = None
    notes: Annotated[str, Field(max_length=500)] = ""
    problems: Annotated[list[ProblemIn], Field(max_length=services.MAX_PROBLEMS)] = []


class VisitOut(Schema):
    id: int
    union_id: int
    visitor: str
    visited_on: date
    enterprise_id: int | None
    where: str
    workers_met: int
    group_id: int | None
    notes: str
    problems: list[ProblemOut]

    @staticmethod
    def resolve_problems(obj):
        # The list route prefetches the problems with who answers for them.
        if "problems" in getattr(obj, "_prefetched_objects_cache", {}):
            return list(obj.problems.all())
        return list(obj.problems.select_related("responsible"))


class VisitPatch(Schema):
    visitor: Annotated[str, Field(max_length=50)] | None = None
    visited_on: date | None = None
    enterprise_id: int | None = None
    site: Annotated[str, Field(max_length=120)] | None = None
    workers_met: People | None = None
    notes: Annotated[str, Field(max_length=500)] | None = None


class SolveIn(Schema):
    solution: Annotated[str, Field(max_length=500)]
    solved_on: date | None = None


@router.get("/outreach/visits", response=list[VisitOut])
@paginate(LimitOffsetPagination)
def list_visits(request, filters: Query[VISITS.api_filters()]):  # type: ignore[valid-type]
    return VISITS.queryset(request.user, filters.dict()).prefetch_related(
        Prefetch("problems", queryset=Problem.objects.select_related("responsible"))
    )


@router.post("/outreach/visits", response={201: VisitOut})
def create_visit(request, payload: VisitIn):
    return Status(201, services.visit_create(actor=request.user, **payload.dict()))


@router.get("/outreach/visits/{visit_id}", response=VisitOut)
def get_visit(request, visit_id: int):
    return selectors.visit_get(actor=request.user, visit_id=visit_id)


@router.patch("/outreach/visits/{visit_id}", response=VisitOut)
def update_visit(request, visit_id: int, payload: VisitPatch):
    services.visit_update(actor=request.user, visit_id=visit_id, **payload.dict(exclude_unset=True))
    return selectors.visit_get(actor=request.user, visit_id=visit_id)


@router.post("/outreach/visits/{visit_id}/problems", response={201: ProblemOut})
def add_problem(request, visit_id: int, payload: ProblemIn):
    return Status(
        201, services.problem_add(actor=request.user, visit_id=visit_id, **payload.dict())
    )


@router.get("/outreach/problems", response=list[ProblemOut])
@paginate(LimitOffsetPagination)
def list_problems(request, filters: Query[PROBLEMS.api_filters()]):  # type: ignore[valid-type]
    return PROBLEMS.queryset(request.user, filters.dict())


@router.get("/outreach/problems/{problem_id}", response=ProblemOut)
def get_problem(request, problem_id: int):
    return selectors.problem_get(actor=request.user, problem_id=problem_id)


@router.post("/outreach/problems/{problem_id}/solve", response=ProblemOut)
def solve_problem(request, problem_id: int, payload: SolveIn):
    return services.problem_solve(actor=request.user, problem_id=problem_id, **payload.dict())


# ---- paired liaison --------------------------------------------------------------------------


class PairingIn(Schema):
    county_id: int
    year: Year
    level: LevelT
    higher_id: int | None = None
    leader: Annotated[str, Field(max_length=60)] = ""
    department: Annotated[str, Field(max_length=60)] = ""


class ContactIn(Schema):
    contacted_on: date
    way: WayT
    notes: Annotated[str, Field(min_length=1, max_length=500)]


class ContactOut(Schema):
    id: int
    contacted_on: date
    way: str
    notes: str


class PairingOut(Schema):
    id: int
    county_id: int
    county_name: str = Field(alias="county.name")
    year: int
    level: str
    higher_id: int | None
    leader: str
    department: str
    contacts: list[ContactOut]
    granted: int = Field(description="grants that serve this pairing, in fen")

    @staticmethod
    def resolve_contacts(obj):
        return list(obj.contacts.all())

    @staticmethod
    def resolve_granted(obj):
        if hasattr(obj, "granted"):
            return obj.granted
        return sum(obj.grants.values_list("amount", flat=True))


@router.get("/outreach/pairings", response=list[PairingOut])
@paginate(LimitOffsetPagination)
def list_pairings(request, filters: Query[PAIRINGS.api_filters()]):  # type: ignore[valid-type]
    return PAIRINGS.queryset(request.user, filters.dict()).prefetch_related("contacts")


@router.post("/outreach/pairings", response={201: PairingOut})
def create_pairing(request, payload: PairingIn):
    return Status(201, services.pairing_create(actor=request.user, **payload.dict()))


@router.get("/outreach/pairings/{pairing_id}", response=PairingOut)
def get_pairing(request, pairing_id: int):
    return selectors.pairing_get(actor=request.user, pairing_id=pairing_id)


@router.post("/outreach/pairings/{pairing_id}/contacts", response={201: ContactOut})
def add_contact(request, pairing_id: int, payload: ContactIn):
    return Status(
        201, services.contact_add(actor=request.user, pairing_id=pairing_id, **payload.dict())
    )


# ---- outreach funds ---------------------------------------------------------------------------


class GrantIn(Schema):
    from_id: int
    to_id: int
    amount: Annotated[int, Field(ge=1, le=10_000_000_000)]
    purpose: Annotated[str, Field(min_length=1, max_length=200)]
    granted_on: date
    request_key: Annotated[str, Field(max_length=40)] = ""
    group_id: int | None = None
    pairing_id: int | None = None


class GrantOut(Schema):
    id: int
    from_id: int = Field(alias="from_org_id")
    from_name: str = Field(alias="from_org.name")
    to_id: int = Field(alias="to_org_id")
    to_name: str = Field(alias="to_org.name")
    amount: int
    purpose: str
    granted_on: date
    group_id: int | None
    pairing_id: int | None
    posting_id: int


@router.get("/outreach/grants", response=list[GrantOut])
@paginate(LimitOffsetPagination)
def list_grants(request, filters: Query[GRANTS.api_filters()]):  # type: ignore[valid-type]
    return GRANTS.queryset(request.user, filters.dict())


@router.post("/outreach/grants", response={201: GrantOut}, openapi_extra=replays())
def make_grant(request, response: HttpResponse, payload: GrantIn):
    """Paid once per `request_key`: the same key again answers with the grant already made."""
    grant, replayed = services.grant_make(actor=request.user, **payload.dict())
    return once_response(
        response, (selectors.grant_get(actor=request.user, grant_id=grant.pk), replayed)
    )


@router.get("/outreach/grants/{grant_id}", response=GrantOut)
def get_grant(request, grant_id: int):
    return selectors.grant_get(actor=request.user, grant_id=grant_id)


# ---- the 五强 assessment ------------------------------------------------------------------------


class CriterionIn(Schema):
    dimension: DimensionT
    name: Annotated[str, Field(min_length=1, max_length=200)]
    weight: Annotated[int, Field(ge=1, le=100)]


class CriterionOut(Schema):
    id: int
    dimension: str
    name: str
    weight: int


class SchemeIn(Schema):
    owner_id: int
    year: Year
    pass_line: Small = 60
    criteria: Annotated[list[CriterionIn], Field(min_length=1, max_length=50)]


class SchemeOut(Schema):
    id: int
    owner_id: int
    year: int
    pass_line: int
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_criteria(obj):
        return list(obj.criteria.all())


class SelfScoreIn(Schema):
    criterion_id: int
    self_score: Small | None = None
    evidence: Annotated[str, Field(max_length=500)] = ""


class AssessmentIn(Schema):
    scheme_id: int
    county_id: int
    scores: Annotated[list[SelfScoreIn], Field(max_length=50)]


class CityScoreIn(Schema):
    criterion_id: int
    city_score: Small


class FinalScoreIn(Schema):
    criterion_id: int
    final_score: Small


class ReviewIn(Schema):
    scores: Annotated[list[CityScoreIn], Field(max_length=50)]


class FinalIn(Schema):
    scores: Annotated[list[FinalScoreIn], Field(max_length=50)]


class ScoreOut(Schema):
    criterion_id: int
    self_score: int | None
    evidence: str
    city_score: int | None
    final_score: int | None


class AssessmentOut(Schema):
    id: int
    scheme_id: int
    year: int = Field(alias="scheme.year")
    county_id: int
    county_name: str = Field(alias="county.name")
    status: str
    self_total: int | None
    city_total: int | None
    final_total: int | None
    scores: list[ScoreOut]

    @staticmethod
    def resolve_scores(obj):
        return list(obj.scores.all())


class RankOut(Schema):
    rank: int
    assessment_id: int
    county_id: int
    county_name: str
    final_total: int
    below_line: bool


@router.post("/outreach/schemes", response={201: SchemeOut})
def create_scheme(request, payload: SchemeIn):
    return Status(201, services.scheme_create(actor=request.user, **payload.dict()))


@router.get("/outreach/schemes/{scheme_id}/ranking", response=list[RankOut])
def get_ranking(request, scheme_id: int):
    from gonghui.core.scoping import get_visible_or_404

    from .models import Scheme

    scheme = get_visible_or_404(Scheme.objects.all(), request.user, pk=scheme_id)
    return [
        {
            "rank": rank,
            "assessment_id": a.pk,
            "county_id": a.county_id,
            "county_name": a.county.name,
            "final_total": a.final_total,
            "below_line": a.final_total < scheme.pass_line,
        }
        for rank, a in selectors.ranking(actor=request.user, scheme_id=scheme.pk)
    ]


@router.get("/outreach/assessments", response=list[AssessmentOut])
@paginate(LimitOffsetPagination)
def list_assessments(request, filters: Query[ASSESSMENTS.api_filters()]):  # type: ignore[valid-type]
    return ASSESSMENTS.queryset(request.user, filters.dict()).prefetch_related("scores")


@router.post("/outreach/assessments", response=AssessmentOut)
def save_assessment(request, payload: AssessmentIn):
    a = services.assessment_save(actor=request.user, **payload.dict())
    return selectors.assessment_get(actor=request.user, assessment_id=a.pk)


@router.get("/outreach/assessments/{assessment_id}", response=AssessmentOut)
def get_assessment(request, assessment_id: int):
    return selectors.assessment_get(actor=request.user, assessment_id=assessment_id)


@router.post("/outreach/assessments/{assessment_id}/submit", response=AssessmentOut)
def submit_assessment(request, assessment_id: int):
    services.assessment_submit(actor=request.user, assessment_id=assessment_id)
    return selectors.assessment_get(actor=request.user, assessment_id=assessment_id)


@router.post("/outreach/assessments/{assessment_id}/city-review", response=AssessmentOut)
def city_review(request, assessment_id: int, payload: ReviewIn):
    services.city_review(actor=request.user, assessment_id=assessment_id, **payload.dict())
    return selectors.assessment_get(actor=request.user, assessment_id=assessment_id)


@router.post("/outreach/assessments/{assessment_id}/final-review", response=AssessmentOut)
def final_review(request, assessment_id: int, payload: FinalIn):
    services.final_review(actor=request.user, assessment_id=assessment_id, **payload.dict())
    return selectors.assessment_get(actor=request.user, assessment_id=assessment_id)


# ---- coverage ----------------------------------------------------------------------------------


class EnterpriseOut(Schema):
    id: int
    name: str
    credit_code: str
    employees: int
    keeper_id: int


@router.get("/outreach/enterprises-without-union", response=list[EnterpriseOut])
@paginate(LimitOffsetPagination)
def list_unorganized(request, filters: Query[UNORGANIZED.api_filters()]):  # type: ignore[valid-type]
    return UNORGANIZED.queryset(request.user, filters.dict())


# ---- cadre training ----------------------------------------------------------------------------


class CourseIn(Schema):
    union_id: int
    title: Annotated[str, Field(max_length=120)]
    start_on: date
    end_on: date
    hours: Annotated[int, Field(ge=1, le=2000)]


class TraineeIn(Schema):
    name: Annotated[str, required_text(50)]
    post: Annotated[str, Field(max_length=100)] = ""


class TraineeOut(Schema):
    id: int
    name: str
    post: str


class CourseOut(Schema):
    id: int
    union_id: int
    title: str
    start_on: date
    end_on: date
    hours: int
    trainees: list[TraineeOut]

    @staticmethod
    def resolve_trainees(obj):
        return list(obj.trainees.all())


@router.get("/outreach/courses", response=list[CourseOut])
@paginate(LimitOffsetPagination)
def list_courses(request, filters: Query[COURSES.api_filters()]):  # type: ignore[valid-type]
    return COURSES.queryset(request.user, filters.dict()).prefetch_related("trainees")


@router.post("/outreach/courses", response={201: CourseOut})
def create_course(request, payload: CourseIn):
    return Status(201, services.course_create(actor=request.user, **payload.dict()))


@router.get("/outreach/courses/{course_id}", response=CourseOut)
def get_course(request, course_id: int):
    return selectors.course_get(actor=request.user, course_id=course_id)


@router.post("/outreach/courses/{course_id}/trainees", response={201: TraineeOut})
def add_trainee(request, course_id: int, payload: TraineeIn):
    return Status(
        201, services.trainee_add(actor=request.user, course_id=course_id, **payload.dict())
    )
