"""The employment lists, as the pages, the API and the exports show them (core.lists)."""

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
    ApplicationStatus,
    FundUse,
    Group,
    MatchingKind,
    Mode,
    PlacementStatus,
    SeekerStatus,
    ServiceKind,
    Trade,
    TrainingKind,
)

# Built from the models' choices, checked by pydantic at run time; mypy takes them as Any.
ModeT: TypeAlias = Literal[tuple(Mode.values)]  # type: ignore[valid-type]
TradeT: TypeAlias = Literal[tuple(Trade.values)]  # type: ignore[valid-type]
GroupT: TypeAlias = Literal[tuple(Group.values)]  # type: ignore[valid-type]
SeekerStatusT: TypeAlias = Literal[tuple(SeekerStatus.values)]  # type: ignore[valid-type]
ServiceKindT: TypeAlias = Literal[tuple(ServiceKind.values)]  # type: ignore[valid-type]
MatchingKindT: TypeAlias = Literal[tuple(MatchingKind.values)]  # type: ignore[valid-type]
TrainingKindT: TypeAlias = Literal[tuple(TrainingKind.values)]  # type: ignore[valid-type]
PlacementStatusT: TypeAlias = Literal[tuple(PlacementStatus.values)]  # type: ignore[valid-type]
ApplicationStatusT: TypeAlias = Literal[tuple(ApplicationStatus.values)]  # type: ignore[valid-type]
FundUseT: TypeAlias = Literal[tuple(FundUse.values)]  # type: ignore[valid-type]


def pay_range(post) -> str:
    return f"{yuan(post.pay_min)}–{yuan(post.pay_max)}"


class EventFilter(Schema):
    q: str = ""
    mode: ModeT | Literal[""] = ""
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


EVENTS = ListSpec(
    name="recruitment-events",
    filters=EventFilter,
    rows=selectors.event_list,
    sorts={
        "-held_on": Sort(_("newest first"), ("-held_on", "-id")),
        "held_on": Sort(_("oldest first"), ("held_on", "id")),
        "-hires": Sort(_("most hired"), (F("hires").desc(nulls_last=True), "-held_on", "id")),
        "-exhibitors": Sort(_("most enterprises"), ("-exhibitor_count", "-held_on", "id")),
    },
    columns=(
        Column(_("ID"), lambda e: e.pk, on_page=False),
        Column(_("held on"), lambda e: e.held_on),
        Column(
            _("name"),
            lambda e: e.title,
            link=lambda e: reverse("employment-event", args=[e.pk]),
            note=lambda e: e.place or e.link,
        ),
        Column(_("organizer"), lambda e: e.union.name),
        Column(_("held"), lambda e: e.get_mode_display(), narrow=True),
        Column(_("place"), lambda e: e.place, on_page=False),
        Column(_("link"), lambda e: e.link, on_page=False),
        Column(_("enterprises"), lambda e: e.exhibitor_count, narrow=True),
        Column(_("visitors"), lambda e: e.visitors, narrow=True),
        Column(_("people hired"), lambda e: e.hires, narrow=True),
    ),
)


class PostFilter(Schema):
    q: str = ""
    trade: TradeT | Literal[""] = ""
    region_code: str = ""
    open_only: bool = False
    pay_from: int | None = None
    event_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


POSTS = ListSpec(
    name="posts",
    filters=PostFilter,
    rows=selectors.post_list,
    sorts={
        "-opened_on": Sort(_("newest first"), ("-opened_on", "-id")),
        "-pay_max": Sort(_("best paid first"), ("-pay_max", "-opened_on", "-id")),
        "-headcount": Sort(_("most people wanted"), ("-headcount", "-opened_on", "-id")),
        "employer": Sort(_("employer"), ("employer_name", "-opened_on", "id")),
    },
    columns=(
        Column(_("ID"), lambda p: p.pk, on_page=False),
        Column(_("offered on"), lambda p: p.opened_on),
        Column(_("post"), lambda p: p.title, note=lambda p: p.employer_name),
        Column(_("employer"), lambda p: p.employer_name, on_page=False),
        Column(_("trade"), lambda p: p.get_trade_display(), narrow=True),
        Column(_("place of work"), lambda p: p.region.name, narrow=True),
        Column(_("pay a month (yuan)"), pay_range),
        Column(_("people wanted"), lambda p: p.headcount, narrow=True),
        Column(_("open"), lambda p: str(_("open") if p.is_open else _("closed")), narrow=True),
        Column(_("published by"), lambda p: p.union.name, on_page=False),
    ),
)


class SeekerFilter(Schema):
    q: str = ""
    group: GroupT | Literal[""] = ""
    status: SeekerStatusT | Literal[""] = ""
    consented: bool | None = None
    mine: bool = False
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


SEEKERS = ListSpec(
    name="job-seekers",
    filters=SeekerFilter,
    rows=selectors.seeker_list,
    sorts={
        "-registered_on": Sort(_("newest first"), ("-registered_on", "-id")),
        "registered_on": Sort(_("waiting longest"), ("registered_on", "id")),
        "group": Sort(_("group"), ("group", "-registered_on", "id")),
        "-services": Sort(_("most services"), ("-service_count", "-registered_on", "id")),
    },
    columns=(
        Column(_("ID"), lambda s: s.pk, on_page=False),
        Column(_("registered on"), lambda s: s.registered_on),
        Column(
            _("name"),
            lambda s: s.name_masked,
            link=lambda s: reverse("employment-seeker", args=[s.pk]),
            note=lambda s: s.get_group_display(),
        ),
        Column(_("group"), lambda s: s.get_group_display(), on_page=False),
        Column(_("union that follows them"), lambda s: s.union.name, narrow=True),
        Column(_("status"), lambda s: s.get_status_display()),
        Column(
            _("cadre in charge"),
            lambda s: s.cadre.get_full_name() or s.cadre.username if s.cadre else "",
            narrow=True,
        ),
        Column(
            _("consented to matching"),
            lambda s: str(_("yes") if s.has_consented else _("no")),
            narrow=True,
        ),
        Column(_("services"), lambda s: s.service_count, narrow=True),
    ),
)


class ServiceFilter(Schema):
    kind: ServiceKindT | Literal[""] = ""
    channel: ModeT | Literal[""] = ""
    seeker_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


SERVICES = ListSpec(
    name="employment-services",
    filters=ServiceFilter,
    rows=selectors.service_list,
    sorts={
        "-given_on": Sort(_("newest first"), ("-given_on", "-id")),
        "given_on": Sort(_("oldest first"), ("given_on", "id")),
        "kind": Sort(_("kind"), ("kind", "-given_on", "id")),
    },
    columns=(
        Column(_("ID"), lambda s: s.pk, on_page=False),
        Column(_("given on"), lambda s: s.given_on),
        Column(_("kind"), lambda s: s.get_kind_display(), note=lambda s: s.note),
        Column(_("channel"), lambda s: s.get_channel_display(), narrow=True),
        Column(
            _("job seeker"),
            lambda s: s.seeker.name_masked if s.seeker else "",
            link=lambda s: reverse("employment-seeker", args=[s.seeker_id]) if s.seeker_id else "",
        ),
        Column(_("post recommended"), lambda s: str(s.post) if s.post else "", narrow=True),
        Column(_("given by union"), lambda s: s.union.name, narrow=True),
        Column(_("note"), lambda s: s.note, on_page=False),
    ),
)


class PlacementFilter(Schema):
    q: str = ""
    status: PlacementStatusT | Literal[""] = ""
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


PLACEMENTS = ListSpec(
    name="placements",
    filters=PlacementFilter,
    rows=selectors.placement_list,
    sorts={
        "-placed_on": Sort(_("newest first"), ("-placed_on", "-id")),
        "placed_on": Sort(_("oldest first"), ("placed_on", "id")),
        "status": Sort(_("status"), ("status", "-placed_on", "id")),
    },
    columns=(
        Column(_("ID"), lambda p: p.pk, on_page=False),
        Column(_("placed on"), lambda p: p.placed_on),
        Column(
            _("job seeker"),
            lambda p: p.seeker.name_masked,
            link=lambda p: reverse("employment-seeker", args=[p.seeker_id]),
        ),
        Column(_("employer"), lambda p: p.employer_name, note=lambda p: p.region.name),
        Column(_("place of work"), lambda p: p.region.name, on_page=False),
        Column(_("from the post"), lambda p: p.post.title if p.post else "", narrow=True),
        Column(_("status"), lambda p: p.get_status_display()),
        Column(_("checked on"), lambda p: p.checked_on, narrow=True),
        Column(_("union that follows them"), lambda p: p.seeker.union.name, on_page=False),
    ),
)


class MatchingFilter(Schema):
    q: str = ""
    kind: MatchingKindT | Literal[""] = ""
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


MATCHINGS = ListSpec(
    name="employment-matchings",
    filters=MatchingFilter,
    rows=selectors.matching_list,
    sorts={
        "-held_on": Sort(_("newest first"), ("-held_on", "-id")),
        "held_on": Sort(_("oldest first"), ("held_on", "id")),
    },
    columns=(
        Column(_("ID"), lambda m: m.pk, on_page=False),
        Column(_("held on"), lambda m: m.held_on),
        Column(_("name"), lambda m: m.title, note=lambda m: m.partners),
        Column(_("kind"), lambda m: m.get_kind_display(), narrow=True),
        Column(
            _("enterprises, schools or unions taking part"), lambda m: m.partners, on_page=False
        ),
        Column(_("posts offered"), lambda m: m.posts_offered, narrow=True),
        Column(_("organizer"), lambda m: m.union.name, narrow=True),
    ),
)


class TrainingFilter(Schema):
    q: str = ""
    kind: TrainingKindT | Literal[""] = ""
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


TRAININGS = ListSpec(
    name="employment-training",
    filters=TrainingFilter,
    rows=selectors.training_list,
    sorts={
        "-starts_on": Sort(_("newest first"), ("-starts_on", "-id")),
        "starts_on": Sort(_("oldest first"), ("starts_on", "id")),
        "-trainees": Sort(
            pgettext_lazy("people", "most trainees"), ("-trainee_count", "-starts_on", "id")
        ),
    },
    columns=(
        Column(_("ID"), lambda t: t.pk, on_page=False),
        Column(_("starts on"), lambda t: t.starts_on),
        Column(_("ends on"), lambda t: t.ends_on, on_page=False),
        Column(_("name"), lambda t: t.title, note=lambda t: t.employer_name),
        Column(_("kind"), lambda t: t.get_kind_display(), narrow=True),
        Column(_("trade"), lambda t: t.get_trade_display(), narrow=True),
        Column(_("ordering enterprise"), lambda t: t.employer_name, on_page=False),
        Column(_("trainees"), lambda t: t.trainee_count),
        Column(_("organizer"), lambda t: t.union.name, narrow=True),
    ),
)


class ApplicationFilter(Schema):
    q: str = ""
    status: ApplicationStatusT | Literal[""] = ""
    post_id: int | None = None
    seeker_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


APPLICATIONS = ListSpec(
    name="job-applications",
    filters=ApplicationFilter,
    rows=selectors.application_list,
    sorts={
        "-applied_on": Sort(_("newest first"), ("-applied_on", "-id")),
        "applied_on": Sort(_("oldest first"), ("applied_on", "id")),
        "status": Sort(_("status"), ("status", "-applied_on", "id")),
    },
    columns=(
        Column(_("ID"), lambda a: a.pk, on_page=False),
        Column(pgettext_lazy("application", "applied on"), lambda a: a.applied_on),
        Column(
            _("job seeker"),
            lambda a: a.seeker.name_masked,
            link=lambda a: reverse("employment-application", args=[a.pk]),
        ),
        Column(_("post"), lambda a: a.post.title, note=lambda a: a.post.employer_name),
        Column(_("employer"), lambda a: a.post.employer_name, on_page=False),
        Column(_("place of work"), lambda a: a.post.region.name, on_page=False),
        Column(_("status"), lambda a: a.get_status_display()),
        Column(_("union that follows them"), lambda a: a.seeker.union.name, on_page=False),
        Column(_("published by"), lambda a: a.post.union.name, on_page=False),
    ),
)


class FundAllotmentFilter(Schema):
    q: str = ""
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


FUND_ALLOTMENTS = ListSpec(
    name="employment-fund-allotments",
    filters=FundAllotmentFilter,
    rows=selectors.fund_allotment_list,
    sorts={
        "-allotted_on": Sort(_("newest first"), ("-allotted_on", "-id")),
        "allotted_on": Sort(_("oldest first"), ("allotted_on", "id")),
        "-amount": Sort(_("largest first"), ("-amount", "-id")),
    },
    columns=(
        Column(_("ID"), lambda a: a.pk, on_page=False),
        Column(_("allotted on"), lambda a: a.allotted_on),
        Column(_("union"), lambda a: a.union.name),
        Column(_("amount (yuan)"), lambda a: yuan(a.amount), narrow=True),
        Column(_("memo"), lambda a: a.memo),
        Column(_("entered by"), lambda a: a.created_by.username, on_page=False),
    ),
)


class FundPaymentFilter(Schema):
    q: str = ""
    use: FundUseT | Literal[""] = ""
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


def _paid_to(p) -> str:
    if p.to_org is not None:
        return p.to_org.name
    if p.seeker is not None:
        return p.seeker.name_masked
    if p.session is not None:
        return p.session.title
    return ""


FUND_PAYMENTS = ListSpec(
    name="employment-fund-payments",
    filters=FundPaymentFilter,
    rows=selectors.fund_payment_list,
    sorts={
        "-paid_on": Sort(_("newest first"), ("-paid_on", "-id")),
        "paid_on": Sort(_("oldest first"), ("paid_on", "id")),
        "-amount": Sort(_("largest first"), ("-amount", "-id")),
    },
    columns=(
        Column(_("ID"), lambda p: p.pk, on_page=False),
        Column(_("paid on"), lambda p: p.paid_on),
        Column(_("paying union"), lambda p: p.union.name),
        Column(_("paid for"), lambda p: p.get_use_display(), note=_paid_to),
        Column(_("recipient"), _paid_to, on_page=False),
        Column(_("amount (yuan)"), lambda p: yuan(p.amount), narrow=True),
        Column(_("memo"), lambda p: p.memo, on_page=False),
    ),
)
