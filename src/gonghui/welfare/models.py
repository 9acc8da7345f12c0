"""Member welfare (seeds 002 and 004 §3): mutual medical insurance (职工医疗互助保障),
health programs, mental health and rest and recuperation (疗休养).

Mutual insurance: a federation runs a plan for a year, with a premium per member and a
cover per kind (hospitalisation, serious illness, accident, women's special cover), each
with its rules (deductible, ratio, cap per year). A union enrols its members in bulk from
the register and its premiums go on the ledger into the plan's fund; a federation may pay
the premium of gig-worker members itself (free cover for them). A member files a claim on
the phone with documents (sealed); a reviewer computes the payout from the rules, a
different person pays it, once, from the fund on the ledger.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.money import yuan
from gonghui.core.scoping import ScopedManager


class CoverKind(models.TextChoices):
    HOSPITAL = "hospital", _("hospitalisation")  # 住院医疗
    SERIOUS = "serious", _("serious illness")  # 重大疾病
    ACCIDENT = "accident", _("accidental injury")  # 意外伤害
    WOMEN = "women", _("women's special cover")  # 女职工特殊疾病


class Plan(models.Model):
    """One year of a federation's mutual medical insurance: 2022年辽宁省职工医疗互助保障."""

    owner = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("federation")
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    name = models.CharField(_("name"), max_length=100)
    premium = models.BigIntegerField(_("premium per member (fen)"))
    # The federation pays the premium of its gig-worker members (free cover for them).
    free_for_gig = models.BooleanField(_("free for gig workers"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "owner__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("mutual insurance plan")
        verbose_name_plural = _("mutual insurance plans")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "year", "name"], name="welfare_plan_unique"),
            models.CheckConstraint(condition=Q(premium__gt=0), name="welfare_plan_premium"),
        ]

    def __str__(self):
        return self.name

    @property
    def premium_yuan(self) -> str:
        return yuan(self.premium)


class Cover(models.Model):
    """What a plan pays for one kind: (bills − deductible) × ratio, at most the cap a
    year for each member."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="covers", verbose_name=_("plan"))
    kind = models.CharField(_("kind"), max_length=10, choices=CoverKind.choices)
    deductible = models.BigIntegerField(_("deductible (fen)"), default=0)
    ratio_percent = models.PositiveSmallIntegerField(_("ratio paid (per cent)"))
    cap_per_year = models.BigIntegerField(_("cap per member and year (fen)"))

    scope_path_field = "plan__owner__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("cover")
        verbose_name_plural = _("covers")
        ordering = ["plan", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], name="welfare_cover_unique"),
            models.CheckConstraint(
                condition=Q(ratio_percent__gte=1, ratio_percent__lte=100),
                name="welfare_cover_ratio",
            ),
            models.CheckConstraint(
                condition=Q(deductible__gte=0, cap_per_year__gt=0), name="welfare_cover_amounts"
            ),
        ]

    def __str__(self):
        return f"{self.plan} · {self.get_kind_display()}"

    @property
    def deductible_yuan(self) -> str:
        return yuan(self.deductible)

    @property
    def cap_yuan(self) -> str:
        return yuan(self.cap_per_year)

    def payout(self, bills: int, paid_this_year: int) -> int:
        """The payout for bills of `bills` fen, when `paid_this_year` was already paid to
        the member under this cover: whole fen, rounded down."""
        due = max(0, bills - self.deductible) * self.ratio_percent // 100
        return max(0, min(due, self.cap_per_year - paid_this_year))


class Enrolment(models.Model):
    """A member covered by a plan for its year, and who paid the premium."""

    plan = models.ForeignKey(
        Plan, models.PROTECT, related_name="enrolments", verbose_name=_("plan")
    )
    person = models.ForeignKey(
        "members.Person", models.PROTECT, related_name="+", verbose_name=_("member")
    )
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    payer = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("paid by")
    )
    free = models.BooleanField(_("free cover (paid by the federation)"), default=False)
    premium = models.BigIntegerField(_("premium (fen)"))
    posting = models.ForeignKey(
        "campaigns.Posting", models.PROTECT, related_name="+", verbose_name=_("posting")
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("enrolled by")
    )
    enrolled_on = models.DateField(_("enrolled on"), db_index=True)

    scope_path_field = "union__path"
    scope_owner_field = "person__user"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "person"], name="welfare_enrol_once"),
            models.CheckConstraint(condition=Q(premium__gt=0), name="welfare_enrol_premium"),
        ]

    def __str__(self):
        return f"{self.plan} · {self.person_id}"


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("claim status", "waiting for review")
    APPROVED = "approved", pgettext_lazy("claim status", "approved, waiting for payment")
    REJECTED = "rejected", pgettext_lazy("claim status", "not approved")
    PAID = "paid", pgettext_lazy("claim status", "paid")


class Claim(models.Model):
    """A member's claim on a cover: their bills, the illness (encrypted), the documents;
    the reviewer computes the payout, a different person pays it once."""

    enrolment = models.ForeignKey(
        Enrolment, models.PROTECT, related_name="claims", verbose_name=_("enrolment")
    )
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CoverKind.choices)
    incurred_on = models.DateField(_("treated on"))
    bills = models.BigIntegerField(_("bills (fen)"))
    illness_cipher = models.TextField(_("illness (encrypted)"), editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ClaimStatus.choices,
        default=ClaimStatus.SUBMITTED,
        db_index=True,
    )
    payout = models.BigIntegerField(_("payout (fen)"), default=0)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, unique=True)
    request_hash = models.CharField(_("request fingerprint"), max_length=64)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    submitted_at = models.DateTimeField(_("filed at"), auto_now_add=True, db_index=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paid by"),
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True, db_index=True)
    # The posting that paid the claim: its own, or its batch's (claims_pay_batch).
    posting = models.ForeignKey(
        "campaigns.Posting",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("posting"),
    )

    scope_path_field = "union__path"
    scope_owner_field = "enrolment__person__user"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(bills__gt=0), name="welfare_claim_bills"),
            models.CheckConstraint(condition=Q(payout__gte=0), name="welfare_claim_payout"),
            # Paid means posted, and posted means paid.
            models.CheckConstraint(
                condition=Q(status="paid", posting__isnull=False)
                | (~Q(status="paid") & Q(posting__isnull=True)),
                name="welfare_claim_paid_posted",
            ),
            # The one who approved the payout does not pay it.
            models.CheckConstraint(
                condition=Q(payer__isnull=True) | ~Q(payer=models.F("reviewer")),
                name="welfare_claim_four_eyes",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()} {self.incurred_on}"

    @property
    def bills_yuan(self) -> str:
        return yuan(self.bills)

    @property
    def payout_yuan(self) -> str:
        return yuan(self.payout)


def _document_path(instance, filename):
    import uuid

    return f"welfare/{uuid.uuid4().hex}.sealed"


class ClaimDocument(models.Model):
    """A bill, a discharge summary, a diagnosis: sealed at rest, each opening logged."""

    claim = models.ForeignKey(
        Claim, models.PROTECT, related_name="documents", verbose_name=_("claim")
    )
    upload = models.FileField(_("file"), upload_to=_document_path)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    scope_path_field = "claim__union__path"
    scope_owner_field = "claim__enrolment__person__user"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("claim document")
        verbose_name_plural = _("claim documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.name
