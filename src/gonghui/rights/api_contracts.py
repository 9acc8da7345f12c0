"""Collective consultation at /api/v1 (staff only): 集中要约 campaigns, their offers and
answers, and the collective contracts with their filing."""

from datetime import date
from typing import Annotated, Literal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.core.keyset import KeysetPagination

from . import selectors_contracts, services_contracts
from .checks import MAX_PEOPLE
from .lists import (
    CAMPAIGNS,
    CONTRACTS,
    OFFERS,
    ContractKindT,
    ContractLevelT,
    FilingT,
)

router = Router(tags=["rights 集体协商"])

Name100 = Annotated[str, Field(max_length=100)]
People = Annotated[int, Field(ge=1, le=MAX_PEOPLE)]


class CampaignOut(Schema):
    id: int
    union_id: int
    union_name: str = Field(alias="union.name")
    year: int
    title: str
    started_on: date
    offers_sent: int = 0
    offers_answered: int = 0
    offers_accepted: int = 0


class CampaignIn(Schema):
    union_id: int
    year: Annotated[int, Field(ge=2000, le=2100)]
    title: Name100 = ""
    started_on: date | None = None


class OfferOut(Schema):
    id: int
    reference: str
    campaign_id: int
    enterprise_id: int
    enterprise_name: str = Field(alias="enterprise.name")
    kind: str
    sent_on: date
    reply_due: date
    response: str
    responded_on: date | None
    response_note: str
    contract_id: int | None = None

    @staticmethod
    def resolve_contract_id(obj):
        contract = getattr(obj, "contract", None)
        return contract.pk if contract else None


class OfferIn(Schema):
    campaign_id: int
    enterprise_id: int
    kind: ContractKindT
    sent_on: date | None = None


class AnswerIn(Schema):
    response: Literal["accepted", "negotiating", "refused", "no_answer"]
    note: Annotated[str, Field(max_length=500)] = ""
    responded_on: date | None = None


class ContractOut(Schema):
    id: int
    reference: str
    union_id: int
    union_name: str = Field(alias="union.name")
    level: str
    kind: str
    enterprise_id: int | None
    employer_party: str
    title: str
    signed_on: date
    effective_on: date
    expires_on: date
    workers_covered: int
    enterprises_covered: int
    filing: str
    filed_on: date | None
    offer_id: int | None
    replaces_id: int | None


class ContractIn(Schema):
    union_id: int
    level: ContractLevelT
    kind: ContractKindT
    title: Name100
    workers_covered: People
    expires_on: date
    signed_on: date | None = None
    effective_on: date | None = None
    enterprise_id: int | None = None
    employer_party: Name100 = ""
    enterprises_covered: People | None = None
    offer_id: int | None = None
    replaces_id: int | None = None


class FilingIn(Schema):
    filing: FilingT
    on: date | None = None


@router.get("/rights/offer-campaigns", response=list[CampaignOut])
@paginate(LimitOffsetPagination)
def list_campaigns(request, filters: Query[CAMPAIGNS.api_filters()]):  # type: ignore[valid-type]
    return CAMPAIGNS.queryset(request.user, filters.dict())


@router.post("/rights/offer-campaigns", response={201: CampaignOut})
def create_campaign(request, payload: CampaignIn):
    """The union's 集中要约 action of a year (one a year)."""
    return Status(201, services_contracts.campaign_create(actor=request.user, **payload.dict()))


# Grows with the province: pages by key too (`after`, core.keyset).
@router.get("/rights/offers", response=list[OfferOut])
@paginate(KeysetPagination)
def list_offers(request, filters: Query[OFFERS.api_filters()]):  # type: ignore[valid-type]
    return OFFERS.queryset(request.user, filters.dict())


@router.post("/rights/offers", response={201: OfferOut})
def send_offer(request, payload: OfferIn):
    """A written offer to negotiate sent to an enterprise: its answer is due in 20 days."""
    return Status(201, services_contracts.offer_send(actor=request.user, **payload.dict()))


@router.get("/rights/offers/{offer_id}", response=OfferOut)
def get_offer(request, offer_id: int):
    return selectors_contracts.offer_get(actor=request.user, offer_id=offer_id)


@router.post("/rights/offers/{offer_id}/answer", response=OfferOut)
def answer_offer(request, offer_id: int, payload: AnswerIn):
    return services_contracts.offer_answer(actor=request.user, offer_id=offer_id, **payload.dict())


@router.get("/rights/contracts", response=list[ContractOut])
@paginate(LimitOffsetPagination)
def list_contracts(request, filters: Query[CONTRACTS.api_filters()]):  # type: ignore[valid-type]
    return CONTRACTS.queryset(request.user, filters.dict())


@router.post("/rights/contracts", response={201: ContractOut})
def create_contract(request, payload: ContractIn):
    """A contract signed: for one enterprise (`enterprise_id`), or for an industry or a
    region (`employer_party`, `enterprises_covered`); `offer_id` when it answers an
    offer, `replaces_id` when it renews a contract."""
    return Status(201, services_contracts.contract_create(actor=request.user, **payload.dict()))


@router.get("/rights/contracts/{contract_id}", response=ContractOut)
def get_contract(request, contract_id: int):
    return selectors_contracts.contract_get(actor=request.user, contract_id=contract_id)


@router.post("/rights/contracts/{contract_id}/filing", response=ContractOut)
def file_contract(request, contract_id: int, payload: FilingIn):
    return services_contracts.contract_filing(
        actor=request.user, contract_id=contract_id, **payload.dict()
    )
