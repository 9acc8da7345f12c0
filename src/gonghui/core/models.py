"""Audit rows: who changed what, and who read which sensitive field. Append-only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .scoping import ScopedQuerySet


def org_id_of(path: str) -> int | None:
    """The organization a path names: it ends with its own id ("/1/5/23/" -> 23)."""
    last = path.rstrip("/").rpartition("/")[2]
    return int(last) if last.isdigit() else None


def _org_field():
    # The organization itself, beside the path it had when the row was written: scoped
    # reads follow the organization to where the tree puts it now (orgs.services.org_move)
    # while org_path keeps the history. No database constraint and no ON DELETE: a row
    # that may never change cannot follow its organization, and writing it must not fail
    # on the path it was given. A string reference: core imports no capability.
    return models.ForeignKey(
        "orgs.Organization",
        models.DO_NOTHING,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="+",
        verbose_name=_("organization"),
    )


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit rows cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit rows cannot be deleted")

    def bulk_update(self, *args, **kwargs):
        raise AppendOnlyError("audit rows cannot be changed")


class AppendOnlyModel(models.Model):
    """Rows are inserted once; the database triggers (migration 0002) refuse the rest."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit rows cannot be deleted")


class AuditEvent(AppendOnlyModel):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    # Kept as text too: a login failure may name a user that does not exist.
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=40, db_index=True)
    target_type = models.CharField(_("record type"), max_length=80, blank=True)
    target_id = models.CharField(_("record id"), max_length=64, blank=True)
    target_repr = models.CharField(_("record"), max_length=200, blank=True)
    # Materialized path of the organization the record belonged to when it was written.
    org_path = models.CharField(_("organization path"), max_length=255, blank=True)
    org = _org_field()
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(
                fields=["org_path"],
                name="core_audit_orgpath_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_repr}"


class SensitiveRead(AppendOnlyModel):
    """One unmasked read of a sensitive field (PIPL, GB/T 35273)."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("reader")
    )
    target_type = models.CharField(_("record type"), max_length=80)
    target_id = models.CharField(_("record id"), max_length=64)
    field = models.CharField(_("field"), max_length=80)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    org_path = models.CharField(_("organization path"), max_length=255, blank=True)
    org = _org_field()

    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("sensitive read")
        verbose_name_plural = _("sensitive reads")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.target_type}.{self.field}"
