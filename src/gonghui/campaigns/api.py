"""Campaigns, allocations, beneficiaries, payments, reconciliation and union funds.

Amounts are integer fen (分). A payment is proposed with an idempotency key: the same
key and details answer 201 with the first proposal again and the header
Idempotent-Replayed: true (core.replay), the same key with other details answers 409.
"""

from datetime import date, datetime
from typing import Annotated, Literal

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.assistance.models import Cause, Tier
from gonghui.core.api import STAFF, IdempotencyKey
from gonghui.core.keyset import KeysetPagination
from gonghui.core.money import Fen
from gonghui.core.replay import once_response, replays
from gonghui.orgs.models import OrgKind

from . import selectors, services
from .lists import CAMPAIGNS
from .models import (
    AccountKind,
    AllocationProposal,
    BeneficiarySource,
    CampaignKind,
    DisbursementStatus,
    ReceiptSource,
)

router = Router(tags=["campaigns and funds 活动与经费"])

Memo = Annotated[str, Field(max_length=200)]
Reason = Annotated[str, Field(min_length=1, max_length=300)]


class CampaignOut(Schema):
    id: int
    name: str
    kind: str
    owner_id: int
    owner_name: str = Field(alias="owner.name")
    starts_on: date
    ends_on: date
    budget: int
    status: str
    description: str
    allocation_threshold: int | None  # fen; allocations above it need a second person


class CampaignIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    kind: Literal[tuple(CampaignKind.values)]  # type: ignore[valid-type]
    owner_id: int
    starts_on: date
    ends_on: date
    budget: Fen
    description: Annotated[str, Field(max_length=500)] = ""
    allocation_threshold: Fen | None = None


class ThresholdIn(Schema):
    allocation_threshold: Fen | None = None  # none: every allocation goes out at once


class AmountIn(Schema):
    amount: Fen
    memo: Memo = ""


@router.get("/campaigns", response=list[CampaignOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_campaigns(request, filters: Query[CAMPAIGNS.api_filters()]):  # type: ignore[valid-type]
    return CAMPAIGNS.queryset(request.user, filters.dict())


@router.post("/campaigns", response={201: CampaignOut})
def create_campaign(request, payload: CampaignIn):
    return Status(201, services.campaign_create(actor=request.user, **payload.dict()))


@router.get("/campaigns/{campaign_id}", response=CampaignOut)
def get_campaign(request, campaign_id: int):
    return selectors.campaign_get(actor=request.user, campaign_id=campaign_id)


@router.post("/campaigns/{campaign_id}/budget", response=CampaignOut)
def add_budget(request, campaign_id: int, payload: AmountIn):
    return services.campaign_add_budget(
        actor=request.user, campaign_id=campaign_id, **payload.dict()
    )


@router.post("/campaigns/{campaign_id}/threshold", response=CampaignOut)
def set_threshold(request, campaign_id: int, payload: ThresholdIn):
    """Allocations above this amount (fen) wait for a second person of the sending union."""
    return services.campaign_set_threshold(
        actor=request.user, campaign_id=campaign_id, threshold=payload.allocation_threshold
    )


@router.post("/campaigns/{campaign_id}/close", response=CampaignOut)
def close_campaign(request, campaign_id: int):
    return services.campaign_close(actor=request.user, campaign_id=campaign_id)


class AllocationOut(Schema):
    id: int
    campaign_id: int
    from_org_id: int | None
    from_org_name: str | None = Field(None, alias="from_org.name")
    to_org_id: int
    to_org_name: str = Field(alias="to_org.name")
    amount: int
    memo: str
    posting_id: int
    created_at: datetime


class AllocationIn(Schema):
    from_org_id: int
    to_org_id: int
    amount: Fen
    memo: Memo = ""


class ReasonIn(Schema):
    reason: Reason


class ProposalOut(Schema):
    id: int
    campaign_id: int
    from_org_id: int
    from_org_name: str = Field(alias="from_org.name")
    to_org_id: int
    to_org_name: str = Field(alias="to_org.name")
    amount: int
    memo: str
    status: str
    maker_id: int
    maker_name: str = Field(alias="maker.signature")  # real name and organization
    made_at: datetime
    checker_id: int | None
    checker_name: str | None = Field(None, alias="checker.signature")
    checked_at: datetime | None
    reject_reason: str
    allocation_id: int | None


@router.post(
    "/campaigns/{campaign_id}/allocations", response={201: AllocationOut, 202: ProposalOut}
)
def allocate(request, campaign_id: int, payload: AllocationIn):
    """Send money down the tree; never more than the sender has left of the campaign.
    Above the campaign's threshold: 202 and a proposal that a second person approves."""
    made = services.allocate(actor=request.user, campaign_id=campaign_id, **payload.dict())
    return Status(202 if isinstance(made, AllocationProposal) else 201, made)


@router.get("/allocation-proposals", response=list[ProposalOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_proposals(
    request,
    campaign_id: int | None = None,
    status: Literal["proposed", "approved", "rejected", ""] = "",
    waiting_for_me: bool = False,
):
    return selectors.proposal_list(
        actor=request.user, campaign_id=campaign_id, status=status, waiting_for_me=waiting_for_me
    )


@router.post("/allocation-proposals/{proposal_id}/approve", response=AllocationOut)
def approve_proposal(request, proposal_id: int):
    return services.allocation_approve(actor=request.user, proposal_id=proposal_id)


@router.post("/allocation-proposals/{proposal_id}/reject", response=ProposalOut)
def reject_proposal(request, proposal_id: int, payload: ReasonIn):
    return services.allocation_reject(
        actor=request.user, proposal_id=proposal_id, reason=payload.reason
    )


@router.get("/allocations", response=list[AllocationOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_allocations(
    request,
    campaign_id: int | None = None,
    org_id: int | None = None,
    sort: Literal["made", "-made"] = "-made",
):
    return selectors.allocation_list(
        actor=request.user, campaign_id=campaign_id, org_id=org_id, sort=sort
    )


@router.get("/allocations/{allocation_id}", response=AllocationOut)
def get_allocation(request, allocation_id: int):
    return selectors.allocation_get(actor=request.user, allocation_id=allocation_id)


class BeneficiaryOut(Schema):
    id: int
    campaign_id: int
    person_id: int
    name: str = Field(alias="person.name")
    file_id: int | None
    application_id: int | None
    union_id: int
    union_name: str = Field(alias="union.name")
    payer_id: int
    payer_name: str = Field(alias="payer.name")
    amount: int
    source: str


class BeneficiaryIn(Schema):
    payer_org_id: int
    amount: Fen | None = Field(None, description="default: the approved amount of the application")
    file_id: int | None = None
    application_id: int | None = None
    membership_id: int | None = None


class PickIn(Schema):
    payer_org_id: int
    amount: Fen
    tiers: list[Literal[tuple(Tier.values)]] = []  # type: ignore[valid-type]
    causes: list[Literal[tuple(Cause.values)]] = []  # type: ignore[valid-type]
    under_org_id: int | None = None
    limit: Annotated[int, Field(strict=True, ge=1)] | None = None


class PickOut(Schema):
    listed: int
    already_listed: int


@router.get("/campaigns/{campaign_id}/beneficiaries", response=list[BeneficiaryOut])
@paginate(LimitOffsetPagination)
def list_beneficiaries(
    request,
    campaign_id: int,
    q: str = "",
    payer_id: int | None = None,
    unpaid: bool = False,
    source: Literal[tuple(BeneficiarySource.values) + ("",)] = "",  # type: ignore[valid-type]
    sort: Literal[tuple(selectors.BENEFICIARY_SORTS)] = "name",  # type: ignore[valid-type]
):
    selectors.campaign_get(actor=request.user, campaign_id=campaign_id)
    return selectors.beneficiary_list(
        actor=request.user,
        campaign_id=campaign_id,
        q=q,
        payer_id=payer_id,
        unpaid=unpaid,
        source=source,
        sort=sort,
    )


@router.post("/campaigns/{campaign_id}/beneficiaries", response={201: BeneficiaryOut})
def add_beneficiary(request, campaign_id: int, payload: BeneficiaryIn):
    """List one person by hand: a needy-worker file, an approved application, a member."""
    return Status(
        201,
        services.beneficiary_add(actor=request.user, campaign_id=campaign_id, **payload.dict()),
    )


@router.post("/campaigns/{campaign_id}/beneficiaries/pick", response=PickOut)
def pick_beneficiaries(request, campaign_id: int, payload: PickIn):
    """List the open files under the paying union that match the rule."""
    listed, skipped = services.beneficiaries_pick(
        actor=request.user, campaign_id=campaign_id, **payload.dict()
    )
    return {"listed": listed, "already_listed": skipped}


@router.delete("/beneficiaries/{beneficiary_id}", response={204: None})
def remove_beneficiary(request, beneficiary_id: int):
    services.beneficiary_remove(actor=request.user, beneficiary_id=beneficiary_id)
    return Status(204, None)


class DisbursementOut(Schema):
    id: int
    campaign_id: int
    beneficiary_id: int
    person_id: int
    name: str = Field(alias="person.name")
    union_id: int
    payer_id: int
    payer_name: str = Field(alias="payer.name")
    application_id: int | None
    amount: int
    status: str
    idempotency_key: str
    maker: str = Field(alias="maker.username")
    maker_name: str = Field(alias="maker.signature")  # real name and organization
    made_at: datetime
    checker: str | None = Field(None, alias="checker.username")
    checker_name: str | None = Field(None, alias="checker.signature")
    checked_at: datetime | None
    reject_reason: str
    posting_id: int | None


class ProposeIn(Schema):
    beneficiary_id: int
    idempotency_key: IdempotencyKey
    amount: Fen | None = Field(None, description="default: the beneficiary's planned amount")


class DisbursementFilter(Schema):
    campaign_id: int | None = None
    q: str = ""
    status: Literal[tuple(DisbursementStatus.values) + ("",)] = ""  # type: ignore[valid-type]
    payer_id: int | None = None
    checked_from: date | None = None
    checked_to: date | None = None
    sort: Literal[tuple(selectors.DISBURSEMENT_SORTS)] = "-made"  # type: ignore[valid-type]


@router.post(
    "/campaigns/{campaign_id}/disbursements",
    response={201: DisbursementOut},
    openapi_extra=replays(),
)
def propose_disbursement(request, response: HttpResponse, campaign_id: int, payload: ProposeIn):
    """The maker proposes a payment; a different user approves it. Idempotent by key."""
    return once_response(
        response,
        services.disbursement_propose(
            actor=request.user, campaign_id=campaign_id, **payload.dict()
        ),
    )


@router.get("/disbursements", response=list[DisbursementOut], auth=STAFF)
@paginate(KeysetPagination)
def list_disbursements(request, filters: Query[DisbursementFilter]):
    return selectors.disbursement_list(actor=request.user, **filters.dict())


@router.get("/disbursements/mine", response=list[DisbursementOut])
def my_payments(request):
    """What the caller has been paid (and reversals)."""
    return selectors.my_disbursements(actor=request.user)


@router.get("/disbursements/{disbursement_id}", response=DisbursementOut)
def get_disbursement(request, disbursement_id: int):
    return selectors.disbursement_get(actor=request.user, disbursement_id=disbursement_id)


@router.post("/disbursements/{disbursement_id}/approve", response=DisbursementOut)
def approve_disbursement(request, disbursement_id: int):
    """The checker (not the maker) approves: the money moves."""
    return services.disbursement_approve(actor=request.user, disbursement_id=disbursement_id)


@router.post("/disbursements/{disbursement_id}/reject", response=DisbursementOut)
def reject_disbursement(request, disbursement_id: int, payload: ReasonIn):
    return services.disbursement_reject(
        actor=request.user, disbursement_id=disbursement_id, reason=payload.reason
    )


@router.post("/disbursements/{disbursement_id}/reverse", response=DisbursementOut)
def reverse_disbursement(request, disbursement_id: int, payload: ReasonIn):
    """A new, opposite posting; the payment keeps its amount and posting."""
    reversal = services.disbursement_reverse(
        actor=request.user, disbursement_id=disbursement_id, reason=payload.reason
    )
    return reversal.disbursement


# ---- reconciliation and funds -------------------------------------------------------


class ReconRowOut(Schema):
    org_id: int
    org_name: str
    budget: int
    allocated: int
    paid: int
    left: int
    pending: int
    # Stored balances' departure from the entries the figures are computed from (fen).
    difference: int
    balanced: bool


class ReconOut(Schema):
    campaign_id: int
    rows: list[ReconRowOut]
    total: ReconRowOut


def _row(row) -> dict:
    return {
        "org_id": row.org.pk,
        "org_name": row.org.name,
        "budget": row.budget,
        "allocated": row.allocated,
        "paid": row.paid,
        "left": row.left,
        "pending": row.pending,
        "difference": row.difference,
        "balanced": row.balanced,
    }


@router.get("/campaigns/{campaign_id}/reconciliation", response=ReconOut)
def reconciliation(request, campaign_id: int):
    """Per union the caller sees: budget received, allocated down, paid, left."""
    rows, total = selectors.campaign_reconciliation(actor=request.user, campaign_id=campaign_id)
    return {"campaign_id": campaign_id, "rows": [_row(r) for r in rows], "total": _row(total)}


class RecordOut(Schema):
    type: str
    id: int
    amount: int
    label: str
    at: datetime | None

    @staticmethod
    def resolve_type(obj):
        return obj._meta.model_name

    @staticmethod
    def resolve_label(obj):
        return str(obj)

    @staticmethod
    def resolve_at(obj):
        if obj._meta.model_name == "entry":
            return obj.posting.created_at
        return (
            getattr(obj, "checked_at", None)
            or getattr(obj, "created_at", None)
            or getattr(obj, "made_at", None)
        )


@router.get("/campaigns/{campaign_id}/reconciliation/records", response=list[RecordOut])
@paginate(LimitOffsetPagination)
def reconciliation_records(
    request,
    campaign_id: int,
    org_id: int,
    figure: Literal["budget", "allocated", "paid", "left", "pending"],
):
    """The records behind one figure: allocations, payments or ledger entries."""
    return selectors.reconciliation_records(
        actor=request.user, campaign_id=campaign_id, org_id=org_id, figure=figure
    )


class AccountOut(Schema):
    id: int
    organization_id: int
    organization_name: str = Field(alias="organization.name")
    campaign_id: int | None
    kind: str
    balance: int


class EntryOut(Schema):
    id: int
    posting_id: int
    posting_kind: str = Field(alias="posting.kind")
    memo: str = Field(alias="posting.memo")
    account_id: int
    amount: int
    at: datetime = Field(alias="posting.created_at")


@router.get("/funds/accounts", response=list[AccountOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_accounts(
    request,
    org_id: int | None = None,
    campaign_id: int | None = None,
    general: bool = False,
    kind: Literal[tuple(AccountKind.values) + ("",)] = "",  # type: ignore[valid-type]
):
    return selectors.account_list(
        actor=request.user, org_id=org_id, campaign_id=campaign_id, general=general, kind=kind
    )


@router.get("/funds/accounts/{account_id}/entries", response=list[EntryOut])
@paginate(LimitOffsetPagination)
def list_entries(request, account_id: int):
    return selectors.entry_list(actor=request.user, account_id=account_id)


class ReceiptIn(Schema):
    org_id: int
    source: Literal[tuple(ReceiptSource.values)]  # type: ignore[valid-type]
    amount: Fen
    memo: Memo = ""


class ReceiptOut(Schema):
    id: int
    organization_id: int
    source: str
    amount: int
    memo: str
    posting_id: int
    created_at: datetime


@router.post("/funds/receipts", response={201: ReceiptOut})
def receive_funds(request, payload: ReceiptIn):
    """Dues income, or a grant from outside the tree, into an organization's funds."""
    return Status(201, services.funds_receive(actor=request.user, **payload.dict()))


class GrantBatchIn(Schema):
    from_org_id: int
    amount_each: Fen
    memo: Annotated[str, Field(min_length=1, max_length=200)]
    to_org_ids: list[int] = []
    to_kind: Literal[tuple(OrgKind.values) + ("",)] = ""  # type: ignore[valid-type]
    limit: Annotated[int, Field(strict=True, ge=1)] | None = None


class GrantOut(Schema):
    to_org_id: int
    to_org_name: str = Field(alias="to_org.name")
    amount: int
    posting_id: int


class GrantBatchOut(Schema):
    id: int
    from_org_id: int
    amount_each: int
    count: int
    memo: str
    created_at: datetime
    grants: list[GrantOut]

    @staticmethod
    def resolve_grants(obj):
        return list(obj.grants.select_related("to_org"))


@router.post("/funds/grants", response={201: GrantBatchOut})
def grant(request, payload: GrantBatchIn):
    """The same grant to each of many lower unions, in one call: all of them or none."""
    return Status(201, services.grant_batch(actor=request.user, **payload.dict()))


@router.get("/funds/grants", response=list[GrantBatchOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_grants(request):
    return selectors.grant_batch_list(actor=request.user)


class OrgCampaignOut(ReconRowOut):
    campaign_id: int
    campaign_name: str


@router.get("/funds/{org_id}/campaigns", response=list[OrgCampaignOut])
def org_reconciliation(request, org_id: int):
    """One organization's money in each campaign: budget, allocated, paid, left, pending."""
    return [
        {**_row(row), "campaign_id": campaign.pk, "campaign_name": campaign.name}
        for campaign, row in selectors.org_reconciliation(actor=request.user, org_id=org_id)
    ]


@router.get("/funds/{org_id}", response=dict[str, int])
def org_funds(request, org_id: int):
    """An organization's general funds: available, dues income, grants in and out (fen)."""
    return selectors.org_funds(actor=request.user, org_id=org_id)
