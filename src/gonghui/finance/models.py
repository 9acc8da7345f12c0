"""Union finance (工会财务): the 2 % union funds (工会经费) each enterprise pays, their
sharing between the levels (分成), rebates (返还), budgets and spending, and the audit
committee's reviews (经审).

Money moves only on the one ledger (campaigns/ledger.py) under the account and posting
kinds below, registered in FinanceConfig.ready. Every finance posting has a Voucher (记账凭证)
that dates it, so the statements of a period read the ledger by the voucher's date.

    collection  收款      collector: bank +P / unshared -P
    share       分成      collector: unshared +P, bank -(P - own share);
                          each level: bank +share, income -share (national: payable to
                          the ACFTU when the tree has none; grassroots: the prep fund of
                          the collector when the enterprise has no union)
    rebate      返还      federation: rebates paid +R, bank -R; union: bank +R, subsidy -R
    expense     支出      union: expense item +E, bank -E
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.scoping import ScopedManager

# (value, label, credit_normal): the ledger accounts of union finance (工会会计制度 names).
ACCOUNT_KINDS = [
    ("fin_bank", _("bank deposits"), False),  # 银行存款
    ("fin_unshared", _("union funds awaiting sharing"), True),  # 待分成经费
    ("fin_income", _("allocated union funds income"), True),  # 拨缴经费收入
    ("fin_up_payable", _("funds payable to the national federation"), True),  # 应上缴全总经费
    ("fin_prep", _("union-building preparation funds"), True),  # 建会筹备金
    ("fin_subsidy_in", _("subsidy income from higher unions"), True),  # 上级补助收入
    ("fin_rebate_out", _("subsidies to lower unions"), False),  # 补助下级支出
    ("fin_x_activity", _("staff activity expenditure"), False),  # 职工活动支出
    ("fin_x_service", _("staff service expenditure"), False),  # 职工服务支出
    ("fin_x_rights", _("rights protection expenditure"), False),  # 维权支出
    ("fin_x_business", _("operating expenditure"), False),  # 业务支出
    ("fin_x_capital", _("capital expenditure"), False),  # 资本性支出
    ("fin_x_other", _("other expenditure"), False),  # 其他支出
]
POSTING_KINDS = [
    ("fin_collection", _("union funds collected")),
    ("fin_share", _("union funds shared between levels")),
    ("fin_rebate", _("union funds rebate")),
    ("fin_expense", _("union expenditure")),
]
INCOME_KINDS = ("fin_income", "fin_subsidy_in")
EXPENSE_KINDS = ("fin_rebate_out",) + tuple(k for k, _l, _c in ACCOUNT_KINDS if k[:6] == "fin_x_")

RATE_BPS = 200  # 2 % of the payroll, in basis points (工会法 第四十三条)


class Cycle(models.TextChoices):
    MONTH = "month", _("monthly")
    QUARTER = "quarter", _("quarterly")


class Method(models.TextChoices):
    DIRECT = "direct", _("collected by the union")  # 工会直接收缴
    TAX = "tax", _("collected by the tax authority")  # 税务代收


class Payer(models.Model):
    """An enterprise as a payer of union funds: who collects, how often, by which way."""

    enterprise = models.OneToOneField(
        "orgs.Enterprise", models.PROTECT, related_name="fund_payer", verbose_name=_("enterprise")
    )
    collector = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="+",
        verbose_name=_("collecting federation"),
    )
    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the enterprise's union"),
    )
    cycle = models.CharField(_("cycle"), max_length=8, choices=Cycle.choices, default=Cycle.MONTH)
    method = models.CharField(_("collected"), max_length=8, choices=Method.choices)
    # 科技型中小企业 (seed 000, task 6): the upper levels' shares are rebated to its union.
    tech_sme = models.BooleanField(_("small or medium tech enterprise"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = ("collector__path", "union__path")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("union funds payer")
        verbose_name_plural = _("union funds payers")
        ordering = ["enterprise__name"]

    def __str__(self):
        return str(self.enterprise)


class Exemption(models.Model):
    """A payer need not pay for these months (缓缴、免缴: a closed or struggling firm)."""

    payer = models.ForeignKey(
        Payer, models.CASCADE, related_name="exemptions", verbose_name=_("payer")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=200)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("granted by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = ("payer__collector__path", "payer__union__path")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="finance_exemption_period"
            )
        ]

    def __str__(self):
        return f"{self.payer} {self.starts_on}–{self.ends_on}"


class Due(models.Model):
    """What a payer owes for one month or quarter: 2 % of the payroll it declared."""

    payer = models.ForeignKey(Payer, models.PROTECT, related_name="dues", verbose_name=_("payer"))
    collector = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="+",
        verbose_name=_("collecting federation"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    cycle = models.CharField(_("cycle"), max_length=8, choices=Cycle.choices)
    period = models.PositiveSmallIntegerField(_("month or quarter"))
    starts_on = models.DateField(_("period starts on"))
    payroll = models.BigIntegerField(_("payroll (fen)"))
    amount = models.BigIntegerField(_("due (fen)"))
    paid = models.BigIntegerField(_("paid (fen)"), default=0)
    exempt = models.BooleanField(_("exempt"), default=False)
    due_on = models.DateField(_("due on"))
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("declared by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = ("collector__path", "payer__union__path")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("union funds due")
        verbose_name_plural = _("union funds due")
        ordering = ["-year", "-period", "payer_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["payer", "year", "cycle", "period"], name="finance_due_once"
            ),
            models.CheckConstraint(condition=Q(payroll__gte=0), name="finance_due_payroll"),
            models.CheckConstraint(
                condition=Q(amount__gte=0, paid__gte=0), name="finance_due_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(period__gte=1, period__lte=12), name="finance_due_period"
            ),
        ]
        indexes = [models.Index(fields=["collector", "starts_on"])]

    def __str__(self):
        return f"{self.payer} {self.year}-{self.period}"

    @property
    def owing(self) -> int:
        return 0 if self.exempt else max(self.amount - self.paid, 0)


class Declaration(models.Model):
    """One declaration of a period's payroll (工资总额申报): the first, and each correction
    with its reason. Rows are only added: the due carries the latest figures, these keep
    every one declared before."""

    due = models.ForeignKey(
        Due, models.PROTECT, related_name="declarations", verbose_name=_("union funds due")
    )
    payroll = models.BigIntegerField(_("payroll (fen)"))
    amount = models.BigIntegerField(_("due (fen)"))
    reason = models.CharField(_("reason for the correction"), max_length=200, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("declared by")
    )
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    scope_path_field = ("due__collector__path", "due__payer__union__path")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("payroll declaration")
        verbose_name_plural = _("payroll declarations")
        ordering = ["due_id", "declared_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(payroll__gte=0, amount__gte=0), name="finance_declaration_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["declared_at", "id"])]

    def __str__(self):
        return f"{self.due} {self.declared_at:%Y-%m-%d}"


class TaxImport(models.Model):
    """One tax bureau file (税务代收工会经费明细) read in; the same file twice changes nothing."""

    collector = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="+",
        verbose_name=_("collecting federation"),
    )
    filename = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(_("file digest"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    added = models.PositiveIntegerField(_("payments added"), default=0)
    skipped = models.PositiveIntegerField(_("rows already recorded"), default=0)
    errors = models.JSONField(_("rows refused"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("imported by")
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    scope_path_field = "collector__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("tax bureau file")
        verbose_name_plural = _("tax bureau files")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["collector", "sha256"], name="finance_tax_file_once")
        ]

    def __str__(self):
        return self.filename


class Payment(models.Model):
    """Union funds received from a payer (directly, or through the tax authority)."""

    payer = models.ForeignKey(
        Payer, models.PROTECT, related_name="payments", verbose_name=_("payer")
    )
    collector = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="+",
        verbose_name=_("collecting federation"),
    )
    due = models.ForeignKey(
        Due, models.PROTECT, null=True, blank=True, related_name="payments", verbose_name=_("due")
    )
    paid_on = models.DateField(_("paid on"), db_index=True)
    amount = models.BigIntegerField(_("amount (fen)"))
    method = models.CharField(_("collected"), max_length=8, choices=Method.choices)
    # The tax bureau's voucher number (税票号), or the bank's reference: one payment each.
    reference = models.CharField(_("voucher number"), max_length=40)
    tax_import = models.ForeignKey(
        TaxImport,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("tax bureau file"),
    )
    posting = models.OneToOneField(
        "campaigns.Posting", models.PROTECT, related_name="+", verbose_name=_("posting")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = ("collector__path", "payer__union__path")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("union funds payment")
        verbose_name_plural = _("union funds payments")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["collector", "reference"], name="finance_payment_reference_once"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_payment_positive"),
        ]
        indexes = [models.Index(fields=["collector", "paid_on"])]

    def __str__(self):
        return f"{self.payer} {self.reference}"


class Reminder(models.Model):
    """A reminder sent to a payer in arrears (催缴)."""

    due = models.ForeignKey(Due, models.CASCADE, related_name="reminders", verbose_name=_("due"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    scope_path_field = ("due__collector__path", "due__payer__union__path")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.due} {self.sent_at:%Y-%m-%d}"


class Level(models.TextChoices):
    NATIONAL = "national", pgettext_lazy("share level", "national federation")
    PROVINCE = "province", pgettext_lazy("share level", "provincial federation")
    CITY = "city", pgettext_lazy("share level", "city federation")
    COUNTY = "county", pgettext_lazy("share level", "county federation")
    GRASSROOTS = "grassroots", pgettext_lazy("share level", "grassroots union")


LEVELS = [level.value for level in Level]


class ShareRule(models.Model):
    """How a province shares the union funds of a year between the levels, in basis
    points (1/100 of a per cent) that sum to 10000; the fen left over by rounding down
    each share go to `remainder_to`."""

    province = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("province")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    national = models.PositiveIntegerField(_("national share (‱)"))
    provincial = models.PositiveIntegerField(_("provincial share (‱)"))
    city = models.PositiveIntegerField(_("city share (‱)"))
    county = models.PositiveIntegerField(_("county share (‱)"))
    grassroots = models.PositiveIntegerField(_("grassroots share (‱)"))
    remainder_to = models.CharField(
        _("rounding remainder goes to"), max_length=10, choices=Level.choices, default=Level.COUNTY
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("set by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "province__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("sharing rule")
        verbose_name_plural = _("sharing rules")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="finance_rule_once"),
            models.CheckConstraint(
                condition=Q(
                    national__lte=10000,
                    provincial__lte=10000,
                    city__lte=10000,
                    county__lte=10000,
                    grassroots__lte=10000,
                ),
                name="finance_rule_bps",
            ),
        ]

    def __str__(self):
        return f"{self.province} {self.year}"

    def bps(self) -> dict[str, int]:
        return {
            Level.NATIONAL: self.national,
            Level.PROVINCE: self.provincial,
            Level.CITY: self.city,
            Level.COUNTY: self.county,
            Level.GRASSROOTS: self.grassroots,
        }


class Share(models.Model):
    """One payment shared between the levels (a payment is shared once: OneToOne)."""

    payment = models.OneToOneField(
        Payment, models.PROTECT, related_name="share", verbose_name=_("payment")
    )
    collector = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="+",
        verbose_name=_("collecting federation"),
    )
    rule = models.ForeignKey(ShareRule, models.PROTECT, related_name="+", verbose_name=_("rule"))
    paid_on = models.DateField(_("paid on"))
    amount = models.BigIntegerField(_("amount (fen)"))
    national = models.BigIntegerField(_("national (fen)"))
    provincial = models.BigIntegerField(_("provincial (fen)"))
    city = models.BigIntegerField(_("city (fen)"))
    county = models.BigIntegerField(_("county (fen)"))
    grassroots = models.BigIntegerField(_("grassroots (fen)"))
    # The collector's sharing voucher of the day (汇总记账凭证): it posts the netted
    # transfers of all the collector's payments shared for that day, this one among them.
    posting = models.ForeignKey(
        "campaigns.Posting", models.PROTECT, related_name="+", verbose_name=_("posting")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "collector__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    amount=F("national")
                    + F("provincial")
                    + F("city")
                    + F("county")
                    + F("grassroots")
                ),
                name="finance_share_sums",
            )
        ]
        indexes = [models.Index(fields=["collector", "paid_on"])]

    def __str__(self):
        return f"{self.payment}"


class RebateKind(models.TextChoices):
    GRASSROOTS = "grassroots", _("rebate to a grassroots union")  # 经费返还
    TECH_SME = "tech_sme", _("small and medium tech enterprises policy")  # 科技型中小企业返还


class RebateStatus(models.TextChoices):
    APPLIED = "applied", _("applied for")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    PAID = "paid", _("paid")


class Rebate(models.Model):
    """Money a federation returns to a grassroots union: applied for, approved by
    another person, paid once."""

    kind = models.CharField(_("kind"), max_length=10, choices=RebateKind.choices)
    federation = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("paying federation")
    )
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("receiving union")
    )
    payer = models.ForeignKey(
        Payer,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="rebates",
        verbose_name=_("payer"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    base = models.BigIntegerField(_("base (fen)"))
    rate = models.PositiveIntegerField(_("rate (‱)"))
    amount = models.BigIntegerField(_("amount (fen)"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RebateStatus.choices, default=RebateStatus.APPLIED
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("applied by")
    )
    applied_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    posting = models.OneToOneField(
        "campaigns.Posting",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("posting"),
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    scope_path_field = ("federation__path", "union__path")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("rebate")
        verbose_name_plural = _("rebates")
        ordering = ["-applied_at", "-id"]
        constraints = [
            # One live rebate of a kind per union and year: applied for, approved or paid.
            models.UniqueConstraint(
                fields=["kind", "union", "year"],
                condition=~Q(status="rejected"),
                name="finance_rebate_once",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_rebate_positive"),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(posting__isnull=False), name="finance_rebate_posted"
            ),
        ]

    def __str__(self):
        return f"{self.union} {self.year} {self.get_kind_display()}"


class Item(models.TextChoices):
    """Budget items: the expenditure headings of 工会会计制度 (each a ledger account)."""

    ACTIVITY = "fin_x_activity", _("staff activities")  # 职工活动
    SERVICE = "fin_x_service", _("staff services")  # 职工服务
    RIGHTS = "fin_x_rights", _("rights protection and aid")  # 维权（帮扶）
    BUSINESS = "fin_x_business", _("training and administration")  # 业务（培训、行政）
    CAPITAL = "fin_x_capital", _("capital spending")  # 资本性支出
    OTHER = "fin_x_other", _("other spending")  # 其他


class Budget(models.Model):
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    item = models.CharField(_("item"), max_length=16, choices=Item.choices)
    amount = models.BigIntegerField(_("budget (fen)"))
    # Spending beyond this share of the budget is warned about (预警).
    warn_at = models.PositiveSmallIntegerField(_("warn at (per cent)"), default=90)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("set by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("budget item")
        verbose_name_plural = _("budget items")
        ordering = ["-year", "union_id", "item"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year", "item"], name="finance_budget_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_budget_positive"),
            models.CheckConstraint(
                condition=Q(warn_at__gte=1, warn_at__lte=100), name="finance_budget_warn"
            ),
        ]

    def __str__(self):
        return f"{self.union} {self.year} {self.get_item_display()}"


class ExpenseStatus(models.TextChoices):
    ENTERED = "entered", _("waiting for approval")
    PAID = "paid", _("approved and paid")
    REJECTED = "rejected", _("rejected")


class Expense(models.Model):
    """Spending from a union's funds: entered by one, approved (and posted) by another."""

    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    item = models.CharField(_("item"), max_length=16, choices=Item.choices)
    amount = models.BigIntegerField(_("amount (fen)"))
    spent_on = models.DateField(_("spent on"))
    memo = models.CharField(_("purpose"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=ExpenseStatus.choices, default=ExpenseStatus.ENTERED
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    posting = models.OneToOneField(
        "campaigns.Posting",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("posting"),
    )
    # The entry form's or the API caller's key: the same request again enters nothing new.
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, blank=True, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        ordering = ["-spent_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_expense_positive"),
            models.UniqueConstraint(
                fields=["union", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="finance_expense_entered_once",
            ),
        ]
        indexes = [models.Index(fields=["spent_on", "id"])]

    def __str__(self):
        return f"{self.union} {self.memo}"


class Voucher(models.Model):
    """The date a finance posting is booked on (记账凭证日期): statements read by it."""

    posting = models.OneToOneField(
        "campaigns.Posting", models.PROTECT, related_name="voucher", verbose_name=_("posting")
    )
    organization = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    booked_on = models.DateField(_("booked on"), db_index=True)

    scope_path_field = "organization__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["-booked_on", "-id"]

    def __str__(self):
        return f"{self.booked_on} #{self.posting_id}"


class ReviewStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("audit review", "open")
    CLOSED = "closed", pgettext_lazy("audit review", "closed")


class Review(models.Model):
    """An audit committee's review (经费审查) of a union's finances for a year."""

    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union reviewed")
    )
    committee = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("reviewing union")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=120)
    status = models.CharField(
        _("status"), max_length=8, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    scope_path_field = ("committee__path", "union__path")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("audit review")
        verbose_name_plural = _("audit reviews")
        ordering = ["-opened_on", "-id"]

    def __str__(self):
        return self.title


class FindingStatus(models.TextChoices):
    OPEN = "open", _("to be rectified")
    RECTIFIED = "rectified", _("rectified, to be verified")
    VERIFIED = "verified", _("verified")


class Finding(models.Model):
    review = models.ForeignKey(
        Review, models.CASCADE, related_name="findings", verbose_name=_("audit review")
    )
    text = models.CharField(_("finding"), max_length=500)
    amount = models.BigIntegerField(_("amount involved (fen)"), default=0)
    rectify_by = models.DateField(_("rectify by"))
    status = models.CharField(
        _("status"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    rectification = models.CharField(_("rectification"), max_length=500, blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rectified by"),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = ("review__committee__path", "review__union__path")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        ordering = ["rectify_by", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="finance_finding_amount")
        ]

    def __str__(self):
        return self.text[:60]


class TaxJobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class TaxJob(models.Model):
    """A tax bureau file uploaded for import in the background (core.jobs): the page
    follows its progress; the import itself is services.import_tax_file, all or nothing."""

    collector = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="+",
        verbose_name=_("collecting federation"),
    )
    filename = models.CharField(_("file"), max_length=200)
    # The upload, kept until the job has run (a tax file is a few MB at most).
    content = models.BinaryField(_("content"), editable=False)
    status = models.CharField(
        _("status"), max_length=8, choices=TaxJobStatus.choices, default=TaxJobStatus.QUEUED
    )
    done = models.PositiveIntegerField(_("rows read"), default=0)
    total = models.PositiveIntegerField(_("rows"), default=0)
    error = models.CharField(_("error"), max_length=500, blank=True)
    errors = models.JSONField(_("rows refused"), default=list, blank=True)
    result = models.ForeignKey(
        TaxImport,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tax bureau file"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("imported by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    scope_path_field = "collector__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("tax file import")
        verbose_name_plural = _("tax file imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename
