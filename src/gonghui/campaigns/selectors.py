"""Every read of campaigns, payments and the ledger, scoped to the caller's subtree.

A campaign is seen by its owner's subtree and by every union that received money of it
(and those above that union); its allocations, beneficiaries and payments are seen
where their union lies.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from gonghui.core.scoping import get_visible_or_404, path_visible, visible
from gonghui.members.selectors import member_search_q
from gonghui.orgs.models import Organization
from gonghui.orgs.selectors import org_get

from .models import (
    Account,
    AccountKind,
    Allocation,
    Beneficiary,
    Campaign,
    Disbursement,
    DisbursementStatus,
    Entry,
    FundReceipt,
    Grant,
    GrantBatch,
)

CAMPAIGN_SORTS = {"starts": "starts_on", "-starts": "-starts_on", "name": "name",
                  "-budget": "-budget", "budget": "budget"}
DISBURSEMENT_SORTS = {"made": "made_at", "-made": "-made_at", "name": "person__name_pinyin",
                      "amount": "amount", "-amount": "-amount", "checked": "checked_at",
                      "-checked": "-checked_at"}
BENEFICIARY_SORTS = {"name": "person__name_pinyin", "-name": "-person__name_pinyin",
                     "amount": "amount", "-amount": "-amount", "added": "added_at",
                     "-added": "-added_at"}


def campaigns_visible(actor) -> QuerySet[Campaign]:
    owned = visible(Campaign.objects.all(), actor).values("pk")
    received = visible(Allocation.objects.all(), actor).values("campaign_id")
    return Campaign.objects.filter(Q(pk__in=owned) | Q(pk__in=received))


def campaign_list(*, actor, q: str = "", kind: str = "", status: str = "",
                  year: int | None = None, sort: str = "-starts") -> QuerySet[Campaign]:
    qs = campaigns_visible(actor).select_related("owner")
    if q.strip():
        qs = qs.filter(name__icontains=q.strip())
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    return qs.order_by(CAMPAIGN_SORTS.get(sort, "-starts_on"), "-id")


def campaign_get(*, actor, campaign_id: int) -> Campaign:
    """The campaign, if the caller sees its owner or any union that received its money."""
    campaign = Campaign.objects.select_related("owner").filter(pk=campaign_id).first()
    if campaign is None or not (
            path_visible(actor, campaign.owner.path)
            or visible(Allocation.objects.filter(campaign=campaign), actor).exists()):
        raise Http404
    return campaign


def allocation_list(*, actor, campaign_id: int | None = None, org_id: int | None = None,
                    sort: str = "-made") -> QuerySet[Allocation]:
    qs = visible(Allocation.objects.select_related("campaign", "from_org", "to_org",
                                                   "created_by"), actor)
    if campaign_id is not None:
        qs = qs.filter(campaign_id=campaign_id)
    if org_id is not None:
        org = org_get(actor=actor, org_id=org_id)
        qs = qs.filter(Q(to_org=org) | Q(from_org=org))
    return qs.order_by("created_at" if sort == "made" else "-created_at", "-id")


def allocation_get(*, actor, allocation_id: int) -> Allocation:
    return get_visible_or_404(Allocation.objects.select_related("campaign", "from_org",
                                                                "to_org"), actor,
                              pk=allocation_id)


def beneficiary_list(*, actor, campaign_id: int | None = None, q: str = "",
                     payer_id: int | None = None, unpaid: bool = False,
                     source: str = "", sort: str = "name") -> QuerySet[Beneficiary]:
    qs = visible(Beneficiary.objects.select_related("campaign", "person", "union", "payer",
                                                    "file"), actor)
    if campaign_id is not None:
        qs = qs.filter(campaign_id=campaign_id)
    if q.strip():
        qs = qs.filter(member_search_q(q))
    if payer_id is not None:
        qs = qs.filter(payer_id=payer_id)
    if source:
        qs = qs.filter(source=source)
    if unpaid:
        qs = qs.exclude(disbursements__status__in=[DisbursementStatus.PROPOSED,
                                                   DisbursementStatus.PAID])
    return qs.order_by(BENEFICIARY_SORTS.get(sort, "person__name_pinyin"), "id")


def beneficiary_get(*, actor, beneficiary_id: int) -> Beneficiary:
    return get_visible_or_404(Beneficiary.objects.select_related("campaign", "person", "union",
                                                                 "payer"), actor,
                              pk=beneficiary_id)


def disbursement_list(*, actor, campaign_id: int | None = None, q: str = "",
                      status: str = "", payer_id: int | None = None,
                      checked_from: date | None = None, checked_to: date | None = None,
                      sort: str = "-made") -> QuerySet[Disbursement]:
    qs = visible(Disbursement.objects.select_related("campaign", "person", "union", "payer",
                                                     "maker", "checker"), actor)
    if campaign_id is not None:
        qs = qs.filter(campaign_id=campaign_id)
    if q.strip():
        qs = qs.filter(member_search_q(q))
    if status:
        qs = qs.filter(status=status)
    if payer_id is not None:
        qs = qs.filter(payer_id=payer_id)
    if checked_from:
        qs = qs.filter(checked_at__date__gte=checked_from)
    if checked_to:
        qs = qs.filter(checked_at__date__lte=checked_to)
    return qs.order_by(DISBURSEMENT_SORTS.get(sort, "-made_at"), "-id")


def disbursement_get(*, actor, disbursement_id: int) -> Disbursement:
    return get_visible_or_404(Disbursement.objects.select_related(
        "campaign", "person", "union", "payer", "maker", "checker"), actor, pk=disbursement_id)


def my_disbursements(*, actor) -> QuerySet[Disbursement]:
    if not actor.is_authenticated:
        return Disbursement.objects.none()
    return (Disbursement.objects.select_related("campaign", "payer")
            .filter(person__user=actor, status__in=[DisbursementStatus.PAID,
                                                    DisbursementStatus.REVERSED])
            .order_by("-checked_at"))


# ---- reconciliation -----------------------------------------------------------------

FIGURES = ["budget", "allocated", "paid", "left", "pending"]


@dataclass
class ReconRow:
    org: Organization
    budget: int = 0  # money of the campaign this union received (or, the owner, its budget)
    allocated: int = 0  # sent on down the tree
    paid: int = 0  # paid to people, net of reversals
    left: int = 0  # still available
    pending: int = 0  # proposed payments waiting for the checker

    @property
    def balanced(self) -> bool:
        return self.budget == self.allocated + self.paid + self.left


def campaign_reconciliation(*, actor, campaign_id: int) -> tuple[list[ReconRow], ReconRow]:
    """Per union that holds money of the campaign (those the caller sees): budget,
    allocated, paid, left. The total row covers the owner's budget and everything
    paid and left anywhere under it that the caller sees."""
    campaign = campaign_get(actor=actor, campaign_id=campaign_id)
    accounts = visible(Account.objects.select_related("organization")
                       .filter(campaign=campaign), actor)
    rows: dict[int, ReconRow] = {}
    for account in accounts.order_by("organization__path"):
        row = rows.setdefault(account.organization_id, ReconRow(account.organization))
        if account.kind == AccountKind.BUDGET:
            row.budget = account.balance
        elif account.kind == AccountKind.ALLOCATED:
            row.allocated = account.balance
        elif account.kind == AccountKind.PAID:
            row.paid = account.balance
        elif account.kind == AccountKind.AVAILABLE:
            row.left = account.balance
    pending = (visible(Disbursement.objects.filter(campaign=campaign,
                                                   status=DisbursementStatus.PROPOSED), actor)
               .values("payer_id").annotate(total=Sum("amount")))
    for item in pending:
        if item["payer_id"] in rows:
            rows[item["payer_id"]].pending = item["total"]
    ordered = sorted(rows.values(), key=lambda r: r.org.path)
    total = ReconRow(campaign.owner)
    top = [r for r in ordered if not any(r.org.path.startswith(o.org.path) and r is not o
                                         for o in ordered)]
    total.budget = sum(r.budget for r in top)
    total.paid = sum(r.paid for r in ordered)
    total.left = sum(r.left for r in ordered)
    total.pending = sum(r.pending for r in ordered)
    total.allocated = sum(r.allocated for r in top)
    return ordered, total


def org_reconciliation(*, actor, org_id: int) -> list[tuple[Campaign, ReconRow]]:
    """One organization, every campaign it holds money of: budget, allocated, paid, left."""
    org = org_get(actor=actor, org_id=org_id)
    rows: dict[int, tuple[Campaign, ReconRow]] = {}
    field = {AccountKind.BUDGET: "budget", AccountKind.ALLOCATED: "allocated",
             AccountKind.PAID: "paid", AccountKind.AVAILABLE: "left"}
    for account in (Account.objects.select_related("campaign")
                    .filter(organization=org, campaign__isnull=False)
                    .order_by("-campaign__starts_on", "campaign_id")):
        _campaign, row = rows.setdefault(account.campaign_id,
                                         (account.campaign, ReconRow(org)))
        if account.kind in field:
            setattr(row, field[account.kind], account.balance)
    pending = (Disbursement.objects.filter(payer=org, status=DisbursementStatus.PROPOSED)
               .values("campaign_id").annotate(total=Sum("amount")))
    for item in pending:
        if item["campaign_id"] in rows:
            rows[item["campaign_id"]][1].pending = item["total"]
    return list(rows.values())


def reconciliation_records(*, actor, campaign_id: int, org_id: int, figure: str) -> QuerySet:
    """The records behind one figure of one union's row."""
    campaign = campaign_get(actor=actor, campaign_id=campaign_id)
    org = org_get(actor=actor, org_id=org_id)
    if figure == "budget":
        return allocation_list(actor=actor, campaign_id=campaign.pk).filter(to_org=org)
    if figure == "allocated":
        return allocation_list(actor=actor, campaign_id=campaign.pk).filter(from_org=org)
    if figure in ("paid", "pending"):
        status = DisbursementStatus.PAID if figure == "paid" else DisbursementStatus.PROPOSED
        return disbursement_list(actor=actor, campaign_id=campaign.pk, status=status,
                                 payer_id=org.pk)
    if figure == "left":
        return entry_list(actor=actor, org_id=org.pk, kind=AccountKind.AVAILABLE,
                          campaign_id=campaign.pk)
    raise Http404


def account_list(*, actor, org_id: int | None = None, campaign_id: int | None = None,
                 general: bool = False, kind: str = "") -> QuerySet[Account]:
    qs = visible(Account.objects.select_related("organization", "campaign"), actor)
    if org_id is not None:
        qs = qs.filter(organization=org_get(actor=actor, org_id=org_id))
    if campaign_id is not None:
        qs = qs.filter(campaign_id=campaign_id)
    if general:
        qs = qs.filter(campaign__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("organization__path", "campaign_id", "kind")


def account_get(*, actor, account_id: int) -> Account:
    return get_visible_or_404(Account.objects.select_related("organization", "campaign"),
                              actor, pk=account_id)


def entry_list(*, actor, account_id: int | None = None, org_id: int | None = None,
               kind: str = "", campaign_id: int | None = None,
               general: bool = False) -> QuerySet[Entry]:
    qs = visible(Entry.objects.select_related("posting", "account__organization",
                                              "account__campaign", "posting__actor"), actor)
    if account_id is not None:
        qs = qs.filter(account=account_get(actor=actor, account_id=account_id))
    if org_id is not None:
        qs = qs.filter(account__organization_id=org_get(actor=actor, org_id=org_id).pk)
    if kind:
        qs = qs.filter(account__kind=kind)
    if campaign_id is not None:
        qs = qs.filter(account__campaign_id=campaign_id)
    if general:
        qs = qs.filter(account__campaign__isnull=True)
    return qs.order_by("posting__created_at", "posting_id", "id")


def org_funds(*, actor, org_id: int) -> dict[str, int]:
    """An organization's general funds: available, dues income, grants in and out."""
    balances = {k: 0 for k in (AccountKind.AVAILABLE, AccountKind.DUES, AccountKind.GRANTS_IN,
                               AccountKind.GRANTS_OUT)}
    for account in account_list(actor=actor, org_id=org_id, general=True):
        balances[account.kind] = account.balance
    return {str(k): v for k, v in balances.items()}


def grant_batch_list(*, actor) -> QuerySet[GrantBatch]:
    return visible(GrantBatch.objects.select_related("from_org", "created_by"), actor)


def grant_list(*, actor, batch_id: int | None = None) -> QuerySet[Grant]:
    qs = visible(Grant.objects.select_related("batch__from_org", "to_org"), actor)
    return qs.filter(batch_id=batch_id) if batch_id is not None else qs


def receipt_list(*, actor, org_id: int | None = None) -> QuerySet[FundReceipt]:
    qs = visible(FundReceipt.objects.select_related("organization", "created_by"), actor)
    return qs.filter(organization_id=org_id) if org_id is not None else qs


def may_pay(actor, org: Organization) -> bool:
    return path_visible(actor, org.path, write=True)
