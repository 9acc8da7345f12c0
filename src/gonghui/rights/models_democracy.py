"""Democratic management (民主管理, seed 004 §3; seed 002): an enterprise's workers' congress
(职代会) and its sessions, resolutions and their follow-up; what it makes public (厂务公开);
its worker directors and supervisors (职工董事、职工监事); and the province's
demonstration units (全国厂务公开民主管理先进单位、示范单位 re-checked, 全省质量评估示范点)
with their assessment scores.

Every record hangs on an enterprise and is kept by the enterprise's keeping union
(`Enterprise.keeper`): its staff and the federations above see it. Coverage (建制率) is
the share of enterprises with a congress system, with 厂务公开, with worker directors.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.scoping import ScopedManager

ENTERPRISE_PATH = "enterprise__keeper_path"
MAX_DELEGATES = 10_000  # the largest congresses (state groups) seat a few thousand
MAX_SCORE = 100  # assessment scores are out of 100


class DemocracyProfile(models.Model):
    """Which systems an enterprise has set up, and since when: one row per enterprise."""

    enterprise = models.OneToOneField(
        "orgs.Enterprise",
        models.PROTECT,
        related_name="democracy",
        verbose_name=_("enterprise"),
    )
    congress_since = models.DateField(_("workers' congress system since"), null=True, blank=True)
    openness_since = models.DateField(_("factory-affairs openness since"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_field = ENTERPRISE_PATH
    objects = ScopedManager()

    class Meta:
        verbose_name = _("democratic-management profile")
        verbose_name_plural = _("democratic-management profiles")
        ordering = ["enterprise__name"]

    def __str__(self):
        return str(self.enterprise)


class SessionKind(models.TextChoices):
    REGULAR = "regular", _("regular session")  # 例会（年会）
    EXTRAORDINARY = "extraordinary", _("extraordinary session")  # 临时会议


class SessionStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("congress session", "planned")
    HELD = "held", pgettext_lazy("congress session", "held")


class CongressSession(models.Model):
    """A session of an enterprise's workers' congress (第N届职代会第M次会议)."""

    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        models.PROTECT,
        related_name="congress_sessions",
        verbose_name=_("enterprise"),
    )
    term = models.PositiveSmallIntegerField(_("term (届)"))
    number = models.PositiveSmallIntegerField(_("session of the term (次)"))
    kind = models.CharField(_("kind"), max_length=14, choices=SessionKind.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    held_on = models.DateField(_("held on"))
    delegates = models.PositiveIntegerField(_("delegates"))
    attendance = models.PositiveIntegerField(_("delegates attending"), default=0)
    agenda = models.CharField(_("agenda"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = ENTERPRISE_PATH
    objects = ScopedManager()

    class Meta:
        verbose_name = _("workers' congress session")
        verbose_name_plural = _("workers' congress sessions")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["held_on", "id"], name="rights_congress_held_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(attendance__lte=models.F("delegates")),
                name="rights_congress_attendance_le_delegates",
            ),
            models.UniqueConstraint(
                fields=["enterprise", "term", "number"], name="rights_congress_session_unique"
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.label}"

    @property
    def label(self) -> str:
        return f"第{self.term}届职代会第{self.number}次会议"

    @property
    def quorum(self) -> bool:
        """A congress decides only with two thirds of its delegates present (《企业民主管理规定》)."""
        return self.attendance * 3 >= self.delegates * 2


class FollowUp(models.TextChoices):
    PENDING = "pending", _("not yet acted on")
    IN_PROGRESS = "in_progress", _("being carried out")
    DONE = "done", _("carried out")


class Resolution(models.Model):
    """A resolution (决议) or a delegates' proposal adopted at a session, and how the
    enterprise followed it up (the next session hears the report)."""

    session = models.ForeignKey(
        CongressSession,
        models.CASCADE,
        related_name="resolutions",
        verbose_name=_("workers' congress session"),
    )
    title = models.CharField(_("resolution"), max_length=200)
    follow_up = models.CharField(
        _("follow-up"), max_length=12, choices=FollowUp.choices, default=FollowUp.PENDING
    )
    follow_up_note = models.CharField(_("follow-up, in words"), max_length=500, blank=True)
    done_on = models.DateField(_("carried out on"), null=True, blank=True)

    scope_path_field = "session__enterprise__keeper_path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("congress resolution")
        verbose_name_plural = _("congress resolutions")
        ordering = ["session", "id"]

    def __str__(self):
        return self.title


class OpennessTopic(models.TextChoices):
    DECISIONS = "decisions", _("major business decisions")  # 重大决策
    WAGES = "wages", _("wages, bonuses and benefits")  # 工资奖金福利
    INSURANCE = "insurance", _("social insurance and housing fund")  # 五险一金
    SAFETY = "safety", _("work safety and health")
    CONTRACTS = "contracts", _("labour contracts and collective contract")
    CADRES = "cadres", _("appointments and integrity of managers")  # 干部任免、廉洁
    OTHER = "other", _("other")


class OpennessPeriod(models.TextChoices):
    YEAR = "year", _("the whole year")
    H1 = "h1", _("first half")
    H2 = "h2", _("second half")
    Q1 = "q1", _("first quarter")
    Q2 = "q2", _("second quarter")
    Q3 = "q3", _("third quarter")
    Q4 = "q4", _("fourth quarter")


class OpennessMedium(models.TextChoices):
    CONGRESS = "congress", _("reported to the workers' congress")
    BOARD = "board", _("notice board")  # 厂务公开栏
    MEETING = "meeting", _("staff meeting")
    ONLINE = "online", _("intranet or WeChat group")


class OpennessItem(models.Model):
    """One thing an enterprise made public to its workers (厂务公开), for one period."""

    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        models.PROTECT,
        related_name="openness_items",
        verbose_name=_("enterprise"),
    )
    topic = models.CharField(_("topic"), max_length=10, choices=OpennessTopic.choices)
    title = models.CharField(_("what was made public"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=4, choices=OpennessPeriod.choices)
    medium = models.CharField(_("published by"), max_length=8, choices=OpennessMedium.choices)
    published_on = models.DateField(_("published on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = ENTERPRISE_PATH
    objects = ScopedManager()

    class Meta:
        verbose_name = _("openness item")
        verbose_name_plural = _("openness items")
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["published_on", "id"], name="rights_openness_pub_idx")]

    def __str__(self):
        return self.title


class BoardSeat(models.TextChoices):
    DIRECTOR = "director", _("worker director")  # 职工董事
    SUPERVISOR = "supervisor", _("worker supervisor")  # 职工监事


class WorkerBoardMember(models.Model):
    """A worker elected by the congress to the board of directors or of supervisors."""

    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        models.PROTECT,
        related_name="worker_board_members",
        verbose_name=_("enterprise"),
    )
    seat = models.CharField(_("seat"), max_length=10, choices=BoardSeat.choices)
    name = models.CharField(_("name"), max_length=50)
    post = models.CharField(_("post in the enterprise"), max_length=100, blank=True)
    session = models.ForeignKey(
        CongressSession,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("elected at"),
    )
    elected_on = models.DateField(_("elected on"))
    term_ends = models.DateField(_("term ends"))
    left_on = models.DateField(_("left the seat on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = ENTERPRISE_PATH
    objects = ScopedManager()

    class Meta:
        verbose_name = _("worker director or supervisor")
        verbose_name_plural = _("worker directors and supervisors")
        ordering = ["enterprise__name", "seat", "name"]
        # the list's default sort (-elected_on, -id) pages by key along it
        indexes = [models.Index(fields=["elected_on", "id"], name="rights_board_elected_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_ends__gt=models.F("elected_on")),
                name="rights_board_term_after_election",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_seat_display()})"


class DemoUnitKind(models.TextChoices):
    NATIONAL_ADVANCED = "advanced", _("national advanced unit of factory-affairs openness")
    NATIONAL_MODEL = "model", _("national model unit of factory-affairs openness")
    QUALITY_POINT = "quality", _("provincial quality-assessment demonstration point")


class AssessmentResult(models.TextChoices):
    KEPT = "kept", _("title kept")
    RECTIFY = "rectify", _("to rectify within the year")
    REVOKED = "revoked", _("title revoked")


PASS_SCORE = 80  # below it a unit rectifies; below 60 it loses the title
REVOKE_SCORE = 60


class DemonstrationUnit(models.Model):
    """An enterprise named a demonstration unit of 厂务公开民主管理, and since when."""

    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        models.PROTECT,
        related_name="democracy_titles",
        verbose_name=_("enterprise"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=DemoUnitKind.choices)
    named_on = models.DateField(_("named on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = ENTERPRISE_PATH
    objects = ScopedManager()

    class Meta:
        verbose_name = _("demonstration unit")
        verbose_name_plural = _("demonstration units")
        ordering = ["kind", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "kind"], name="rights_demo_unit_unique"),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.get_kind_display()}"


class Assessment(models.Model):
    """A year's re-check or quality assessment of a demonstration unit, scored out of 100."""

    unit = models.ForeignKey(
        DemonstrationUnit,
        models.CASCADE,
        related_name="assessments",
        verbose_name=_("demonstration unit"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    score = models.PositiveSmallIntegerField(_("score"))
    result = models.CharField(_("result"), max_length=8, choices=AssessmentResult.choices)
    assessed_on = models.DateField(_("assessed on"))
    note = models.CharField(_("assessors' note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    scope_path_field = "unit__enterprise__keeper_path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-year", "-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="rights_assessment_once_a_year"),
            models.CheckConstraint(condition=Q(score__lte=MAX_SCORE), name="rights_score_le_100"),
        ]

    def __str__(self):
        return f"{self.unit} {self.year}: {self.score}"
