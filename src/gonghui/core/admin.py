"""The back office: Django admin, scoped like every other page.

Records are read here; every change goes through the domain services (pages and
API), so that rules and audit rows apply the same way everywhere.
"""

from typing import cast

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, SensitiveRead
from .scoping import ScopedQuerySet


def _may_enter(request) -> bool:
    user = request.user
    return user.is_active and (user.is_superuser or getattr(user, "has_staff_role", False))


# The default site's two hooks, replaced in place (the admin's URLs are its default site).
admin.site.has_permission = _may_enter  # type: ignore[method-assign]
# One login for everything: the admin uses the two-factor login page.
admin.site.login = lambda request, extra_context=None: redirect_to_login(  # type: ignore[method-assign]
    request.get_full_path()
)
admin.site.site_header = "工会 Gonghui"
admin.site.site_title = "工会 Gonghui"


class ScopedReadOnlyAdmin(admin.ModelAdmin):
    """A list with filters and search over the caller's subtree; no edits."""

    scoped = True  # False for public reference data such as regions

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser or not self.scoped:
            return qs
        return cast(ScopedQuerySet, qs).visible_to(request.user)

    def has_view_permission(self, request, obj=None):
        return _may_enter(request)

    def has_module_permission(self, request):
        return _may_enter(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _signature(actor, fallback: str) -> str:
    """The person's real name and organization with the user name beside it (the account
    model says how: accounts.User.signature; core does not import accounts)."""
    if actor is None:
        return fallback or "—"
    shown = getattr(actor, "signature", "") or actor.get_username()
    return f"{shown} · {actor.get_username()}"


@admin.register(AuditEvent)
class AuditEventAdmin(ScopedReadOnlyAdmin):
    list_display = ["at", "who", "action", "target_type", "target_repr", "ip"]
    list_select_related = ["actor"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_name", "target_repr", "target_id"]
    date_hierarchy = "at"

    @admin.display(description=_("who"), ordering="actor_name")
    def who(self, obj):
        return _signature(obj.actor, obj.actor_name)


@admin.register(SensitiveRead)
class SensitiveReadAdmin(ScopedReadOnlyAdmin):
    list_display = ["at", "who", "target_type", "target_id", "field", "purpose"]
    list_select_related = ["actor"]
    list_filter = ["target_type", "field"]
    date_hierarchy = "at"

    @admin.display(description=_("who"))
    def who(self, obj):
        return _signature(obj.actor, "")
