"""The democratic-management lists, as their pages, the API and the exports show them
(core.lists): congress sessions, openness items, worker board members, demonstration
units, assessments, and the enterprises behind the coverage rates."""

from datetime import date
from typing import Annotated, Literal, TypeAlias

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from gonghui.core.lists import Column, ListSpec, Sort, choice_label
from gonghui.orgs.models import Ownership, Size

from . import selectors_democracy as selectors
from .models_democracy import (
    AssessmentResult,
    BoardSeat,
    DemoUnitKind,
    OpennessMedium,
    OpennessPeriod,
    OpennessTopic,
    SessionKind,
    SessionStatus,
)

# Built from the model's choices, checked by pydantic at run time (as in lists.py).
SessionKindT: TypeAlias = Literal[tuple(SessionKind.values)]  # type: ignore[valid-type]
SessionStatusT: TypeAlias = Literal[tuple(SessionStatus.values)]  # type: ignore[valid-type]
TopicT: TypeAlias = Literal[tuple(OpennessTopic.values)]  # type: ignore[valid-type]
PeriodT: TypeAlias = Literal[tuple(OpennessPeriod.values)]  # type: ignore[valid-type]
MediumT: TypeAlias = Literal[tuple(OpennessMedium.values)]  # type: ignore[valid-type]
SeatT: TypeAlias = Literal[tuple(BoardSeat.values)]  # type: ignore[valid-type]
UnitKindT: TypeAlias = Literal[tuple(DemoUnitKind.values)]  # type: ignore[valid-type]
ResultT: TypeAlias = Literal[tuple(AssessmentResult.values)]  # type: ignore[valid-type]
SizeT: TypeAlias = Literal[tuple(Size.values)]  # type: ignore[valid-type]
OwnershipT: TypeAlias = Literal[tuple(Ownership.values)]  # type: ignore[valid-type]
Year = Annotated[int, Field(ge=1, le=9999)]
Score = Annotated[int, Field(ge=0, le=101)]


def _yes(value: bool) -> str:
    return str(_("yes")) if value else str(_("no"))


class CoverageFilter(Schema):
    q: str = ""
    size: SizeT | Literal[""] = ""
    ownership: OwnershipT | Literal[""] = ""
    congress: bool | None = None
    openness: bool | None = None
    directors: bool | None = None
    on: date | None = None  # the day the systems are counted on; today when empty
    under_id: int | None = None


COVERAGE = ListSpec(
    name="democracy-coverage",
    filters=CoverageFilter,
    rows=selectors.coverage_enterprises,
    ids_first=True,  # by name: the keeper's path rides in the name's index (orgs.Enterprise)
    sorts={
        "name": Sort(_("by name"), ("name_pinyin", "id")),
        "-employees": Sort(_("most employees first"), ("-employees", "id")),
    },
    columns=(
        Column(_("ID"), lambda e: e.pk, on_page=False),
        Column(_("enterprise"), lambda e: e.name, note=lambda e: e.keeper.name),
        Column(_("size"), choice_label("size"), narrow=True),
        Column(_("ownership"), choice_label("ownership"), narrow=True),
        Column(_("employees"), lambda e: e.employees, narrow=True),
        Column(_("workers' congress"), lambda e: _yes(e.has_congress)),
        Column(_("factory-affairs openness"), lambda e: _yes(e.has_openness)),
        Column(_("worker directors"), lambda e: _yes(e.has_directors)),
        Column(_("worker supervisors"), lambda e: _yes(e.has_supervisors)),
    ),
)


class SessionFilter(Schema):
    q: str = ""
    status: SessionStatusT | Literal[""] = ""
    kind: SessionKindT | Literal[""] = ""
    quorum_missed: bool = False
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


SESSIONS = ListSpec(
    name="congress-sessions",
    filters=SessionFilter,
    rows=selectors.session_list,
    sorts={
        "-held": Sort(_("newest first"), ("-held_on", "-id")),
        "held": Sort(_("oldest first"), ("held_on", "id")),
        "-delegates": Sort(_("most delegates first"), ("-delegates", "-id")),
    },
    columns=(
        Column(_("ID"), lambda s: s.pk, on_page=False),
        Column(_("held on"), lambda s: s.held_on),
        Column(
            _("enterprise"),
            lambda s: s.enterprise.name,
            link=lambda s: reverse("rights-congress", args=[s.pk]),
            note=lambda s: s.label,
        ),
        Column(_("session"), lambda s: s.label, on_page=False),
        Column(_("kind"), choice_label("kind"), narrow=True),
        Column(_("status"), choice_label("status")),
        Column(_("delegates"), lambda s: s.delegates),
        Column(_("delegates attending"), lambda s: s.attendance),
        Column(_("resolutions"), lambda s: s.resolution_count, narrow=True),
        Column(_("agenda"), lambda s: s.agenda, on_page=False),
    ),
)


class OpennessFilter(Schema):
    q: str = ""
    topic: TopicT | Literal[""] = ""
    period: PeriodT | Literal[""] = ""
    medium: MediumT | Literal[""] = ""
    year: Year | None = None
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


OPENNESS = ListSpec(
    name="openness-items",
    filters=OpennessFilter,
    rows=selectors.openness_list,
    sorts={
        "-published": Sort(_("newest first"), ("-published_on", "-id")),
        "published": Sort(_("oldest first"), ("published_on", "id")),
    },
    columns=(
        Column(_("ID"), lambda i: i.pk, on_page=False),
        Column(_("published on"), lambda i: i.published_on),
        Column(_("enterprise"), lambda i: i.enterprise.name, note=lambda i: i.title),
        Column(_("what was made public"), lambda i: i.title, on_page=False),
        Column(_("topic"), choice_label("topic")),
        Column(_("year"), lambda i: i.year, narrow=True),
        Column(_("period"), choice_label("period"), narrow=True),
        Column(_("published by"), choice_label("medium"), narrow=True),
    ),
)


class BoardFilter(Schema):
    q: str = ""
    seat: SeatT | Literal[""] = ""
    in_office: bool = False
    under_id: int | None = None


BOARD = ListSpec(
    name="worker-board-members",
    filters=BoardFilter,
    rows=selectors.board_list,
    sorts={
        "-elected": Sort(_("newest first"), ("-elected_on", "-id")),
        "term": Sort(_("term ends soonest"), ("term_ends", "id")),
    },
    columns=(
        Column(_("ID"), lambda m: m.pk, on_page=False),
        Column(
            _("name"),
            lambda m: m.name,
            link=lambda m: reverse("rights-board-member", args=[m.pk]),
            note=lambda m: m.post,
        ),
        Column(_("post in the enterprise"), lambda m: m.post, on_page=False),
        Column(_("seat"), choice_label("seat")),
        Column(_("enterprise"), lambda m: m.enterprise.name),
        Column(_("elected on"), lambda m: m.elected_on, narrow=True),
        Column(_("term ends"), lambda m: m.term_ends, narrow=True),
        Column(_("left the seat on"), lambda m: m.left_on or ""),
    ),
)


class UnitFilter(Schema):
    q: str = ""
    kind: UnitKindT | Literal[""] = ""
    named_in: Year | None = None
    under_id: int | None = None


UNITS = ListSpec(
    name="demonstration-units",
    filters=UnitFilter,
    rows=selectors.unit_list,
    sorts={
        "kind": Sort(_("by kind"), ("kind", "enterprise__name_pinyin", "id")),
        "-named": Sort(_("newest first"), ("-named_on", "-id")),
    },
    columns=(
        Column(_("ID"), lambda u: u.pk, on_page=False),
        Column(
            _("enterprise"),
            lambda u: u.enterprise.name,
            link=lambda u: reverse("rights-demo-unit", args=[u.pk]),
        ),
        Column(_("kind"), choice_label("kind")),
        Column(_("named on"), lambda u: u.named_on),
    ),
)


class AssessmentFilter(Schema):
    q: str = ""
    kind: UnitKindT | Literal[""] = ""
    year: Year | None = None
    result: ResultT | Literal[""] = ""
    score_below: Score | None = None
    under_id: int | None = None


ASSESSMENTS = ListSpec(
    name="democracy-assessments",
    filters=AssessmentFilter,
    rows=selectors.assessment_list,
    sorts={
        "-score": Sort(_("highest score first"), ("-year", "-score", "id")),
        "score": Sort(_("lowest score first"), ("-year", "score", "id")),
    },
    columns=(
        Column(_("ID"), lambda a: a.pk, on_page=False),
        Column(_("year"), lambda a: a.year),
        Column(
            _("enterprise"),
            lambda a: a.unit.enterprise.name,
            link=lambda a: reverse("rights-demo-unit", args=[a.unit_id]),
            note=lambda a: a.unit.get_kind_display(),
        ),
        Column(_("kind"), lambda a: a.unit.get_kind_display(), on_page=False),
        Column(_("score"), lambda a: a.score),
        Column(_("result"), choice_label("result")),
        Column(_("assessed on"), lambda a: a.assessed_on, narrow=True),
        Column(_("assessors' note"), lambda a: a.note, on_page=False),
    ),
)
