"""Rights and labour relations (seeds 002, 003, 004 §3): the cases a union takes up for
workers (维权案件), the supervision letters it sends employers (一函两书) and the collective
contracts it negotiates (集体合同).

A case is the worker's: they open it on their phone (or a cadre takes it by the 12351
hotline, at the desk or on referral) and follow it on their own page; the handlers of the
union it was brought to, and the federations above it, see it. What the worker tells of
the dispute is sensitive (PIPL art. 28): it is stored encrypted and each staff read of it
is logged, as a member's ID number is.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core import crypto
from gonghui.core.money import yuan
from gonghui.core.scoping import ScopedManager


class CaseKind(models.TextChoices):
    WAGE_ARREARS = "wage_arrears", _("wage arrears")  # 拖欠工资
    DISMISSAL = "dismissal", _("dismissal")  # 解除、终止劳动合同
    INJURY = "injury", _("work injury")  # 工伤
    SOCIAL_INSURANCE = "social_insurance", _("social insurance")  # 社会保险
    OVERTIME = "overtime", _("working hours and overtime")  # 工时、加班
    GIG_PLATFORM = "gig_platform", _("gig-platform dispute")  # 新就业形态平台用工纠纷


# Days a union gives itself to settle a case of each kind (wages are urgent: 春节前 the
# federations promise arrears within two weeks; an injury waits on the injury assessment).
DEADLINE_DAYS: dict[str, int] = {
    CaseKind.WAGE_ARREARS: 15,
    CaseKind.DISMISSAL: 30,
    CaseKind.INJURY: 60,
    CaseKind.SOCIAL_INSURANCE: 30,
    CaseKind.OVERTIME: 30,
    CaseKind.GIG_PLATFORM: 30,
}


class Channel(models.TextChoices):
    HOTLINE = "hotline", _("12351 hotline")
    WALK_IN = "walk_in", _("walk-in")
    ONLINE = "online", _("online, from the worker's phone")
    REFERRAL = "referral", _("referral")


class Stage(models.TextChoices):
    """The steps a case goes through, in this order; a case may skip a step."""

    CONSULTATION = "consultation", _("consultation")  # 法律咨询
    MEDIATION = "mediation", _("mediation")  # 调解
    LEGAL_AID = "legal_aid", _("legal aid")  # 法律援助
    LITIGATION = "litigation", _("arbitration or court linkage")  # 仲裁、诉调对接


STAGE_ORDER = {s: i for i, s in enumerate(Stage.values)}


class CaseStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("case status", "open")
    CLOSED = "closed", pgettext_lazy("case status", "closed")


class Outcome(models.TextChoices):
    MEDIATED = "mediated", _("settled by mediation")  # 调解成功
    AWARDED = "awarded", _("won at arbitration or in court")  # 仲裁、诉讼获得支持
    ADVISED = "advised", _("advice given")  # 提供咨询后办结
    REFERRED = "referred", _("referred to the competent authority")  # 移交劳动监察等部门
    NOT_SUPPORTED = "not_supported", _("claim not supported")  # 诉求未获支持
    WITHDRAWN = "withdrawn", _("withdrawn by the worker")  # 职工撤回


# Outcomes in which the worker's claim was upheld (the success rate counts these).
UPHELD = [Outcome.MEDIATED, Outcome.AWARDED]


class RightsCase(models.Model):
    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="rights_cases",
        verbose_name=_("handling union"),
    )
    # The worker's account, when they have one: they follow the case on their own page.
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="rights_cases",
        verbose_name=_("worker's account"),
    )
    worker_name = models.CharField(_("worker's name"), max_length=50)
    phone_cipher = models.TextField(_("phone (encrypted)"), blank=True, editable=False)
    phone_last4 = models.CharField(_("phone, last four digits"), max_length=4, blank=True)
    employer = models.CharField(_("employer or platform"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices)
    channel = models.CharField(_("intake channel"), max_length=10, choices=Channel.choices)
    # What the worker tells of the dispute: encrypted; each staff read is logged.
    description_cipher = models.TextField(_("the dispute (encrypted)"), editable=False)
    workers_involved = models.PositiveIntegerField(_("workers involved"), default=1)
    amount_claimed = models.BigIntegerField(_("amount claimed (fen)"), default=0)
    amount_recovered = models.BigIntegerField(_("money recovered (fen)"), default=0)
    stage = models.CharField(
        pgettext_lazy("rights case", "step"),
        max_length=12,
        choices=Stage.choices,
        default=Stage.CONSULTATION,
    )
    status = models.CharField(
        _("status"), max_length=6, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    outcome = models.CharField(
        pgettext_lazy("rights case", "outcome"), max_length=14, choices=Outcome.choices, blank=True
    )
    outcome_note = models.CharField(_("outcome, in words"), max_length=500, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handler"),
    )
    opened_on = models.DateField(pgettext_lazy("rights case", "opened on"))
    deadline = models.DateField(_("deadline"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("taken by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The union's path, copied on the row so that the scope filter needs no join: a
    # county's first page of a province's cases walks (union_path, opened_on, id) instead
    # of joining every case to its union (bench/bench_rights.py --explain). Set on save
    # (`save` below) and by `fill_union_paths` after bulk inserts; orgs.services.org_move
    # rewrites it with the tree, as for every scope path kept on a row.
    union_path = models.CharField(_("union's path"), max_length=255, editable=False)

    scope_path_field = "union_path"
    scope_owner_field = "worker"  # the worker follows (and may withdraw) their own case
    objects = ScopedManager()

    class Meta:
        verbose_name = _("rights case")
        verbose_name_plural = _("rights cases")
        ordering = ["-opened_on", "-id"]
        indexes = [
            # The list pages newest first; the figures by period; the overdue to-do. The
            # union's path rides along so that a subtree's page finds its ids by an
            # index-only walk (lists.CASES reads ids first): a county's first page skips
            # the province's other cases in the index, without reading their rows
            # (bench/RESULTS.md, "Rights cases").
            models.Index(fields=["opened_on", "id", "union_path"], name="rights_case_opened_idx"),
            models.Index(fields=["union", "opened_on"], name="rights_case_union_idx"),
            models.Index(fields=["closed_on"], name="rights_case_closed_idx"),
            # A subtree's cases in the list's order: the prefix bounds the range.
            models.Index(
                fields=["union_path", "opened_on", "id"],
                name="rights_case_path_idx",
                opclasses=["varchar_pattern_ops", "date_ops", "int8_ops"],
            ),
            models.Index(
                fields=["deadline"], name="rights_case_open_due_idx", condition=Q(status="open")
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_claimed__gte=0) & Q(amount_recovered__gte=0),
                name="rights_case_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status="open", outcome="", closed_on__isnull=True)
                | (Q(status="closed", closed_on__isnull=False) & ~Q(outcome="")),
                name="rights_case_closed_has_outcome",
            ),
        ]

    def __str__(self):
        return (
            f"{self.reference} {self.get_kind_display()} · {crypto.person_name(self.worker_name)}"
        )

    def save(self, *args, **kwargs):
        if self.union_id is not None and not self.union_path:  # a case keeps its union
            self.union_path = self.union.path
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "union_path"}
        super().save(*args, **kwargs)

    @property
    def reference(self) -> str:
        """The number the worker quotes on the phone: 维2022-000123."""
        return f"维{self.opened_on.year}-{self.pk or 0:06d}"

    def set_phone(self, phone: str) -> None:
        self.phone_cipher = crypto.encrypt(phone) if phone else ""
        self.phone_last4 = phone[-4:] if phone else ""

    @property
    def phone_masked(self) -> str:
        return f"*******{self.phone_last4}" if self.phone_last4 else ""

    @property
    def amount_claimed_yuan(self) -> str:
        return yuan(self.amount_claimed)

    @property
    def amount_recovered_yuan(self) -> str:
        return yuan(self.amount_recovered)

    def overdue_on(self, day: date) -> bool:
        return self.status == CaseStatus.OPEN and self.deadline < day

    @staticmethod
    def deadline_for(kind: str, opened_on: date) -> date:
        return opened_on + timedelta(days=DEADLINE_DAYS[kind])


class CaseStep(models.Model):
    """One move of a case, as the worker reads it on their page."""

    case = models.ForeignKey(
        RightsCase, models.CASCADE, related_name="steps", verbose_name=_("rights case")
    )
    stage = models.CharField(
        pgettext_lazy("rights case", "step"), max_length=12, choices=Stage.choices
    )
    note = models.CharField(_("what was done"), max_length=500, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now, editable=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )

    scope_path_field = "case__union__path"
    scope_owner_field = "case__worker"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.case.reference} {self.get_stage_display()}"


# ---- labour-dispute mediation (劳动争议调解) ----------------------------------------------

# Days a mediation centre has to conclude (劳动争议调解仲裁法 art. 14: fifteen days from
# the request; after that either party may go to arbitration). An open mediation past
# them is a to-do.
MEDIATION_DAYS = 15


class CentreKind(models.TextChoices):
    UNION = "union", _("union's own centre")  # 工会劳动争议调解中心
    INDUSTRY = "industry", _("industry centre")  # 行业性调解组织，如网约车行业协会调解中心
    REGIONAL = "regional", _("regional centre")  # 区域性（乡镇、街道、园区）调解组织
    ENTERPRISE = "enterprise", _("enterprise committee")  # 企业劳动争议调解委员会


class MediationCentre(models.Model):
    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="mediation_centres",
        verbose_name=_("sponsoring union"),
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=CentreKind.choices)
    # For an industry centre: the association or body it is set up with (省网约车行业协会).
    partner = models.CharField(_("set up with"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("public phone"), max_length=20, blank=True)
    established_on = models.DateField(_("established on"))
    is_active = models.BooleanField(pgettext_lazy("in use", "active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("mediation centre")
        verbose_name_plural = _("mediation centres")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class MediatorKind(models.TextChoices):
    FULL_TIME = "full_time", _("full-time union mediator")
    PART_TIME = "part_time", _("part-time mediator")
    LAWYER = "lawyer", _("lawyer")


class Mediator(models.Model):
    centre = models.ForeignKey(
        MediationCentre, models.PROTECT, related_name="mediators", verbose_name=_("centre")
    )
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=MediatorKind.choices)
    is_active = models.BooleanField(pgettext_lazy("in use", "active"), default=True)

    scope_path_field = "centre__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class MediationStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("mediation", "under way")
    AGREED = "agreed", _("agreement reached")  # 达成调解协议
    FAILED = "failed", _("no agreement")  # 调解不成
    REFERRED = "referred", pgettext_lazy("mediation", "referred")  # 引导仲裁、诉调对接


class ReferredTo(models.TextChoices):
    ARBITRATION = "arbitration", _("labour arbitration")
    COURT = "court", _("people's court (litigation-mediation linkage)")
    INSPECTION = "inspection", _("labour inspection")


class Mediation(models.Model):
    """One dispute brought to a centre: its sessions, and the agreement or the referral
    it ends with. It may come from a rights case (the case then stands at mediation)."""

    centre = models.ForeignKey(
        MediationCentre, models.PROTECT, related_name="mediations", verbose_name=_("centre")
    )
    case = models.ForeignKey(
        RightsCase,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="mediations",
        verbose_name=_("rights case"),
    )
    worker_name = models.CharField(_("worker's name"), max_length=50)
    employer = models.CharField(_("employer or platform"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices)
    workers_involved = models.PositiveIntegerField(_("workers involved"), default=1)
    amount_claimed = models.BigIntegerField(_("amount claimed (fen)"), default=0)
    mediator = models.ForeignKey(
        Mediator,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="mediations",
        verbose_name=_("mediator"),
    )
    received_on = models.DateField(pgettext_lazy("mediation", "received on"))
    due_on = models.DateField(_("to conclude by"))
    status = models.CharField(
        _("status"), max_length=8, choices=MediationStatus.choices, default=MediationStatus.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    amount_agreed = models.BigIntegerField(_("amount agreed (fen)"), default=0)
    # What the agreement says, or why mediation failed: the parties read it.
    result_note = models.CharField(_("agreement or reason, in words"), max_length=500, blank=True)
    referred_to = models.CharField(
        _("referred to"), max_length=12, choices=ReferredTo.choices, blank=True
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("taken by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "centre__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = pgettext_lazy("record", "mediation")
        verbose_name_plural = _("mediations")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["received_on", "id"], name="rights_mediation_recv_idx"),
            models.Index(fields=["closed_on"], name="rights_mediation_closed_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_claimed__gte=0) & Q(amount_agreed__gte=0),
                name="rights_mediation_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True)
                | (~Q(status="open") & Q(closed_on__isnull=False)),
                name="rights_mediation_closed_has_day",
            ),
            models.CheckConstraint(
                condition=(Q(status="referred") & ~Q(referred_to=""))
                | (~Q(status="referred") & Q(referred_to="")),
                name="rights_mediation_referral_named",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.employer}"

    @property
    def reference(self) -> str:
        return f"调{self.received_on.year}-{self.pk or 0:06d}"

    @property
    def amount_agreed_yuan(self) -> str:
        return yuan(self.amount_agreed)

    def overdue_on(self, day: date) -> bool:
        return self.status == MediationStatus.OPEN and self.due_on < day


class MediationSession(models.Model):
    mediation = models.ForeignKey(
        Mediation,
        models.CASCADE,
        related_name="sessions",
        verbose_name=pgettext_lazy("record", "mediation"),
    )
    held_on = models.DateField(_("held on"))
    mediator = models.ForeignKey(
        Mediator,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mediator"),
    )
    note = models.CharField(_("what was done"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )

    scope_path_field = "mediation__centre__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["held_on", "id"]

    def __str__(self):
        return f"{self.mediation.reference} {self.held_on}"


# ---- legal aid and legal-service campaigns (法律援助、普法服务) ---------------------------


class LegalCampaign(models.TextChoices):
    NONE = "", _("none (the union's own event)")
    ZUNFA = "zunfa", _("尊法守法·携手筑梦 legal services for migrant workers")


class LegalEventKind(models.TextChoices):
    LECTURE = "lecture", _("law lecture")  # 普法讲座
    CONSULTATION_DAY = "consultation", _("free consultation day")  # 义务法律咨询
    ON_SITE = "on_site", _("on-site service at a workplace")  # 进工地、进企业
    TRAINING = "training", _("training of union legal workers")


class Audience(models.TextChoices):
    MIGRANT = "migrant", _("migrant workers")  # 农民工
    NEW_FORMS = "new_forms", _("workers in new forms of employment")  # 新就业形态劳动者
    ALL = "all", _("all workers")


class LegalEvent(models.Model):
    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="legal_events",
        verbose_name=_("organizing union"),
    )
    campaign = models.CharField(
        _("campaign"), max_length=10, choices=LegalCampaign.choices, blank=True
    )
    kind = models.CharField(_("kind"), max_length=12, choices=LegalEventKind.choices)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    title = models.CharField(_("title"), max_length=100)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    attendance = models.PositiveIntegerField(_("people reached"), default=0)
    lawyers = models.PositiveIntegerField(_("lawyers taking part"), default=0)
    consultations = models.PositiveIntegerField(_("consultations given"), default=0)
    # Cases taken up on the spot (they are opened as rights cases too).
    cases_taken = models.PositiveIntegerField(_("cases taken up"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("legal-service event")
        verbose_name_plural = _("legal-service events")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["held_on", "id"], name="rights_legal_event_idx")]

    def __str__(self):
        return f"{self.held_on} {self.title}"


# ---- labour-law supervision: 一函两书 ---------------------------------------------------

REPLY_DAYS = 15  # days an addressee is given to reply, unless the letter says otherwise


class LetterKind(models.TextChoices):
    NOTICE = "notice", _("reminder letter (提示函)")
    OPINION = "opinion", _("opinion letter (意见书)")
    PROPOSAL = "proposal", _("proposal letter (建议书)")


class Addressee(models.TextChoices):
    ENTERPRISE = "enterprise", _("an enterprise")
    GOVERNMENT = "government", _("the government or a department")


class LetterIssue(models.TextChoices):
    WAGES = "wages", _("wages paid late or short")
    HOURS = "hours", _("working hours and rest")
    CONTRACTS = "contracts", pgettext_lazy("letter issue", "labour contracts")
    SOCIAL_INSURANCE = "social_insurance", _("social insurance")
    SAFETY = "safety", _("occupational safety and health")
    WOMEN = "women", _("women workers' special protection")
    OTHER = "other", _("other")


class Rectification(models.TextChoices):
    PENDING = "pending", _("rectification awaited")
    RECTIFIED = "rectified", _("rectified")
    NOT_RECTIFIED = "not_rectified", _("not rectified")
    NOT_REQUIRED = "not_required", _("no rectification needed")


class SupervisionLetter(models.Model):
    """A letter a union sends under its labour-law supervision: a 提示函 to an employer,
    an 意见书 or 建议书 to the employer or the government; the reply and the
    rectification are tracked."""

    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="supervision_letters",
        verbose_name=_("sending union"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=LetterKind.choices)
    addressee = models.CharField(_("addressed to"), max_length=10, choices=Addressee.choices)
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    addressee_name = models.CharField(_("addressee"), max_length=100)
    issue = models.CharField(_("issue"), max_length=16, choices=LetterIssue.choices)
    summary = models.CharField(_("what the letter says"), max_length=1000)
    case = models.ForeignKey(
        RightsCase,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("rights case"),
    )
    sent_on = models.DateField(_("sent on"))
    reply_due = models.DateField(_("reply due"))
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    reply_note = models.CharField(_("the reply, in words"), max_length=500, blank=True)
    rectification = models.CharField(
        _("rectification"),
        max_length=14,
        choices=Rectification.choices,
        default=Rectification.PENDING,
    )
    rectified_on = models.DateField(_("rectification recorded on"), null=True, blank=True)
    rectification_note = models.CharField(_("rectification, in words"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("letter", "sent by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("supervision letter")
        verbose_name_plural = _("supervision letters")
        ordering = ["-sent_on", "-id"]
        indexes = [
            models.Index(fields=["sent_on", "id"], name="rights_letter_sent_idx"),
            models.Index(
                fields=["reply_due"],
                name="rights_letter_awaited_idx",
                condition=Q(replied_on__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(reply_due__gte=models.F("sent_on")),
                name="rights_letter_due_after_sent",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.addressee_name}"

    @property
    def reference(self) -> str:
        return f"函{self.sent_on.year}-{self.pk or 0:05d}"

    def reply_overdue_on(self, day: date) -> bool:
        return self.replied_on is None and self.reply_due < day


from .models_democracy import *  # noqa: E402, F403  (democratic management: 职代会、厂务公开)

# ---- collective consultation and contracts (集体协商、集体合同、集中要约) ------------------

# 集体合同规定 (劳动和社会保障部令第22号): a party answers an offer to negotiate in writing
# within 20 days (art. 32); a contract runs one to three years (art. 38). The union starts
# renegotiating before expiry: a contract in force expiring within RENEWAL_DAYS with no
# successor on file is a to-do.
OFFER_REPLY_DAYS = 20
MAX_TERM_YEARS = 3
RENEWAL_DAYS = 90


class ContractKind(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("comprehensive collective contract")  # 综合性集体合同
    WAGE = "wage", _("wage special contract")  # 工资专项集体合同
    WOMEN = "women", _("women workers' special contract")  # 女职工权益保护专项集体合同
    SAFETY = "safety", _("labour safety and health special contract")  # 劳动安全卫生专项集体合同


class ContractLevel(models.TextChoices):
    ENTERPRISE = "enterprise", _("one enterprise")  # 企业集体合同
    INDUSTRY = "industry", _("an industry")  # 行业性集体合同
    REGIONAL = "regional", _("a region")  # 区域性集体合同


class Filing(models.TextChoices):
    NOT_FILED = "not_filed", _("not yet submitted for filing")
    SUBMITTED = "submitted", _("submitted to the labour bureau")  # 报送人社部门审查
    FILED = "filed", _("filed (备案)")  # 审查通过，已备案
    RETURNED = "returned", _("returned for amendment")  # 提出异议，退回修改


class OfferCampaign(models.Model):
    """A union's yearly 集中要约 action: in one season it sends offers to negotiate to the
    enterprises of its area and follows their answers to a contract."""

    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="offer_campaigns",
        verbose_name=_("organizing union"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=100)
    started_on = models.DateField(_("started on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("collective offer campaign (集中要约)")
        verbose_name_plural = _("collective offer campaigns (集中要约)")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year"], name="rights_offer_campaign_year")
        ]

    def __str__(self):
        return self.title


class OfferResponse(models.TextChoices):
    AWAITING = "awaiting", _("answer awaited")
    ACCEPTED = "accepted", pgettext_lazy("collective offer", "accepted")  # 同意协商
    NEGOTIATING = "negotiating", pgettext_lazy("collective offer", "negotiating")  # 已进入协商
    REFUSED = "refused", pgettext_lazy("collective offer", "refused")  # 拒绝协商
    NO_ANSWER = "no_answer", _("no answer within twenty days")  # 逾期未回应


# The answers that count as a response (the response rate counts these).
ANSWERED = [OfferResponse.ACCEPTED, OfferResponse.NEGOTIATING, OfferResponse.REFUSED]


class CollectiveOffer(models.Model):
    """One written offer to negotiate (要约书) sent to one enterprise, and its answer."""

    campaign = models.ForeignKey(
        OfferCampaign, models.PROTECT, related_name="offers", verbose_name=_("campaign")
    )
    enterprise = models.ForeignKey(
        "orgs.Enterprise", models.PROTECT, related_name="+", verbose_name=_("enterprise")
    )
    kind = models.CharField(_("contract offered"), max_length=14, choices=ContractKind.choices)
    sent_on = models.DateField(_("sent on"))
    reply_due = models.DateField(_("reply due"))
    response = models.CharField(
        pgettext_lazy("collective offer", "answer"),
        max_length=12,
        choices=OfferResponse.choices,
        default=OfferResponse.AWAITING,
    )
    responded_on = models.DateField(_("answered on"), null=True, blank=True)
    response_note = models.CharField(_("the answer, in words"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "campaign__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("collective offer (要约)")
        verbose_name_plural = _("collective offers (要约)")
        ordering = ["-sent_on", "-id"]
        indexes = [models.Index(fields=["sent_on", "id"], name="rights_offer_sent_idx")]
        constraints = [
            # One offer of a kind to an enterprise per campaign.
            models.UniqueConstraint(
                fields=["campaign", "enterprise", "kind"], name="rights_offer_once"
            ),
            models.CheckConstraint(
                condition=Q(response="awaiting", responded_on__isnull=True)
                | (~Q(response="awaiting") & Q(responded_on__isnull=False)),
                name="rights_offer_answer_has_day",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.enterprise}"

    @property
    def reference(self) -> str:
        return f"约{self.sent_on.year}-{self.pk or 0:05d}"

    def overdue_on(self, day: date) -> bool:
        return self.response == OfferResponse.AWAITING and self.reply_due < day


class CollectiveContract(models.Model):
    """A collective contract (集体合同) signed by a union: for one enterprise, or for an
    industry or a region (then the employer side is the enterprises' representative
    body). It is submitted to the labour bureau for filing; the union renews it before
    it expires (the renewal names the contract it replaces)."""

    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="collective_contracts",
        verbose_name=_("signing union"),
    )
    level = models.CharField(_("contract level"), max_length=10, choices=ContractLevel.choices)
    kind = models.CharField(_("kind"), max_length=14, choices=ContractKind.choices)
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    # The employer side: the enterprise, or the industry association or employers'
    # representative body of the region (某区餐饮行业协会).
    employer_party = models.CharField(_("employer side"), max_length=100)
    title = models.CharField(_("title"), max_length=100)
    signed_on = models.DateField(_("signed on"))
    effective_on = models.DateField(_("effective from"))
    expires_on = models.DateField(_("expires on"))
    workers_covered = models.PositiveIntegerField(_("workers covered"))
    enterprises_covered = models.PositiveIntegerField(_("enterprises covered"), default=1)
    filing = models.CharField(
        _("filing"), max_length=10, choices=Filing.choices, default=Filing.NOT_FILED
    )
    filed_on = models.DateField(_("filing recorded on"), null=True, blank=True)
    offer = models.OneToOneField(
        CollectiveOffer,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="contract",
        verbose_name=_("collective offer (要约)"),
    )
    replaces = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal",
        verbose_name=_("renews"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("collective contract")
        verbose_name_plural = _("collective contracts")
        ordering = ["-signed_on", "-id"]
        indexes = [
            models.Index(fields=["signed_on", "id"], name="rights_contract_signed_idx"),
            models.Index(fields=["expires_on", "effective_on"], name="rights_contract_term_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_on__gte=models.F("signed_on"))
                & Q(expires_on__gt=models.F("effective_on")),
                name="rights_contract_term_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(level="enterprise") | Q(enterprise__isnull=False),
                name="rights_contract_enterprise_named",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"合{self.signed_on.year}-{self.pk or 0:05d}"

    def in_force_on(self, day: date) -> bool:
        return self.effective_on <= day <= self.expires_on


def fill_union_paths() -> int:
    """Copy each union's path onto its cases where a bulk insert left it empty (the
    demo, the benchmark): one UPDATE."""
    from gonghui.orgs.models import Organization

    path = Organization.objects.filter(pk=models.OuterRef("union_id")).values("path")[:1]
    return RightsCase.objects.filter(union_path="").update(union_path=models.Subquery(path))
