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
        # the list's default sort (-enrolled_on, -id) pages by key along it
        indexes = [models.Index(fields=["enrolled_on", "id"], name="welfare_enrol_enrolled_idx")]
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


# ---- health programs (item 2) ------------------------------------------------------------


class ProgramKind(models.TextChoices):
    SCREENING = "screening", _("two-cancer screening for women workers")  # 女职工“两癌”筛查
    HEALTH_CHECK = "check", _("health check for model workers")  # 劳模健康体检


class HealthProgram(models.Model):
    """A screening campaign run by a federation for a year: 2022年困难企业女职工“两癌”免费筛查."""

    owner = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("federation")
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ProgramKind.choices)
    name = models.CharField(_("name"), max_length=100)
    places = models.PositiveIntegerField(_("places"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "owner__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("health program")
        verbose_name_plural = _("health programs")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "year", "name"], name="welfare_health_program_unique"
            ),
            models.CheckConstraint(condition=Q(places__gt=0), name="welfare_health_places"),
        ]

    def __str__(self):
        return self.name


class ScreeningStatus(models.TextChoices):
    BOOKED = "booked", pgettext_lazy("screening", "appointment made")
    DONE = "done", pgettext_lazy("screening", "screened, result recorded")
    MISSED = "missed", pgettext_lazy("screening", "did not come")


class Screening(models.Model):
    """A member's appointment in a program and its result (health data: encrypted, each
    read logged)."""

    program = models.ForeignKey(
        HealthProgram, models.PROTECT, related_name="screenings", verbose_name=_("program")
    )
    person = models.ForeignKey(
        "members.Person", models.PROTECT, related_name="+", verbose_name=_("member")
    )
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    appointment_on = models.DateField(_("appointment on"), db_index=True)
    place = models.CharField(_("hospital"), max_length=100)
    status = models.CharField(
        _("status"), max_length=10, choices=ScreeningStatus.choices, default=ScreeningStatus.BOOKED
    )
    result_cipher = models.TextField(_("result (encrypted)"), blank=True, editable=False)
    # Whether the result asks for follow-up: counted in figures without opening the result.
    follow_up = models.BooleanField(_("follow-up needed"), default=False)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("booked by")
    )
    screened_on = models.DateField(_("screened on"), null=True, blank=True, db_index=True)

    scope_path_field = "union__path"
    scope_owner_field = "person__user"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        ordering = ["-appointment_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="welfare_screen_once"),
        ]

    def __str__(self):
        return f"{self.program} · {self.person_id}"


class CareVisit(models.Model):
    """A union visits a seriously ill worker (慰问患病职工) and gives money from its funds."""

    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("visiting union")
    )
    person = models.ForeignKey(
        "members.Person", models.PROTECT, related_name="+", verbose_name=_("member")
    )
    visited_on = models.DateField(_("visited on"), db_index=True)
    illness_cipher = models.TextField(_("illness (encrypted)"), editable=False)
    amount = models.BigIntegerField(_("money given (fen)"))
    posting = models.ForeignKey(
        "campaigns.Posting", models.PROTECT, related_name="+", verbose_name=_("posting")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )

    scope_path_field = "union__path"
    scope_owner_field = "person__user"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("care visit")
        verbose_name_plural = _("care visits")
        ordering = ["-visited_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="welfare_visit_amount"),
        ]

    def __str__(self):
        return f"{self.visited_on} · {self.person_id}"

    @property
    def amount_yuan(self) -> str:
        return yuan(self.amount)


# ---- mental health (item 3) --------------------------------------------------------------


class TalkKind(models.TextChoices):
    LECTURE = "lecture", _("mental health lecture")  # 心理健康知识讲座
    GROUP = "group", _("group counselling")  # 团体心理辅导


class Talk(models.Model):
    """A lecture or a group session a union holds, and how many came."""

    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=TalkKind.choices)
    title = models.CharField(_("title"), max_length=100)
    held_on = models.DateField(_("held on"), db_index=True)
    attendance = models.PositiveIntegerField(_("attendance"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("mental health lecture")
        verbose_name_plural = _("mental health lectures")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return self.title


class Counsellor(models.Model):
    """A user a union names to hold its confidential counselling sessions."""

    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("counsellor")
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("named by")
    )
    active = models.BooleanField(pgettext_lazy("in use", "active"), default=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("counsellor")
        verbose_name_plural = _("counsellors")
        constraints = [
            models.UniqueConstraint(fields=["union", "user"], name="welfare_counsellor_once")
        ]

    def __str__(self):
        return str(self.user)


class SessionStatus(models.TextChoices):
    ASKED = "asked", pgettext_lazy("counselling", "asked")
    HELD = "held", pgettext_lazy("counselling", "held")


class Session(models.Model):
    """A confidential counselling session a worker asks for. Only the worker and the
    counsellor see it: no union path scope, so no staff above sees it (selectors filter by
    the two users; the manager's visible_to is never used for it)."""

    person = models.ForeignKey(
        "members.Person", models.PROTECT, related_name="+", verbose_name=_("member")
    )
    counsellor = models.ForeignKey(
        Counsellor, models.PROTECT, related_name="sessions", verbose_name=_("counsellor")
    )
    topic_cipher = models.TextField(_("what it is about (encrypted)"), editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.ASKED
    )
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    held_on = models.DateField(_("held on"), null=True, blank=True, db_index=True)

    # Deliberately no scope_path_field: no union's subtree holds it, so no staff above sees
    # it; selectors.session_* filter by the worker and the counsellor and nothing else.

    class Meta:
        verbose_name = _("counselling session")
        verbose_name_plural = _("counselling sessions")
        ordering = ["-asked_at", "-id"]

    def __str__(self):
        return f"#{self.pk}"  # never the topic: it is confidential


# ---- rest and recuperation (item 4) ------------------------------------------------------


class RestProgram(models.Model):
    """A federation's rest and recuperation program (职工疗休养) for a year: where, when,
    how many places, what a place costs."""

    owner = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("federation")
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    name = models.CharField(_("name"), max_length=100)
    destination = models.CharField(_("destination"), max_length=100)
    places = models.PositiveIntegerField(_("places"))
    cost_per_place = models.BigIntegerField(_("cost per place (fen)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "owner__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("rest and recuperation program")
        verbose_name_plural = _("rest and recuperation programs")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "year", "name"], name="welfare_rest_unique"),
            models.CheckConstraint(
                condition=Q(places__gt=0, cost_per_place__gt=0), name="welfare_rest_amounts"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def cost_yuan(self) -> str:
        return yuan(self.cost_per_place)


class RestQuota(models.Model):
    """Places of a program given to a lower union (名额分配)."""

    program = models.ForeignKey(
        RestProgram, models.CASCADE, related_name="quotas", verbose_name=_("program")
    )
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    places = models.PositiveIntegerField(_("places"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("set by")
    )

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("places of a union")
        verbose_name_plural = _("places of unions")
        constraints = [
            models.UniqueConstraint(fields=["program", "union"], name="welfare_rest_quota_once"),
            models.CheckConstraint(condition=Q(places__gt=0), name="welfare_rest_quota_places"),
        ]

    def __str__(self):
        return f"{self.program} · {self.union_id}"


class Priority(models.IntegerChoices):
    """Who goes first (the rule of selection): model workers, then front-line workers,
    then the others; within a rank, who applied first."""

    MODEL = 1, pgettext_lazy("rest priority", "model worker")
    FRONTLINE = 2, pgettext_lazy("rest priority", "front-line worker")
    OTHER = 3, pgettext_lazy("rest priority", "other member")


class RestTrip(models.Model):
    """One group's trip of a program (批次), paid by the union that sends it: the cost of
    its places goes on the ledger when the trip is recorded."""

    program = models.ForeignKey(
        RestProgram, models.PROTECT, related_name="trips", verbose_name=_("program")
    )
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    departs_on = models.DateField(_("departs on"), db_index=True)
    returns_on = models.DateField(_("returns on"))
    cost = models.BigIntegerField(_("cost (fen)"))
    posting = models.ForeignKey(
        "campaigns.Posting", models.PROTECT, related_name="+", verbose_name=_("posting")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        ordering = ["-departs_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(cost__gt=0), name="welfare_trip_cost"),
            models.CheckConstraint(
                condition=Q(returns_on__gte=models.F("departs_on")), name="welfare_trip_dates"
            ),
        ]

    def __str__(self):
        return f"{self.program} · {self.departs_on}"

    @property
    def cost_yuan(self) -> str:
        return yuan(self.cost)


class Selection(models.Model):
    """A worker a union picked for a program, with their rank by the rule; the trip they
    went on once it is recorded."""

    program = models.ForeignKey(
        RestProgram, models.PROTECT, related_name="selections", verbose_name=_("program")
    )
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    person = models.ForeignKey(
        "members.Person", models.PROTECT, related_name="+", verbose_name=_("member")
    )
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices)
    trip = models.ForeignKey(
        RestTrip,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="travellers",
        verbose_name=_("trip"),
    )
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("selected by")
    )
    selected_on = models.DateField(_("selected on"), db_index=True)

    scope_path_field = "union__path"
    scope_owner_field = "person__user"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("selected worker")
        verbose_name_plural = _("selected workers")
        ordering = ["priority", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="welfare_rest_once"),
        ]

    def __str__(self):
        return f"{self.program} · {self.person_id}"
