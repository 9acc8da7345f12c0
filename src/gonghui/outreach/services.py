"""Every write of grassroots outreach: atomic, checked, audited, and who may act.

* A stationing group and all it records are written by the staff of the sending federation
  (or above it); the results it is credited with must lie in its place and its period.
* A visit is written by the visiting union's staff; a problem is solved by the responsible
  union's staff (or above it), not by the visitor who found it.
* A pairing is made by a federation above the county; its contacts by either side.
* The 五强 assessment: the county's own staff fill and submit it, the city's staff review
  it, the province's staff (the scheme's owner) give the final score; whoever submitted
  it may review neither step.
"""

import uuid
from datetime import date

from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.campaigns import ledger
from gonghui.campaigns.errors import Conflict
from gonghui.campaigns.ledger import Leg, PostingSpec
from gonghui.core import audit, cleaning
from gonghui.core.errors import Code as CoreCode
from gonghui.core.errors import NotFound, ServiceError
from gonghui.core.money import check_fen
from gonghui.core.once import once_per_key
from gonghui.core.scoping import get_visible_or_404, path_visible
from gonghui.core.updates import audited_update
from gonghui.members.models import Membership
from gonghui.orgs.models import FEDERATION_KINDS, Enterprise, Organization, OrgKind
from gonghui.orgs.selectors import org_get

from .apps import GRANT_POSTING, GRANTED_ACCOUNT, RECEIVED_ACCOUNT
from .codes import Action, Code
from .models import (
    Assessment,
    AssessmentStatus,
    Contact,
    ContactWay,
    Criterion,
    Dimension,
    FoundedUnion,
    Interview,
    Interviewee,
    OutreachGrant,
    Pairing,
    PairLevel,
    Problem,
    ProblemKind,
    ProblemStatus,
    RecruitedMember,
    Scheme,
    Score,
    StationingCadre,
    StationingGroup,
    Trainee,
    TrainingCourse,
    Urgency,
    Visit,
)

GROUP_FIELDS = ["union", "place", "name", "leader", "start_on", "end_on", "funds", "tasks"]
MAX_PEOPLE = 100_000
MAX_PROBLEMS = 20
UNION_KINDS = (OrgKind.GRASSROOTS, OrgKind.JOINT, OrgKind.INDUSTRY, OrgKind.TOWNSHIP)


# ---- helpers ---------------------------------------------------------------------------


def _org(actor: User, org_id, field: str, *, write: bool = False) -> Organization:
    if isinstance(org_id, bool) or not isinstance(org_id, int):
        raise ServiceError(_("Choose an organization."), field=field)
    try:
        return org_get(actor=actor, org_id=org_id, write=write)
    except Http404 as exc:
        raise NotFound(_("No such organization in your subtree."), field=field) from exc


def _date(value, field: str, *, not_future: bool = True) -> date:
    if not isinstance(value, date):
        raise ServiceError(_("Enter a date."), field=field)
    if not_future and value > cleaning.today():
        raise ServiceError(_("The date cannot be in the future."), field=field)
    return value


def _count(value, field: str, *, low: int = 0, high: int = MAX_PEOPLE) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ServiceError(
            _("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high},
            field=field,
        )
    return value


def _role_at(actor: User, org: Organization) -> bool:
    """The actor holds a writing role at this very organization."""
    return actor.writes_at(org)


# ---- 1. stationing ---------------------------------------------------------------------


def _check_group(group: StationingGroup) -> None:
    if group.union.kind not in FEDERATION_KINDS:
        raise ServiceError(
            _("A stationing group is sent by a federation (national, province, city, county)."),
            field="union_id",
        )
    if not group.place.path.startswith(group.union.path) or group.place_id == group.union_id:
        raise ServiceError(
            _("The place is a union below the sending federation."), field="place_id"
        )
    _check_period(group)


def _check_period(group: StationingGroup) -> None:
    """What an update may change: the union and the place stay as the group was sent."""
    if group.end_on < group.start_on:
        raise ServiceError(_("The end date is before the start date."), field="end_on")
    if not group.name:
        raise ServiceError(_("This field is required."), field="name")


def _group(actor: User, group_id: int, *, write: bool = True) -> StationingGroup:
    return get_visible_or_404(
        StationingGroup.objects.select_related("union", "place"), actor, write=write, pk=group_id
    )


@transaction.atomic(durable=True)
def group_create(
    *,
    actor: User,
    union_id: int,
    place_id: int,
    name: str,
    start_on: date,
    end_on: date,
    leader: str = "",
    funds: int = 0,
    tasks: str = "",
) -> StationingGroup:
    """A federation sends a stationing group to a place below it for a period."""
    group = StationingGroup(
        union=_org(actor, union_id, "union_id", write=True),
        place=_org(actor, place_id, "place_id"),
        name=cleaning.text(name, field="name", max_length=100, required=True),
        leader=cleaning.text(leader, field="leader", max_length=50),
        start_on=_date(start_on, "start_on", not_future=False),
        end_on=_date(end_on, "end_on", not_future=False),
        tasks=cleaning.text(tasks, field="tasks", max_length=500),
        created_by=actor,
    )
    funds = check_fen(funds, field="funds", allow_zero=True)
    _check_group(group)
    group.save()
    audit.record(
        actor=actor,
        action=Action.GROUP_CREATE,
        obj=group,
        changes=audit.snapshot(group, GROUP_FIELDS),
    )
    if funds:
        # The special funds the group sets out with: the first grant to its place, paid
        # from the sending federation's general funds (refused, with the group, if short).
        _grant(
            actor,
            from_org=group.union,
            to_org=group.place,
            amount=funds,
            purpose=_("Special funds of %(group)s") % {"group": group.name},
            granted_on=min(group.start_on, cleaning.today()),
            request_key=f"group-{group.pk}",
            group=group,
            pairing=None,
            field="funds",
        )
    return group


@transaction.atomic(durable=True)
def group_update(*, actor: User, group_id: int, **changes) -> StationingGroup:
    group = _group(actor, group_id)
    group = (
        StationingGroup.objects.select_for_update()
        .select_related("union", "place")
        .get(pk=group.pk)
    )
    audited_update(
        group,
        changes,
        actor=actor,
        editable={
            "name": lambda v: cleaning.text(v, field="name", max_length=100, required=True),
            "leader": lambda v: cleaning.text(v, field="leader", max_length=50),
            "tasks": lambda v: cleaning.text(v, field="tasks", max_length=500),
            "start_on": lambda v: _date(v, "start_on", not_future=False),
            "end_on": lambda v: _date(v, "end_on", not_future=False),
        },
        audit_fields=GROUP_FIELDS,
        check=_check_period,
        action=Action.GROUP_UPDATE,
    )
    return group


@transaction.atomic(durable=True)
def cadre_add(*, actor: User, group_id: int, name: str, post: str = "") -> StationingCadre:
    group = _group(actor, group_id)
    cadre = StationingCadre.objects.create(
        group=group,
        name=cleaning.text(name, field="name", max_length=50, required=True),
        post=cleaning.text(post, field="post", max_length=100),
    )
    audit.record(
        actor=actor,
        action=Action.CADRE_ADD,
        obj=group,
        changes={"cadre": cadre.name, "post": cadre.post},
    )
    return cadre


@transaction.atomic(durable=True)
def cadre_remove(*, actor: User, group_id: int, cadre_id: int) -> None:
    group = _group(actor, group_id)
    cadre = get_visible_or_404(
        StationingCadre.objects.all(), actor, write=True, pk=cadre_id, group=group
    )
    audit.record(actor=actor, action=Action.CADRE_REMOVE, obj=group, changes={"cadre": cadre.name})
    cadre.delete()


@transaction.atomic(durable=True)
def interview_add(
    *, actor: User, group_id: int, held_on: date, who: str, people: int, notes: str = ""
) -> Interview:
    group = _group(actor, group_id)
    held_on = _date(held_on, "held_on")
    if not group.start_on <= held_on <= group.end_on:
        raise ServiceError(
            _("The interview falls outside the group's period (%(start)s to %(end)s).")
            % {"start": group.start_on, "end": group.end_on},
            code=Code.OUTSIDE_PLACE,
            field="held_on",
        )
    interview = Interview.objects.create(
        group=group,
        held_on=held_on,
        who=cleaning.choice(who, Interviewee, field="who"),
        people=_count(people, "people", low=1),
        notes=cleaning.text(notes, field="notes", max_length=500),
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action=Action.INTERVIEW_ADD,
        obj=group,
        changes={"held_on": held_on.isoformat(), "who": who, "people": people},
    )
    return interview


def _in_place_and_period(group: StationingGroup, path: str, day: date | None, field: str):
    if not path.startswith(group.place.path):
        raise ServiceError(
            _("It lies outside the place the group was sent to (%(place)s).")
            % {"place": group.place.name},
            code=Code.OUTSIDE_PLACE,
            field=field,
        )
    if day is None or not group.start_on <= day <= group.end_on:
        raise ServiceError(
            _("It did not happen within the group's period (%(start)s to %(end)s).")
            % {"start": group.start_on, "end": group.end_on},
            code=Code.OUTSIDE_PLACE,
            field=field,
        )


@transaction.atomic(durable=True)
def credit_union(*, actor: User, group_id: int, org_id: int) -> FoundedUnion:
    """Credit the group with a grassroots union founded in its place and period."""
    group = _group(actor, group_id)
    org = _org(actor, org_id, "org_id")
    if org.kind not in UNION_KINDS:
        raise ServiceError(_("Choose a grassroots or joint union."), field="org_id")
    _in_place_and_period(group, org.path, org.founded_on, "org_id")
    if FoundedUnion.objects.filter(org=org).exists():
        raise ServiceError(
            _("This union is already credited to a stationing group."),
            code=Code.ALREADY_CREDITED,
            field="org_id",
        )
    link = FoundedUnion.objects.create(group=group, org=org, created_by=actor)
    audit.record(
        actor=actor, action=Action.UNION_CREDIT, obj=group, changes={"org": [org.pk, org.name]}
    )
    return link


@transaction.atomic(durable=True)
def credit_member(*, actor: User, group_id: int, membership_id: int) -> RecruitedMember:
    """Credit the group with a member who joined in its place and period."""
    group = _group(actor, group_id)
    if isinstance(membership_id, bool) or not isinstance(membership_id, int):
        raise ServiceError(_("Choose a membership."), field="membership_id")
    try:
        membership = get_visible_or_404(
            Membership.objects.select_related("union"), actor, pk=membership_id
        )
    except Http404 as exc:
        raise NotFound(_("No such membership in your subtree."), field="membership_id") from exc
    _in_place_and_period(group, membership.union.path, membership.joined_on, "membership_id")
    if RecruitedMember.objects.filter(membership=membership).exists():
        raise ServiceError(
            _("This member is already credited to a stationing group."),
            code=Code.ALREADY_CREDITED,
            field="membership_id",
        )
    link = RecruitedMember.objects.create(group=group, membership=membership, created_by=actor)
    audit.record(
        actor=actor,
        action=Action.MEMBER_CREDIT,
        obj=group,
        changes={"membership": membership.number},
    )
    return link


# ---- 2. cadres into enterprises --------------------------------------------------------


def _problem_fields(actor: User, visit_day: date, index: int | None, data) -> dict:
    prefix = "" if index is None else f"problems.{index}."
    if hasattr(data, "dict"):
        data = data.dict()
    if not isinstance(data, dict):
        raise ServiceError(_("Give each problem as its fields."), field=prefix.rstrip(".") or None)
    due_on = data.get("due_on")
    if not isinstance(due_on, date):
        raise ServiceError(_("Enter the date by which it must be solved."), field=prefix + "due_on")
    if due_on < visit_day:
        raise ServiceError(_("The due date is before the visit."), field=prefix + "due_on")
    return {
        "kind": cleaning.choice(data.get("kind"), ProblemKind, field=prefix + "kind"),
        "urgency": cleaning.choice(
            data.get("urgency") or Urgency.NORMAL, Urgency, field=prefix + "urgency"
        ),
        "description": cleaning.text(
            data.get("description"),
            field=prefix + "description",
            max_length=500,
            required=True,
            message=_("Describe the problem."),
        ),
        "responsible": _org(actor, data.get("responsible_id"), prefix + "responsible_id"),
        "due_on": due_on,
    }


@transaction.atomic(durable=True)
def visit_create(
    *,
    actor: User,
    union_id: int,
    visitor: str,
    visited_on: date,
    enterprise_id: int | None = None,
    site: str = "",
    workers_met: int = 0,
    group_id: int | None = None,
    notes: str = "",
    problems=None,
) -> Visit:
    """A cadre's visit to an enterprise or a project site, with the problems found there."""
    union = _org(actor, union_id, "union_id", write=True)
    enterprise = None
    if enterprise_id is not None:
        try:
            enterprise = get_visible_or_404(Enterprise.objects.all(), actor, pk=enterprise_id)
        except Http404 as exc:
            raise NotFound(_("No such enterprise in your subtree."), field="enterprise_id") from exc
    site = cleaning.text(site, field="site", max_length=120)
    if enterprise is None and not site:
        raise ServiceError(_("Choose the enterprise or name the project site."), field="site")
    group = None
    if group_id is not None:
        try:
            group = _group(actor, group_id)
        except Http404 as exc:
            raise NotFound(_("No such stationing group."), field="group_id") from exc
    visited_on = _date(visited_on, "visited_on")
    problems = problems or []
    if not isinstance(problems, list) or len(problems) > MAX_PROBLEMS:
        raise ServiceError(
            _("At most %(n)s problems at one visit.") % {"n": MAX_PROBLEMS}, field="problems"
        )
    found = [_problem_fields(actor, visited_on, i, p) for i, p in enumerate(problems)]
    visit = Visit.objects.create(
        union=union,
        visitor=cleaning.text(
            visitor,
            field="visitor",
            max_length=50,
            required=True,
            message=_("Name the visiting cadre."),
        ),
        visited_on=visited_on,
        enterprise=enterprise,
        site=site,
        workers_met=_count(workers_met, "workers_met"),
        group=group,
        notes=cleaning.text(notes, field="notes", max_length=500),
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action=Action.VISIT_CREATE,
        obj=visit,
        changes={
            "visited_on": visited_on.isoformat(),
            "where": visit.where,
            "workers_met": visit.workers_met,
            "problems": len(found),
        },
    )
    for fields in found:
        Problem.objects.create(visit=visit, created_by=actor, **fields)
    return visit


VISIT_FIELDS = ["visitor", "visited_on", "enterprise", "site", "workers_met", "notes"]


def _check_visit(visit: Visit) -> None:
    if visit.enterprise_id is None and not visit.site:
        raise ServiceError(_("Choose the enterprise or name the project site."), field="site")


@transaction.atomic(durable=True)
def visit_update(*, actor: User, visit_id: int, **changes) -> Visit:
    """Correct a visit: only the visiting union's staff or a federation above it (the
    sibling who can read it through a shared parent may not)."""
    visit = get_visible_or_404(
        # lock the visit's own row: PostgreSQL locks no nullable side of an outer join
        Visit.objects.select_for_update(of=("self",)).select_related("union", "enterprise"),
        actor,
        write=True,
        pk=visit_id,
    )

    def enterprise(value):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ServiceError(_("Choose the enterprise or name the project site."), field="site")
        try:
            return get_visible_or_404(Enterprise.objects.all(), actor, pk=value).pk
        except Http404 as exc:
            raise NotFound(_("No such enterprise in your subtree."), field="enterprise_id") from exc

    audited_update(
        visit,
        changes,
        actor=actor,
        editable={
            "visitor": lambda v: cleaning.text(
                v,
                field="visitor",
                max_length=50,
                required=True,
                message=_("Name the visiting cadre."),
            ),
            "visited_on": lambda v: _date(v, "visited_on"),
            "enterprise_id": enterprise,
            "site": lambda v: cleaning.text(v, field="site", max_length=120),
            "workers_met": lambda v: _count(v, "workers_met"),
            "notes": lambda v: cleaning.text(v, field="notes", max_length=500),
        },
        audit_fields=VISIT_FIELDS,
        check=_check_visit,
        action=Action.VISIT_UPDATE,
    )
    return visit


@transaction.atomic(durable=True)
def problem_add(*, actor: User, visit_id: int, **fields) -> Problem:
    visit = get_visible_or_404(Visit.objects.all(), actor, write=True, pk=visit_id)
    problem = Problem.objects.create(
        visit=visit, created_by=actor, **_problem_fields(actor, visit.visited_on, None, fields)
    )
    audit.record(
        actor=actor,
        action=Action.PROBLEM_ADD,
        obj=problem,
        changes={"kind": problem.kind, "responsible": problem.responsible_id},
    )
    return problem


def may_solve(actor: User, problem: Problem) -> bool:
    return problem.status == ProblemStatus.OPEN and path_visible(
        actor, problem.responsible.path, write=True
    )


@transaction.atomic(durable=True)
def problem_solve(
    *, actor: User, problem_id: int, solution: str, solved_on: date | None = None
) -> Problem:
    """The responsible union (or one above it) records how the problem was solved."""
    problem = get_visible_or_404(
        Problem.objects.select_related("responsible", "visit"), actor, pk=problem_id
    )
    problem = (
        Problem.objects.select_for_update()
        .select_related("responsible", "visit")
        .get(pk=problem.pk)
    )
    if problem.status != ProblemStatus.OPEN:
        raise ServiceError(_("This problem is already solved."), code=CoreCode.CONFLICT)
    if not path_visible(actor, problem.responsible.path, write=True):
        raise ServiceError(
            _("Only the responsible union (or one above it) records the solution."),
            code=CoreCode.FORBIDDEN,
        )
    solved_on = _date(solved_on or cleaning.today(), "solved_on")
    if solved_on < problem.visit.visited_on:
        raise ServiceError(_("The problem was solved before it was found?"), field="solved_on")
    problem.solution = cleaning.text(
        solution,
        field="solution",
        max_length=500,
        required=True,
        message=_("Say how it was solved."),
    )
    problem.status = ProblemStatus.SOLVED
    problem.solved_on = solved_on
    problem.solved_by = actor
    problem.save(update_fields=["solution", "status", "solved_on", "solved_by"])
    audit.record(
        actor=actor,
        action=Action.PROBLEM_SOLVE,
        obj=problem,
        changes={"solution": problem.solution, "solved_on": solved_on.isoformat()},
    )
    return problem


# ---- 3. paired liaison ------------------------------------------------------------------

LEVEL_KIND: dict[str, str] = {
    PairLevel.NATIONAL: OrgKind.NATIONAL,
    PairLevel.PROVINCIAL: OrgKind.PROVINCIAL,
    PairLevel.CITY: OrgKind.CITY,
}


@transaction.atomic(durable=True)
def pairing_create(
    *,
    actor: User,
    county_id: int,
    year: int,
    level: str,
    higher_id: int | None = None,
    leader: str = "",
    department: str = "",
) -> Pairing:
    """A higher federation pairs a leader or department of its own with a county union."""
    county = _org(actor, county_id, "county_id")
    if county.kind != OrgKind.COUNTY:
        raise ServiceError(_("Choose a county or district union."), field="county_id")
    if county.parent is None or not path_visible(actor, county.parent.path, write=True):
        raise ServiceError(
            _("A federation above the county records its pairing."),
            code=CoreCode.FORBIDDEN,
            field="county_id",
        )
    year = _count(year, "year", low=2000, high=cleaning.today().year + 1)
    level = cleaning.choice(level, PairLevel, field="level")
    higher = None
    if higher_id is not None:
        higher = _org(actor, higher_id, "higher_id")
        if higher.kind != LEVEL_KIND[level] or not county.path.startswith(higher.path):
            raise ServiceError(
                _("The higher federation is one of this level above the county."),
                field="higher_id",
            )
    leader = cleaning.text(leader, field="leader", max_length=60)
    department = cleaning.text(department, field="department", max_length=60)
    if not leader and not department:
        raise ServiceError(_("Name the paired leader or department."), field="leader")
    if Pairing.objects.filter(county=county, year=year, level=level).exists():
        raise ServiceError(
            _("This county already has a pairing at this level for the year."),
            code=CoreCode.CONFLICT,
            field="level",
        )
    try:
        with transaction.atomic():
            pairing = Pairing.objects.create(
                county=county,
                year=year,
                level=level,
                higher=higher,
                leader=leader,
                department=department,
                created_by=actor,
            )
    except IntegrityError as exc:
        raise ServiceError(
            _("This county already has a pairing at this level for the year."),
            code=CoreCode.CONFLICT,
            field="level",
        ) from exc
    audit.record(
        actor=actor,
        action=Action.PAIRING_CREATE,
        obj=pairing,
        changes={"year": year, "level": level, "leader": leader, "department": department},
    )
    return pairing


@transaction.atomic(durable=True)
def contact_add(
    *, actor: User, pairing_id: int, contacted_on: date, way: str, notes: str
) -> Contact:
    pairing = get_visible_or_404(
        Pairing.objects.select_related("county"), actor, write=True, pk=pairing_id
    )
    contacted_on = _date(contacted_on, "contacted_on")
    contact = Contact.objects.create(
        pairing=pairing,
        contacted_on=contacted_on,
        way=cleaning.choice(way, ContactWay, field="way"),
        notes=cleaning.text(
            notes,
            field="notes",
            max_length=500,
            required=True,
            message=_("Say what was discussed or settled."),
        ),
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action=Action.CONTACT_ADD,
        obj=pairing,
        changes={"contacted_on": contacted_on.isoformat(), "way": way},
    )
    return contact


# ---- 4. the 五强 assessment --------------------------------------------------------------


# ---- outreach funds on the ledger -------------------------------------------------------


def _grant(
    actor: User,
    *,
    from_org: Organization,
    to_org: Organization,
    amount: int,
    purpose: str,
    granted_on: date,
    request_key: str,
    group: StationingGroup | None,
    pairing: Pairing | None,
    field: str = "amount",
) -> tuple[OutreachGrant, bool]:
    """Post the grant on the ledger and record it, once per (federation, request key): a
    repeated request returns the grant already made (True: replayed), a different one
    under the same key is refused. Called inside the caller's transaction."""

    def make() -> OutreachGrant:
        posting = ledger.post(
            PostingSpec(
                GRANT_POSTING,
                from_org.pk,
                memo=f"{to_org.name} · {purpose}",
                legs=[
                    Leg(from_org.pk, GRANTED_ACCOUNT, amount),
                    Leg(from_org.pk, "available", -amount),
                    Leg(to_org.pk, "available", amount),
                    Leg(to_org.pk, RECEIVED_ACCOUNT, -amount),
                ],
            ),
            actor=actor,
            field=field,
        )
        return OutreachGrant.objects.create(
            from_org=from_org,
            to_org=to_org,
            group=group,
            pairing=pairing,
            amount=amount,
            purpose=purpose,
            granted_on=granted_on,
            request_key=request_key,
            posting=posting,
            created_by=actor,
        )

    def same(done: OutreachGrant) -> bool:
        return (done.to_org_id, done.amount, done.group_id, done.pairing_id) == (
            to_org.pk,
            amount,
            group.pk if group else None,
            pairing.pk if pairing else None,
        )

    def refused() -> Conflict:
        return Conflict(  # 409, as every reused key (core.replay)
            _(
                "This request was already used for another grant; reload the form to make "
                "a new one."
            ),
            code=CoreCode.CONFLICT,
            field="request_key",
        )

    grant, replayed = once_per_key(
        lambda: OutreachGrant.objects.filter(from_org=from_org, request_key=request_key).first(),
        make,
        same=same,
        refused=refused,
    )
    if not replayed:
        if group is not None:
            # The group's total, under its row lock: a sum of postings, not a typed number.
            StationingGroup.objects.filter(pk=group.pk).update(funds=models.F("funds") + amount)
            group.refresh_from_db(fields=["funds"])
        audit.record(
            actor=actor,
            action=Action.GRANT_MAKE,
            obj=grant,
            changes={
                "to": to_org.name,
                "amount": amount,
                "group": group.name if group else "",
                "pairing": str(pairing) if pairing else "",
                "purpose": purpose,
            },
        )
    return grant, replayed


@transaction.atomic(durable=True)
def grant_make(
    *,
    actor: User,
    from_id: int,
    to_id: int,
    amount: int,
    purpose: str,
    granted_on: date,
    request_key: str = "",
    group_id: int | None = None,
    pairing_id: int | None = None,
) -> tuple[OutreachGrant, bool]:
    """A federation grants outreach funds to a union below it, for one of its stationing
    groups or for a county union it is paired with. Paid once per request key: a repeat
    returns the grant already made (True: replayed)."""
    from_org = _org(actor, from_id, "from_id", write=True)
    if from_org.kind not in FEDERATION_KINDS:
        raise ServiceError(
            _("Outreach funds are granted by a federation (national, province, city, county)."),
            field="from_id",
        )
    to_org = _org(actor, to_id, "to_id")
    if to_org.pk == from_org.pk or not to_org.path.startswith(from_org.path):
        raise ServiceError(_("Grant to a union below the granting federation."), field="to_id")
    amount = check_fen(amount, field="amount")
    purpose = cleaning.text(purpose, field="purpose", max_length=200, required=True)
    granted_on = _date(granted_on, "granted_on")
    key = cleaning.text(request_key, field="request_key", max_length=40) or uuid.uuid4().hex
    group = None
    if group_id is not None:
        try:
            group = _group(actor, group_id)
        except Http404 as exc:
            raise NotFound(_("No such stationing group."), field="group_id") from exc
        group = StationingGroup.objects.select_for_update().get(pk=group.pk)
        if group.union_id != from_org.pk or not to_org.path.startswith(group.place.path):
            raise ServiceError(
                _("A group's funds are granted by its sending federation to a union in its place."),
                code=Code.OTHER_UNION,
                field="group_id",
            )
    pairing = None
    if pairing_id is not None:
        try:
            pairing = get_visible_or_404(
                Pairing.objects.select_related("county"), actor, pk=pairing_id
            )
        except Http404 as exc:
            raise NotFound(_("No such pairing."), field="pairing_id") from exc
        if pairing.county_id != to_org.pk:
            raise ServiceError(
                _("This pairing is of another county union: choose the receiving union's own."),
                code=Code.OTHER_UNION,
                field="pairing_id",
            )
    return _grant(
        actor,
        from_org=from_org,
        to_org=to_org,
        amount=amount,
        purpose=purpose,
        granted_on=granted_on,
        request_key=key,
        group=group,
        pairing=pairing,
    )


@transaction.atomic(durable=True)
def scheme_create(
    *, actor: User, owner_id: int, year: int, criteria, pass_line: int = 60
) -> Scheme:
    """The province sets the year's criteria: every dimension weighed, weights sum to 100."""
    owner = _org(actor, owner_id, "owner_id", write=True)
    if owner.kind != OrgKind.PROVINCIAL:
        raise ServiceError(_("The province sets the assessment."), field="owner_id")
    year = _count(year, "year", low=2000, high=cleaning.today().year + 1)
    pass_line = _count(pass_line, "pass_line", low=0, high=100)
    if not isinstance(criteria, list) or not criteria:
        raise ServiceError(_("Give the criteria."), field="criteria")
    rows = []
    for i, c in enumerate(criteria):
        if hasattr(c, "dict"):
            c = c.dict()
        if not isinstance(c, dict):
            raise ServiceError(_("Give each criterion as its fields."), field=f"criteria.{i}")
        rows.append(
            Criterion(
                dimension=cleaning.choice(
                    c.get("dimension"), Dimension, field=f"criteria.{i}.dimension"
                ),
                name=cleaning.text(
                    c.get("name"), field=f"criteria.{i}.name", max_length=200, required=True
                ),
                weight=_count(c.get("weight"), f"criteria.{i}.weight", low=1, high=100),
            )
        )
    missing = set(Dimension.values) - {r.dimension for r in rows}
    if missing:
        raise ServiceError(
            _("Every one of the five dimensions needs a criterion; missing: %(d)s.")
            % {"d": "、".join(str(Dimension(d).label) for d in sorted(missing))},
            field="criteria",
        )
    total = sum(r.weight for r in rows)
    if total != 100:
        raise ServiceError(
            _("The weights sum to %(n)s; they must sum to 100.") % {"n": total}, field="criteria"
        )
    if Scheme.objects.filter(owner=owner, year=year).exists():
        raise ServiceError(
            _("The assessment for this year is already set."),
            code=CoreCode.CONFLICT,
            field="year",
        )
    scheme = Scheme.objects.create(owner=owner, year=year, pass_line=pass_line, created_by=actor)
    for r in rows:
        r.scheme = scheme
    Criterion.objects.bulk_create(rows)
    audit.record(
        actor=actor,
        action=Action.SCHEME_CREATE,
        obj=scheme,
        changes={"year": year, "pass_line": pass_line, "criteria": len(rows)},
    )
    return scheme


def _scores_in(assessment: Assessment, scores, field: str) -> dict[int, dict]:
    """{criterion id: row} for the scores given, each within its criterion's weight."""
    criteria = {c.pk: c for c in assessment.scheme.criteria.all()}
    if not isinstance(scores, list):
        raise ServiceError(_("Give the scores as a list."), field="scores")
    out: dict[int, dict] = {}
    for i, s in enumerate(scores):
        if hasattr(s, "dict"):
            s = s.dict()
        if not isinstance(s, dict) or s.get("criterion_id") not in criteria:
            raise ServiceError(
                _("Score %(n)s names no criterion of this assessment.") % {"n": i + 1},
                field=f"scores.{i}.criterion_id",
            )
        criterion = criteria[s["criterion_id"]]
        value = s.get(field)
        if value is not None:
            _count(value, f"scores.{i}.{field}", low=0, high=criterion.weight)
        out[criterion.pk] = s
    return out


def _locked(actor: User, assessment_id: int) -> Assessment:
    found = get_visible_or_404(Assessment.objects.all(), actor, pk=assessment_id)
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("scheme__owner", "county__parent")
        .get(pk=found.pk)
    )


def _step(assessment: Assessment, status: str) -> None:
    if assessment.status != status:
        raise ServiceError(
            _("The assessment is %(now)s: this step is not open.")
            % {"now": assessment.get_status_display()},
            code=Code.WRONG_STEP,
        )


@transaction.atomic(durable=True)
def assessment_save(*, actor: User, scheme_id: int, county_id: int, scores) -> Assessment:
    """The county's own staff fill in (or correct) its self-assessment, with evidence."""
    # The province's scheme is the rule for every county below it: read here unscoped,
    # and the county (which the actor must see) must lie under the scheme's owner.
    scheme = Scheme.objects.select_related("owner").filter(pk=scheme_id).first()
    if scheme is None:
        raise NotFound(_("No such assessment scheme."), field="scheme_id")
    county = _org(actor, county_id, "county_id")
    if county.kind != OrgKind.COUNTY or not county.path.startswith(scheme.owner.path):
        raise ServiceError(
            _("Choose a county union under the scheme's province."), field="county_id"
        )
    if not _role_at(actor, county):
        raise ServiceError(
            _("The county union's own staff fill in its self-assessment."),
            code=Code.NOT_REVIEWER,
        )
    assessment, _created = Assessment.objects.select_for_update().get_or_create(
        scheme=scheme, county=county
    )
    _step(assessment, AssessmentStatus.DRAFT)
    given = _scores_in(assessment, scores, "self_score")
    for criterion_id, s in given.items():
        Score.objects.update_or_create(
            assessment=assessment,
            criterion_id=criterion_id,
            defaults={
                "self_score": s.get("self_score"),
                "evidence": cleaning.text(s.get("evidence"), field="evidence", max_length=500),
            },
        )
    audit.record(
        actor=actor,
        action=Action.ASSESSMENT_SAVE,
        obj=assessment,
        changes={str(k): v.get("self_score") for k, v in given.items()},
    )
    return assessment


@transaction.atomic(durable=True)
def assessment_submit(*, actor: User, assessment_id: int) -> Assessment:
    assessment = _locked(actor, assessment_id)
    if not _role_at(actor, assessment.county):
        raise ServiceError(
            _("The county union's own staff submit its self-assessment."),
            code=Code.NOT_REVIEWER,
        )
    _step(assessment, AssessmentStatus.DRAFT)
    scored = {
        s.criterion_id: s.self_score for s in assessment.scores.all() if s.self_score is not None
    }
    missing = assessment.scheme.criteria.exclude(pk__in=scored).count()
    if missing:
        raise ServiceError(
            _("%(n)s criteria have no self-assessed score yet.") % {"n": missing},
            field="scores",
        )
    assessment.self_total = sum(scored.values())
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_by = actor
    assessment.submitted_on = cleaning.today()
    assessment.save()
    audit.record(
        actor=actor,
        action=Action.ASSESSMENT_SUBMIT,
        obj=assessment,
        changes={"self_total": assessment.self_total},
    )
    return assessment


def _review(actor: User, assessment: Assessment, scores, field: str) -> int:
    given = _scores_in(assessment, scores, field)
    rows = list(assessment.scores.all())
    missing = [r for r in rows if given.get(r.criterion_id, {}).get(field) is None]
    if missing or len(rows) != assessment.scheme.criteria.count():
        raise ServiceError(_("Score every criterion."), field="scores")
    for r in rows:
        setattr(r, field, given[r.criterion_id][field])
    Score.objects.bulk_update(rows, [field])
    return sum(getattr(r, field) for r in rows)


def may_review(actor: User, assessment: Assessment) -> str:
    """Which review this actor may give now: "city", "province" or ""."""
    if actor.pk == assessment.submitted_by_id:
        return ""
    if (
        assessment.status == AssessmentStatus.SUBMITTED
        and assessment.county.parent is not None
        and _role_at(actor, assessment.county.parent)
    ):
        return "city"
    if assessment.status == AssessmentStatus.CITY_REVIEWED and _role_at(
        actor, assessment.scheme.owner
    ):
        return "province"
    return ""


@transaction.atomic(durable=True)
def city_review(*, actor: User, assessment_id: int, scores) -> Assessment:
    """The city's staff score each criterion after the county's submission."""
    assessment = _locked(actor, assessment_id)
    _step(assessment, AssessmentStatus.SUBMITTED)
    if actor.pk == assessment.submitted_by_id:
        raise ServiceError(
            _("Who submitted the self-assessment may not review it."), code=Code.SAME_PERSON
        )
    if assessment.county.parent is None or not _role_at(actor, assessment.county.parent):
        raise ServiceError(
            _("The staff of the city above the county review this step."), code=Code.NOT_REVIEWER
        )
    assessment.city_total = _review(actor, assessment, scores, "city_score")
    assessment.status = AssessmentStatus.CITY_REVIEWED
    assessment.city_reviewer = actor
    assessment.save()
    audit.record(
        actor=actor,
        action=Action.ASSESSMENT_CITY_REVIEW,
        obj=assessment,
        changes={"city_total": assessment.city_total},
    )
    return assessment


@transaction.atomic(durable=True)
def final_review(*, actor: User, assessment_id: int, scores) -> Assessment:
    """The province's staff give the final score, from which the ranking follows."""
    assessment = _locked(actor, assessment_id)
    _step(assessment, AssessmentStatus.CITY_REVIEWED)
    if actor.pk == assessment.submitted_by_id:
        raise ServiceError(
            _("Who submitted the self-assessment may not review it."), code=Code.SAME_PERSON
        )
    if not _role_at(actor, assessment.scheme.owner):
        raise ServiceError(
            _("The staff of the province that set the assessment give the final score."),
            code=Code.NOT_REVIEWER,
        )
    assessment.final_total = _review(actor, assessment, scores, "final_score")
    assessment.status = AssessmentStatus.FINAL
    assessment.province_reviewer = actor
    assessment.final_on = cleaning.today()
    assessment.save()
    audit.record(
        actor=actor,
        action=Action.ASSESSMENT_FINAL_REVIEW,
        obj=assessment,
        changes={"final_total": assessment.final_total},
    )
    return assessment


# ---- 6. cadre training ---------------------------------------------------------------------


@transaction.atomic(durable=True)
def course_create(
    *, actor: User, union_id: int, title: str, start_on: date, end_on: date, hours: int
) -> TrainingCourse:
    """A union records a training course it ran for union cadres."""
    course = TrainingCourse(
        union=_org(actor, union_id, "union_id", write=True),
        title=cleaning.text(title, field="title", max_length=120, required=True),
        start_on=_date(start_on, "start_on"),
        end_on=_date(end_on, "end_on", not_future=False),
        hours=_count(hours, "hours", low=1, high=2000),
        created_by=actor,
    )
    if course.end_on < course.start_on:
        raise ServiceError(_("The end date is before the start date."), field="end_on")
    course.save()
    audit.record(
        actor=actor,
        action=Action.COURSE_CREATE,
        obj=course,
        changes={"title": course.title, "hours": course.hours},
    )
    return course


@transaction.atomic(durable=True)
def trainee_add(*, actor: User, course_id: int, name: str, post: str = "") -> Trainee:
    course = get_visible_or_404(TrainingCourse.objects.all(), actor, write=True, pk=course_id)
    trainee = Trainee.objects.create(
        course=course,
        name=cleaning.text(name, field="name", max_length=50, required=True),
        post=cleaning.text(post, field="post", max_length=100),
    )
    audit.record(
        actor=actor, action=Action.TRAINEE_ADD, obj=course, changes={"trainee": trainee.name}
    )
    return trainee
