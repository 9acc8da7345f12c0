from django.contrib import admin

from gonghui.core.admin import ScopedReadOnlyAdmin

from .models import Role


@admin.register(Role)
class RoleAdmin(ScopedReadOnlyAdmin):
    list_display = ["user", "kind", "organization", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "organization__name"]
    list_select_related = ["user", "organization"]
