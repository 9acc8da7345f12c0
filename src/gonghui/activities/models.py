"""Meetings and study sessions that unions report (seeds 001 and 002).

Each report names the union that held it, the day, the kind of meeting, its own name
("党组2024年第25次（扩大）会议"), what it did ("传达学习贯彻党的二十届三中全会精神"), and the
points it made ("会议强调，……" / "会议要求，……"), in the order they were made. The
round-up of lower unions' meetings (roundup.py) is written from these records.
"""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedManager


class Kind(models.TextChoices):
    LEADERSHIP = "leadership", _("leadership-group meeting")  # 党组（扩大）会议、领导班子会议
    CENTRAL_STUDY = "central_study", _("central group study")  # 理论学习中心组学习
    ALL_STAFF = "all_staff", _("all-staff meeting")  # 全体干部职工大会
    SPECIAL = "special", _("special meeting")  # 专题会议
    LECTURE_TOUR = "lecture_tour", _("lecture tour")  # 宣讲
    OTHER = "other", _("other activity")


MEETING_KINDS = [Kind.LEADERSHIP, Kind.CENTRAL_STUDY, Kind.ALL_STAFF, Kind.SPECIAL]

# The name a meeting goes by when the report gives none (report text, in Chinese).
DEFAULT_TITLES: dict[str, str] = {
    Kind.LEADERSHIP: "党组（扩大）会议",
    Kind.CENTRAL_STUDY: "理论学习中心组学习会议",
    Kind.ALL_STAFF: "全体干部职工大会",
    Kind.SPECIAL: "专题会议",
    Kind.LECTURE_TOUR: "宣讲活动",
}

# A numbered meeting ("第25次（扩大）会议", "第六届委员会第七次全体会议") is written
# "沈阳市总工会党组……会议召开"; any other is "大连市总工会召开党组（扩大）会议".
NUMBERED = re.compile(r"第[0-9一二三四五六七八九十百零〇两]+[次届]")


class Lead(models.TextChoices):
    """How a point was put: 会议强调, 会议要求, 会议指出, 会议明确, 此外……还要求."""

    STRESSED = "stressed", _("the meeting stressed")
    REQUIRED = "required", _("the meeting required")
    POINTED_OUT = "pointed_out", _("the meeting pointed out")
    CLARIFIED = "clarified", _("the meeting made clear")
    ALSO_REQUIRED = "also_required", _("the union also required")


class Activity(models.Model):
    union = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="activities", verbose_name=_("union")
    )
    held_on = models.DateField(_("held on"), db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    title = models.CharField(_("name of the meeting"), max_length=100, blank=True)
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    # What an English round-up prints; empty, the Chinese marked [zh] (core.writing.reported).
    title_en = models.CharField(_("name of the meeting in English"), max_length=200, blank=True)
    topic_en = models.CharField(_("topic in English"), max_length=500, blank=True)
    # [{"lead": Lead value, "text": "要……"}] in the order the meeting made them.
    points = models.JSONField(_("what it stressed and required"), default=list, blank=True)
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("meeting or activity")
        verbose_name_plural = _("meetings and activities")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["union", "held_on"]),
            models.Index(fields=["kind", "held_on"]),
        ]

    def __str__(self):
        return f"{self.held_on} {self.union.name} {self.display_title}"

    @property
    def display_title(self) -> str:
        return self.title or DEFAULT_TITLES.get(self.kind, "")

    @property
    def is_meeting(self) -> bool:
        return self.kind in MEETING_KINDS


class Photo(models.Model):
    """A photo of a meeting, served only through a scoped view (never a public URL)."""

    activity = models.ForeignKey(
        Activity, models.CASCADE, related_name="photos", verbose_name=_("meeting or activity")
    )
    file = models.FileField(_("file"), upload_to="activities/%Y/%m/")
    content_type = models.CharField(_("content type"), max_length=20)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    scope_path_field = "activity__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.caption or self.file.name
