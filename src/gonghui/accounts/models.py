"""Users, their roles (each bound to an organization), and API tokens."""

from functools import cached_property
from typing import TYPE_CHECKING, ClassVar, Self

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core import crypto
from gonghui.core.scoping import ScopedManager
from gonghui.core.validators import normalize_phone

if TYPE_CHECKING:
    from gonghui.orgs.models import Organization


class RoleKind(models.TextChoices):
    FEDERATION_STAFF = "staff", _("federation staff")
    FEDERATION_LEADER = "leader", _("federation leader")
    GRASSROOTS_CADRE = "cadre", _("grassroots cadre")
    AUDITOR = "auditor", _("auditor")
    SYSADMIN = "sysadmin", _("system administrator")


# Roles that may change records in their subtree; leaders and auditors only read.
WRITING_ROLES = {RoleKind.FEDERATION_STAFF, RoleKind.GRASSROOTS_CADRE, RoleKind.SYSADMIN}
# Roles that must log in with a second factor.
TWO_FACTOR_ROLES = {
    RoleKind.FEDERATION_STAFF,
    RoleKind.FEDERATION_LEADER,
    RoleKind.AUDITOR,
    RoleKind.SYSADMIN,
}


class User(AbstractUser):
    # The phone number is personal data: stored encrypted, found by its keyed hash.
    phone_cipher = models.TextField(_("phone (encrypted)"), blank=True, editable=False)
    phone_index = models.CharField(
        _("phone look-up hash"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    totp_cipher = models.TextField(_("TOTP secret (encrypted)"), blank=True, editable=False)
    totp_last_step = models.BigIntegerField(default=0, editable=False)

    objects: ClassVar[UserManager[Self]] = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    # ---- phone -------------------------------------------------------------
    def get_full_name(self) -> str:
        # Chinese order: surname first, no space (张三, not 三 张).
        return f"{self.last_name}{self.first_name}".strip()

    def set_phone(self, phone: str | None) -> None:
        phone = normalize_phone(phone or "")
        if phone:
            self.phone_cipher = crypto.encrypt(phone)
            self.phone_index = crypto.blind_index(phone)
        else:
            self.phone_cipher, self.phone_index = "", None

    @property
    def phone_masked(self) -> str:
        return crypto.mask(crypto.decrypt(self.phone_cipher)) if self.phone_cipher else ""

    # ---- roles and scope ---------------------------------------------------
    @cached_property
    def active_roles(self) -> list["Role"]:
        # A list that prefetched the roles (accounts.selectors.with_signatures) asks no more.
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("roles")
        if prefetched is not None:
            return [r for r in prefetched if r.organization.is_active]
        return list(self.roles.filter(organization__is_active=True).select_related("organization"))

    def role_kinds(self) -> set[str]:
        return {r.kind for r in self.active_roles}

    def visible_paths(self) -> list[str]:
        return _roots([r.organization.path for r in self.active_roles])

    def writable_paths(self) -> list[str]:
        return _roots([r.organization.path for r in self.active_roles if r.kind in WRITING_ROLES])

    def writing_org_ids(self) -> list[int]:
        """The organizations where the user holds a writing role: those themselves, not
        the ones below (a review step, a reply, a to-do of that very union)."""
        return [r.organization_id for r in self.active_roles if r.kind in WRITING_ROLES]

    def writes_at(self, org: "Organization") -> bool:
        """A writing role held at this very organization."""
        return org.pk in self.writing_org_ids()

    def needs_two_factor(self) -> bool:
        return self.is_superuser or bool(self.role_kinds() & TWO_FACTOR_ROLES)

    @property
    def has_staff_role(self) -> bool:
        return bool(self.active_roles)

    @property
    def signature(self) -> str:
        """Who did it, as a record that people read shows it: the real name and the
        organization the person acts for (张伟（和平区总工会）); the user name only where no
        real name is on file, and a member with no role is their name alone."""
        name = self.get_full_name() or self.username
        roles = sorted(self.active_roles, key=lambda r: len(r.organization.path))
        if not roles:
            return name
        return gettext("%(name)s (%(org)s)") % {"name": name, "org": roles[0].organization.name}


def _roots(paths: list[str]) -> list[str]:
    """Drop paths already inside another path of the list."""
    paths = sorted(set(paths), key=len)
    kept: list[str] = []
    for p in paths:
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return kept


class Role(models.Model):
    user = models.ForeignKey(User, models.CASCADE, related_name="roles", verbose_name=_("user"))
    kind = models.CharField(_("role"), max_length=10, choices=RoleKind.choices)
    organization = models.ForeignKey(
        "orgs.Organization", models.PROTECT, related_name="roles", verbose_name=_("organization")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_field = "organization__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "organization"], name="accounts_role_unique"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} @ {self.organization}"


class ApiToken(models.Model):
    """A bearer token for another system; only its SHA-256 is stored."""

    user = models.ForeignKey(
        User, models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return self.name
