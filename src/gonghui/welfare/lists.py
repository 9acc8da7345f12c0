"""The welfare lists, as their pages, the API and the exports show them (core.lists)."""

from datetime import date
from typing import Literal, TypeAlias

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from gonghui.core.lists import Column, ListSpec, Sort
from gonghui.core.money import yuan

from . import selectors
from .models import ClaimStatus, CoverKind

# Built from the models' choices, checked by pydantic at run time; mypy takes them as Any.
CoverKindT: TypeAlias = Literal[tuple(CoverKind.values)]  # type: ignore[valid-type]
ClaimStatusT: TypeAlias = Literal[tuple(ClaimStatus.values)]  # type: ignore[valid-type]


class PlanFilter(Schema):
    q: str = ""
    year: int | None = None
    under_id: int | None = None


PLANS = ListSpec(
    name="welfare-plans",
    filters=PlanFilter,
    rows=selectors.plan_list,
    sorts={
        "-year": Sort(_("newest first"), ("-year", "-id")),
        "year": Sort(_("oldest first"), ("year", "id")),
        "-enrolled": Sort(_("most members covered"), ("-enrolled", "-year", "id")),
    },
    columns=(
        Column(_("ID"), lambda p: p.pk, on_page=False),
        Column(
            _("name"),
            lambda p: p.name,
            link=lambda p: reverse("welfare-plan", args=[p.pk]),
            note=lambda p: p.owner.name,
        ),
        Column(_("year"), lambda p: p.year),
        Column(_("premium per member (yuan)"), lambda p: yuan(p.premium), narrow=True),
        Column(_("members covered"), lambda p: p.enrolled),
        Column(_("claims"), lambda p: p.claims, narrow=True),
    ),
)


class EnrolmentFilter(Schema):
    q: str = ""
    plan_id: int | None = None
    free: bool | None = None
    under_id: int | None = None


ENROLMENTS = ListSpec(
    name="welfare-enrolments",
    filters=EnrolmentFilter,
    rows=selectors.enrolment_list,
    sorts={
        "-enrolled": Sort(_("newest first"), ("-enrolled_on", "-id")),
        "union": Sort(_("union (pinyin)"), ("union__name_pinyin", "person__name_pinyin", "id")),
        "name": Sort(_("name"), ("person__name_pinyin", "id")),
    },
    columns=(
        Column(_("ID"), lambda e: e.pk, on_page=False),
        Column(_("member"), lambda e: e.person.name_masked, note=lambda e: e.plan.name),
        Column(_("union"), lambda e: e.union.name, narrow=True),
        Column(_("paid by"), lambda e: e.payer.name, narrow=True),
        Column(_("free cover"), lambda e: _("yes") if e.free else ""),
        Column(_("premium (yuan)"), lambda e: yuan(e.premium), narrow=True),
        Column(_("enrolled on"), lambda e: e.enrolled_on, narrow=True),
    ),
)


class ClaimFilter(Schema):
    q: str = ""
    plan_id: int | None = None
    kind: CoverKindT | Literal[""] = ""
    status: ClaimStatusT | Literal[""] = ""
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None
    waiting: bool = False


CLAIMS = ListSpec(
    name="welfare-claims",
    filters=ClaimFilter,
    rows=selectors.claim_list,
    sorts={
        "-submitted": Sort(_("newest first"), ("-submitted_at", "-id")),
        "submitted": Sort(_("oldest first"), ("submitted_at", "id")),
        "-bills": Sort(_("largest bills"), ("-bills", "-id")),
        "-payout": Sort(_("largest payout"), ("-payout", "-id")),
        "union": Sort(_("union (pinyin)"), ("union__name_pinyin", "-submitted_at", "-id")),
    },
    columns=(
        Column(_("ID"), lambda c: c.pk, on_page=False),
        Column(
            _("claim"),
            lambda c: f"#{c.pk} {c.get_kind_display()}",
            link=lambda c: reverse("welfare-claim", args=[c.pk]),
            note=lambda c: c.enrolment.person.name_masked,
        ),
        Column(_("union"), lambda c: c.union.name, narrow=True),
        Column(_("treated on"), lambda c: c.incurred_on, narrow=True),
        Column(_("bills (yuan)"), lambda c: yuan(c.bills)),
        Column(_("payout (yuan)"), lambda c: yuan(c.payout)),
        Column(_("status"), lambda c: c.get_status_display()),
        Column(_("paid on"), lambda c: c.paid_on, on_page=False),
        Column(_("plan"), lambda c: c.enrolment.plan.name, on_page=False),
    ),
)
