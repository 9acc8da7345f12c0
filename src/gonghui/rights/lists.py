"""The rights lists, as their pages, the API and the exports show them (core.lists)."""

from datetime import date
from typing import Annotated, Literal, TypeAlias

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from ninja import Field, Schema

from gonghui.core import cleaning
from gonghui.core.lists import Column, ListSpec, Sort, choice_label
from gonghui.core.money import yuan

from . import selectors
from .models import (
    Addressee,
    Audience,
    CaseKind,
    CaseStatus,
    CentreKind,
    Channel,
    LegalCampaign,
    LegalEventKind,
    LetterIssue,
    LetterKind,
    Mediation,
    MediationStatus,
    MediatorKind,
    Outcome,
    Rectification,
    ReferredTo,
    RightsCase,
    Stage,
    SupervisionLetter,
)

# Built from the model's choices, checked by pydantic at run time; mypy cannot build a
# Literal from a tuple and takes these aliases as Any.
KindT: TypeAlias = Literal[tuple(CaseKind.values)]  # type: ignore[valid-type]
ChannelT: TypeAlias = Literal[tuple(Channel.values)]  # type: ignore[valid-type]
StageT: TypeAlias = Literal[tuple(Stage.values)]  # type: ignore[valid-type]
StatusT: TypeAlias = Literal[tuple(CaseStatus.values)]  # type: ignore[valid-type]
OutcomeT: TypeAlias = Literal[tuple(Outcome.values)]  # type: ignore[valid-type]


class CaseFilter(Schema):
    q: str = ""
    kind: KindT | Literal[""] = ""
    channel: ChannelT | Literal[""] = ""
    stage: StageT | Literal[""] = ""
    status: StatusT | Literal[""] = ""
    outcome: OutcomeT | Literal[""] = ""
    overdue: bool = False
    mine: bool = False
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


def _overdue_note(c: RightsCase) -> str:
    return str(_("overdue")) if c.overdue_on(cleaning.today()) else ""


CASES = ListSpec(
    name="rights-cases",
    filters=CaseFilter,
    rows=selectors.case_list,
    aliases={"under": "under_id"},
    ids_first=True,  # a county's page walks (opened_on, id, union_path) without the rows
    sorts={
        "-opened": Sort(_("newest first"), ("-opened_on", "-id")),
        "opened": Sort(_("oldest first"), ("opened_on", "id")),
        "deadline": Sort(_("deadline soonest"), ("deadline", "id")),
        "kind": Sort(_("kind"), ("kind", "-opened_on", "-id")),
        "-recovered": Sort(_("most money recovered"), ("-amount_recovered", "-opened_on", "-id")),
        "union": Sort(_("union (pinyin)"), ("union__name_pinyin", "-opened_on", "-id")),
    },
    columns=(
        Column(_("ID"), lambda c: c.pk, on_page=False),
        Column(
            _("case number"),
            lambda c: c.reference,
            link=lambda c: reverse("rights-case", args=[c.pk]),
        ),
        Column(pgettext_lazy("rights case", "opened on"), lambda c: c.opened_on),
        Column(_("kind"), choice_label("kind"), note=lambda c: c.employer),
        Column(_("employer or platform"), lambda c: c.employer, on_page=False),
        Column(_("worker's name"), lambda c: c.worker_name, narrow=True),
        Column(_("intake channel"), choice_label("channel"), on_page=False),
        Column(_("handling union"), lambda c: c.union.name, narrow=True),
        Column(
            _("handler"),
            lambda c: (c.handler.get_full_name() or c.handler.get_username()) if c.handler else "",
            narrow=True,
        ),
        Column(pgettext_lazy("rights case", "step"), choice_label("stage")),
        Column(_("status"), choice_label("status"), note=_overdue_note),
        Column(_("deadline"), lambda c: c.deadline, narrow=True),
        Column(pgettext_lazy("rights case", "outcome"), choice_label("outcome"), on_page=False),
        Column(_("closed on"), lambda c: c.closed_on, on_page=False),
        Column(_("workers involved"), lambda c: c.workers_involved, on_page=False),
        Column(_("amount claimed (yuan)"), lambda c: yuan(c.amount_claimed), on_page=False),
        Column(_("money recovered (yuan)"), lambda c: yuan(c.amount_recovered), narrow=True),
    ),
)


# ---- mediation and legal-service events ---------------------------------------------------

CentreKindT: TypeAlias = Literal[tuple(CentreKind.values)]  # type: ignore[valid-type]
MediationStatusT: TypeAlias = Literal[tuple(MediationStatus.values)]  # type: ignore[valid-type]
CampaignT: TypeAlias = Literal[tuple(LegalCampaign.values)]  # type: ignore[valid-type]
EventKindT: TypeAlias = Literal[tuple(LegalEventKind.values)]  # type: ignore[valid-type]
AudienceT: TypeAlias = Literal[tuple(Audience.values)]  # type: ignore[valid-type]
MediatorKindT: TypeAlias = Literal[tuple(MediatorKind.values)]  # type: ignore[valid-type]
ReferredToT: TypeAlias = Literal[tuple(ReferredTo.values)]  # type: ignore[valid-type]


class CentreFilter(Schema):
    q: str = ""
    kind: CentreKindT | Literal[""] = ""
    active: bool | None = None
    under_id: int | None = None


CENTRES = ListSpec(
    name="mediation-centres",
    filters=CentreFilter,
    rows=selectors.centre_list,
    sorts={
        "name": Sort(_("name (pinyin)"), ("name", "id")),
        "-established": Sort(_("newest first"), ("-established_on", "-id")),
        "union": Sort(_("union (pinyin)"), ("union__name_pinyin", "name", "id")),
    },
    columns=(
        Column(_("ID"), lambda c: c.pk, on_page=False),
        Column(
            _("name"),
            lambda c: c.name,
            link=lambda c: reverse("rights-mediations") + f"?centre_id={c.pk}",
            note=lambda c: c.partner,
        ),
        Column(_("kind"), choice_label("kind")),
        Column(_("set up with"), lambda c: c.partner, on_page=False),
        Column(_("sponsoring union"), lambda c: c.union.name, narrow=True),
        Column(_("established on"), lambda c: c.established_on, narrow=True),
        Column(_("public phone"), lambda c: c.phone, narrow=True),
        Column(_("address"), lambda c: c.address, on_page=False),
        Column(
            pgettext_lazy("in use", "active"),
            lambda c: _("yes") if c.is_active else _("no"),
            on_page=False,
        ),
    ),
)


class MediationFilter(Schema):
    q: str = ""
    centre_id: int | None = None
    kind: KindT | Literal[""] = ""
    status: MediationStatusT | Literal[""] = ""
    overdue: bool = False
    from_case: bool | None = None
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


def _mediation_overdue(m: Mediation) -> str:
    return str(_("overdue")) if m.overdue_on(cleaning.today()) else ""


MEDIATIONS = ListSpec(
    name="mediations",
    filters=MediationFilter,
    rows=selectors.mediation_list,
    sorts={
        "-received": Sort(_("newest first"), ("-received_on", "-id")),
        "received": Sort(_("oldest first"), ("received_on", "id")),
        "due": Sort(_("deadline soonest"), ("due_on", "id")),
        "-agreed": Sort(_("largest amount agreed"), ("-amount_agreed", "-received_on", "-id")),
    },
    columns=(
        Column(_("ID"), lambda m: m.pk, on_page=False),
        Column(
            pgettext_lazy("reference", "number"),
            lambda m: m.reference,
            link=lambda m: reverse("rights-mediation", args=[m.pk]),
        ),
        Column(pgettext_lazy("mediation", "received on"), lambda m: m.received_on),
        Column(_("kind"), choice_label("kind"), note=lambda m: m.employer),
        Column(_("employer or platform"), lambda m: m.employer, on_page=False),
        Column(_("worker's name"), lambda m: m.worker_name, narrow=True),
        Column(_("centre"), lambda m: m.centre.name, narrow=True),
        Column(_("mediator"), lambda m: m.mediator.name if m.mediator else "", narrow=True),
        Column(_("status"), choice_label("status"), note=_mediation_overdue),
        Column(_("to conclude by"), lambda m: m.due_on, on_page=False),
        Column(_("closed on"), lambda m: m.closed_on, on_page=False),
        Column(_("referred to"), choice_label("referred_to"), on_page=False),
        Column(_("rights case"), lambda m: m.case.reference if m.case else "", on_page=False),
        Column(_("workers involved"), lambda m: m.workers_involved, on_page=False),
        Column(_("amount claimed (yuan)"), lambda m: yuan(m.amount_claimed), on_page=False),
        Column(_("amount agreed (yuan)"), lambda m: yuan(m.amount_agreed), narrow=True),
    ),
)


class LegalEventFilter(Schema):
    q: str = ""
    campaign: CampaignT | Literal[""] = ""
    kind: EventKindT | Literal[""] = ""
    audience: AudienceT | Literal[""] = ""
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


LEGAL_EVENTS = ListSpec(
    name="legal-events",
    filters=LegalEventFilter,
    rows=selectors.legal_event_list,
    sorts={
        "-held": Sort(_("newest first"), ("-held_on", "-id")),
        "held": Sort(_("oldest first"), ("held_on", "id")),
        "-attendance": Sort(_("most people reached"), ("-attendance", "-held_on", "-id")),
    },
    columns=(
        Column(_("ID"), lambda e: e.pk, on_page=False),
        Column(_("held on"), lambda e: e.held_on),
        Column(_("title"), lambda e: e.title, note=choice_label("campaign")),
        Column(_("campaign"), choice_label("campaign"), on_page=False),
        Column(_("kind"), choice_label("kind"), narrow=True),
        Column(_("audience"), choice_label("audience"), narrow=True),
        Column(_("organizing union"), lambda e: e.union.name, narrow=True),
        Column(_("place"), lambda e: e.place, on_page=False),
        Column(_("people reached"), lambda e: e.attendance),
        Column(_("lawyers taking part"), lambda e: e.lawyers, narrow=True),
        Column(_("consultations given"), lambda e: e.consultations, narrow=True),
        Column(_("cases taken up"), lambda e: e.cases_taken, on_page=False),
    ),
)


# ---- supervision letters (一函两书) -------------------------------------------------------

LetterKindT: TypeAlias = Literal[tuple(LetterKind.values)]  # type: ignore[valid-type]
AddresseeT: TypeAlias = Literal[tuple(Addressee.values)]  # type: ignore[valid-type]
IssueT: TypeAlias = Literal[tuple(LetterIssue.values)]  # type: ignore[valid-type]
RectificationT: TypeAlias = Literal[tuple(Rectification.values)]  # type: ignore[valid-type]


class LetterFilter(Schema):
    q: str = ""
    kind: LetterKindT | Literal[""] = ""
    addressee: AddresseeT | Literal[""] = ""
    issue: IssueT | Literal[""] = ""
    rectification: RectificationT | Literal[""] = ""
    awaiting_reply: bool = False
    overdue: bool = False
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


def _letter_overdue(letter: SupervisionLetter) -> str:
    return str(_("reply overdue")) if letter.reply_overdue_on(cleaning.today()) else ""


LETTERS = ListSpec(
    name="supervision-letters",
    filters=LetterFilter,
    rows=selectors.letter_list,
    sorts={
        "-sent": Sort(_("newest first"), ("-sent_on", "-id")),
        "sent": Sort(_("oldest first"), ("sent_on", "id")),
        "due": Sort(_("reply due soonest"), ("reply_due", "id")),
    },
    columns=(
        Column(_("ID"), lambda t: t.pk, on_page=False),
        Column(
            pgettext_lazy("reference", "number"),
            lambda t: t.reference,
            link=lambda t: reverse("rights-letter", args=[t.pk]),
        ),
        Column(_("sent on"), lambda t: t.sent_on),
        Column(_("kind"), choice_label("kind"), note=choice_label("issue")),
        Column(_("issue"), choice_label("issue"), on_page=False),
        Column(_("addressee"), lambda t: t.addressee_name),
        Column(_("addressed to"), choice_label("addressee"), on_page=False),
        Column(_("sending union"), lambda t: t.union.name, narrow=True),
        Column(_("reply due"), lambda t: t.reply_due, narrow=True, note=_letter_overdue),
        Column(_("replied on"), lambda t: t.replied_on),
        Column(_("rectification"), choice_label("rectification")),
        Column(_("the reply, in words"), lambda t: t.reply_note, on_page=False),
        Column(_("rectification, in words"), lambda t: t.rectification_note, on_page=False),
    ),
)


# ---- collective consultation (集体协商、集中要约) -----------------------------------------

from . import selectors_contracts  # noqa: E402
from .models import (  # noqa: E402
    RENEWAL_DAYS,
    CollectiveContract,
    CollectiveOffer,
    ContractKind,
    ContractLevel,
    Filing,
    OfferResponse,
)

ContractKindT: TypeAlias = Literal[tuple(ContractKind.values)]  # type: ignore[valid-type]
ContractLevelT: TypeAlias = Literal[tuple(ContractLevel.values)]  # type: ignore[valid-type]
FilingT: TypeAlias = Literal[tuple(Filing.values)]  # type: ignore[valid-type]
OfferResponseT: TypeAlias = Literal[tuple(OfferResponse.values)]  # type: ignore[valid-type]


class ContractFilter(Schema):
    q: str = ""
    kind: ContractKindT | Literal[""] = ""
    level: ContractLevelT | Literal[""] = ""
    filing: FilingT | Literal[""] = ""
    in_force_only: bool = False
    renewal_due: bool = False
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


def _contract_note(c: CollectiveContract) -> str:
    today = cleaning.today()
    if not c.in_force_on(today):
        return str(_("expired")) if c.expires_on < today else str(_("not yet in force"))
    if (c.expires_on - today).days <= RENEWAL_DAYS:
        return str(_("renewal due"))
    return ""


CONTRACTS = ListSpec(
    name="collective-contracts",
    filters=ContractFilter,
    rows=selectors_contracts.contract_list,
    sorts={
        "-signed": Sort(_("newest first"), ("-signed_on", "-id")),
        "signed": Sort(_("oldest first"), ("signed_on", "id")),
        "expires": Sort(_("expiring soonest"), ("expires_on", "id")),
        "-workers": Sort(_("most workers covered"), ("-workers_covered", "-signed_on", "-id")),
    },
    columns=(
        Column(_("ID"), lambda c: c.pk, on_page=False),
        Column(
            pgettext_lazy("reference", "number"),
            lambda c: c.reference,
            link=lambda c: reverse("rights-contract", args=[c.pk]),
        ),
        Column(_("title"), lambda c: c.title, note=lambda c: c.employer_party),
        Column(_("kind"), choice_label("kind")),
        Column(_("contract level"), choice_label("level"), narrow=True),
        Column(_("employer side"), lambda c: c.employer_party, on_page=False),
        Column(_("signing union"), lambda c: c.union.name, narrow=True),
        Column(_("signed on"), lambda c: c.signed_on, on_page=False),
        Column(_("effective from"), lambda c: c.effective_on, on_page=False),
        Column(_("expires on"), lambda c: c.expires_on, note=_contract_note),
        Column(_("workers covered"), lambda c: c.workers_covered),
        Column(_("enterprises covered"), lambda c: c.enterprises_covered, on_page=False),
        Column(_("filing"), choice_label("filing"), narrow=True),
        Column(_("filing recorded on"), lambda c: c.filed_on, on_page=False),
    ),
)


class CampaignFilter(Schema):
    q: str = ""
    year: Annotated[int, Field(ge=1, le=9999)] | None = None
    under_id: int | None = None


def _rate(answered: int, sent: int) -> str:
    return f"{answered * 100 // sent}%" if sent else ""


CAMPAIGNS = ListSpec(
    name="offer-campaigns",
    filters=CampaignFilter,
    rows=selectors_contracts.campaign_list,
    sorts={
        "-year": Sort(_("newest first"), ("-year", "-id")),
        "union": Sort(_("union (pinyin)"), ("union__name_pinyin", "-year", "-id")),
        "-offers": Sort(_("most offers sent"), ("-offers_sent", "-year", "-id")),
    },
    columns=(
        Column(_("ID"), lambda c: c.pk, on_page=False),
        Column(_("year"), lambda c: c.year),
        Column(
            _("title"),
            lambda c: c.title,
            link=lambda c: reverse("rights-offers") + f"?campaign_id={c.pk}",
        ),
        Column(_("organizing union"), lambda c: c.union.name, narrow=True),
        Column(_("started on"), lambda c: c.started_on, on_page=False),
        Column(_("offers sent"), lambda c: c.offers_sent),
        Column(_("offers answered"), lambda c: c.offers_answered, narrow=True),
        Column(_("response rate"), lambda c: _rate(c.offers_answered, c.offers_sent), narrow=True),
        Column(_("offers accepted"), lambda c: c.offers_accepted),
    ),
)


class OfferFilter(Schema):
    q: str = ""
    campaign_id: int | None = None
    kind: ContractKindT | Literal[""] = ""
    response: OfferResponseT | Literal[""] = ""
    overdue: bool = False
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


def _offer_note(o: CollectiveOffer) -> str:
    return str(_("answer overdue")) if o.overdue_on(cleaning.today()) else ""


def _offer_contract(o: CollectiveOffer) -> str:
    contract = getattr(o, "contract", None)
    return contract.reference if contract else ""


OFFERS = ListSpec(
    name="collective-offers",
    filters=OfferFilter,
    rows=selectors_contracts.offer_list,
    sorts={
        "-sent": Sort(_("newest first"), ("-sent_on", "-id")),
        "sent": Sort(_("oldest first"), ("sent_on", "id")),
        "due": Sort(_("reply due soonest"), ("reply_due", "id")),
        "enterprise": Sort(_("enterprise (pinyin)"), ("enterprise__name_pinyin", "id")),
    },
    columns=(
        Column(_("ID"), lambda o: o.pk, on_page=False),
        Column(
            pgettext_lazy("reference", "number"),
            lambda o: o.reference,
            link=lambda o: reverse("rights-offer", args=[o.pk]),
        ),
        Column(_("enterprise"), lambda o: o.enterprise.name),
        Column(_("contract offered"), choice_label("kind"), narrow=True),
        Column(_("campaign"), lambda o: o.campaign.title, on_page=False),
        Column(_("organizing union"), lambda o: o.campaign.union.name, narrow=True),
        Column(_("sent on"), lambda o: o.sent_on),
        Column(_("reply due"), lambda o: o.reply_due, on_page=False),
        Column(
            pgettext_lazy("collective offer", "answer"),
            choice_label("response"),
            note=_offer_note,
        ),
        Column(_("answered on"), lambda o: o.responded_on, on_page=False),
        Column(_("the answer, in words"), lambda o: o.response_note, on_page=False),
        Column(_("collective contract"), _offer_contract, narrow=True),
    ),
)
