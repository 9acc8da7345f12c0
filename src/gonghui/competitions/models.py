"""Labour and skills competitions, the 安康杯, and skills training in enterprises (seed 004 §2).

* A **competition** (劳动和技能竞赛) is organized by a union at any level, may be a
  sub-competition of one higher up, and may be proposed for the province's project library
  (项目库): proposed by its organizer, listed or refused by province staff who did not
  propose it. The 安康杯 safety competition is a competition of its own kind.
* **Participation**: each enterprise taking part, with the workers it covers (覆盖职工).
* An **event** (赛事) is a skills contest in one trade (工种) at one round (enterprise to
  province); its `participants` is the headcount the holder reports (参与职工).
* A **contestant** (选手) enters an event — a worker on their phone or staff for them —
  is accepted or refused by the holder's staff (not the one who entered them), and gets a
  score, a rank and a title (技术能手).
* A **training session** (送技能进企业) is training given to one enterprise, with its
  trainees (人次) and the subsidy paid in fen; it counts once another staff member has
  approved it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.scoping import ScopedManager


class CompetitionKind(models.TextChoices):
    LABOUR = "labour", _("labour competition")  # 劳动竞赛
    SKILLS = "skills", _("skills contest")  # 职工技能大赛
    ANKANG = "ankang", _("Ankang Cup safety competition")  # 安康杯


# The kinds seed 004 counts as 劳动和技能竞赛 (the 安康杯 is counted apart).
LABOUR_AND_SKILLS = [CompetitionKind.LABOUR, CompetitionKind.SKILLS]


class LibraryStatus(models.TextChoices):
    NONE = "none", _("not proposed")
    PROPOSED = "proposed", _("proposed for the project library")
    LISTED = "listed", _("in the project library")
    REFUSED = "refused", pgettext_lazy("library", "not taken into the library")


class Competition(models.Model):
    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="competitions",
        verbose_name=_("organizer"),
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=CompetitionKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=150)
    theme = models.CharField(_("theme"), max_length=150, blank=True)
    # What English documents print; empty, the Chinese marked [zh] (core.writing.reported).
    theme_en = models.CharField(_("theme in English"), max_length=300, blank=True)
    starts_on = models.DateField(_("starts on"), db_index=True)
    ends_on = models.DateField(_("ends on"))
    library_status = models.CharField(
        _("project library"),
        max_length=8,
        choices=LibraryStatus.choices,
        default=LibraryStatus.NONE,
        db_index=True,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    library_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    library_decided_on = models.DateField(_("decided on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["kind", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="competitions_dates_in_order"
            )
        ]

    def __str__(self):
        return self.title


class Participation(models.Model):
    """One enterprise taking part in a competition, with the workers it covers."""

    competition = models.ForeignKey(
        Competition, models.CASCADE, related_name="participations", verbose_name=_("competition")
    )
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        models.PROTECT,
        related_name="competition_participations",
        verbose_name=_("enterprise"),
    )
    # The union that keeps the enterprise's record when it joined: who sees and counts it.
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    workers = models.PositiveIntegerField(_("workers covered"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("participating enterprise")
        verbose_name_plural = _("participating enterprises")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "enterprise"], name="competitions_one_entry_per_enterprise"
            )
        ]

    def __str__(self):
        return f"{self.competition} · {self.enterprise}"


class Round(models.TextChoices):
    ENTERPRISE = "enterprise", _("enterprise round")
    COUNTY = "county", _("county round")
    CITY = "city", _("city round")
    PROVINCE = "province", _("provincial final")


class Event(models.Model):
    """A skills contest in one trade (工种) at one round."""

    competition = models.ForeignKey(
        Competition, models.CASCADE, related_name="events", verbose_name=_("competition")
    )
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("held by")
    )
    trade = models.CharField(_("trade"), max_length=60)
    round = models.CharField(_("round"), max_length=10, choices=Round.choices, db_index=True)
    held_on = models.DateField(_("held on"), db_index=True)
    participants = models.PositiveIntegerField(_("workers taking part"), default=0)
    open_for_entries = models.BooleanField(_("open for entries"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("contest event")
        verbose_name_plural = _("contest events")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.competition} · {self.trade} · {self.get_round_display()}"


class EntryStatus(models.TextChoices):
    APPLIED = "applied", _("applied")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", pgettext_lazy("entry", "refused")


class Contestant(models.Model):
    event = models.ForeignKey(
        Event, models.CASCADE, related_name="contestants", verbose_name=_("contest event")
    )
    name = models.CharField(_("name"), max_length=50)
    employer = models.CharField(_("employer"), max_length=120, blank=True)
    # The worker's own account when they entered themselves (they follow their entry).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="contest_entries",
        verbose_name=_("account"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=EntryStatus.choices, default=EntryStatus.APPLIED
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    review_note = models.CharField(_("review note"), max_length=200, blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    title = models.CharField(_("title awarded"), max_length=60, blank=True)  # 技术能手
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    scope_path_field = "event__union__path"
    scope_owner_field = "user"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("contestant")
        verbose_name_plural = _("contestants")
        ordering = ["rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(user__isnull=False),
                name="competitions_one_entry_per_worker",
            )
        ]

    def __str__(self):
        return f"{self.name} · {self.event}"


class TrainingKind(models.TextChoices):
    ON_SITE = "on_site", _("order-based on-site training")  # 订单式现场培训
    APPRENTICE = "apprentice", _("new apprenticeship training")  # 企业新型学徒制
    NEW_SKILLS = "new_skills", _("new technology and skills training")
    OTHER = "other", _("other course")


class ReviewStatus(models.TextChoices):
    RECORDED = "recorded", _("recorded")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class TrainingSession(models.Model):
    """送技能进企业: training given to one enterprise. The subsidy (fen) is paid once, after
    approval, from the organizer's general funds on the one ledger (`posting`)."""

    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("organizer")
    )
    enterprise = models.ForeignKey(
        "orgs.Enterprise", models.PROTECT, related_name="+", verbose_name=_("enterprise")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=TrainingKind.choices)
    course = models.CharField(_("course"), max_length=120)
    held_on = models.DateField(_("held on"), db_index=True)
    trainees = models.PositiveIntegerField(_("trainees (person-times)"))
    subsidy = models.PositiveBigIntegerField(_("subsidy (fen)"), default=0)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=ReviewStatus.choices,
        default=ReviewStatus.RECORDED,
        db_index=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # One posting per session: the subsidy is paid once (the database holds it).
    posting = models.OneToOneField(
        "campaigns.Posting",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ledger posting"),
    )
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paid by"),
    )

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on} {self.enterprise} {self.course}"
