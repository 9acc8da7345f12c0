"""Every read of grassroots outreach, already restricted to the caller's subtrees."""

from datetime import date

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from gonghui.accounts.models import User
from gonghui.core import cleaning
from gonghui.core.lists import related_count, related_sum
from gonghui.core.scoping import get_visible_or_404
from gonghui.core.types import Actor
from gonghui.orgs.models import Enterprise, Organization, OrgKind
from gonghui.orgs.selectors import org_get, within

from .models import (
    Assessment,
    AssessmentStatus,
    Contact,
    FoundedUnion,
    Interview,
    OutreachGrant,
    Pairing,
    Problem,
    ProblemStatus,
    RecruitedMember,
    StationingCadre,
    StationingGroup,
    Trainee,
    TrainingCourse,
    Visit,
)

# ---- stationing ---------------------------------------------------------------------------


def group_list(
    *,
    actor: User,
    q: str = "",
    year: int | None = None,
    under_id: int | None = None,
) -> QuerySet[StationingGroup]:
    qs = (
        StationingGroup.objects.visible_to(actor)
        .select_related("union", "place")
        .annotate(
            cadre_count=related_count(StationingCadre, "group"),
            union_count=related_count(FoundedUnion, "group"),
            member_count=related_count(RecruitedMember, "group"),
            interviewed=related_sum(Interview, "group", "people"),
        )
    )
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(place__name__icontains=q) | Q(leader__icontains=q))
    if year:
        qs = qs.filter(start_on__year=year)
    return within(qs, actor, under_id, "union__path")


def group_get(*, actor: User, group_id: int, write: bool = False) -> StationingGroup:
    return get_visible_or_404(
        StationingGroup.objects.select_related("union", "place"), actor, write=write, pk=group_id
    )


def creditable_unions(*, actor: User, group: StationingGroup) -> QuerySet[Organization]:
    """Unions founded in the group's place and period not yet credited to any group."""
    return (
        Organization.objects.visible_to(actor)
        .filter(
            path__startswith=group.place.path,
            kind__in=[OrgKind.GRASSROOTS, OrgKind.JOINT, OrgKind.INDUSTRY, OrgKind.TOWNSHIP],
            founded_on__range=(group.start_on, group.end_on),
            founded_with__isnull=True,
        )
        .order_by("founded_on", "id")
    )


# ---- visits and problems ----------------------------------------------------------------


def visit_list(
    *,
    actor: User,
    q: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[Visit]:
    qs = (
        Visit.objects.visible_to(actor)
        .select_related("union", "enterprise", "group")
        .annotate(
            problem_count=related_count(Problem, "visit"),
            open_count=related_count(Problem, "visit", status=ProblemStatus.OPEN),
        )
    )
    q = q.strip()
    if q:
        qs = qs.filter(
            Q(enterprise__name__icontains=q) | Q(site__icontains=q) | Q(visitor__icontains=q)
        )
    if date_from:
        qs = qs.filter(visited_on__gte=date_from)
    if date_to:
        qs = qs.filter(visited_on__lte=date_to)
    return within(qs, actor, under_id, "union__path")


def visit_get(*, actor: User, visit_id: int, write: bool = False) -> Visit:
    return get_visible_or_404(
        Visit.objects.select_related("union", "enterprise", "group"),
        actor,
        write=write,
        pk=visit_id,
    )


def problem_list(
    *,
    actor: User,
    q: str = "",
    status: str = "",
    kind: str = "",
    urgency: str = "",
    overdue: bool = False,
    responsible_id: int | None = None,
    waiting: str = "",
) -> QuerySet[Problem]:
    """`waiting`: "mine" the open problems the actor's own union must solve, "below" the
    overdue ones of the unions directly below (the two to-dos)."""
    qs = Problem.objects.visible_to(actor).select_related(
        "responsible", "visit__enterprise", "visit__union"
    )
    q = q.strip()
    if q:
        qs = qs.filter(
            Q(description__icontains=q)
            | Q(visit__enterprise__name__icontains=q)
            | Q(visit__site__icontains=q)
        )
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if urgency:
        qs = qs.filter(urgency=urgency)
    if overdue:
        qs = qs.filter(status=ProblemStatus.OPEN, due_on__lt=cleaning.today())
    if responsible_id is not None:
        qs = qs.filter(responsible=org_get(actor=actor, org_id=responsible_id))
    if waiting == "mine":
        qs = qs & problems_waiting(actor=actor)
    elif waiting == "below":
        qs = qs & problems_overdue_below(actor=actor)
    return qs


def problem_get(*, actor: User, problem_id: int) -> Problem:
    return get_visible_or_404(
        Problem.objects.select_related("responsible", "visit__enterprise", "visit__union"),
        actor,
        pk=problem_id,
    )


def _writing_org_ids(actor: Actor) -> list[int]:
    ids = getattr(actor, "writing_org_ids", list)  # an anonymous actor has none
    return ids()


def problems_waiting(*, actor: Actor) -> QuerySet[Problem]:
    """Open problems the actor's own union must solve."""
    return Problem.objects.visible_to(actor).filter(
        status=ProblemStatus.OPEN, responsible_id__in=_writing_org_ids(actor)
    )


def problems_overdue_below(*, actor: Actor) -> QuerySet[Problem]:
    """Open problems past their due date of the unions directly below the actor's own:
    overdue, a problem rises to the level above."""
    return Problem.objects.visible_to(actor).filter(
        status=ProblemStatus.OPEN,
        due_on__lt=cleaning.today(),
        responsible__parent_id__in=_writing_org_ids(actor),
    )


# ---- paired liaison -----------------------------------------------------------------------


def pairing_list(
    *,
    actor: User,
    q: str = "",
    year: int | None = None,
    level: str = "",
    under_id: int | None = None,
) -> QuerySet[Pairing]:
    qs = (
        Pairing.objects.visible_to(actor)
        .select_related("county", "higher")
        .annotate(
            contact_count=related_count(Contact, "pairing"),
            granted=related_sum(OutreachGrant, "pairing", "amount"),
        )
    )
    q = q.strip()
    if q:
        qs = qs.filter(
            Q(county__name__icontains=q) | Q(leader__icontains=q) | Q(department__icontains=q)
        )
    if year:
        qs = qs.filter(year=year)
    if level:
        qs = qs.filter(level=level)
    return within(qs, actor, under_id, "county__path")


def pairing_get(*, actor: User, pairing_id: int, write: bool = False) -> Pairing:
    return get_visible_or_404(
        Pairing.objects.select_related("county", "higher"), actor, write=write, pk=pairing_id
    )


def pairing_grants(*, actor: User, pairing: Pairing) -> tuple[list[OutreachGrant], int]:
    """The grants that serve a pairing (as the actor may see them) and their total."""
    rows = list(
        OutreachGrant.objects.visible_to(actor)
        .filter(pairing=pairing)
        .select_related("from_org", "to_org")
        .order_by("-granted_on", "-id")
    )
    return rows, sum(g.amount for g in rows)


# ---- outreach funds ------------------------------------------------------------------------


def grant_list(
    *,
    actor: User,
    q: str = "",
    year: int | None = None,
    under_id: int | None = None,
    serves: str = "",
) -> QuerySet[OutreachGrant]:
    qs = OutreachGrant.objects.visible_to(actor).select_related(
        "from_org", "to_org", "group", "pairing"
    )
    q = q.strip()
    if q:
        qs = qs.filter(
            Q(to_org__name__icontains=q) | Q(purpose__icontains=q) | Q(group__name__icontains=q)
        )
    if year:
        qs = qs.filter(granted_on__year=year)
    if serves == "group":
        qs = qs.filter(group__isnull=False)
    elif serves == "pairing":
        qs = qs.filter(pairing__isnull=False)
    return within(qs, actor, under_id, "to_org__path")


def grant_get(*, actor: User, grant_id: int) -> OutreachGrant:
    return get_visible_or_404(
        OutreachGrant.objects.select_related("from_org", "to_org", "group", "pairing"),
        actor,
        pk=grant_id,
    )


def unpaired_counties(*, actor: User, year: int) -> QuerySet[Organization]:
    return (
        Organization.objects.visible_to(actor)
        .filter(kind=OrgKind.COUNTY, is_active=True)
        .exclude(outreach_pairings__year=year)
        .order_by("path")
    )


# ---- the 五强 assessment -------------------------------------------------------------------


def assessment_list(
    *,
    actor: User,
    q: str = "",
    year: int | None = None,
    status: str = "",
    below_line: bool = False,
) -> QuerySet[Assessment]:
    """Assessments the actor sees; with the previous year's final score beside each."""
    previous = Assessment.objects.filter(
        county=OuterRef("county"),
        scheme__owner=OuterRef("scheme__owner"),
        scheme__year=OuterRef("scheme__year") - 1,
        status=AssessmentStatus.FINAL,
    ).values("final_total")[:1]
    qs = (
        Assessment.objects.visible_to(actor)
        .select_related("scheme", "county")
        .annotate(last_year=Subquery(previous))
    )
    q = q.strip()
    if q:
        qs = qs.filter(county__name__icontains=q)
    if year:
        qs = qs.filter(scheme__year=year)
    if status:
        qs = qs.filter(status=status)
    if below_line:
        from django.db.models import F

        qs = qs.filter(status=AssessmentStatus.FINAL, final_total__lt=F("scheme__pass_line"))
    return qs


def assessment_get(*, actor: User, assessment_id: int) -> Assessment:
    return get_visible_or_404(
        Assessment.objects.select_related("scheme__owner", "county__parent"),
        actor,
        pk=assessment_id,
    )


def ranking(*, actor: User, scheme_id: int) -> list[tuple[int, Assessment]]:
    """The final scores of a year's scheme, best first, with their rank (ties share one)."""
    rows = list(
        Assessment.objects.visible_to(actor)
        .filter(scheme_id=scheme_id, status=AssessmentStatus.FINAL)
        .select_related("county", "scheme")
        .order_by("-final_total", "county__path")
    )
    ranked, last, rank = [], None, 0
    for i, a in enumerate(rows, start=1):
        if a.final_total != last:
            rank, last = i, a.final_total
        ranked.append((rank, a))
    return ranked


# ---- coverage ------------------------------------------------------------------------------


def enterprises_without_union(*, actor: User, min_workers: int = 25) -> QuerySet[Enterprise]:
    """Enterprises of `min_workers` or more with no active union: the county's list to act on
    (以入会促建会)."""
    return (
        Enterprise.objects.visible_to(actor)
        .filter(employees__gte=min_workers, has_union=False)
        .select_related("keeper", "region")
    )


COVERAGE_BY = ("size", "ownership", "industry")


def coverage(*, actor: User, by: str) -> list[dict]:
    """建会率 and 入会率 by enterprise size, ownership or industry, from the enterprise and
    member records the actor sees: enterprises, those with an active union, their workers
    and the active members they employ."""
    if by not in COVERAGE_BY:
        raise ValueError(f"by is one of {COVERAGE_BY}")
    from gonghui.members.models import Membership

    enterprises = Enterprise.objects.visible_to(actor)
    rows = {
        r[by]: {"key": r[by], "enterprises": r["n"], "unionized": r["u"], "workers": r["w"] or 0}
        for r in enterprises.order_by()
        .values(by)
        .annotate(n=Count("id"), u=Count("id", filter=Q(has_union=True)), w=Sum("employees"))
    }
    members = (
        Membership.objects.visible_to(actor)
        .filter(status="active", person__employer__in=Enterprise.objects.visible_to(actor))
        .order_by()
        .values(f"person__employer__{by}")
        .annotate(m=Count("id"))
    )
    counted = {r[f"person__employer__{by}"]: r["m"] for r in members}
    out = []
    for key, row in sorted(rows.items()):
        row["members"] = counted.get(key, 0)
        row["union_rate"] = (
            round(100 * row["unionized"] / row["enterprises"], 1) if row["enterprises"] else None
        )
        row["member_rate"] = (
            round(100 * row["members"] / row["workers"], 1) if row["workers"] else None
        )
        out.append(row)
    return out


def course_list(
    *, actor: User, q: str = "", year: int | None = None, under_id: int | None = None
) -> QuerySet[TrainingCourse]:
    qs = (
        TrainingCourse.objects.visible_to(actor)
        .select_related("union")
        .annotate(trainee_count=related_count(Trainee, "course"))
    )
    if q.strip():
        qs = qs.filter(Q(title__icontains=q.strip()) | Q(union__name__icontains=q.strip()))
    if year:
        qs = qs.filter(start_on__year=year)
    return within(qs, actor, under_id, "union__path")


def course_get(*, actor: User, course_id: int, write: bool = False) -> TrainingCourse:
    return get_visible_or_404(
        TrainingCourse.objects.select_related("union"), actor, write=write, pk=course_id
    )
