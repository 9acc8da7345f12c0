"""Service positions (服务阵地): outdoor workers' stations, worker homes, cultural palaces.

A position is run by a union and scoped through that union's path. Coordinates are
WGS-84 degrees; the nearest search reads them through the (status, lat, lng) index.
Visits come from scanning the position's QR poster; problems reported there are kept
until a writing role in scope closes them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.scoping import ScopedManager
from gonghui.orgs.models import _with_pinyin, pinyin_key

from . import hours as hours_mod


class Kind(models.TextChoices):
    OUTDOOR = "outdoor", _("outdoor workers' station")
    WORKER_HOME = "worker_home", _("worker home")
    CULTURAL_PALACE = "cultural_palace", _("worker cultural palace")
    LIBRARY = "library", _("workers' library")
    MOTHER_BABY = "mother_baby", _("mother-and-baby room")
    OTHER = "other", _("other position")


class Amenity(models.TextChoices):
    WATER = "water", _("drinking water")
    MEAL = "meal", _("heating a meal")
    REST = "rest", _("rest seats")
    TOILET = "toilet", _("toilet")
    CHARGING = "charging", _("phone charging")
    FIRST_AID = "first_aid", _("first aid")
    AIR_CON = "air_con", _("air conditioning")


# Each amenity is a boolean column, so that filters and figures are plain SQL everywhere.
AMENITY_FIELDS = {a: f"has_{a}" for a in Amenity.values}


class Status(models.TextChoices):
    OPEN = "open", pgettext_lazy("station status", "open")
    SUSPENDED = "suspended", _("suspended")
    CLOSED = "closed", _("closed for good")


def _default_weekly() -> list[str]:
    return ["08:00-20:00"] * 7


class Station(models.Model):
    name = models.CharField(_("name"), max_length=100)
    # Lists sort names by pinyin (orgs.models.pinyin_key), not by code point.
    name_pinyin = models.CharField(_("pinyin"), max_length=400, editable=False, default="")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    union = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="stations",
        verbose_name=_("running union"),
    )
    address = models.CharField(_("address"), max_length=200)
    region = models.ForeignKey(
        "orgs.Region",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="stations",
        verbose_name=_("region"),
    )
    lat = models.FloatField(_("latitude (WGS-84)"))
    lng = models.FloatField(_("longitude (WGS-84)"))
    weekly_hours = models.JSONField(_("weekly opening hours"), default=_default_weekly)
    special_days = models.JSONField(_("holidays and special days"), default=list, blank=True)
    has_water = models.BooleanField(_("drinking water"), default=False)
    has_meal = models.BooleanField(_("heating a meal"), default=False)
    has_rest = models.BooleanField(_("rest seats"), default=False)
    has_toilet = models.BooleanField(_("toilet"), default=False)
    has_charging = models.BooleanField(_("phone charging"), default=False)
    has_first_aid = models.BooleanField(_("first aid"), default=False)
    has_air_con = models.BooleanField(_("air conditioning"), default=False)
    phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    # Printed posters carry this number in their signed token; raising it retires them.
    qr_version = models.PositiveSmallIntegerField(_("poster version"), default=1)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_field = "union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("service position")
        verbose_name_plural = _("service positions")
        ordering = ["name", "id"]
        indexes = [
            # The nearest search: open positions in a latitude band, then a longitude range;
            # with the id the box query reads the index alone.
            models.Index(fields=["status", "lat", "lng", "id"], name="stations_status_lat_lng"),
            models.Index(fields=["union", "kind"]),
            # The list's default sort walks it (core.lists: pages by key).
            models.Index(fields=["name_pinyin", "id"], name="stations_name_pinyin_id"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_pinyin = pinyin_key(self.name)
        super().save(*args, **_with_pinyin(kwargs))

    @property
    def amenities(self) -> list[str]:
        return [a for a, f in AMENITY_FIELDS.items() if getattr(self, f)]

    def set_amenities(self, amenities) -> None:
        for a, f in AMENITY_FIELDS.items():
            setattr(self, f, a in amenities)

    def amenity_labels(self) -> list[str]:
        labels = dict(Amenity.choices)
        return [str(labels[a]) for a in self.amenities]

    def is_open_at(self, when=None) -> bool:
        if self.status != Status.OPEN:
            return False
        when = timezone.localtime(when or timezone.now())
        return hours_mod.is_open_at(self.weekly_hours, self.special_days, when)

    def hours_text(self, chinese: bool = True) -> str:
        return hours_mod.format_weekly(self.weekly_hours, chinese=chinese)


def photo_path(instance, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower()
    return f"stations/{instance.station_id}/{timezone.now():%Y%m%d%H%M%S%f}.{ext}"


class Photo(models.Model):
    station = models.ForeignKey(
        Station, models.CASCADE, related_name="photos", verbose_name=_("service position")
    )
    image = models.FileField(_("photo"), upload_to=photo_path)
    content_type = models.CharField(max_length=30, editable=False)
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "station__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["id"]

    def __str__(self):
        return self.caption or f"{self.station} #{self.pk}"


class Visit(models.Model):
    """One scan of a position's QR poster, by a member or an anonymous worker."""

    station = models.ForeignKey(
        Station, models.CASCADE, related_name="visits", verbose_name=_("service position")
    )
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member"),
    )
    # A random id kept in the visitor's session (never the session key itself): one
    # browser counts once per position in the rate-limit window.
    visitor = models.CharField(max_length=32, editable=False)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)

    scope_path_field = "station__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["station", "visitor", "at"]),
            models.Index(fields=["station", "at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="stations_visit_rating_1_5",
            )
        ]

    def __str__(self):
        return f"{self.station} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"


class ProblemKind(models.TextChoices):
    NO_WATER = "no_water", _("no drinking water")
    CLOSED = "closed", _("closed when it should be open")
    DIRTY = "dirty", _("dirty or untidy")
    BROKEN = "broken", _("something is broken")
    OTHER = "other", _("other problem")


class ProblemStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("problem status", "open")
    CLOSED = "closed", pgettext_lazy("problem status", "closed")


class Problem(models.Model):
    station = models.ForeignKey(
        Station, models.CASCADE, related_name="problems", verbose_name=_("service position")
    )
    visit = models.ForeignKey(
        Visit,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="problems",
        verbose_name=_("visit"),
    )
    kind = models.CharField(_("problem"), max_length=10, choices=ProblemKind.choices)
    text = models.CharField(_("description"), max_length=500, blank=True)
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now, db_index=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    status = models.CharField(
        _("status"),
        max_length=6,
        choices=ProblemStatus.choices,
        default=ProblemStatus.OPEN,
        db_index=True,
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    close_note = models.CharField(_("what was done"), max_length=500, blank=True)

    scope_path_field = "station__union__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        ordering = ["-reported_at", "-id"]

    def __str__(self):
        return f"{self.station}: {self.get_kind_display()}"
