"""The honours lists, as the pages, the API and the exports show them (core.lists)."""

from datetime import date
from typing import Literal, TypeAlias

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from gonghui.core.lists import Column, ListSpec, Sort
from gonghui.core.money import yuan

from . import selectors
from .models import CareKind, Category, EventKind, SchemeKind, Status, Subject, WorkerStatus

# Built from the models' choices, checked by pydantic at run time; mypy takes them as Any.
SchemeKindT: TypeAlias = Literal[tuple(SchemeKind.values)]  # type: ignore[valid-type]
StatusT: TypeAlias = Literal[tuple(Status.values)]  # type: ignore[valid-type]
SubjectT: TypeAlias = Literal[tuple(Subject.values)]  # type: ignore[valid-type]
CategoryT: TypeAlias = Literal[tuple(Category.values)]  # type: ignore[valid-type]
WorkerStatusT: TypeAlias = Literal[tuple(WorkerStatus.values)]  # type: ignore[valid-type]
CareKindT: TypeAlias = Literal[tuple(CareKind.values)]  # type: ignore[valid-type]


class SchemeFilter(Schema):
    q: str = ""
    kind: SchemeKindT | Literal[""] = ""
    year: int | None = None


SCHEMES = ListSpec(
    name="honour-schemes",
    filters=SchemeFilter,
    rows=selectors.scheme_list,
    sorts={
        "-year": Sort(_("newest first"), ("-year", "-id")),
        "year": Sort(_("oldest first"), ("year", "id")),
        "kind": Sort(_("kind"), ("kind", "-year", "id")),
        "-nominated": Sort(_("most nominations"), ("-nominated", "-year", "id")),
    },
    columns=(
        Column(_("ID"), lambda s: s.pk, on_page=False),
        Column(
            _("title"),
            lambda s: s.title,
            link=lambda s: reverse("honours-scheme", args=[s.pk]),
            note=lambda s: s.owner.name,
        ),
        Column(_("year"), lambda s: s.year),
        Column(_("kind"), lambda s: s.get_kind_display()),
        Column(_("level"), lambda s: s.get_level_display(), narrow=True),
        Column(_("nominations close on"), lambda s: s.closes_on, narrow=True),
        Column(_("nominations"), lambda s: s.nominated, narrow=True),
        Column(_("awarded"), lambda s: s.awarded),
    ),
)


class NominationFilter(Schema):
    q: str = ""
    scheme_id: int | None = None
    status: StatusT | Literal[""] = ""
    subject: SubjectT | Literal[""] = ""
    category: CategoryT | Literal[""] = ""
    under_id: int | None = None
    waiting: bool = False


NOMINATIONS = ListSpec(
    name="nominations",
    filters=NominationFilter,
    rows=selectors.nomination_list,
    sorts={
        "-created_at": Sort(_("newest first"), ("-created_at", "-id")),
        "created_at": Sort(_("oldest first"), ("created_at", "id")),
        "union": Sort(_("union (pinyin)"), ("union__name_pinyin", "-created_at", "id")),
        "status": Sort(_("status"), ("status", "-created_at", "id")),
        "-awarded_on": Sort(_("latest awards"), ("-awarded_on", "-id")),
    },
    columns=(
        Column(_("ID"), lambda n: n.pk, on_page=False),
        Column(
            _("nominee"),
            lambda n: n.name,
            link=lambda n: reverse("honours-nomination", args=[n.pk]),
            note=lambda n: n.employer,
        ),
        Column(_("nominee is a"), lambda n: n.get_subject_display(), narrow=True),
        Column(_("category"), lambda n: n.get_category_display(), narrow=True),
        Column(_("honour scheme"), lambda n: n.scheme.title, narrow=True),
        Column(_("nominating union"), lambda n: n.union.name, narrow=True),
        Column(_("status"), lambda n: n.get_status_display()),
        Column(_("public notice to"), lambda n: n.notice_to, on_page=False),
        Column(_("certificate number"), lambda n: n.certificate_number, narrow=True),
        Column(_("awarded on"), lambda n: n.awarded_on, on_page=False),
        Column(_("deeds"), lambda n: n.deeds, on_page=False),
    ),
)


class WorkerFilter(Schema):
    q: str = ""
    status: WorkerStatusT | Literal[""] = ""
    kind: SchemeKindT | Literal[""] = ""
    under_id: int | None = None


WORKERS = ListSpec(
    name="model-workers",
    filters=WorkerFilter,
    rows=selectors.worker_list,
    sorts={
        "union": Sort(_("union (pinyin)"), ("union__name_pinyin", "name", "id")),
        "name": Sort(_("name"), ("name", "id")),
        "-titles": Sort(_("most titles"), ("-title_count", "name", "id")),
        "-created_at": Sort(_("newest first"), ("-created_at", "-id")),
    },
    columns=(
        Column(_("ID"), lambda m: m.pk, on_page=False),
        Column(
            _("name"),
            lambda m: m.name,
            link=lambda m: reverse("honours-worker", args=[m.pk]),
            note=lambda m: m.employer,
        ),
        Column(_("union"), lambda m: m.union.name, narrow=True),
        Column(_("employer"), lambda m: m.employer, on_page=False),
        Column(_("status"), lambda m: m.get_status_display()),
        Column(_("titles"), lambda m: m.title_count),
    ),
)


class CareFilter(Schema):
    kind: CareKindT | Literal[""] = ""
    date_from: date | None = None
    date_to: date | None = None
    worker_id: int | None = None


CARE = ListSpec(
    name="model-worker-care",
    filters=CareFilter,
    rows=selectors.care_list,
    sorts={
        "-given_on": Sort(_("newest first"), ("-given_on", "-id")),
        "given_on": Sort(_("oldest first"), ("given_on", "id")),
        "-amount": Sort(_("largest amount"), ("-amount", "-given_on", "id")),
    },
    columns=(
        Column(_("ID"), lambda c: c.pk, on_page=False),
        Column(_("given on"), lambda c: c.given_on),
        Column(
            _("model worker"),
            lambda c: c.worker.name,
            link=lambda c: reverse("honours-worker", args=[c.worker_id]),
        ),
        Column(_("union"), lambda c: c.worker.union.name, narrow=True),
        Column(_("kind"), lambda c: c.get_kind_display()),
        Column(_("amount (yuan)"), lambda c: yuan(c.amount)),
        Column(_("note"), lambda c: c.note, narrow=True),
    ),
)


EventKindT: TypeAlias = Literal[tuple(EventKind.values)]  # type: ignore[valid-type]


class EventFilter(Schema):
    q: str = ""
    kind: EventKindT | Literal[""] = ""
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


EVENTS = ListSpec(
    name="model-worker-activities",
    filters=EventFilter,
    rows=selectors.event_list,
    sorts={
        "-held_on": Sort(_("newest first"), ("-held_on", "-id")),
        "held_on": Sort(_("oldest first"), ("held_on", "id")),
        "-attendance": Sort(_("largest attendance"), ("-attendance", "-held_on", "id")),
    },
    columns=(
        Column(_("ID"), lambda e: e.pk, on_page=False),
        Column(_("held on"), lambda e: e.held_on),
        Column(
            _("title"),
            lambda e: e.title,
            link=lambda e: reverse("honours-event", args=[e.pk]),
            note=lambda e: e.place,
        ),
        Column(_("kind"), lambda e: e.get_kind_display(), narrow=True),
        Column(_("union"), lambda e: e.union.name, narrow=True),
        Column(_("place"), lambda e: e.place, on_page=False),
        Column(_("model workers"), lambda e: e.worker_count, narrow=True),
        Column(_("attendance"), lambda e: e.attendance),
    ),
)
