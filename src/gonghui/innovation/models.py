"""Mass innovation (seed 004 §2): 五小 activities, 师带徒 pairs, innovation results and
rationalization proposals with review and adoption, results put into use with the revenue
they made, and the studios and platforms a federation names.

* **Coverage** (五小活动): one enterprise's 五小 activity in a year — its teams or workshops
  (班组、车间) and workers taking part.
* **Mentoring pair** (师带徒): a master and an apprentice of one enterprise.
* **Result** (创新成果): a 五小 result, a technique (绝招绝技绝活、先进操作法), a technical
  innovation or a rationalization proposal (合理化建议). Staff — or a worker, for a proposal —
  submit it; another staff member adopts it or not; an adopted result may be put into use
  with the revenue it made (创收, in fen).
* **Studio** (劳模和职工创新工作室, alliances, skill platforms, craftsman academies): applied
  for by a union, then reviewed, publicly noticed (公示) and named by the naming federation's
  staff — never the one who applied.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.scoping import ScopedManager


class Coverage(models.Model):
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    enterprise = models.ForeignKey(
        "orgs.Enterprise", models.PROTECT, related_name="+", verbose_name=_("enterprise")
    )
    reported_on = models.DateField(_("reported on"), db_index=True)
    teams = models.PositiveIntegerField(_("teams and workshops"))
    workers = models.PositiveIntegerField(_("workers taking part"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # The union's path, copied on the row (as rights cases do) so that the scope filter
    # needs no join: the list's count of a province's ~10,000 reports joined every one of
    # them to 200,000 organizations (a hash join over a scan of all of them, 190–240 ms);
    # on the row it is a range of an index. Set on save; the demo writes it; org_move
    # rewrites it with the tree (orgs.services._path_copies).
    union_path = models.CharField(_("union's path"), max_length=255, editable=False)

    scope_path_field = "union_path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("five-small activity (五小)")
        verbose_name_plural = _("five-small activities (五小)")
        ordering = ["-reported_on", "-id"]
        indexes = [
            # A subtree's reports: the prefix bounds the range (the count, the page).
            models.Index(
                fields=["union_path", "reported_on", "id"],
                name="innovation_coverage_path_idx",
                opclasses=["varchar_pattern_ops", "date_ops", "int8_ops"],
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.reported_on:%Y}"

    def save(self, *args, **kwargs):
        if self.union_id is not None and not self.union_path:  # a report keeps its union
            self.union_path = self.union.path
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "union_path"}
        super().save(*args, **kwargs)


class MentoringPair(models.Model):
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    enterprise = models.ForeignKey(
        "orgs.Enterprise", models.PROTECT, related_name="+", verbose_name=_("enterprise")
    )
    master = models.CharField(_("master"), max_length=50)
    apprentice = models.CharField(_("apprentice"), max_length=50)
    trade = models.CharField(_("trade"), max_length=60, blank=True)
    paired_on = models.DateField(_("paired on"), db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("mentoring pair")
        verbose_name_plural = _("mentoring pairs")
        ordering = ["-paired_on", "-id"]

    def __str__(self):
        return f"{self.master} · {self.apprentice}"


class ResultKind(models.TextChoices):
    INVENTION = "invention", _("small invention")  # 小发明
    CREATION = "creation", _("small creation")  # 小创造
    INNOVATION = "innovation", _("small innovation")  # 小革新
    DESIGN = "design", _("small design")  # 小设计
    SUGGESTION = "suggestion", _("small suggestion")  # 小建议
    TECHNIQUE = "technique", _("technique or advanced method")  # 绝招绝技绝活、先进操作法
    TECHNICAL = "technical", _("technical innovation")  # 技术革新
    PROPOSAL = "proposal", _("rationalization proposal")  # 合理化建议


FIVE_SMALL = [
    ResultKind.INVENTION,
    ResultKind.CREATION,
    ResultKind.INNOVATION,
    ResultKind.DESIGN,
    ResultKind.SUGGESTION,
]


class ResultStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ADOPTED = "adopted", _("adopted")
    NOT_ADOPTED = "not_adopted", _("not adopted")


class Result(models.Model):
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ResultKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=150)
    authors = models.CharField(_("authors"), max_length=150)
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    submitted_on = models.DateField(_("submitted on"), db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ResultStatus.choices,
        default=ResultStatus.SUBMITTED,
        db_index=True,
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
    in_use_on = models.DateField(_("put into use on"), null=True, blank=True, db_index=True)
    revenue = models.PositiveBigIntegerField(_("revenue made (fen)"), default=0)
    studio = models.ForeignKey(
        "Studio",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="results",
        verbose_name=_("studio"),
    )

    scope_path_field = "union__path"
    scope_owner_field = "submitted_by"  # a worker follows their own proposal
    objects = ScopedManager()

    class Meta:
        verbose_name = _("innovation result")
        verbose_name_plural = _("innovation results")
        ordering = ["-submitted_on", "-id"]

    def __str__(self):
        return self.title


class StudioKind(models.TextChoices):
    STUDIO = "studio", _("model-worker and worker innovation studio")
    ALLIANCE = "alliance", _("innovation studio alliance")
    PLATFORM = "platform", _("skill-improvement platform")
    ACADEMY = "academy", _("craftsman academy")


class StudioLevel(models.TextChoices):
    CITY = "city", _("city level")
    PROVINCE = "province", _("provincial level")


class StudioStatus(models.TextChoices):
    APPLIED = "applied", _("applied")
    REVIEWED = "reviewed", pgettext_lazy("studio", "passed review")
    NOTICE = "notice", _("in public notice")
    NAMED = "named", _("named")
    REFUSED = "refused", pgettext_lazy("studio", "not named")
    # two years in a row assessed 不合格: the naming is withdrawn (撤销命名)
    REVOKED = "revoked", pgettext_lazy("studio", "naming revoked")


class Studio(models.Model):
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("union")
    )
    # The federation that names it (a city or the province), above the union.
    naming_union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("named by")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=StudioKind.choices, db_index=True)
    level = models.CharField(_("level"), max_length=10, choices=StudioLevel.choices)
    name = models.CharField(_("name"), max_length=150)
    # The leader's name as shown; kept equal to the member row whose role is 领办人.
    leader = models.CharField(_("leader"), max_length=50, blank=True)
    # A studio may belong to one alliance (a Studio of kind alliance).
    alliance = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="studios",
        limit_choices_to={"kind": "alliance"},
        verbose_name=_("alliance"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=StudioStatus.choices,
        default=StudioStatus.APPLIED,
        db_index=True,
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("applied by")
    )
    applied_on = models.DateField(_("applied on"))
    notice_ends_on = models.DateField(_("public notice ends on"), null=True, blank=True)
    named_on = models.DateField(_("named on"), null=True, blank=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last step by"),
    )
    revoked_on = models.DateField(_("naming revoked on"), null=True, blank=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("innovation studio or platform")
        verbose_name_plural = _("innovation studios and platforms")
        ordering = ["-applied_on", "-id"]

    def __str__(self):
        return self.name


class MemberRole(models.TextChoices):
    LEADER = "leader", pgettext_lazy("studio", "leader")  # 领办人
    MEMBER = "member", pgettext_lazy("studio", "member")  # 成员


class StudioMember(models.Model):
    """A named member of a studio or platform: a member on file (person) or a name typed in.
    Removal keeps the row (removed_on), so a past year's roster can still be counted."""

    studio = models.ForeignKey(
        Studio, models.CASCADE, related_name="member_rows", verbose_name=_("studio")
    )
    person = models.ForeignKey(
        "members.Person",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member on file"),
    )
    name = models.CharField(_("member's name"), max_length=50)
    role = models.CharField(
        _("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    added_on = models.DateField(_("added on"), db_index=True)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("added by")
    )

    scope_path_field = "studio__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("studio member")
        verbose_name_plural = _("studio members")
        ordering = ["studio", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["studio"],
                condition=models.Q(role="leader", removed_on__isnull=True),
                name="innovation_one_studio_leader",
            ),
            models.UniqueConstraint(
                fields=["studio", "person"],
                condition=models.Q(person__isnull=False, removed_on__isnull=True),
                name="innovation_studio_member_once",
            ),
        ]

    def __str__(self):
        return self.name


class Grade(models.TextChoices):
    EXCELLENT = "excellent", pgettext_lazy("assessment", "excellent")  # 优秀
    PASS = "pass", pgettext_lazy("assessment", "pass")  # 合格
    FAIL = "fail", pgettext_lazy("assessment", "fail")  # 不合格


class StudioAssessment(models.Model):
    """The yearly assessment (年度考核) of a named studio or platform by its naming
    federation: once a year, score 0–100 and grade."""

    studio = models.ForeignKey(
        Studio, models.PROTECT, related_name="assessments", verbose_name=_("studio")
    )
    year = models.PositiveSmallIntegerField(_("year assessed"))
    score = models.PositiveSmallIntegerField(_("assessment score"))
    grade = models.CharField(
        _("assessment grade"), max_length=10, choices=Grade.choices, db_index=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    assessed_on = models.DateField(_("date of the assessment"), db_index=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("assessed by")
    )

    scope_path_field = "studio__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("studio yearly assessment")
        verbose_name_plural = _("studio yearly assessments")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["studio", "year"], name="innovation_assessed_once"),
            models.CheckConstraint(
                condition=models.Q(score__lte=100), name="innovation_score_at_most_100"
            ),
        ]

    def __str__(self):
        return f"{self.studio} {self.year}"
