"""Employment services (促进就业, seed 000 task 7, seed 004 §3).

* A recruitment event (招聘活动) held on site or online by a union, the enterprises that
  exhibit there (参展企业), the posts each offers (岗位: trade, place, pay range in fen,
  headcount), and the visitors and hires the organizer reports after it.
* A job seeker (求职者) of one of the groups the federation serves, followed by a union,
  with skills and wishes; matched to open posts only with their consent; a graduate of a
  needy family is assigned to a named cadre (包人包户) who records contacts until placement.
* Every service given (就业服务: guidance, a post recommended, a contact) is one record,
  so 就业服务人次 is a count of records.
* A real-name placement (实名制安置就业): who, where, from which post, on which day, and a
  later check by another cadre that confirms it; only confirmed placements are counted.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core import crypto
from gonghui.core.scoping import ScopedManager


class Mode(models.TextChoices):
    ONSITE = "onsite", _("on site")
    ONLINE = "online", pgettext_lazy("channel", "online")


class Trade(models.TextChoices):
    """The trades posts are offered and wished in (broad groups of the 职业分类大典)."""

    PRODUCTION = "production", _("production and machine operation")
    CONSTRUCTION = "construction", _("construction")
    TECHNICIAN = "technician", _("electrician and maintenance")
    TRANSPORT = "transport", _("driving and logistics")
    CATERING = "catering", _("catering")
    SALES = "sales", _("sales and retail")
    DOMESTIC = "domestic", _("domestic and property services")
    SECURITY = "security", _("security")
    CARE = "care", _("health and elderly care")
    OFFICE = "office", _("office and administration")
    IT = "it", _("information technology")
    EDUCATION = "education", _("education and training")
    OTHER = "other", _("other trades")


class Group(models.TextChoices):
    """The groups seed 004 names as the focus of the unions' employment work."""

    CHANGING_POST = "changing_post", _("worker changing or waiting for a post")
    NEEDY_WORKER = "needy_worker", _("needy worker or family member")
    NEEDY_GRADUATE = "needy_graduate", _("college graduate of a needy family")
    VETERAN = "veteran", _("veteran")
    GIG = "gig", _("gig worker")
    OTHER = "other", _("other job seeker")


class SeekerStatus(models.TextChoices):
    SEEKING = "seeking", _("seeking work")
    PLACED = "placed", _("placed")
    WITHDRAWN = "withdrawn", _("no longer seeking")


class ServiceKind(models.TextChoices):
    GUIDANCE = "guidance", _("career guidance")
    RECOMMENDATION = "recommendation", _("post recommended")
    POLICY = "policy", _("policy advice")
    TRAINING = "training", _("training referral")
    FAIR = "fair", _("recruitment-event service")
    CONTACT = "contact", _("targeted-help contact")
    OTHER = "other", _("other employment service")


class PlacementStatus(models.TextChoices):
    RECORDED = "recorded", _("recorded, waiting for the check")
    CONFIRMED = "confirmed", _("confirmed")
    FAILED = "failed", _("not confirmed")


class RecruitmentEvent(models.Model):
    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="recruitment_events",
        verbose_name=_("organizer"),
    )
    title = models.CharField(_("name"), max_length=120)
    mode = models.CharField(_("held"), max_length=8, choices=Mode.choices)
    held_on = models.DateField(_("held on"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("link"), max_length=300, blank=True)
    visitors = models.PositiveIntegerField(_("visitors"), null=True, blank=True)
    hires = models.PositiveIntegerField(_("people hired"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("recruitment event")
        verbose_name_plural = _("recruitment events")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["union", "held_on"])]

    def __str__(self):
        return f"{self.held_on} {self.title}"


class Exhibitor(models.Model):
    """An enterprise that exhibits at an event (参展企业); in the register or not."""

    event = models.ForeignKey(
        RecruitmentEvent, models.CASCADE, related_name="exhibitors", verbose_name=_("event")
    )
    name = models.CharField(_("enterprise"), max_length=120)
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enterprise on file"),
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    scope_path_field = "event__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("exhibiting enterprise")
        verbose_name_plural = _("exhibiting enterprises")
        ordering = ["event", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="employment_exhibitor_once")
        ]

    def __str__(self):
        return self.name


class Post(models.Model):
    """Posts offered (岗位): `headcount` people wanted for one job, pay per month in fen."""

    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="job_posts",
        verbose_name=_("published by"),
    )
    exhibitor = models.ForeignKey(
        Exhibitor,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("offered at the event by"),
    )
    employer_name = models.CharField(_("employer"), max_length=120)
    title = models.CharField(_("post"), max_length=100)
    trade = models.CharField(_("trade"), max_length=16, choices=Trade.choices)
    region = models.ForeignKey(
        "orgs.Region", models.PROTECT, related_name="+", verbose_name=_("place of work")
    )
    pay_min = models.PositiveIntegerField(_("pay from (fen a month)"))
    pay_max = models.PositiveIntegerField(_("pay up to (fen a month)"))
    headcount = models.PositiveIntegerField(_("people wanted"))
    opened_on = models.DateField(_("offered on"), db_index=True)
    is_open = models.BooleanField(_("open"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-opened_on", "-id"]
        indexes = [
            # Matching: open posts of a trade in a place, best paid first.
            models.Index(
                fields=["trade", "region", "pay_max"],
                name="employment_post_match_idx",
                condition=Q(is_open=True),
            ),
            # Matching anywhere in the province: the best paid open posts first.
            models.Index(
                fields=["-pay_max"], name="employment_post_open_pay_idx", condition=Q(is_open=True)
            ),
            models.Index(fields=["union", "opened_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(pay_max__gte=models.F("pay_min")), name="employment_post_pay_range"
            ),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="employment_post_headcount"),
        ]

    def __str__(self):
        return f"{self.employer_name} {self.title}"


class Seeker(models.Model):
    """A job seeker the union follows (求职者), with their wishes and consent to matching."""

    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="job_seekers",
        verbose_name=_("union that follows them"),
    )
    name = models.CharField(_("name"), max_length=50)
    phone_cipher = models.TextField(_("phone (encrypted)"), blank=True, editable=False)
    person = models.ForeignKey(
        "members.Person",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="job_seekers",
        verbose_name=_("member on file"),
    )
    # A family member on a needy-worker file (assistance) who seeks work.
    household_member = models.ForeignKey(
        "assistance.HouseholdMember",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="job_seekers",
        verbose_name=_("family member on a needy-worker file"),
    )
    group = models.CharField(_("group"), max_length=16, choices=Group.choices, db_index=True)
    school = models.CharField(_("school"), max_length=100, blank=True)
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"), null=True, blank=True)
    skills = models.CharField(_("skills"), max_length=300, blank=True)
    trades = models.JSONField(_("trades wished"), default=list, blank=True)
    region = models.ForeignKey(
        "orgs.Region",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place wished"),
    )
    pay_min = models.PositiveIntegerField(_("pay wished from (fen a month)"), default=0)
    consented_at = models.DateTimeField(_("consented to matching at"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SeekerStatus.choices,
        default=SeekerStatus.SEEKING,
        db_index=True,
    )
    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_seekers",
        verbose_name=_("cadre in charge"),
    )
    registered_on = models.DateField(_("registered on"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_field = "union__path"
    scope_owner_field = "person__user"  # the seeker reads their own record on the phone
    objects = ScopedManager()

    class Meta:
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        ordering = ["-registered_on", "-id"]
        indexes = [models.Index(fields=["cadre", "status"])]

    def __str__(self):
        return crypto.person_name(self.name)

    def set_phone(self, phone: str) -> None:
        self.phone_cipher = crypto.encrypt(phone) if phone else ""

    @property
    def phone_masked(self) -> str:
        return crypto.mask(crypto.decrypt(self.phone_cipher)) if self.phone_cipher else ""

    @property
    def name_masked(self) -> str:
        return crypto.mask_name(self.name)

    @property
    def has_consented(self) -> bool:
        return self.consented_at is not None


class Service(models.Model):
    """One employment service given (一人次): to a seeker on file, or to a worker who is
    not (an online consultation); given by a union."""

    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="employment_services",
        verbose_name=_("given by union"),
    )
    seeker = models.ForeignKey(
        Seeker,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("job seeker"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ServiceKind.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Mode.choices)
    given_on = models.DateField(_("given on"), db_index=True)
    post = models.ForeignKey(
        Post,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("post recommended"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("given by")
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("employment service")
        verbose_name_plural = _("employment services")
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["union", "given_on"])]

    def __str__(self):
        return f"{self.given_on} {self.get_kind_display()}"


class Placement(models.Model):
    """A real-name placement (实名制安置就业), confirmed by a later check."""

    seeker = models.ForeignKey(
        Seeker, models.PROTECT, related_name="placements", verbose_name=_("job seeker")
    )
    post = models.ForeignKey(
        Post,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("from the post"),
    )
    employer_name = models.CharField(_("employer"), max_length=120)
    region = models.ForeignKey(
        "orgs.Region", models.PROTECT, related_name="+", verbose_name=_("place of work")
    )
    placed_on = models.DateField(_("placed on"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PlacementStatus.choices,
        default=PlacementStatus.RECORDED,
        db_index=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    check_note = models.CharField(_("what the check found"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    scope_path_field = "seeker__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-placed_on", "-id"]
        constraints = [
            # One placement stands for a seeker at a time: a failed check frees them.
            models.UniqueConstraint(
                fields=["seeker"],
                condition=~Q(status="failed"),
                name="employment_placement_one_standing",
            )
        ]

    def __str__(self):
        return f"{self.seeker} → {self.employer_name}"


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", pgettext_lazy("application", "applied")
    SEEN = "seen", pgettext_lazy("application", "seen by the employer")
    INTERVIEW = "interview", _("invited to an interview")
    HIRED = "hired", pgettext_lazy("application", "hired")
    NOT_HIRED = "not_hired", _("not hired")
    WITHDRAWN = "withdrawn", _("withdrawn by the seeker")


# Where an application may go from each status (the cadre or the organizer moves it; the
# seeker withdraws). Hired, not hired and withdrawn are final.
APPLICATION_STEPS: dict[str, tuple[str, ...]] = {
    ApplicationStatus.APPLIED: (
        ApplicationStatus.SEEN,
        ApplicationStatus.INTERVIEW,
        ApplicationStatus.HIRED,
        ApplicationStatus.NOT_HIRED,
    ),
    ApplicationStatus.SEEN: (
        ApplicationStatus.INTERVIEW,
        ApplicationStatus.HIRED,
        ApplicationStatus.NOT_HIRED,
    ),
    ApplicationStatus.INTERVIEW: (ApplicationStatus.HIRED, ApplicationStatus.NOT_HIRED),
}
APPLICATION_OPEN = (
    ApplicationStatus.APPLIED,
    ApplicationStatus.SEEN,
    ApplicationStatus.INTERVIEW,
)


class Application(models.Model):
    """A seeker applies to a post from their phone (求职申请): with it they consent that
    their record is shared with the employer for this post. Once per post while it
    stands; the seeker may withdraw it. The seeker's union or the post's publisher (the
    fair's organizer) moves it on; a hire records the real-name placement."""

    seeker = models.ForeignKey(
        Seeker, models.PROTECT, related_name="applications", verbose_name=_("job seeker")
    )
    post = models.ForeignKey(
        Post, models.PROTECT, related_name="applications", verbose_name=_("post")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.APPLIED,
        db_index=True,
    )
    applied_on = models.DateField(pgettext_lazy("application", "applied on"), db_index=True)
    consented_at = models.DateTimeField(_("consented to share the record with the employer at"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    placement = models.OneToOneField(
        Placement,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("placement"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status set by"),
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The seeker's union and the post's publisher both follow it; the seeker owns it.
    scope_path_field = ("seeker__union__path", "post__union__path")
    scope_owner_field = "seeker__person__user"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("job application")
        verbose_name_plural = _("job applications")
        ordering = ["-applied_on", "-id"]
        constraints = [
            # Once per post while it stands: a withdrawn application may be made again.
            models.UniqueConstraint(
                fields=["seeker", "post"],
                condition=~Q(status="withdrawn"),
                name="employment_application_once",
            )
        ]
        indexes = [models.Index(fields=["post", "status"])]

    def __str__(self):
        return f"{self.seeker} → {self.post}"

    @property
    def is_open(self) -> bool:
        return self.status in APPLICATION_OPEN

    @property
    def next_steps(self) -> list[tuple[str, Any]]:
        """The statuses the union or the publisher may move it to, with their labels."""
        return [(v, ApplicationStatus(v).label) for v in APPLICATION_STEPS.get(self.status, ())]


class MatchingKind(models.TextChoices):
    ENTERPRISES = "enterprises", _("with enterprises")
    SCHOOLS = "schools", _("with schools")
    UNIONS = "unions", _("between unions")


class Matching(models.Model):
    """A matching (就业对接) a union organizes between itself, enterprises and schools."""

    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="employment_matchings",
        verbose_name=_("organizer"),
    )
    title = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=MatchingKind.choices)
    held_on = models.DateField(_("held on"), db_index=True)
    partners = models.CharField(_("enterprises, schools or unions taking part"), max_length=500)
    posts_offered = models.PositiveIntegerField(_("posts offered"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("employment matching")
        verbose_name_plural = _("employment matchings")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on} {self.title}"


class TrainingKind(models.TextChoices):
    ORDER = "order", _("order-based training")  # 订单式培训
    SKILLS = "skills", _("vocational skills training")
    START_UP = "start_up", _("start-up training")


class TrainingSession(models.Model):
    """An employment training session (培训班, 期) and who attended it."""

    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="employment_trainings",
        verbose_name=_("organizer"),
    )
    title = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=TrainingKind.choices)
    trade = models.CharField(_("trade"), max_length=16, choices=Trade.choices)
    employer_name = models.CharField(_("ordering enterprise"), max_length=120, blank=True)
    starts_on = models.DateField(_("starts on"), db_index=True)
    ends_on = models.DateField(_("ends on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="employment_training_dates"
            )
        ]

    def __str__(self):
        return f"{self.starts_on} {self.title}"


class Trainee(models.Model):
    """One person who attended a session: a seeker on file or a worker named here."""

    session = models.ForeignKey(
        TrainingSession, models.CASCADE, related_name="trainees", verbose_name=_("session")
    )
    name = models.CharField(_("name"), max_length=50)
    seeker = models.ForeignKey(
        Seeker,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name=_("job seeker"),
    )
    completed = models.BooleanField(_("completed"), default=True)
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    scope_path_field = "session__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["session", "id"]

    def __str__(self):
        return crypto.person_name(self.name)

    @property
    def name_masked(self) -> str:
        return crypto.mask_name(self.name)


# ---- the employment fund, on the one ledger ----------------------------------------------


class FundUse(models.TextChoices):
    SUBSIDY = "subsidy", _("employment subsidy to a job seeker")
    TRAINING = "training", _("training costs")
    SERVICE = "service", _("employment services and job fairs")
    GRANT = "grant", _("grant to a lower union's employment fund")


class FundPayment(models.Model):
    """Money paid from a union's employment fund (就业专项资金): a subsidy to a seeker, the
    costs of a training session, of services, or a grant to a lower union's fund. Each is
    one posting on the one ledger (campaigns.ledger); `request_key` makes a repeated
    request pay once. The fund's balance is the ledger's `employment_fund` account."""

    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="employment_fund_payments",
        verbose_name=_("paying union"),
    )
    use = models.CharField(_("paid for"), max_length=10, choices=FundUse.choices)
    seeker = models.ForeignKey(
        Seeker,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_payments",
        verbose_name=_("job seeker"),
    )
    session = models.ForeignKey(
        TrainingSession,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_payments",
        verbose_name=_("training session"),
    )
    to_org = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="employment_fund_grants",
        verbose_name=_("granted to"),
    )
    amount = models.PositiveBigIntegerField(_("amount (fen)"))
    paid_on = models.DateField(_("paid on"), db_index=True)
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    request_key = models.CharField(_("request key"), max_length=100)
    posting = models.OneToOneField(
        "campaigns.Posting",
        models.PROTECT,
        related_name="employment_payment",
        verbose_name=_("ledger posting"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("employment fund payment")
        verbose_name_plural = _("employment fund payments")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "request_key"], name="employment_fund_paid_once"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="employment_fund_positive"),
        ]

    def __str__(self):
        return f"{self.paid_on} {self.get_use_display()} {self.amount}"


class FundAllotment(models.Model):
    """Money a union sets aside from its general funds as its employment fund (安排就业专项
    资金): one posting on the one ledger, made once per request key."""

    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="employment_fund_allotments",
        verbose_name=_("union"),
    )
    amount = models.PositiveBigIntegerField(_("amount (fen)"))
    allotted_on = models.DateField(_("allotted on"), db_index=True)
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    request_key = models.CharField(_("request key"), max_length=100)
    posting = models.OneToOneField(
        "campaigns.Posting",
        models.PROTECT,
        related_name="employment_allotment",
        verbose_name=_("ledger posting"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("employment fund allotment")
        verbose_name_plural = _("employment fund allotments")
        ordering = ["-allotted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "request_key"], name="employment_fund_allotted_once"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="employment_fund_allot_positive"
            ),
        ]

    def __str__(self):
        return f"{self.allotted_on} {self.union} {self.amount}"
