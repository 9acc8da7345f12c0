"""Every read of campaigns, payments and the ledger, scoped to the caller's subtree.

A campaign is seen by its owner's subtree and by every union that received money of it
(and those above that union); its allocations, beneficiaries and payments are seen
where their union lies.
"""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.accounts.selectors import with_signatures
from gonghui.core.errors import ServiceError
from gonghui.core.scoping import get_visible_or_404
from gonghui.members.selectors import member_search_q
from gonghui.orgs.models import Organization
from gonghui.orgs.selectors import org_get

from .models import (
    Account,
    AccountKind,
    Allocation,
    AllocationProposal,
    Beneficiary,
    Campaign,
    Disbursement,
    DisbursementStatus,
    Entry,
    FundReceipt,
    Grant,
    GrantBatch,
    PostingKind,
    ProposalStatus,
)

DISBURSEMENT_SORTS = {
    "made": "made_at",
    "-made": "-made_at",
    "name": "person__name_pinyin",
    "amount": "amount",
    "-amount": "-amount",
    "checked": "checked_at",
    "-checked": "-checked_at",
}
BENEFICIARY_SORTS = {
    "name": "person__name_pinyin",
    "-name": "-person__name_pinyin",
    "amount": "amount",
    "-amount": "-amount",
    "added": "added_at",
    "-added": "-added_at",
}
# The years a date can have (datetime.MINYEAR..MAXYEAR): a filter outside them fails in
# the database's date functions.
YEAR_MIN, YEAR_MAX = 1, 9999

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _Entries(TypedDict):
        from_entries: int | None

    AccountWithEntries = WithAnnotations[Account, _Entries]


def campaigns_visible(actor: User) -> QuerySet[Campaign]:
    """Campaigns of the actor's subtrees and those a union of theirs received money of."""
    owned = Campaign.objects.visible_to(actor).values("pk")
    received = Allocation.objects.visible_to(actor).values("campaign_id")
    return Campaign.objects.filter(Q(pk__in=owned) | Q(pk__in=received))


def year_param(value: str | None) -> int | None:
    """A year typed into a filter: none if blank; refused unless a date can have it."""
    value = (value or "").strip()
    year = int(value) if value.isascii() and value.isdigit() else None
    if value and (year is None or not YEAR_MIN <= year <= YEAR_MAX):
        raise ServiceError(
            _("Enter a year from %(min)s to %(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX},
            field="year",
        )
    return year


def campaign_list(
    *,
    actor: User,
    q: str = "",
    kind: str = "",
    status: str = "",
    year: int | None = None,
) -> QuerySet[Campaign]:
    """The campaigns the actor sees that match the filters, unsorted (lists.CAMPAIGNS
    sorts them)."""
    if year is not None:
        year_param(str(year))
    qs = campaigns_visible(actor).select_related("owner")
    if q.strip():
        qs = qs.filter(name__icontains=q.strip())
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if year is not None:
        qs = qs.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    return qs


def campaign_get(*, actor: User, campaign_id: int) -> Campaign:
    """The campaign, if the caller sees its owner or any union that received its money."""
    campaign = campaigns_visible(actor).select_related("owner").filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404
    return campaign


def allocation_list(
    *, actor: User, campaign_id: int | None = None, org_id: int | None = None, sort: str = "-made"
) -> QuerySet[Allocation]:
    qs = with_signatures(
        Allocation.objects.visible_to(actor).select_related("campaign", "from_org", "to_org"),
        "created_by",
    )
    if campaign_id is not None:
        qs = qs.filter(campaign_id=campaign_id)
    if org_id is not None:
        org = org_get(actor=actor, org_id=org_id)
        qs = qs.filter(Q(to_org=org) | Q(from_org=org))
    return qs.order_by("created_at" if sort == "made" else "-created_at", "-id")


def allocation_get(*, actor: User, allocation_id: int) -> Allocation:
    return get_visible_or_404(
        Allocation.objects.select_related("campaign", "from_org", "to_org"), actor, pk=allocation_id
    )


def beneficiary_list(
    *,
    actor: User,
    campaign_id: int | None = None,
    q: str = "",
    payer_id: int | None = None,
    unpaid: bool = False,
    source: str = "",
    sort: str = "name",
) -> QuerySet[Beneficiary]:
    qs = Beneficiary.objects.visible_to(actor).select_related(
        "campaign", "person", "union", "payer", "file"
    )
    if campaign_id is not None:
        qs = qs.filter(campaign_id=campaign_id)
    if q.strip():
        qs = qs.filter(member_search_q(q))
    if payer_id is not None:
        qs = qs.filter(payer_id=payer_id)
    if source:
        qs = qs.filter(source=source)
    if unpaid:
        qs = qs.exclude(
            disbursements__status__in=[DisbursementStatus.PROPOSED, DisbursementStatus.PAID]
        )
    return qs.order_by(BENEFICIARY_SORTS.get(sort, "person__name_pinyin"), "id")


def beneficiary_get(*, actor: User, beneficiary_id: int) -> Beneficiary:
    return get_visible_or_404(
        Beneficiary.objects.select_related("campaign", "person", "union", "payer"),
        actor,
        pk=beneficiary_id,
    )


def disbursement_list(
    *,
    actor: User,
    campaign_id: int | None = None,
    q: str = "",
    status: str = "",
    payer_id: int | None = None,
    checked_from: date | None = None,
    checked_to: date | None = None,
    sort: str = "-made",
) -> QuerySet[Disbursement]:
    qs = with_signatures(
        Disbursement.objects.visible_to(actor).select_related(
            "campaign", "person", "union", "payer"
        ),
        "maker",
        "checker",
    )
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


def payments_to_check(*, actor: User) -> QuerySet[Disbursement]:
    """Proposed payments this actor may approve: their union pays, someone else proposed."""
    paths = actor.writable_paths() if actor.is_authenticated else []
    payer = Q(pk__in=[])
    for p in paths:
        payer |= Q(payer__path__startswith=p)
    return (
        Disbursement.objects.visible_to(actor, write=True)
        .filter(payer, status=DisbursementStatus.PROPOSED)
        .exclude(maker=actor)
    )


def _writes_q(actor: User, field: str) -> Q:
    q = Q(pk__in=[])
    for p in actor.writable_paths() if actor.is_authenticated else []:
        q |= Q(**{f"{field}__startswith": p})
    return q


def proposal_list(
    *,
    actor: User,
    campaign_id: int | None = None,
    status: str = "",
    waiting_for_me: bool = False,
) -> QuerySet[AllocationProposal]:
    qs = with_signatures(
        AllocationProposal.objects.visible_to(actor).select_related(
            "campaign", "from_org", "to_org"
        ),
        "maker",
        "checker",
    )
    if campaign_id is not None:
        qs = qs.filter(campaign_id=campaign_id)
    if status:
        qs = qs.filter(status=status)
    if waiting_for_me:
        qs = qs.filter(_writes_q(actor, "from_org__path"), status=ProposalStatus.PROPOSED).exclude(
            maker=actor
        )
    return qs.order_by("made_at", "id")


def proposal_get(*, actor: User, proposal_id: int) -> AllocationProposal:
    return get_visible_or_404(
        AllocationProposal.objects.select_related("campaign", "from_org", "to_org"),
        actor,
        pk=proposal_id,
    )


def allocations_to_check(*, actor: User) -> QuerySet[AllocationProposal]:
    """Allocations above the campaign's threshold that this actor's union sends and someone
    else proposed: the second person's step."""
    return proposal_list(actor=actor, waiting_for_me=True)


def waiting_by_campaign(*, actor: User) -> list[tuple[Campaign, int]]:
    """The campaigns with payments waiting for this actor's check, with how many each."""
    counts = dict(
        payments_to_check(actor=actor)
        .order_by()
        .values("campaign")
        .annotate(n=Count("id"))
        .values_list("campaign", "n")
    )
    campaigns = Campaign.objects.filter(pk__in=counts).order_by("-starts_on", "-id")
    return [(c, counts[c.pk]) for c in campaigns]


def disbursement_get(*, actor: User, disbursement_id: int) -> Disbursement:
    return get_visible_or_404(
        Disbursement.objects.select_related(
            "campaign", "person", "union", "payer", "maker", "checker"
        ),
        actor,
        pk=disbursement_id,
    )


def my_disbursements(*, actor: User) -> QuerySet[Disbursement]:
    return (
        Disbursement.objects.select_related("campaign", "payer")
        .filter(
            person__user=actor, status__in=[DisbursementStatus.PAID, DisbursementStatus.REVERSED]
        )
        .order_by("-checked_at")
    )


# ---- reconciliation -----------------------------------------------------------------

FIGURES = ["budget", "allocated", "paid", "left", "pending"]
_FIGURE_OF_KIND: dict[str, str] = {
    AccountKind.BUDGET: "budget",
    AccountKind.ALLOCATED: "allocated",
    AccountKind.PAID: "paid",
    AccountKind.AVAILABLE: "left",
}


@dataclass
class ReconRow:
    org: Organization
    budget: int = 0  # money of the campaign this union received (or, the owner, its budget)
    allocated: int = 0  # sent on down the tree
    paid: int = 0  # paid to people, net of reversals
    left: int = 0  # still available
    pending: int = 0  # proposed payments waiting for the checker
    # How far the balances stored on the accounts depart from their entries (fen, summed
    # over the accounts): not zero means a balance was changed outside the ledger.
    difference: int = 0

    @property
    def balanced(self) -> bool:
        return self.budget == self.allocated + self.paid + self.left and not self.difference

    def add(self, account: "AccountWithEntries") -> None:
        """One account, as its entries make it (annotated `from_entries`, see
        _with_entries); the stored balance is only compared, never trusted."""
        from_entries = account.sign * (account.from_entries or 0)
        self.difference += abs(account.balance - from_entries)
        if account.kind in _FIGURE_OF_KIND:
            figure = _FIGURE_OF_KIND[account.kind]
            setattr(self, figure, getattr(self, figure) + from_entries)


def _with_entries(accounts: QuerySet[Account]) -> "QuerySet[AccountWithEntries]":
    # The figures are recomputed from the append-only entries: a stored balance changed
    # by hand shows as a difference instead of passing for the truth.
    return accounts.annotate(from_entries=Sum("entries__amount"))


def campaign_reconciliation(*, actor: User, campaign_id: int) -> tuple[list[ReconRow], ReconRow]:
    """Per union that holds money of the campaign (those the caller sees): budget,
    allocated, paid, left, from the ledger's entries. The total row is the money that
    came into the unions shown (the owner's budget, or what was allocated to the top
    unions the caller sees), what left them for unions not shown (none, in a subtree),
    and everything paid and left among them: allocations between two unions shown are
    inside the total, on neither side of it."""
    campaign = campaign_get(actor=actor, campaign_id=campaign_id)
    accounts = _with_entries(
        Account.objects.visible_to(actor).select_related("organization").filter(campaign=campaign)
    )
    rows: dict[int, ReconRow] = {}
    for account in accounts.order_by("organization__path"):
        rows.setdefault(account.organization_id, ReconRow(account.organization)).add(account)
    pending = (
        Disbursement.objects.visible_to(actor)
        .filter(campaign=campaign, status=DisbursementStatus.PROPOSED)
        .values("payer_id")
        .annotate(total=Sum("amount"))
    )
    for item in pending:
        if item["payer_id"] in rows:
            rows[item["payer_id"]].pending = item["total"]
    ordered = sorted(rows.values(), key=lambda r: r.org.path)
    # Allocations from one union shown to another, from their entries: the receiver's
    # budget leg of an allocation posted by a union shown.
    inside = -(
        Entry.objects.filter(
            account__campaign=campaign,
            account__kind=AccountKind.BUDGET,
            account__organization_id__in=rows.keys(),
            posting__kind=PostingKind.ALLOCATION,
            posting__organization_id__in=rows.keys(),
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )
    total = ReconRow(campaign.owner)
    for row in ordered:
        for figure in ("budget", "allocated", "paid", "left", "pending", "difference"):
            setattr(total, figure, getattr(total, figure) + getattr(row, figure))
    total.budget -= inside
    total.allocated -= inside
    return ordered, total


def org_reconciliation(*, actor: User, org_id: int) -> list[tuple[Campaign, ReconRow]]:
    """One organization, every campaign it holds money of: budget, allocated, paid, left,
    from the ledger's entries."""
    org = org_get(actor=actor, org_id=org_id)
    rows: dict[int, tuple[Campaign, ReconRow]] = {}
    for account in _with_entries(
        Account.objects.visible_to(actor)
        .select_related("campaign")
        .filter(organization=org, campaign__isnull=False)
        .order_by("-campaign__starts_on", "campaign_id")
    ):
        campaign = account.campaign
        assert campaign is not None  # campaign__isnull=False
        _campaign, row = rows.setdefault(campaign.pk, (campaign, ReconRow(org)))
        row.add(account)
    pending = (
        Disbursement.objects.visible_to(actor)
        .filter(payer=org, status=DisbursementStatus.PROPOSED)
        .values("campaign_id")
        .annotate(total=Sum("amount"))
    )
    for item in pending:
        if item["campaign_id"] in rows:
            rows[item["campaign_id"]][1].pending = item["total"]
    return list(rows.values())


def reconciliation_records(*, actor: User, campaign_id: int, org_id: int, figure: str) -> QuerySet:
    """The records behind one figure of one union's row."""
    campaign = campaign_get(actor=actor, campaign_id=campaign_id)
    org = org_get(actor=actor, org_id=org_id)
    if figure == "budget":
        return allocation_list(actor=actor, campaign_id=campaign.pk).filter(to_org=org)
    if figure == "allocated":
        return allocation_list(actor=actor, campaign_id=campaign.pk).filter(from_org=org)
    if figure in ("paid", "pending"):
        status = DisbursementStatus.PAID if figure == "paid" else DisbursementStatus.PROPOSED
        return disbursement_list(
            actor=actor, campaign_id=campaign.pk, status=status, payer_id=org.pk
        )
    if figure == "left":
        return entry_list(
            actor=actor, org_id=org.pk, kind=AccountKind.AVAILABLE, campaign_id=campaign.pk
        )
    raise Http404


def account_list(
    *,
    actor: User,
    org_id: int | None = None,
    campaign_id: int | None = None,
    general: bool = False,
    kind: str = "",
) -> QuerySet[Account]:
    qs = Account.objects.visible_to(actor).select_related("organization", "campaign")
    if org_id is not None:
        qs = qs.filter(organization=org_get(actor=actor, org_id=org_id))
    if campaign_id is not None:
        qs = qs.filter(campaign_id=campaign_id)
    if general:
        qs = qs.filter(campaign__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("organization__path", "campaign_id", "kind")


def account_get(*, actor: User, account_id: int) -> Account:
    return get_visible_or_404(
        Account.objects.select_related("organization", "campaign"), actor, pk=account_id
    )


def entry_list(
    *,
    actor: User,
    account_id: int | None = None,
    org_id: int | None = None,
    kind: str = "",
    campaign_id: int | None = None,
    general: bool = False,
) -> QuerySet[Entry]:
    qs = Entry.objects.visible_to(actor).select_related(
        "posting", "account__organization", "account__campaign", "posting__actor"
    )
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


def org_funds(*, actor: User, org_id: int) -> dict[str, int]:
    """An organization's general funds: available, dues income, grants in and out."""
    balances: dict[str, int] = {
        k: 0
        for k in (
            AccountKind.AVAILABLE,
            AccountKind.DUES,
            AccountKind.GRANTS_IN,
            AccountKind.GRANTS_OUT,
        )
    }
    for account in account_list(actor=actor, org_id=org_id, general=True):
        balances[account.kind] = account.balance
    return {str(k): v for k, v in balances.items()}


def grant_batch_list(*, actor: User) -> QuerySet[GrantBatch]:
    return GrantBatch.objects.visible_to(actor).select_related("from_org", "created_by")


def grant_list(*, actor: User, batch_id: int | None = None) -> QuerySet[Grant]:
    qs = Grant.objects.visible_to(actor).select_related("batch__from_org", "to_org")
    return qs.filter(batch_id=batch_id) if batch_id is not None else qs


def receipt_list(*, actor: User, org_id: int | None = None) -> QuerySet[FundReceipt]:
    qs = FundReceipt.objects.visible_to(actor).select_related("organization", "created_by")
    return qs.filter(organization_id=org_id) if org_id is not None else qs
