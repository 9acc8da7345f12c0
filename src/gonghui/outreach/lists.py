"""The outreach lists, as the pages, the API and the exports show them (core.lists)."""

from datetime import date
from typing import Literal, TypeAlias

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from gonghui.core.lists import Column, ListSpec, Sort
from gonghui.core.money import yuan

from . import selectors
from .models import AssessmentStatus, PairLevel, ProblemKind, ProblemStatus, Urgency

# Built from the models' choices, checked by pydantic at run time (mypy sees Any).
StatusT: TypeAlias = Literal[tuple(ProblemStatus.values)]  # type: ignore[valid-type]
KindT: TypeAlias = Literal[tuple(ProblemKind.values)]  # type: ignore[valid-type]
UrgencyT: TypeAlias = Literal[tuple(Urgency.values)]  # type: ignore[valid-type]
LevelT: TypeAlias = Literal[tuple(PairLevel.values)]  # type: ignore[valid-type]
AStatusT: TypeAlias = Literal[tuple(AssessmentStatus.values)]  # type: ignore[valid-type]


class GroupFilter(Schema):
    q: str = ""
    year: int | None = None
    under_id: int | None = None


GROUPS = ListSpec(
    name="stationing-groups",
    filters=GroupFilter,
    rows=selectors.group_list,
    sorts={
        "-start_on": Sort(_("newest first"), ("-start_on", "-id")),
        "start_on": Sort(_("oldest first"), ("start_on", "id")),
        "place": Sort(_("place (pinyin)"), ("place__name_pinyin", "-start_on", "id")),
        "-funds": Sort(_("largest funds"), ("-funds", "-start_on", "id")),
        "-members": Sort(_("most members recruited"), ("-member_count", "-start_on", "id")),
    },
    columns=(
        Column(_("ID"), lambda g: g.pk, on_page=False),
        Column(
            _("name of the group"),
            lambda g: g.name,
            link=lambda g: reverse("outreach-group", args=[g.pk]),
            note=lambda g: g.place.name,
        ),
        Column(_("sending federation"), lambda g: g.union.name, narrow=True),
        Column(_("stationed at"), lambda g: g.place.name, on_page=False),
        Column(_("starts on"), lambda g: g.start_on),
        Column(_("ends on"), lambda g: g.end_on, narrow=True),
        Column(_("cadres"), lambda g: g.cadre_count, narrow=True),
        Column(_("special funds (yuan)"), lambda g: yuan(g.funds), narrow=True),
        Column(_("people interviewed"), lambda g: g.interviewed, narrow=True),
        Column(_("unions founded"), lambda g: g.union_count),
        Column(_("members recruited"), lambda g: g.member_count),
    ),
)


class VisitFilter(Schema):
    q: str = ""
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


VISITS = ListSpec(
    name="visits",
    filters=VisitFilter,
    rows=selectors.visit_list,
    sorts={
        "-visited_on": Sort(_("newest first"), ("-visited_on", "-id")),
        "visited_on": Sort(_("oldest first"), ("visited_on", "id")),
        "-open": Sort(_("most unsolved problems"), ("-open_count", "-visited_on", "id")),
        "-workers_met": Sort(_("most workers met"), ("-workers_met", "-visited_on", "id")),
    },
    columns=(
        Column(_("ID"), lambda v: v.pk, on_page=False),
        Column(_("visited on"), lambda v: v.visited_on),
        Column(
            _("enterprise or site"),
            lambda v: v.where,
            link=lambda v: reverse("outreach-visit", args=[v.pk]),
            note=lambda v: v.visitor,
        ),
        Column(_("visiting cadre"), lambda v: v.visitor, on_page=False),
        Column(_("visiting union"), lambda v: v.union.name, narrow=True),
        Column(_("stationing group"), lambda v: v.group.name if v.group else "", on_page=False),
        Column(_("workers met"), lambda v: v.workers_met, narrow=True),
        Column(_("problems"), lambda v: v.problem_count, narrow=True),
        Column(_("unsolved"), lambda v: v.open_count),
    ),
)


class ProblemFilter(Schema):
    q: str = ""
    status: StatusT | Literal[""] = ""
    kind: KindT | Literal[""] = ""
    urgency: UrgencyT | Literal[""] = ""
    overdue: bool = False
    responsible_id: int | None = None
    waiting: Literal["", "mine", "below"] = ""


PROBLEMS = ListSpec(
    name="problems",
    filters=ProblemFilter,
    rows=selectors.problem_list,
    aliases={"responsible": "responsible_id"},
    sorts={
        "due_on": Sort(_("due soonest"), ("due_on", "id")),
        "-due_on": Sort(_("due last"), ("-due_on", "-id")),
        "urgency": Sort(_("most urgent"), ("-urgency", "due_on", "id")),
        "responsible": Sort(
            _("responsible union (pinyin)"), ("responsible__name_pinyin", "due_on", "id")
        ),
    },
    columns=(
        Column(_("ID"), lambda p: p.pk, on_page=False),
        Column(
            _("problem"),
            lambda p: p.description,
            link=lambda p: reverse("outreach-problem", args=[p.pk]),
            note=lambda p: p.visit.where,
        ),
        Column(_("kind"), lambda p: p.get_kind_display(), narrow=True),
        Column(_("urgency"), lambda p: p.get_urgency_display()),
        Column(_("responsible union"), lambda p: p.responsible.name, narrow=True),
        Column(_("due on"), lambda p: p.due_on),
        Column(_("status"), lambda p: p.get_status_display()),
        Column(_("solution"), lambda p: p.solution, on_page=False),
        Column(_("solved on"), lambda p: p.solved_on, on_page=False),
    ),
)


class PairingFilter(Schema):
    q: str = ""
    year: int | None = None
    level: LevelT | Literal[""] = ""
    under_id: int | None = None


PAIRINGS = ListSpec(
    name="paired-liaison",
    filters=PairingFilter,
    rows=selectors.pairing_list,
    sorts={
        "county": Sort(_("county (pinyin)"), ("county__name_pinyin", "-year", "level")),
        "-year": Sort(_("newest first"), ("-year", "county__path", "level")),
        "-contacts": Sort(_("most contacts"), ("-contact_count", "county__path")),
        "contacts": Sort(_("fewest contacts"), ("contact_count", "county__path")),
    },
    columns=(
        Column(_("ID"), lambda p: p.pk, on_page=False),
        Column(
            _("county union"),
            lambda p: p.county.name,
            link=lambda p: reverse("outreach-pairing", args=[p.pk]),
        ),
        Column(_("year"), lambda p: p.year),
        Column(_("level of the pair"), lambda p: p.get_level_display()),
        Column(_("paired with"), lambda p: p.partner),
        Column(_("higher federation"), lambda p: p.higher.name if p.higher else "", on_page=False),
        Column(_("contacts"), lambda p: p.contact_count, narrow=True),
        Column(_("grants (yuan)"), lambda p: yuan(p.granted), narrow=True),
    ),
)


class GrantFilter(Schema):
    q: str = ""
    year: int | None = None
    under_id: int | None = None
    serves: Literal["", "group", "pairing"] = ""


GRANTS = ListSpec(
    name="outreach-grants",
    filters=GrantFilter,
    rows=selectors.grant_list,
    sorts={
        "-granted_on": Sort(_("newest first"), ("-granted_on", "-id")),
        "granted_on": Sort(_("oldest first"), ("granted_on", "id")),
        "-amount": Sort(_("largest first"), ("-amount", "-granted_on", "id")),
    },
    columns=(
        Column(_("ID"), lambda g: g.pk, on_page=False),
        Column(_("granted on"), lambda g: g.granted_on),
        Column(_("granting federation"), lambda g: g.from_org.name, narrow=True),
        Column(
            _("granted to"),
            lambda g: g.to_org.name,
            note=lambda g: g.purpose,
        ),
        Column(
            _("serves"),
            lambda g: g.group.name if g.group else (str(g.pairing.partner) if g.pairing else ""),
            link=lambda g: (
                reverse("outreach-group", args=[g.group_id])
                if g.group_id
                else reverse("outreach-pairing", args=[g.pairing_id])
                if g.pairing_id
                else ""
            ),
        ),
        Column(_("amount (yuan)"), lambda g: yuan(g.amount), narrow=True),
        Column(_("purpose of the grant"), lambda g: g.purpose, on_page=False),
        Column(_("ledger posting"), lambda g: g.posting_id, on_page=False),
    ),
)


class AssessmentFilter(Schema):
    q: str = ""
    year: int | None = None
    status: AStatusT | Literal[""] = ""
    below_line: bool = False


ASSESSMENTS = ListSpec(
    name="five-strong",
    filters=AssessmentFilter,
    rows=selectors.assessment_list,
    sorts={
        "-final": Sort(
            _("highest final score"),
            (F("final_total").desc(nulls_last=True), "county__path"),
        ),
        "final": Sort(
            _("lowest final score"), (F("final_total").asc(nulls_last=True), "county__path")
        ),
        "county": Sort(_("county (pinyin)"), ("county__name_pinyin", "-scheme__year")),
        "status": Sort(_("status"), ("status", "county__path")),
    },
    columns=(
        Column(_("ID"), lambda a: a.pk, on_page=False),
        Column(
            _("county union"),
            lambda a: a.county.name,
            link=lambda a: reverse("outreach-assessment", args=[a.pk]),
        ),
        Column(_("year"), lambda a: a.scheme.year),
        Column(_("status"), lambda a: a.get_status_display()),
        Column(_("self-assessed score"), lambda a: a.self_total, narrow=True),
        Column(_("city's score"), lambda a: a.city_total, narrow=True),
        Column(_("province's score"), lambda a: a.final_total),
        Column(_("last year"), lambda a: a.last_year, narrow=True),
        Column(
            _("below the line"),
            lambda a: (
                _("yes") if a.final_total is not None and a.final_total < a.scheme.pass_line else ""
            ),
        ),
    ),
)


class UnorganizedFilter(Schema):
    q: str = ""
    min_workers: int = 25


def _unorganized(*, actor, q: str = "", min_workers: int = 25):
    qs = selectors.enterprises_without_union(actor=actor, min_workers=min_workers)
    if q.strip():
        qs = qs.filter(name__icontains=q.strip())
    return qs


UNORGANIZED = ListSpec(
    name="enterprises-without-union",
    filters=UnorganizedFilter,
    rows=_unorganized,
    sorts={
        "-employees": Sort(_("most workers"), ("-employees", "-id")),
        "name": Sort(_("name (pinyin)"), ("name_pinyin", "id")),
        "keeper": Sort(_("keeping union"), ("keeper_path", "-employees")),
    },
    columns=(
        Column(_("ID"), lambda e: e.pk, on_page=False),
        Column(_("enterprise"), lambda e: e.name, note=lambda e: e.credit_code),
        Column(_("credit code"), lambda e: e.credit_code, on_page=False),
        Column(_("employees"), lambda e: e.employees),
        Column(_("ownership"), lambda e: e.get_ownership_display(), narrow=True),
        Column(_("industry"), lambda e: e.get_industry_display(), on_page=False),
        Column(_("keeping union"), lambda e: e.keeper.name, narrow=True),
    ),
)


class CourseFilter(Schema):
    q: str = ""
    year: int | None = None
    under_id: int | None = None


COURSES = ListSpec(
    name="cadre-training",
    filters=CourseFilter,
    rows=selectors.course_list,
    sorts={
        "-start_on": Sort(_("newest first"), ("-start_on", "-id")),
        "start_on": Sort(_("oldest first"), ("start_on", "id")),
        "-trainees": Sort(_("most trainees"), ("-trainee_count", "-start_on", "id")),
    },
    columns=(
        Column(_("ID"), lambda c: c.pk, on_page=False),
        Column(
            _("course"),
            lambda c: c.title,
            link=lambda c: reverse("outreach-course", args=[c.pk]),
            note=lambda c: c.union.name,
        ),
        Column(_("organizing union"), lambda c: c.union.name, on_page=False),
        Column(_("starts on"), lambda c: c.start_on),
        Column(_("ends on"), lambda c: c.end_on, narrow=True),
        Column(_("class hours"), lambda c: c.hours, narrow=True),
        Column(_("cadres trained"), lambda c: c.trainee_count),
    ),
)
