"""The meetings list, as the page, the API and the export show it (core.lists)."""

from datetime import date
from typing import Literal, TypeAlias

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from gonghui.core.lists import Column, ListSpec, Sort

from . import selectors
from .models import Kind, Lead

# Built from the model's choices, checked by pydantic at run time; mypy cannot build a
# Literal from a tuple and takes this alias as Any.
KindT: TypeAlias = Literal[tuple(Kind.values)]  # type: ignore[valid-type]


class ActivityFilter(Schema):
    q: str = ""
    kind: KindT | Literal[""] = ""
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


def points_text(points: list[dict]) -> str:
    leads = dict(Lead.choices)
    return "\n".join(f"{leads.get(p['lead'], p['lead'])}: {p['text']}" for p in points)


ACTIVITIES = ListSpec(
    name="meetings",
    filters=ActivityFilter,
    rows=selectors.activity_list,
    aliases={"under": "under_id"},
    sorts={
        "-held_on": Sort(_("newest first"), ("-held_on", "-id")),
        "held_on": Sort(_("oldest first"), ("held_on", "id")),
        "union": Sort(_("union (pinyin)"), ("union__name_pinyin", "-held_on", "id")),
        "kind": Sort(_("kind"), ("kind", "-held_on", "id")),
        "-attendance": Sort(
            _("largest attendance"), (F("attendance").desc(nulls_last=True), "-held_on", "id")
        ),
    },
    columns=(
        Column(_("ID"), lambda a: a.pk, on_page=False),
        Column(_("held on"), lambda a: a.held_on),
        Column(_("union"), lambda a: a.union.name),
        Column(_("kind"), lambda a: a.get_kind_display()),
        Column(
            _("name of the meeting"),
            lambda a: a.display_title,
            link=lambda a: reverse("activity-detail", args=[a.pk]),
            note=lambda a: a.topic,
        ),
        Column(_("topic"), lambda a: a.topic, on_page=False),
        Column(_("what it stressed and required"), lambda a: points_text(a.points), on_page=False),
        Column(_("attendance"), lambda a: a.attendance, narrow=True),
        Column(_("photos"), lambda a: a.photo_count, narrow=True),
    ),
)
