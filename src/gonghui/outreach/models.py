"""Grassroots outreach (seed 000 tasks 4, 5 and 9; seed 004 §4): how a federation reaches
the grassroots, recorded so that the summary's figures are counts of records.

* Stationing (蹲点): a group (`StationingGroup`) sent by a federation to a place for a
  period, its cadres, its special funds (fen), its interviews and the enterprises it
  visited; what it achieved is credited to it as links to the real records: a grassroots
  union founded (`FoundedUnion` -> orgs.Organization) and a member recruited
  (`RecruitedMember` -> members.Membership). Seed 004's "指导新建基层工会743个, 指导新发展会员
  64287人" are counts of those links, never typed-in numbers.
* Cadres into enterprises (千名工会干部进企业): a `Visit` by a cadre to an enterprise or a
  project site, the workers met, and the `Problem`s found, each with the union that must
  solve it and by when; an unsolved problem waits for that union and, once overdue, for
  the union above it too (todos.py).
* Paired liaison (对口联系): a `Pairing` of a county union with a leader or department of
  a higher federation for a year, and its `Contact`s.
* The "五强" assessment of county unions: a province sets a `Scheme` for a year (criteria
  with weights, the pass line); each county assesses itself (`Assessment`, one `Score`
  per criterion), the city reviews, the province reviews; ranking and the counties below
  the line follow from the province's scores.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.money import yuan
from gonghui.core.scoping import ScopedManager

# ---- 1. stationing ----------------------------------------------------------------------


class StationingGroup(models.Model):
    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="stationing_groups",
        verbose_name=_("sending federation"),
    )
    place = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="stationing_groups_received",
        verbose_name=_("stationed at"),
    )
    name = models.CharField(_("name of the group"), max_length=100)
    leader = models.CharField(_("group leader"), max_length=50, blank=True)
    start_on = models.DateField(_("starts on"), db_index=True)
    end_on = models.DateField(_("ends on"))
    # The sum of the group's grants (OutreachGrant, each a ledger posting), kept by the
    # grant service under the group's row lock; never typed in.
    funds = models.PositiveBigIntegerField(_("special funds (fen)"), default=0)
    tasks = models.CharField(_("tasks"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("stationing group")
        verbose_name_plural = _("stationing groups")
        ordering = ["-start_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__gte=models.F("start_on")), name="outreach_group_period"
            )
        ]

    def __str__(self):
        return self.name


class StationingCadre(models.Model):
    group = models.ForeignKey(
        StationingGroup, models.CASCADE, related_name="cadres", verbose_name=_("stationing group")
    )
    name = models.CharField(_("name"), max_length=50)
    post = models.CharField(_("department and post"), max_length=100, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("login account"),
    )

    scope_path_field = "group__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("stationed cadre")
        verbose_name_plural = _("stationed cadres")
        ordering = ["group", "id"]

    def __str__(self):
        return self.name


class Interviewee(models.TextChoices):
    OFFICIALS = "officials", _("local Party and government officials")
    WORKERS = "workers", _("workers")
    MIXED = "mixed", _("officials and workers")


class Interview(models.Model):
    group = models.ForeignKey(
        StationingGroup,
        models.CASCADE,
        related_name="interviews",
        verbose_name=_("stationing group"),
    )
    held_on = models.DateField(_("held on"), db_index=True)
    who = models.CharField(_("interviewed"), max_length=10, choices=Interviewee.choices)
    people = models.PositiveIntegerField(_("people interviewed"))
    notes = models.CharField(_("what was learned"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )

    scope_path_field = "group__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on} {self.people}"


class FoundedUnion(models.Model):
    """A grassroots union founded with the group's guidance: a link, counted once."""

    group = models.ForeignKey(
        StationingGroup,
        models.CASCADE,
        related_name="founded_unions",
        verbose_name=_("stationing group"),
    )
    org = models.OneToOneField(
        "orgs.Organization",
        models.PROTECT,
        related_name="founded_with",
        verbose_name=_("union founded"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )

    scope_path_field = "group__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("union founded with guidance")
        verbose_name_plural = _("unions founded with guidance")
        ordering = ["group", "id"]

    def __str__(self):
        return str(self.org)


class RecruitedMember(models.Model):
    """A membership won with the group's guidance: a link, counted once."""

    group = models.ForeignKey(
        StationingGroup,
        models.CASCADE,
        related_name="recruited_members",
        verbose_name=_("stationing group"),
    )
    membership = models.OneToOneField(
        "members.Membership",
        models.PROTECT,
        related_name="recruited_with",
        verbose_name=_("membership"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )

    scope_path_field = "group__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("member recruited with guidance")
        verbose_name_plural = _("members recruited with guidance")
        ordering = ["group", "id"]

    def __str__(self):
        return str(self.membership_id)


# ---- 2. cadres into enterprises ----------------------------------------------------------


class Visit(models.Model):
    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="outreach_visits",
        verbose_name=_("visiting union"),
    )
    visitor = models.CharField(_("visiting cadre"), max_length=50)
    visited_on = models.DateField(_("visited on"), db_index=True)
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="outreach_visits",
        verbose_name=_("enterprise"),
    )
    site = models.CharField(_("project site"), max_length=120, blank=True)
    workers_met = models.PositiveIntegerField(_("workers met"), default=0)
    group = models.ForeignKey(
        StationingGroup,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("stationing group"),
    )
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("visit to an enterprise")
        verbose_name_plural = _("visits to enterprises")
        ordering = ["-visited_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(enterprise__isnull=False) | ~Q(site=""), name="outreach_visit_where"
            )
        ]

    def __str__(self):
        return f"{self.visited_on} {self.where}"

    @property
    def where(self) -> str:
        return self.enterprise.name if self.enterprise_id and self.enterprise else self.site


class ProblemKind(models.TextChoices):
    WAGES = "wages", _("wages and arrears")
    SAFETY = "safety", _("safety and health")
    INSURANCE = "insurance", _("social insurance")
    CONTRACT = "contract", _("labour contracts")
    UNION = "union", _("union building and membership")
    SKILLS = "skills", _("skills and training")
    LIVING = "living", _("living conditions")
    BUSINESS = "business", _("the enterprise's difficulties")
    OTHER = "other", _("other")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("normal")
    URGENT = "urgent", _("urgent")
    CRITICAL = "critical", _("critical")


class ProblemStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("problem status", "open")
    SOLVED = "solved", pgettext_lazy("problem status", "solved")


class Problem(models.Model):
    visit = models.ForeignKey(
        Visit, models.CASCADE, related_name="problems", verbose_name=_("visit")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ProblemKind.choices)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    description = models.CharField(_("problem"), max_length=500)
    responsible = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="outreach_problems",
        verbose_name=_("responsible union"),
    )
    due_on = models.DateField(_("due on"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=ProblemStatus.choices,
        default=ProblemStatus.OPEN,
        db_index=True,
    )
    solution = models.CharField(_("solution"), max_length=500, blank=True)
    solved_on = models.DateField(_("solved on"), null=True, blank=True)
    solved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("solved by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    # Seen by the visiting union's subtree and by the responsible union's.
    scope_path_field = ("visit__union__path", "responsible__path")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("problem found")
        verbose_name_plural = _("problems found")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return self.description[:40]


# ---- 3. paired liaison -----------------------------------------------------------------


class PairLevel(models.TextChoices):
    NATIONAL = "national", _("national federation")
    PROVINCIAL = "provincial", _("provincial federation")
    CITY = "city", _("city federation")


class Pairing(models.Model):
    county = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="outreach_pairings",
        verbose_name=_("county union"),
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    level = models.CharField(_("level of the pair"), max_length=10, choices=PairLevel.choices)
    higher = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="outreach_paired_counties",
        verbose_name=_("higher federation"),
    )
    leader = models.CharField(_("paired leader"), max_length=60, blank=True)
    department = models.CharField(_("paired department"), max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    scope_path_field = "county__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("paired liaison")
        verbose_name_plural = _("paired liaisons")
        ordering = ["-year", "county__path", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "year", "level"], name="outreach_one_pair_per_level"
            ),
            models.CheckConstraint(
                condition=~Q(leader="") | ~Q(department=""), name="outreach_pair_has_partner"
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.county}"

    @property
    def partner(self) -> str:
        return " ".join(p for p in (self.department, self.leader) if p)


class ContactWay(models.TextChoices):
    VISIT = "visit", _("visit to the county")
    MEETING = "meeting", _("meeting or briefing")
    PHONE = "phone", _("phone or video call")
    DOCUMENT = "document", _("written guidance")


class Contact(models.Model):
    pairing = models.ForeignKey(
        Pairing, models.CASCADE, related_name="contacts", verbose_name=_("paired liaison")
    )
    contacted_on = models.DateField(_("on"), db_index=True)
    way = models.CharField(_("how"), max_length=10, choices=ContactWay.choices)
    notes = models.CharField(_("what was discussed or settled"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )

    scope_path_field = "pairing__county__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("liaison contact")
        verbose_name_plural = _("liaison contacts")
        ordering = ["-contacted_on", "-id"]

    def __str__(self):
        return f"{self.contacted_on} {self.notes[:30]}"


# ---- outreach funds on the ledger ------------------------------------------------------


class OutreachGrant(models.Model):
    """Outreach funds (fen) a federation grants to a union below it: the special funds of a
    stationing group (`group`) or a grant to a paired county union (`pairing`). Each grant is
    one posting on the one ledger (campaigns.ledger): the granting federation's general funds
    go down, its `outreach_granted` account up, and the receiving union's general funds up
    against its `outreach_received`. `request_key` makes a repeated request pay once."""

    from_org = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="outreach_grants_made",
        verbose_name=_("granting federation"),
    )
    to_org = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="outreach_grants_received",
        verbose_name=_("granted to"),
    )
    group = models.ForeignKey(
        StationingGroup,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("stationing group"),
    )
    pairing = models.ForeignKey(
        Pairing,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("paired liaison"),
    )
    amount = models.PositiveBigIntegerField(_("amount (fen)"))
    purpose = models.CharField(_("purpose of the grant"), max_length=200)
    granted_on = models.DateField(_("granted on"), db_index=True)
    request_key = models.CharField(_("request key"), max_length=40)
    posting = models.OneToOneField(
        "campaigns.Posting",
        models.PROTECT,
        related_name="outreach_grant",
        verbose_name=_("ledger posting"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    # Seen by the granting federation's line and by the receiving union's.
    scope_path_field = ("from_org__path", "to_org__path")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("outreach grant")
        verbose_name_plural = _("outreach grants")
        ordering = ["-granted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_org", "request_key"], name="outreach_grant_paid_once"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="outreach_grant_positive"),
        ]

    def __str__(self):
        return f"{self.granted_on} {self.to_org} {self.amount}"

    @property
    def amount_yuan(self) -> str:
        return yuan(self.amount)


# ---- 4. the 五强 assessment --------------------------------------------------------------


class Dimension(models.TextChoices):
    POLITICAL = "political", _("strong political guidance")  # 政治引领强
    ORGANIZATION = "organization", _("strong organization")  # 组织功能强
    POSITIONS = "positions", _("strong service positions")  # 服务阵地强
    SYSTEMS = "systems", _("strong rules and mechanisms")  # 制度机制强
    ROLE = "role", _("strong role played")  # 作用发挥强


class Scheme(models.Model):
    """The province's criteria for a year: weights sum to 100, scores below the line fail."""

    owner = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="assessment_schemes",
        verbose_name=_("set by"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    pass_line = models.PositiveSmallIntegerField(_("pass line"), default=60)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )

    scope_path_field = "owner__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "year"], name="outreach_one_scheme_a_year")
        ]

    def __str__(self):
        return f"{self.year} {self.owner}"


class Criterion(models.Model):
    scheme = models.ForeignKey(
        Scheme, models.CASCADE, related_name="criteria", verbose_name=_("assessment scheme")
    )
    dimension = models.CharField(_("dimension"), max_length=12, choices=Dimension.choices)
    name = models.CharField(_("criterion"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight (points)"))

    scope_path_field = "scheme__owner__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["scheme", "id"]

    def __str__(self):
        return self.name


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("being filled in")
    SUBMITTED = "submitted", _("waiting for the city")
    CITY_REVIEWED = "city_reviewed", _("waiting for the province")
    FINAL = "final", _("reviewed by the province")


class Assessment(models.Model):
    scheme = models.ForeignKey(
        Scheme, models.PROTECT, related_name="assessments", verbose_name=_("assessment scheme")
    )
    county = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="assessments",
        verbose_name=_("county union"),
    )
    status = models.CharField(
        _("status"),
        max_length=14,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
        db_index=True,
    )
    self_total = models.PositiveSmallIntegerField(_("self-assessed score"), null=True, blank=True)
    city_total = models.PositiveSmallIntegerField(_("city's score"), null=True, blank=True)
    final_total = models.PositiveSmallIntegerField(
        _("province's score"), null=True, blank=True, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    city_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by the city"),
    )
    province_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by the province"),
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    final_on = models.DateField(_("final on"), null=True, blank=True)

    scope_path_field = "county__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("五强 assessment")
        verbose_name_plural = _("五强 assessments")
        ordering = ["-scheme__year", "county__path"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "county"], name="outreach_one_assessment")
        ]

    def __str__(self):
        return f"{self.scheme.year} {self.county}"


class Score(models.Model):
    assessment = models.ForeignKey(
        Assessment, models.CASCADE, related_name="scores", verbose_name=_("assessment")
    )
    criterion = models.ForeignKey(
        Criterion, models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    self_score = models.PositiveSmallIntegerField(_("self-assessed"), null=True, blank=True)
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)
    city_score = models.PositiveSmallIntegerField(_("city"), null=True, blank=True)
    final_score = models.PositiveSmallIntegerField(_("province"), null=True, blank=True)

    scope_path_field = "assessment__county__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["assessment", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="outreach_one_score")
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.self_score}"


# ---- 6. cadre training ------------------------------------------------------------------------


class TrainingCourse(models.Model):
    """A training course for union cadres (工会干部培训班) run by a union."""

    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="training_courses",
        verbose_name=_("organizing union"),
    )
    title = models.CharField(_("course"), max_length=120)
    start_on = models.DateField(_("starts on"), db_index=True)
    end_on = models.DateField(_("ends on"))
    hours = models.PositiveSmallIntegerField(_("class hours"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-start_on", "-id"]

    def __str__(self):
        return self.title


class Trainee(models.Model):
    course = models.ForeignKey(
        TrainingCourse, models.CASCADE, related_name="trainees", verbose_name=_("training course")
    )
    name = models.CharField(_("name"), max_length=50)
    post = models.CharField(_("union and post"), max_length=100, blank=True)

    scope_path_field = "course__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("cadre trained")
        verbose_name_plural = _("cadres trained")
        ordering = ["course", "id"]

    def __str__(self):
        return self.name
