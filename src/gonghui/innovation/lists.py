"""The results, studios, 五小 coverage and pairs lists, as page, API and export show them."""

from datetime import date
from typing import Literal, TypeAlias

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from ninja import Schema

from gonghui.core.lists import Column, ListSpec, Sort
from gonghui.core.money import yuan

from . import selectors
from .models import (
    Grade,
    MemberRole,
    ResultKind,
    ResultStatus,
    StudioKind,
    StudioLevel,
    StudioStatus,
)

# Built from the models' choices, checked by pydantic at run time; mypy takes them as Any.
ResultKindT: TypeAlias = Literal[tuple(ResultKind.values)]  # type: ignore[valid-type]
ResultStatusT: TypeAlias = Literal[tuple(ResultStatus.values)]  # type: ignore[valid-type]
StudioKindT: TypeAlias = Literal[tuple(StudioKind.values)]  # type: ignore[valid-type]
StudioLevelT: TypeAlias = Literal[tuple(StudioLevel.values)]  # type: ignore[valid-type]
StudioStatusT: TypeAlias = Literal[tuple(StudioStatus.values)]  # type: ignore[valid-type]
MemberRoleT: TypeAlias = Literal[tuple(MemberRole.values)]  # type: ignore[valid-type]
GradeT: TypeAlias = Literal[tuple(Grade.values)]  # type: ignore[valid-type]


class ResultFilter(Schema):
    q: str = ""
    kind: ResultKindT | Literal[""] = ""
    status: ResultStatusT | Literal[""] = ""
    in_use: bool | None = None
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


RESULTS = ListSpec(
    name="innovation-results",
    filters=ResultFilter,
    rows=selectors.result_list,
    sorts={
        "-submitted_on": Sort(_("newest first"), ("-submitted_on", "-id")),
        "submitted_on": Sort(_("oldest first"), ("submitted_on", "id")),
        "-revenue": Sort(_("most revenue"), ("-revenue", "-submitted_on", "id")),
        "union": Sort(_("union (pinyin)"), ("union__name_pinyin", "-submitted_on", "id")),
    },
    columns=(
        Column(_("ID"), lambda r: r.pk, on_page=False),
        Column(
            _("title"),
            lambda r: r.title,
            link=lambda r: reverse("innovation-result", args=[r.pk]),
            note=lambda r: r.authors,
        ),
        Column(_("authors"), lambda r: r.authors, on_page=False),
        Column(_("kind"), lambda r: r.get_kind_display()),
        Column(_("union"), lambda r: r.union.name, narrow=True),
        Column(_("submitted on"), lambda r: r.submitted_on),
        Column(_("status"), lambda r: r.get_status_display()),
        Column(_("put into use on"), lambda r: r.in_use_on, narrow=True),
        Column(_("revenue (yuan)"), lambda r: yuan(r.revenue), narrow=True),
    ),
)


class StudioFilter(Schema):
    q: str = ""
    kind: StudioKindT | Literal[""] = ""
    level: StudioLevelT | Literal[""] = ""
    status: StudioStatusT | Literal[""] = ""
    under_id: int | None = None
    alliance_id: int | None = None


STUDIOS = ListSpec(
    name="innovation-studios",
    filters=StudioFilter,
    rows=selectors.studio_list,
    sorts={
        "-applied_on": Sort(_("newest first"), ("-applied_on", "-id")),
        "-named_on": Sort(_("latest named"), (F("named_on").desc(nulls_last=True), "-id")),
        "name": Sort(_("name"), ("name", "id")),
    },
    columns=(
        Column(_("ID"), lambda s: s.pk, on_page=False),
        Column(
            _("name"),
            lambda s: s.name,
            link=lambda s: reverse("innovation-studio", args=[s.pk]),
            note=lambda s: s.leader,
        ),
        Column(_("kind"), lambda s: s.get_kind_display(), narrow=True),
        Column(_("level"), lambda s: s.get_level_display()),
        Column(_("union"), lambda s: s.union.name, narrow=True),
        Column(_("status"), lambda s: s.get_status_display()),
        Column(_("named on"), lambda s: s.named_on, narrow=True),
        Column(pgettext_lazy("studio", "members"), lambda s: s.members, narrow=True),
        Column(_("alliance"), lambda s: s.alliance.name if s.alliance else "", on_page=False),
    ),
)


class MemberFilter(Schema):
    q: str = ""
    role: MemberRoleT | Literal[""] = ""
    current: bool | None = True


# One studio's members: the page and the API give `studio_id` (views: dataclasses.replace).
MEMBERS = ListSpec(
    name="studio-members",
    filters=MemberFilter,
    rows=selectors.member_list,
    sorts={
        "role": Sort(_("leader first"), ("role", "id")),
        "name": Sort(_("name"), ("name", "id")),
        "-added_on": Sort(_("newest first"), ("-added_on", "-id")),
    },
    columns=(
        Column(_("ID"), lambda m: m.pk, on_page=False),
        Column(_("studio"), lambda m: m.studio.name, on_page=False),
        Column(_("member's name"), lambda m: m.name),
        Column(_("role"), lambda m: m.get_role_display()),
        Column(_("member on file"), lambda m: _("yes") if m.person_id else _("no"), narrow=True),
        Column(_("added on"), lambda m: m.added_on, narrow=True),
        Column(_("removed on"), lambda m: m.removed_on, narrow=True),
    ),
)


class AssessmentFilter(Schema):
    grade: GradeT | Literal[""] = ""
    year: int | None = None


ASSESSMENTS = ListSpec(
    name="studio-assessments",
    filters=AssessmentFilter,
    rows=selectors.assessment_list,
    sorts={
        "-year": Sort(_("latest year first"), ("-year", "-id")),
        "-score": Sort(_("highest assessment score"), ("-score", "-year", "id")),
    },
    columns=(
        Column(_("ID"), lambda a: a.pk, on_page=False),
        Column(_("studio"), lambda a: a.studio.name, on_page=False),
        Column(_("year assessed"), lambda a: a.year),
        Column(_("assessment score"), lambda a: a.score),
        Column(_("assessment grade"), lambda a: a.get_grade_display()),
        Column(_("note"), lambda a: a.note, narrow=True),
        Column(_("date of the assessment"), lambda a: a.assessed_on, narrow=True),
    ),
)


class CoverageFilter(Schema):
    q: str = ""
    under_id: int | None = None


COVERAGE = ListSpec(
    name="five-small",
    filters=CoverageFilter,
    rows=selectors.coverage_list,
    sorts={
        "-reported_on": Sort(_("newest first"), ("-reported_on", "-id")),
        "-workers": Sort(_("most workers"), ("-workers", "-id")),
    },
    columns=(
        Column(_("ID"), lambda c: c.pk, on_page=False),
        Column(_("enterprise"), lambda c: c.enterprise.name),
        Column(_("union"), lambda c: c.union.name, narrow=True),
        Column(_("reported on"), lambda c: c.reported_on),
        Column(_("teams and workshops"), lambda c: c.teams),
        Column(_("workers taking part"), lambda c: c.workers),
    ),
)


class PairFilter(Schema):
    q: str = ""
    under_id: int | None = None


PAIRS = ListSpec(
    name="mentoring-pairs",
    filters=PairFilter,
    rows=selectors.pair_list,
    sorts={
        "-paired_on": Sort(_("newest first"), ("-paired_on", "-id")),
        "master": Sort(_("master"), ("master", "id")),
    },
    columns=(
        Column(_("ID"), lambda p: p.pk, on_page=False),
        Column(_("master"), lambda p: p.master),
        Column(_("apprentice"), lambda p: p.apprentice),
        Column(_("trade"), lambda p: p.trade, narrow=True),
        Column(_("enterprise"), lambda p: p.enterprise.name, narrow=True),
        Column(_("paired on"), lambda p: p.paired_on),
    ),
)
