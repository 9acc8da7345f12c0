from django.contrib import admin

from gonghui.core.admin import ScopedReadOnlyAdmin

from .models import Enterprise, Organization, Region


@admin.register(Organization)
class OrganizationAdmin(ScopedReadOnlyAdmin):
    list_display = ["name", "kind", "parent", "region", "credit_code", "founded_on", "is_active"]
    list_filter = ["kind", "is_active", "industry"]
    search_fields = ["name", "name_pinyin", "credit_code"]
    list_select_related = ["parent", "region"]
    raw_id_fields = ["parent", "enterprise", "region"]


@admin.register(Enterprise)
class EnterpriseAdmin(ScopedReadOnlyAdmin):
    list_display = ["name", "credit_code", "industry", "ownership", "size", "employees", "keeper"]
    list_filter = ["industry", "ownership", "size"]
    search_fields = ["name", "name_pinyin", "credit_code"]
    list_select_related = ["keeper"]
    raw_id_fields = ["keeper", "region"]


@admin.register(Region)
class RegionAdmin(ScopedReadOnlyAdmin):
    """Reference data (GB/T 2260) loaded from python-stdnum: the same for everyone."""

    scoped = False
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
