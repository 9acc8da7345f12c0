from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedManager


class FigureRollup(models.Model):
    """A figure's value for one federation and one closed calendar month or year.

    Written only by reports.rollups (a background task); read instead of the live count
    when the period asked for is closed and its roll-up exists.
    """

    key = models.CharField(_("figure"), max_length=80)
    org = models.ForeignKey(
        "orgs.Organization", models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    start = models.DateField(_("starts on"))
    end = models.DateField(_("ends on"))
    value = models.BigIntegerField(_("value"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("figure roll-up")
        verbose_name_plural = _("figure roll-ups")
        constraints = [
            models.UniqueConstraint(fields=["org", "start", "end", "key"], name="rollup_one_value")
        ]

    def __str__(self):
        return f"{self.key} {self.org_id} {self.start}..{self.end} = {self.value}"


class SummaryJob(models.Model):
    """One annual work summary, written in the background (reports.summary)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    org = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # zh-hans, zh-hant or en
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("steps"), default=0)
    done = models.PositiveIntegerField(_("steps done"), default=0)
    # The summary as written: sections, paragraphs and the figures behind them.
    content = models.JSONField(_("content"), default=dict, blank=True)
    docx = models.FileField(_("Word document"), upload_to="summaries/%Y/", blank=True)
    xlsx = models.FileField(_("Excel workbook"), upload_to="summaries/%Y/", blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    scope_path_field = "org__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("annual work summary")
        verbose_name_plural = _("annual work summaries")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.org} {self.year} ({self.language})"
