"""Needy-worker files (困难职工档案), consents, evidence, and aid applications with their
review chains.

Income, illness and bank accounts are sensitive personal information (PIPL art. 28):
stored only after a recorded consent for that purpose (art. 29), encrypted at rest
(core.crypto), shown masked, and every unmasked read is logged.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core import crypto
from gonghui.core.scoping import ScopedManager
from gonghui.orgs.models import OrgKind


class Tier(models.TextChoices):
    DEEP = "deep", _("deep hardship")
    RELATIVE = "relative", _("relative hardship")
    ACCIDENTAL = "accidental", _("hardship by accident")


class Cause(models.TextChoices):
    ILLNESS = "illness", _("illness")
    DISABILITY = "disability", _("disability")
    ACCIDENT = "accident", _("accident")
    UNEMPLOYMENT = "unemployment", _("unemployment")
    SCHOOL = "school", _("children in school")
    LOW_WAGE = "low_wage", _("low wages")
    DISASTER = "disaster", _("natural disaster")
    SINGLE_PARENT = "single_parent", _("single-parent family")
    OTHER = "other", _("other")


class FileStatus(models.TextChoices):
    OPEN = "open", _("in hardship")
    CLOSED = "closed", _("out of hardship")


class CloseReason(models.TextChoices):
    """Why a family left hardship (解困脱困)."""

    INCOME = "income", _("income above the hardship line")
    EMPLOYED = "employed", _("found work")
    RECOVERED = "recovered", _("recovered from illness")
    GRADUATED = "graduated", _("children finished school")
    MOVED = "moved", _("moved away or changed union")
    DIED = "died", _("the worker died")
    OTHER = "other", _("other")


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("spouse")
    CHILD = "child", _("child")
    PARENT = "parent", pgettext_lazy("family relation", "parent")
    SIBLING = "sibling", _("brother or sister")
    GRANDCHILD = "grandchild", _("grandchild")
    OTHER = "other", _("other relative")


class Condition(models.TextChoices):
    """A household member's situation; details of an illness go in the encrypted field."""

    WORKING = "working", _("working")
    STUDENT = "student", _("in school")
    UNEMPLOYED = "unemployed", _("unemployed")
    ILL = "ill", _("seriously ill")
    DISABLED = "disabled", _("disabled")
    ELDERLY = "elderly", _("elderly, not working")
    CHILD = "child", _("young child")
    OTHER = "other", _("other")


class ConsentMethod(models.TextChoices):
    PAPER = "paper", _("signed on paper")
    ONLINE = "online", _("agreed online")


class ConsentPurpose(models.TextChoices):
    ASSISTANCE = "assistance", _("needy-worker assistance: assessing, reviewing and paying aid")


class Consent(models.Model):
    """A separate consent to process sensitive personal information (PIPL art. 29)."""

    person = models.ForeignKey(
        "members.Person", models.PROTECT, related_name="aid_consents", verbose_name=_("person")
    )
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    purpose = models.CharField(
        _("purpose"),
        max_length=20,
        choices=ConsentPurpose.choices,
        default=ConsentPurpose.ASSISTANCE,
    )
    given_by = models.CharField(_("given by"), max_length=50)
    relation = models.CharField(_("relation to the worker"), max_length=20, default="self")
    method = models.CharField(_("how"), max_length=10, choices=ConsentMethod.choices)
    given_at = models.DateTimeField(_("given at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    scope_path_field = "union__path"
    scope_owner_field = "person__user"  # the worker withdraws their own consent
    objects = ScopedManager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-id"]

    def __str__(self):
        return f"{self.person} · {self.get_purpose_display()} · {self.given_at:%Y-%m-%d}"


class HardshipFile(models.Model):
    """A needy worker's family on file with the union that keeps it."""

    number = models.CharField(_("file number"), max_length=24, unique=True)
    person = models.ForeignKey(
        "members.Person", models.PROTECT, related_name="hardship_files", verbose_name=_("worker")
    )
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("keeping union")
    )
    tier = models.CharField(_("tier"), max_length=12, choices=Tier.choices, db_index=True)
    # ",illness,school," : a delimited list, filtered with a plain LIKE on any database.
    causes = models.CharField(_("causes"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=FileStatus.choices,
        default=FileStatus.OPEN,
        db_index=True,
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("left hardship on"), null=True, blank=True)
    close_reason = models.CharField(
        _("reason for leaving hardship"), max_length=12, choices=CloseReason.choices, blank=True
    )
    close_note = models.CharField(_("note on leaving"), max_length=300, blank=True)
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    next_review_due = models.DateField(_("next review due"), db_index=True)
    # A family back in hardship within three years of leaving it (返贫).
    returned = models.BooleanField(_("back in hardship within three years"), default=False)
    previous = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("earlier file"),
    )
    # Sensitive: encrypted, masked, reads logged. Only with a consent on record.
    income_cipher = models.TextField(
        _("monthly income per person (encrypted)"), blank=True, editable=False
    )
    illness_cipher = models.TextField(_("illness (encrypted)"), blank=True, editable=False)
    bank_cipher = models.TextField(_("bank account (encrypted)"), blank=True, editable=False)
    bank_last4 = models.CharField(
        _("bank account, last 4"), max_length=4, blank=True, editable=False
    )
    consent = models.ForeignKey(
        Consent, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("consent")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_field = "union__path"
    scope_owner_field = "person__user"  # the worker reads their own file
    objects = ScopedManager()

    class Meta:
        verbose_name = _("needy-worker file")
        verbose_name_plural = _("needy-worker files")
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="open"), name="assistance_one_open_file"
            ),
        ]
        indexes = [
            models.Index(fields=["union", "status"]),
            models.Index(fields=["status", "next_review_due"]),
            # The list's default sort walks it (core.lists: pages by key).
            models.Index(fields=["opened_on", "id"], name="assistance_file_opened_id"),
        ]

    def __str__(self):
        return f"{self.number} {self.person}"

    @property
    def cause_list(self) -> list[str]:
        return [c for c in self.causes.split(",") if c]

    def cause_labels(self) -> list[str]:
        labels = dict(Cause.choices)
        return [str(labels.get(c, c)) for c in self.cause_list]

    @property
    def bank_masked(self) -> str:
        return "**** **** **** " + self.bank_last4 if self.bank_cipher else ""

    @property
    def has_income(self) -> bool:
        return bool(self.income_cipher)

    @property
    def has_illness(self) -> bool:
        return bool(self.illness_cipher)


class HouseholdMember(models.Model):
    file = models.ForeignKey(
        HardshipFile, models.CASCADE, related_name="household", verbose_name=_("file")
    )
    name = models.CharField(_("name"), max_length=50)
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    age = models.PositiveSmallIntegerField(_("age"))
    condition = models.CharField(_("situation"), max_length=12, choices=Condition.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "file__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(age__lte=130), name="assistance_household_age")
        ]

    def __str__(self):
        return f"{crypto.person_name(self.name)} ({self.get_relation_display()})"


class ReviewOutcome(models.TextChoices):
    KEEP = "keep", _("still in hardship, same tier")
    RETIER = "retier", _("still in hardship, tier changed")


class FileReview(models.Model):
    """The yearly review of a file, so that no family falls back unnoticed (防止返贫)."""

    file = models.ForeignKey(
        HardshipFile, models.PROTECT, related_name="reviews", verbose_name=_("file")
    )
    reviewed_on = models.DateField(_("reviewed on"))
    outcome = models.CharField(_("outcome"), max_length=8, choices=ReviewOutcome.choices)
    tier_before = models.CharField(_("tier before"), max_length=12, choices=Tier.choices)
    tier_after = models.CharField(_("tier after"), max_length=12, choices=Tier.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("reviewer")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "file__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("file review")
        verbose_name_plural = _("file reviews")
        ordering = ["-reviewed_on", "-id"]

    def __str__(self):
        return f"{self.file} · {self.reviewed_on}"


class AidKind(models.TextChoices):
    LIVING = "living", _("living relief")
    SCHOOL = "school", _("school aid")
    MEDICAL = "medical", _("medical relief")


# Levels of a review chain, from the bottom up. "base" is the applicant's own union,
# whatever its kind (grassroots, joint or industry union).
LEVELS = [
    "base",
    OrgKind.TOWNSHIP.value,
    OrgKind.COUNTY.value,
    OrgKind.CITY.value,
    OrgKind.PROVINCIAL.value,
]
LEVEL_LABELS = {
    "base": _("the applicant's union"),
    OrgKind.TOWNSHIP.value: _("township"),
    OrgKind.COUNTY.value: _("county"),
    OrgKind.CITY.value: _("city"),
    OrgKind.PROVINCIAL.value: _("province"),
}
# Used where no federation above the applicant has configured a chain for the kind.
DEFAULT_CHAINS = {
    AidKind.LIVING.value: ["base", "county"],
    AidKind.SCHOOL.value: ["base", "county"],
    AidKind.MEDICAL.value: ["base", "county"],
}


class ReviewChain(models.Model):
    """Which levels review an application of one kind, for the subtree of `owner`."""

    owner = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("federation")
    )
    kind = models.CharField(_("kind of aid"), max_length=10, choices=AidKind.choices)
    levels = models.JSONField(_("levels"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("updated by")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_field = "owner__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("review chain")
        verbose_name_plural = _("review chains")
        constraints = [
            models.UniqueConstraint(fields=["owner", "kind"], name="assistance_one_chain_per_kind")
        ]

    def __str__(self):
        return f"{self.owner} · {self.get_kind_display()}"


class ApplicationStatus(models.TextChoices):
    REVIEWING = "reviewing", _("under review")
    APPROVED = "approved", _("approved, waiting for payment")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
    PAID = "paid", _("paid")


class SchoolLevel(models.TextChoices):
    PRIMARY = "primary", _("primary school")
    JUNIOR = "junior", _("junior secondary")
    SENIOR = "senior", _("senior secondary")
    VOCATIONAL = "vocational", _("vocational school")
    COLLEGE = "college", _("junior college")
    UNIVERSITY = "university", _("university")
    POSTGRADUATE = "postgraduate", _("postgraduate")


class AidApplication(models.Model):
    kind = models.CharField(_("kind of aid"), max_length=10, choices=AidKind.choices, db_index=True)
    person = models.ForeignKey(
        "members.Person",
        models.PROTECT,
        related_name="aid_applications",
        verbose_name=_("applicant"),
    )
    file = models.ForeignKey(
        HardshipFile,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("needy-worker file"),
    )
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("applicant's union")
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    # Who last changed it (entered it, or added a document): they may not approve it.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    by_cadre = models.BooleanField(_("entered by a cadre"), default=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.REVIEWING,
        db_index=True,
    )
    requested_amount = models.BigIntegerField(_("amount asked (fen)"))
    approved_amount = models.BigIntegerField(_("amount approved (fen)"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=1000)
    # School aid (金秋助学)
    child_name = models.CharField(_("child's name"), max_length=50, blank=True)
    school_name = models.CharField(_("school"), max_length=100, blank=True)
    school_year = models.PositiveSmallIntegerField(_("school year"), null=True, blank=True)
    school_level = models.CharField(
        _("level of school"), max_length=12, choices=SchoolLevel.choices, blank=True
    )
    # Medical relief
    hospital = models.CharField(_("hospital"), max_length=100, blank=True)
    bills_amount = models.BigIntegerField(_("medical bills (fen)"), null=True, blank=True)
    illness_cipher = models.TextField(_("illness (encrypted)"), blank=True, editable=False)
    consent = models.ForeignKey(
        Consent, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("consent")
    )
    current_step = models.PositiveSmallIntegerField(_("current step"), default=1)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    scope_path_field = "union__path"
    scope_owner_field = "person__user"  # the applicant follows and withdraws their own
    objects = ScopedManager()

    class Meta:
        verbose_name = _("aid application")
        verbose_name_plural = _("aid applications")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "child_name"],
                condition=Q(status="reviewing"),
                name="assistance_one_open_application",
            ),
            models.CheckConstraint(
                condition=Q(requested_amount__gt=0), name="assistance_application_amount_positive"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.person}"


class StepDecision(models.TextChoices):
    PENDING = "pending", _("waiting")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class ApplicationStep(models.Model):
    """One level of the chain: which union decides, and what it decided."""

    application = models.ForeignKey(
        AidApplication, models.CASCADE, related_name="steps", verbose_name=_("application")
    )
    order = models.PositiveSmallIntegerField(_("step"))
    level = models.CharField(_("level"), max_length=12)
    org = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("deciding union")
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=StepDecision.choices, default=StepDecision.PENDING
    )
    amount = models.BigIntegerField(_("amount (fen)"), null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    scope_path_field = "application__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["application", "order"]
        constraints = [
            models.UniqueConstraint(fields=["application", "order"], name="assistance_step_order")
        ]

    def __str__(self):
        return f"{self.application} · {self.order} · {self.org}"

    @property
    def level_label(self):
        return LEVEL_LABELS.get(self.level, self.level)


class DocumentKind(models.TextChoices):
    INCOME = "income", _("proof of income")
    DIAGNOSIS = "diagnosis", _("diagnosis or medical record")
    DISABILITY = "disability", _("disability certificate")
    ADMISSION = "admission", _("admission notice or school certificate")
    BILLS = "bills", _("medical bills")
    OTHER = "other", _("other evidence")


def _document_path(instance, filename):
    # A random name: the stored path says nothing about the person, nor what kind of file
    # it is; the content is sealed (core.crypto.encrypt_bytes).
    import uuid

    return f"aid/{uuid.uuid4().hex}.sealed"


class Document(models.Model):
    """Evidence uploaded for a file or an application. Served only through a scoped,
    logged download."""

    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    file = models.ForeignKey(
        HardshipFile,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("needy-worker file"),
    )
    application = models.ForeignKey(
        AidApplication,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=DocumentKind.choices)
    upload = models.FileField(_("file"), upload_to=_document_path)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    scope_path_field = "union__path"
    # Evidence of the worker's own application or file.
    scope_owner_field = ("application__person__user", "file__person__user")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("evidence document")
        verbose_name_plural = _("evidence documents")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(file__isnull=False) | Q(application__isnull=False),
                name="assistance_document_has_owner",
            )
        ]

    def __str__(self):
        return self.name


# The evidence each kind of aid needs before any step can approve it: on the application,
# or (income, diagnosis) on the worker's needy-worker file.
REQUIRED_DOCUMENTS: dict[str, list[str]] = {
    AidKind.LIVING.value: [DocumentKind.INCOME.value],
    AidKind.SCHOOL.value: [DocumentKind.ADMISSION.value],
    AidKind.MEDICAL.value: [DocumentKind.DIAGNOSIS.value, DocumentKind.BILLS.value],
}


# Aid granted above this amount (fen) is posted for public notice (公示) before payment, for
# this many days; settings may change both.
NOTICE_ABOVE = getattr(settings, "GONGHUI_AID_NOTICE_ABOVE_FEN", 200000)
NOTICE_DAYS = getattr(settings, "GONGHUI_AID_NOTICE_DAYS", 5)


class PublicNotice(models.Model):
    """Aid granted above NOTICE_ABOVE, shown to everyone from `starts_on` to `ends_on`: the
    name masked, the union, the kind, the amount. Paid only once the period is over and
    every objection is resolved."""

    application = models.OneToOneField(
        AidApplication, models.PROTECT, related_name="notice", verbose_name=_("application")
    )
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    name_masked = models.CharField(_("name (masked)"), max_length=50)
    kind = models.CharField(_("kind of aid"), max_length=10, choices=AidKind.choices)
    amount = models.BigIntegerField(_("amount granted (fen)"))
    starts_on = models.DateField(_("shown from"))
    ends_on = models.DateField(_("shown until"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("public notice of aid")
        verbose_name_plural = _("public notices of aid")
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return f"{self.name_masked} · {self.get_kind_display()} · {self.starts_on}"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("objection", "waiting to be resolved")
    UPHELD = "upheld", _("upheld: the aid is withdrawn")
    DISMISSED = "dismissed", _("dismissed: the aid stands")


class Objection(models.Model):
    notice = models.ForeignKey(
        PublicNotice, models.PROTECT, related_name="objections", verbose_name=_("public notice")
    )
    text = models.CharField(_("objection"), max_length=1000)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.OPEN,
        db_index=True,
    )
    resolution = models.CharField(_("how it was resolved"), max_length=1000, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    scope_path_field = "notice__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["filed_at", "id"]

    def __str__(self):
        return f"{self.notice} · {self.get_status_display()}"
