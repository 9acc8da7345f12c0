"""The needy-worker files, the overdue reviews and the aid applications, as their pages,
the API and the exports show them (core.lists)."""

from dataclasses import replace
from datetime import date
from typing import Literal, TypeAlias

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from ninja import Schema

from gonghui.core import cleaning
from gonghui.core.lists import Column, ListSpec, Sort
from gonghui.core.money import yuan

from . import selectors
from .models import AidApplication, AidKind, ApplicationStatus, Cause, HardshipFile, Tier

# Built from the model's choices, checked by pydantic at run time; mypy cannot build a
# Literal from a tuple and takes these aliases as Any.
TierT: TypeAlias = Literal[tuple(Tier.values)]  # type: ignore[valid-type]
CauseT: TypeAlias = Literal[tuple(Cause.values)]  # type: ignore[valid-type]
KindT: TypeAlias = Literal[tuple(AidKind.values)]  # type: ignore[valid-type]
StatusT: TypeAlias = Literal[tuple(ApplicationStatus.values)]  # type: ignore[valid-type]


class FileFilter(Schema):
    q: str = ""
    tier: TierT | Literal[""] = ""
    status: Literal["open", "closed", ""] = "open"
    cause: CauseT | Literal[""] = ""
    union_id: int | None = None
    overdue: bool = False
    returned: bool = False


def _file_link(f: HardshipFile) -> str:
    return reverse("aid-file", args=[f.pk])


# A file's columns, by a key the overdue list picks its page's columns with.
FILE_COLUMNS = {
    "number": Column(_lazy("file number"), lambda f: f.number, link=_file_link),
    "name": Column(
        _lazy("name"),
        lambda f: f.person.name,
        note=lambda f: _("back in hardship") if f.returned else "",
    ),
    "id_number": Column(_lazy("ID number"), lambda f: f.person.id_masked, on_page=False),
    "union": Column(_lazy("keeping union"), lambda f: f.union.name, narrow=True),
    "tier": Column(_lazy("tier"), lambda f: f.get_tier_display()),
    "causes": Column(_lazy("causes"), lambda f: "、".join(f.cause_labels()), narrow=True),
    "status": Column(_lazy("status"), lambda f: f.get_status_display()),
    "opened_on": Column(_lazy("opened on"), lambda f: f.opened_on, on_page=False),
    "next_review_due": Column(_lazy("next review due"), lambda f: f.next_review_due),
    "closed_on": Column(_lazy("left hardship on"), lambda f: f.closed_on, on_page=False),
    "close_reason": Column(
        _lazy("reason for leaving hardship"), lambda f: f.get_close_reason_display(), on_page=False
    ),
    "returned": Column(
        _lazy("back in hardship within three years"),
        lambda f: _("yes") if f.returned else "",
        on_page=False,
    ),
}

FILES = ListSpec(
    name="needy-worker-files",
    filters=FileFilter,
    rows=selectors.file_list,
    aliases={"union": "union_id"},
    sorts={
        "-opened": Sort(_lazy("newest first"), ("-opened_on", "-id")),
        "opened": Sort(_lazy("oldest first"), ("opened_on", "id")),
        "name": Sort(_lazy("name (pinyin)"), ("person__name_pinyin", "id")),
        "-name": Sort(_lazy("name (pinyin), Z to A"), ("-person__name_pinyin", "id")),
        "due": Sort(_lazy("review due soonest"), ("next_review_due", "id")),
        "-due": Sort(_lazy("review due latest"), ("-next_review_due", "id")),
        "tier": Sort(_lazy("tier"), ("tier", "id")),
        "number": Sort(_lazy("file number"), ("number", "id")),
    },
    columns=tuple(FILE_COLUMNS.values()),
)


class OverdueFilter(Schema):
    """The overdue list takes no filter: it is every open file past its review."""


# The file's columns and how late its review is; the page shows the few that say so.
OVERDUE_PAGE = {"number", "name", "tier", "union", "next_review_due"}
OVERDUE = ListSpec(
    name="overdue-reviews",
    filters=OverdueFilter,
    rows=selectors.overdue_files,
    sorts={"due": Sort(_lazy("longest overdue first"), ("next_review_due", "id"))},
    columns=(
        *(replace(c, on_page=key in OVERDUE_PAGE) for key, c in FILE_COLUMNS.items()),
        Column(_lazy("days overdue"), lambda f: (cleaning.today() - f.next_review_due).days),
    ),
)


class ApplicationFilter(Schema):
    q: str = ""
    kind: KindT | Literal[""] = ""
    status: StatusT | Literal[""] = ""
    union_id: int | None = None
    waiting_for_me: bool = False
    submitted_from: date | None = None
    submitted_to: date | None = None


def _step_of(a: AidApplication) -> str:
    """1/2 for an application at the first of two steps; nothing once decided."""
    if a.status != ApplicationStatus.REVIEWING:
        return ""
    return f"{a.current_step}/{len(a.steps.all())}"  # steps are prefetched


APPLICATIONS = ListSpec(
    name="aid-applications",
    filters=ApplicationFilter,
    rows=selectors.application_list,
    aliases={
        "union": "union_id",
        "waiting": "waiting_for_me",
        "from": "submitted_from",
        "to": "submitted_to",
    },
    sorts={
        "-submitted": Sort(_lazy("newest first"), ("-submitted_at", "-id")),
        "submitted": Sort(_lazy("oldest first"), ("submitted_at", "id")),
        "name": Sort(_lazy("name (pinyin)"), ("person__name_pinyin", "id")),
        "-name": Sort(_lazy("name (pinyin), Z to A"), ("-person__name_pinyin", "id")),
        "-amount": Sort(_lazy("largest amount first"), ("-requested_amount", "id")),
        "amount": Sort(_lazy("smallest amount first"), ("requested_amount", "id")),
        "kind": Sort(_lazy("kind of aid"), ("kind", "id")),
    },
    columns=(
        Column(_lazy("ID"), lambda a: a.pk, on_page=False),
        Column(_lazy("kind of aid"), lambda a: a.get_kind_display()),
        Column(
            _lazy("applicant"),
            lambda a: a.person.name,
            link=lambda a: reverse("aid-application", args=[a.pk]),
        ),
        Column(_lazy("ID number"), lambda a: a.person.id_masked, on_page=False),
        Column(_lazy("applicant's union"), lambda a: a.union.name, narrow=True),
        Column(_lazy("status"), lambda a: a.get_status_display(), note=_step_of),
        Column(_lazy("amount asked (yuan)"), lambda a: yuan(a.requested_amount)),
        Column(_lazy("amount approved (yuan)"), lambda a: yuan(a.approved_amount), on_page=False),
        Column(_lazy("current step"), lambda a: a.current_step, on_page=False),
        Column(
            _lazy("submitted at"),
            lambda a: timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M"),
            narrow=True,
        ),
    ),
)
