"""The member register, as the page, the API and the export show it (core.lists)."""

from datetime import date
from typing import Literal, TypeAlias

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from gonghui.core.lists import Column, ListSpec, Sort

from . import selectors
from .models import WorkKind

# Built from the model's choices, checked by pydantic at run time; mypy cannot build a
# Literal from a tuple and takes this alias as Any.
WorkKindT: TypeAlias = Literal[tuple(WorkKind.values)]  # type: ignore[valid-type]


class MemberFilter(Schema):
    q: str = ""
    union_id: int | None = None
    work_kind: WorkKindT | Literal[""] = ""
    gig_only: bool = False
    status: Literal["active", "transferred", "left", ""] = "active"
    joined_from: date | None = None
    joined_to: date | None = None


def _searched(filters) -> Sort | None:
    """A search by name, full pinyin or initials in the order of the index it walks
    (selectors.member_search_order): the page is read after a page of matches, not after
    all 2,060 王伟 of a province."""
    order = selectors.member_search_order(filters.get("q") or "")
    return Sort(_("name (pinyin)"), order) if order is not None else None


MEMBERS = ListSpec(
    name="members",
    filters=MemberFilter,
    rows=selectors.member_list,
    aliases={"union": "union_id"},
    searched=_searched,
    sorts={
        "name": Sort(_("name (pinyin)"), ("person__name_pinyin", "id")),
        "-name": Sort(_("name (pinyin), from Z"), ("-person__name_pinyin", "-id")),
        "number": Sort(_("member number"), ("number", "id")),
        "joined": Sort(_("longest serving"), ("joined_on", "id")),
        "-joined": Sort(_("newest members first"), ("-joined_on", "id")),
        "started": Sort(_("longest in this union"), ("started_on", "id")),
        "-started": Sort(_("newest in this union first"), ("-started_on", "id")),
    },
    columns=(
        Column(_("member number"), lambda m: m.number),
        Column(
            _("name"),
            lambda m: m.person.name,
            link=lambda m: reverse("member-detail", args=[m.pk]),
        ),
        Column(_("gender"), lambda m: m.person.get_gender_display(), on_page=False),
        Column(_("ID number"), lambda m: m.person.id_masked, narrow=True),
        Column(_("employment form"), lambda m: m.person.get_work_kind_display()),
        Column(_("employer or platform"), lambda m: m.person.employer_name, on_page=False),
        Column(_("union"), lambda m: m.union.name, narrow=True),
        Column(_("status"), lambda m: m.get_status_display(), on_page=False),
        Column(_("member since"), lambda m: m.joined_on, narrow=True),
        Column(_("in this union since"), lambda m: m.started_on, on_page=False),
    ),
)
