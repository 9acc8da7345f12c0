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

    scope_path_field = "union__path"
    scope_owner_field = "worker"  # the worker follows (and may withdraw) their own case
    objects = ScopedManager()

    class Meta:
        verbose_name = _("rights case")
        verbose_name_plural = _("rights cases")
        ordering = ["-opened_on", "-id"]
        indexes = [
            # The list pages newest first; the figures by period; the overdue to-do.
            models.Index(fields=["opened_on", "id"], name="rights_case_opened_idx"),
            models.Index(fields=["union", "opened_on"], name="rights_case_union_idx"),
            models.Index(fields=["closed_on"], name="rights_case_closed_idx"),
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
