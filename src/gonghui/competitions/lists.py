"""The competitions, events, contestants and training lists, as page, API and export show
them (core.lists)."""

from datetime import date
from typing import Literal, TypeAlias

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from gonghui.core.lists import Column, ListSpec, Sort
from gonghui.core.money import yuan

from . import selectors
from .models import CompetitionKind, EntryStatus, LibraryStatus, ReviewStatus, Round, TrainingKind

# Built from the models' choices, checked by pydantic at run time; mypy takes them as Any.
KindT: TypeAlias = Literal[tuple(CompetitionKind.values)]  # type: ignore[valid-type]
LibraryT: TypeAlias = Literal[tuple(LibraryStatus.values)]  # type: ignore[valid-type]
RoundT: TypeAlias = Literal[tuple(Round.values)]  # type: ignore[valid-type]
EntryT: TypeAlias = Literal[tuple(EntryStatus.values)]  # type: ignore[valid-type]
TrainingKindT: TypeAlias = Literal[tuple(TrainingKind.values)]  # type: ignore[valid-type]
ReviewT: TypeAlias = Literal[tuple(ReviewStatus.values)]  # type: ignore[valid-type]


class CompetitionFilter(Schema):
    q: str = ""
    kind: KindT | Literal[""] = ""
    library_status: LibraryT | Literal[""] = ""
    year: int | None = None
    under_id: int | None = None
    parent_id: int | None = None


COMPETITIONS = ListSpec(
    name="competitions",
    filters=CompetitionFilter,
    rows=selectors.competition_list,
    sorts={
        "-starts_on": Sort(_("newest first"), ("-starts_on", "-id")),
        "starts_on": Sort(_("oldest first"), ("starts_on", "id")),
        "union": Sort(_("organizer (pinyin)"), ("union__name_pinyin", "-starts_on", "id")),
        "-workers": Sort(
            _("most workers covered"),
            (F("workers_total").desc(nulls_last=True), "-starts_on", "id"),
        ),
    },
    columns=(
        Column(_("ID"), lambda c: c.pk, on_page=False),
        Column(
            _("title"),
            lambda c: c.title,
            link=lambda c: reverse("competition-detail", args=[c.pk]),
            note=lambda c: c.theme,
        ),
        Column(_("kind"), lambda c: c.get_kind_display()),
        Column(_("organizer"), lambda c: c.union.name),
        Column(_("part of"), lambda c: c.parent.title if c.parent else "", narrow=True),
        Column(_("starts on"), lambda c: c.starts_on),
        Column(_("ends on"), lambda c: c.ends_on, on_page=False),
        Column(_("project library"), lambda c: c.get_library_status_display(), narrow=True),
        Column(_("enterprises"), lambda c: c.enterprise_count, narrow=True),
        Column(_("workers covered"), lambda c: c.workers_total or 0, narrow=True),
    ),
)


class EventFilter(Schema):
    q: str = ""
    round: RoundT | Literal[""] = ""
    competition_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


EVENTS = ListSpec(
    name="contest-events",
    filters=EventFilter,
    rows=selectors.event_list,
    sorts={
        "-held_on": Sort(_("newest first"), ("-held_on", "-id")),
        "held_on": Sort(_("oldest first"), ("held_on", "id")),
        "trade": Sort(_("trade"), ("trade", "-held_on", "id")),
        "-participants": Sort(_("most workers taking part"), ("-participants", "-held_on", "id")),
    },
    columns=(
        Column(_("ID"), lambda e: e.pk, on_page=False),
        Column(
            _("trade"),
            lambda e: e.trade,
            link=lambda e: reverse("competition-event", args=[e.pk]),
            note=lambda e: e.competition.title,
        ),
        Column(_("round"), lambda e: e.get_round_display()),
        Column(_("held on"), lambda e: e.held_on),
        Column(_("held by"), lambda e: e.union.name, narrow=True),
        Column(_("workers taking part"), lambda e: e.participants, narrow=True),
        Column(_("entries"), lambda e: e.entries, narrow=True),
        Column(_("waiting for review"), lambda e: e.waiting, narrow=True),
    ),
)


class ContestantFilter(Schema):
    event_id: int | None = None
    status: EntryT | Literal[""] = ""
    q: str = ""


CONTESTANTS = ListSpec(
    name="contestants",
    filters=ContestantFilter,
    rows=selectors.contestant_list,
    sorts={
        "rank": Sort(_("rank"), (F("rank").asc(nulls_last=True), "id")),
        "name": Sort(_("name"), ("name", "id")),
        "-score": Sort(_("highest score"), (F("score").desc(nulls_last=True), "id")),
    },
    columns=(
        Column(_("ID"), lambda c: c.pk, on_page=False),
        Column(_("name"), lambda c: c.name, note=lambda c: c.employer),
        Column(_("employer"), lambda c: c.employer, on_page=False),
        Column(_("trade"), lambda c: c.event.trade),
        Column(_("round"), lambda c: c.event.get_round_display(), narrow=True),
        Column(_("status"), lambda c: c.get_status_display()),
        Column(_("score"), lambda c: c.score, narrow=True),
        Column(_("rank"), lambda c: c.rank, narrow=True),
        Column(_("title awarded"), lambda c: c.title, narrow=True),
    ),
)


class TrainingFilter(Schema):
    q: str = ""
    kind: TrainingKindT | Literal[""] = ""
    status: ReviewT | Literal[""] = ""
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


TRAINING = ListSpec(
    name="training",
    filters=TrainingFilter,
    rows=selectors.training_list,
    sorts={
        "-held_on": Sort(_("newest first"), ("-held_on", "-id")),
        "held_on": Sort(_("oldest first"), ("held_on", "id")),
        "enterprise": Sort(_("enterprise (pinyin)"), ("enterprise__name_pinyin", "-held_on", "id")),
        "-trainees": Sort(_("most trainees"), ("-trainees", "-held_on", "id")),
    },
    columns=(
        Column(_("ID"), lambda t: t.pk, on_page=False),
        Column(_("held on"), lambda t: t.held_on),
        Column(
            _("enterprise"),
            lambda t: t.enterprise.name,
            link=lambda t: reverse("competition-training-detail", args=[t.pk]),
            note=lambda t: t.course,
        ),
        Column(_("course"), lambda t: t.course, on_page=False),
        Column(_("kind"), lambda t: t.get_kind_display(), narrow=True),
        Column(_("organizer"), lambda t: t.union.name, narrow=True),
        Column(_("trainees (person-times)"), lambda t: t.trainees),
        Column(_("subsidy (yuan)"), lambda t: yuan(t.subsidy), narrow=True),
        Column(_("status"), lambda t: t.get_status_display()),
    ),
)
