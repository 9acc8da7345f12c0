"""The welfare lists, as their pages, the API and the exports show them (core.lists)."""

from datetime import date
from typing import Annotated, Literal, TypeAlias

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from gonghui.core.lists import Column, ListSpec, Sort
from gonghui.core.money import yuan

from . import selectors
from .models import ClaimStatus, CoverKind, Priority, ProgramKind, ScreeningStatus, TalkKind

# Built from the models' choices, checked by pydantic at run time; mypy takes them as Any.
CoverKindT: TypeAlias = Literal[tuple(CoverKind.values)]  # type: ignore[valid-type]
ClaimStatusT: TypeAlias = Literal[tuple(ClaimStatus.values)]  # type: ignore[valid-type]
ProgramKindT: TypeAlias = Literal[tuple(ProgramKind.values)]  # type: ignore[valid-type]
ScreeningStatusT: TypeAlias = Literal[tuple(ScreeningStatus.values)]  # type: ignore[valid-type]
TalkKindT: TypeAlias = Literal[tuple(TalkKind.values)]  # type: ignore[valid-type]
# A whole number in the query string: a Literal of ints would refuse "1" (a string).
PriorityT: TypeAlias = Annotated[int, Field(ge=min(Priority.values), le=max(Priority.values))]


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


# ---- health programs -------------------------------------------------------------------


class HealthProgramFilter(Schema):
    q: str = ""
    year: int | None = None
    kind: ProgramKindT | Literal[""] = ""
    under_id: int | None = None


HEALTH_PROGRAMS = ListSpec(
    name="welfare-health-programs",
    filters=HealthProgramFilter,
    rows=selectors.health_program_list,
    sorts={
        "-year": Sort(_("newest first"), ("-year", "-id")),
        "year": Sort(_("oldest first"), ("year", "id")),
        "-booked": Sort(_("most booked"), ("-booked", "-id")),
    },
    columns=(
        Column(_("ID"), lambda p: p.pk, on_page=False),
        Column(
            _("name"),
            lambda p: p.name,
            link=lambda p: reverse("welfare-health-program", args=[p.pk]),
            note=lambda p: p.owner.name,
        ),
        Column(_("kind"), lambda p: p.get_kind_display(), narrow=True),
        Column(_("year"), lambda p: p.year),
        Column(_("places"), lambda p: p.places, narrow=True),
        Column(_("booked"), lambda p: p.booked, narrow=True),
    ),
)


class ScreeningFilter(Schema):
    q: str = ""
    program_id: int | None = None
    status: ScreeningStatusT | Literal[""] = ""
    follow_up: bool | None = None
    under_id: int | None = None


SCREENINGS = ListSpec(
    name="welfare-screenings",
    filters=ScreeningFilter,
    rows=selectors.screening_list,
    sorts={
        "-appointment": Sort(_("newest first"), ("-appointment_on", "-id")),
        "appointment": Sort(_("oldest first"), ("appointment_on", "id")),
        "union": Sort(_("union (pinyin)"), ("union__name_pinyin", "person__name_pinyin", "id")),
    },
    columns=(
        Column(_("ID"), lambda s: s.pk, on_page=False),
        Column(
            _("member"),
            lambda s: s.person.name_masked,
            link=lambda s: reverse("welfare-screening", args=[s.pk]),
            note=lambda s: s.program.name,
        ),
        Column(_("union"), lambda s: s.union.name, narrow=True),
        Column(_("appointment on"), lambda s: s.appointment_on, narrow=True),
        Column(_("hospital"), lambda s: s.place, narrow=True),
        Column(_("status"), lambda s: s.get_status_display()),
        Column(_("follow-up needed"), lambda s: _("yes") if s.follow_up else ""),
    ),
)


class CareVisitFilter(Schema):
    q: str = ""
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


CARE_VISITS = ListSpec(
    name="welfare-care-visits",
    filters=CareVisitFilter,
    rows=selectors.care_visit_list,
    sorts={
        "-visited": Sort(_("newest first"), ("-visited_on", "-id")),
        "visited": Sort(_("oldest first"), ("visited_on", "id")),
        "-amount": Sort(_("largest amount"), ("-amount", "-id")),
    },
    columns=(
        Column(_("ID"), lambda v: v.pk, on_page=False),
        Column(_("member"), lambda v: v.person.name_masked),
        Column(_("visiting union"), lambda v: v.union.name, narrow=True),
        Column(_("visited on"), lambda v: v.visited_on, narrow=True),
        Column(_("money given (yuan)"), lambda v: yuan(v.amount)),
    ),
)


# ---- mental health ---------------------------------------------------------------------


class TalkFilter(Schema):
    q: str = ""
    kind: TalkKindT | Literal[""] = ""
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


TALKS = ListSpec(
    name="welfare-talks",
    filters=TalkFilter,
    rows=selectors.talk_list,
    sorts={
        "-held": Sort(_("newest first"), ("-held_on", "-id")),
        "held": Sort(_("oldest first"), ("held_on", "id")),
        "-attendance": Sort(_("most attended"), ("-attendance", "-id")),
    },
    columns=(
        Column(_("ID"), lambda t: t.pk, on_page=False),
        Column(_("title"), lambda t: t.title, note=lambda t: t.get_kind_display()),
        Column(_("union"), lambda t: t.union.name, narrow=True),
        Column(_("held on"), lambda t: t.held_on, narrow=True),
        Column(_("attendance"), lambda t: t.attendance),
    ),
)


# ---- rest and recuperation -------------------------------------------------------------


class RestProgramFilter(Schema):
    q: str = ""
    year: int | None = None
    under_id: int | None = None


REST_PROGRAMS = ListSpec(
    name="welfare-rest-programs",
    filters=RestProgramFilter,
    rows=selectors.rest_program_list,
    sorts={
        "-year": Sort(_("newest first"), ("-year", "-id")),
        "year": Sort(_("oldest first"), ("year", "id")),
    },
    columns=(
        Column(_("ID"), lambda p: p.pk, on_page=False),
        Column(
            _("name"),
            lambda p: p.name,
            link=lambda p: reverse("welfare-rest-program", args=[p.pk]),
            note=lambda p: p.owner.name,
        ),
        Column(_("destination"), lambda p: p.destination, narrow=True),
        Column(_("year"), lambda p: p.year),
        Column(_("places"), lambda p: p.places, narrow=True),
        Column(_("selected"), lambda p: p.selected, narrow=True),
        Column(_("cost per place (yuan)"), lambda p: yuan(p.cost_per_place)),
    ),
)


class SelectionFilter(Schema):
    q: str = ""
    program_id: int | None = None
    priority: PriorityT | None = None
    travelled: bool | None = None
    under_id: int | None = None


SELECTIONS = ListSpec(
    name="welfare-selections",
    filters=SelectionFilter,
    rows=selectors.selection_list,
    sorts={
        "priority": Sort(_("rule of selection"), ("priority", "id")),
        "-selected": Sort(_("newest first"), ("-selected_on", "-id")),
        "union": Sort(_("union (pinyin)"), ("union__name_pinyin", "priority", "id")),
    },
    columns=(
        Column(_("ID"), lambda s: s.pk, on_page=False),
        Column(_("member"), lambda s: s.person.name_masked, note=lambda s: s.program.name),
        Column(_("union"), lambda s: s.union.name, narrow=True),
        Column(_("priority"), lambda s: s.get_priority_display()),
        Column(_("selected on"), lambda s: s.selected_on, narrow=True),
        Column(_("trip"), lambda s: s.trip.departs_on if s.trip else ""),
    ),
)


class TripFilter(Schema):
    q: str = ""
    program_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


TRIPS = ListSpec(
    name="welfare-trips",
    filters=TripFilter,
    rows=selectors.trip_list,
    sorts={
        "-departs": Sort(_("newest first"), ("-departs_on", "-id")),
        "departs": Sort(_("oldest first"), ("departs_on", "id")),
        "-cost": Sort(_("largest cost"), ("-cost", "-id")),
    },
    columns=(
        Column(_("ID"), lambda t: t.pk, on_page=False),
        Column(_("program"), lambda t: t.program.name, note=lambda t: t.program.destination),
        Column(_("union"), lambda t: t.union.name, narrow=True),
        Column(_("departs on"), lambda t: t.departs_on, narrow=True),
        Column(_("returns on"), lambda t: t.returns_on, narrow=True),
        Column(_("people"), lambda t: t.people),
        Column(_("cost (yuan)"), lambda t: yuan(t.cost)),
    ),
)
