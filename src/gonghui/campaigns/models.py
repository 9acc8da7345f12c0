"""Campaigns (送温暖, 送清凉, 金秋助学), their budgets sent down the tree, beneficiaries and
payments; and the double-entry ledger every movement of money is written to.

The ledger: each organization has accounts (per campaign, or for its general funds).
A posting moves money between accounts in legs that sum to zero; an account's balance,
kept on its row and changed only under a row lock, never goes below zero. Postings and
their entries are never changed: a reversal is a new posting.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.models import AppendOnlyModel
from gonghui.core.scoping import ScopedManager


class CampaignKind(models.TextChoices):
    WINTER = "winter", _("winter warmth")
    SUMMER = "summer", _("summer cooling")
    SCHOOL = "school", _("autumn school aid")
    OTHER = "other", _("other campaign")


class CampaignStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("campaign status", "open")
    CLOSED = "closed", pgettext_lazy("campaign status", "closed")


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=8, choices=CampaignKind.choices, db_index=True)
    owner = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("owning federation")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    # The owner's budget in fen: the sum of its budget allocations (kept in step with them).
    budget = models.BigIntegerField(_("budget (fen)"), default=0)
    status = models.CharField(
        _("status"), max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    description = models.CharField(_("description"), max_length=500, blank=True)
    # An allocation of more than this (fen) waits for a second person of the sending union;
    # none: every allocation goes out at once.
    allocation_threshold = models.BigIntegerField(
        _("allocations above this need a second person (fen)"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # Seen by the owner's subtree; unions that received money see it through their
    # allocation (campaigns.selectors.campaign_list).
    scope_path_field = "owner__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="campaigns_period_order"
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="campaigns_budget_positive"),
        ]

    def __str__(self):
        return self.name


class Allocation(models.Model):
    """Money of a campaign received by `to_org`: from its parent in the tree, or (with no
    `from_org`) the owner's own budget."""

    campaign = models.ForeignKey(
        Campaign, models.PROTECT, related_name="allocations", verbose_name=_("campaign")
    )
    from_org = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("transfer", "from"),
    )
    to_org = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("transfer", "to"),
    )
    amount = models.BigIntegerField(_("amount (fen)"))
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    posting = models.OneToOneField(
        "Posting", models.PROTECT, related_name="allocation", verbose_name=_("posting")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("made by")
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True, db_index=True)

    # The receiving union and everyone above it (the sender included) see it.
    scope_path_field = "to_org__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="campaigns_allocation_positive")
        ]

    def __str__(self):
        return f"{self.campaign}: {self.from_org or '—'} → {self.to_org}"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed, waiting for the second person")
    APPROVED = "approved", _("approved and allocated")
    REJECTED = "rejected", _("rejected")


class AllocationProposal(models.Model):
    """An allocation above the campaign's threshold: proposed by a maker of the sending
    union, sent (an Allocation with its posting) when a different person approves it."""

    campaign = models.ForeignKey(
        Campaign, models.PROTECT, related_name="proposals", verbose_name=_("campaign")
    )
    from_org = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("transfer", "from"),
    )
    to_org = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("transfer", "to"),
    )
    amount = models.BigIntegerField(_("amount (fen)"))
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
        db_index=True,
    )
    maker = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("maker")
    )
    made_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checker"),
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    reject_reason = models.CharField(_("reason for rejecting"), max_length=300, blank=True)
    allocation = models.OneToOneField(
        Allocation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("allocation"),
    )

    # As an allocation: the receiving union and everyone above it (the sender included).
    scope_path_field = "to_org__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("allocation proposal")
        verbose_name_plural = _("allocation proposals")
        ordering = ["-made_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="campaigns_proposal_positive"),
            models.CheckConstraint(
                condition=Q(checker__isnull=True) | ~Q(checker=F("maker")),
                name="campaigns_proposal_four_eyes",
            ),
        ]

    def __str__(self):
        return f"{self.campaign}: {self.from_org} → {self.to_org} ({self.amount})"


class BeneficiarySource(models.TextChoices):
    RULE = "rule", _("picked by rule")
    HAND = "hand", _("added by hand")
    APPLICATION = "application", _("approved application")


class Beneficiary(models.Model):
    campaign = models.ForeignKey(
        Campaign, models.PROTECT, related_name="beneficiaries", verbose_name=_("campaign")
    )
    person = models.ForeignKey(
        "members.Person", models.PROTECT, related_name="+", verbose_name=_("person")
    )
    file = models.ForeignKey(
        "assistance.HardshipFile",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("needy-worker file"),
    )
    application = models.ForeignKey(
        "assistance.AidApplication",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("application"),
    )
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    payer = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("paying union")
    )
    amount = models.BigIntegerField(_("planned amount (fen)"))
    source = models.CharField(_("source"), max_length=12, choices=BeneficiarySource.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person"], name="campaigns_one_listing_per_person"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="campaigns_beneficiary_amount_positive"
            ),
        ]

    def __str__(self):
        return f"{self.campaign}: {self.person}"


class DisbursementStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed, waiting for the checker")
    PAID = "paid", _("paid")
    REJECTED = "rejected", _("rejected by the checker")
    REVERSED = "reversed", _("reversed")


# Statuses that hold a person's one payment in a campaign.
HOLDING = [DisbursementStatus.PROPOSED.value, DisbursementStatus.PAID.value]


class Disbursement(models.Model):
    """One payment to one person: proposed by a maker, paid when a different checker
    approves. The amount and posting of a payment never change; a reversal is a new
    Reversal row with its own opposite posting."""

    campaign = models.ForeignKey(
        Campaign, models.PROTECT, related_name="disbursements", verbose_name=_("campaign")
    )
    beneficiary = models.ForeignKey(
        Beneficiary, models.PROTECT, related_name="disbursements", verbose_name=_("beneficiary")
    )
    person = models.ForeignKey(
        "members.Person", models.PROTECT, related_name="+", verbose_name=_("person")
    )
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    payer = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("paying union")
    )
    application = models.ForeignKey(
        "assistance.AidApplication",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="disbursements",
        verbose_name=_("application"),
    )
    tier = models.CharField(_("tier when paid"), max_length=12, blank=True)
    amount = models.BigIntegerField(_("amount (fen)"))
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, unique=True)
    request_hash = models.CharField(_("request fingerprint"), max_length=64)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DisbursementStatus.choices,
        default=DisbursementStatus.PROPOSED,
        db_index=True,
    )
    maker = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("maker")
    )
    made_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checker"),
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True, db_index=True)
    reject_reason = models.CharField(_("reason for rejecting"), max_length=300, blank=True)
    posting = models.OneToOneField(
        "Posting",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="disbursement",
        verbose_name=_("posting"),
    )

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["-made_at", "-id"]
        constraints = [
            # One person is paid at most once per campaign (a reversed or rejected
            # payment frees the place).
            models.UniqueConstraint(
                fields=["campaign", "person"],
                condition=Q(status__in=HOLDING),
                name="campaigns_pay_once",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="campaigns_disbursement_positive"
            ),
            # Maker and checker are two people.
            models.CheckConstraint(
                condition=Q(checker__isnull=True) | ~Q(checker=F("maker")),
                name="campaigns_four_eyes",
            ),
        ]

    def __str__(self):
        return f"{self.campaign}: {self.person} {self.amount}"


class Reversal(models.Model):
    disbursement = models.OneToOneField(
        Disbursement, models.PROTECT, related_name="reversal", verbose_name=_("payment")
    )
    reason = models.CharField(_("reason"), max_length=300)
    posting = models.OneToOneField(
        "Posting", models.PROTECT, related_name="reversal", verbose_name=_("posting")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("reversed by")
    )
    created_at = models.DateTimeField(_("reversed at"), auto_now_add=True)

    scope_path_field = "disbursement__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("reversal")
        verbose_name_plural = _("reversals")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.disbursement} ↩"


# ---- the ledger ---------------------------------------------------------------------


class AccountKind(models.TextChoices):
    AVAILABLE = "available", _("available")
    BUDGET = "budget", _("budget received")
    ALLOCATED = "allocated", _("allocated down")
    PAID = "paid", _("paid out")
    DUES = "dues", _("dues income")
    GRANTS_IN = "grants_in", _("grants received")
    GRANTS_OUT = "grants_out", _("grants given")


# Debit-normal accounts grow with debits; credit-normal ones (where money comes from)
# grow with credits. Entries are signed: debit positive, credit negative.
CREDIT_NORMAL = {AccountKind.BUDGET.value, AccountKind.DUES.value, AccountKind.GRANTS_IN.value}

# Every capability that moves money posts on this one ledger. Those other than campaigns
# (finance, welfare, honours …) add their account and posting kinds through
# `ledger.register_account_kind` / `register_posting_kind` from their AppConfig.ready, so
# the choices below are callables and a new kind needs no migration here.
ACCOUNT_KINDS: dict[str, str | Promise] = dict(AccountKind.choices)
POSTING_KINDS: dict[str, str | Promise] = {}


def account_kind_choices() -> list[tuple[str, str | Promise]]:
    return list(ACCOUNT_KINDS.items())


def posting_kind_choices() -> list[tuple[str, str | Promise]]:
    return list(POSTING_KINDS.items())


class Account(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="ledger_accounts",
        verbose_name=_("organization"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=account_kind_choices)
    campaign = models.ForeignKey(
        Campaign,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        verbose_name=_("campaign"),
    )
    balance = models.BigIntegerField(_("balance (fen)"), default=0)

    scope_path_field = "organization__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        ordering = ["organization", "campaign", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "campaign"],
                condition=Q(campaign__isnull=False),
                name="campaigns_account_unique",
            ),
            models.UniqueConstraint(
                fields=["organization", "kind"],
                condition=Q(campaign__isnull=True),
                name="campaigns_fund_account_unique",
            ),
            models.CheckConstraint(
                condition=Q(balance__gte=0), name="campaigns_account_not_negative"
            ),
        ]

    def __str__(self):
        where = self.campaign.name if self.campaign else _("general funds")
        return f"{self.organization} · {where} · {self.get_kind_display()}"

    @property
    def sign(self) -> int:
        return -1 if self.kind in CREDIT_NORMAL else 1


class PostingKind(models.TextChoices):
    BUDGET = "budget", _("campaign budget")
    ALLOCATION = "allocation", _("allocation down the tree")
    PAYMENT = "payment", _("payment to a person")
    REVERSAL = "reversal", _("reversal of a payment")
    RECEIPT = "receipt", _("funds received")
    GRANT = "grant", _("grant to a lower union")


POSTING_KINDS.update(PostingKind.choices)


class Posting(AppendOnlyModel):
    kind = models.CharField(_("kind"), max_length=24, choices=posting_kind_choices)
    campaign = models.ForeignKey(
        Campaign,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="postings",
        verbose_name=_("campaign"),
    )
    organization = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("posted by union")
    )
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True, db_index=True)

    scope_path_field = "organization__path"

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()} {self.memo}"


class Entry(AppendOnlyModel):
    posting = models.ForeignKey(
        Posting, models.PROTECT, related_name="entries", verbose_name=_("posting")
    )
    account = models.ForeignKey(
        Account, models.PROTECT, related_name="entries", verbose_name=_("account")
    )
    amount = models.BigIntegerField(_("amount (fen, debit positive)"))

    scope_path_field = "account__organization__path"

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["posting_id", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="campaigns_entry_not_zero")
        ]

    def __str__(self):
        return f"{self.account}: {self.amount}"


class ReceiptSource(models.TextChoices):
    DUES = "dues", _("dues income")
    GRANT = "grant", _("grant from outside the tree")


class FundReceipt(models.Model):
    """Money coming into an organization's general funds: dues, or a grant from outside."""

    organization = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    source = models.CharField(_("source"), max_length=8, choices=ReceiptSource.choices)
    amount = models.BigIntegerField(_("amount (fen)"))
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    posting = models.OneToOneField(
        Posting, models.PROTECT, related_name="receipt", verbose_name=_("posting")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    scope_path_field = "organization__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("funds received")
        verbose_name_plural = _("funds received")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="campaigns_receipt_positive")
        ]

    def __str__(self):
        return f"{self.organization} +{self.amount}"


class GrantBatch(models.Model):
    """One decision granting the same sum to many lower unions (e.g. 10万元 to each of
    56 county unions)."""

    from_org = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("granting federation")
    )
    amount_each = models.BigIntegerField(_("amount to each (fen)"))
    count = models.PositiveIntegerField(_("unions"))
    memo = models.CharField(_("memo"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("made by")
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True, db_index=True)

    scope_path_field = "from_org__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("grant batch")
        verbose_name_plural = _("grant batches")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.from_org}: {self.memo}"


class Grant(models.Model):
    batch = models.ForeignKey(
        GrantBatch, models.PROTECT, related_name="grants", verbose_name=_("batch")
    )
    to_org = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("transfer", "to"),
    )
    amount = models.BigIntegerField(_("amount (fen)"))
    posting = models.OneToOneField(
        Posting, models.PROTECT, related_name="grant", verbose_name=_("posting")
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True, db_index=True)

    scope_path_field = "to_org__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["batch", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="campaigns_grant_positive")
        ]

    def __str__(self):
        return f"{self.batch.memo} → {self.to_org}"
