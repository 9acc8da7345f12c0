from django.contrib import admin

from gonghui.core.admin import ScopedReadOnlyAdmin

from .models import Activity, Photo


@admin.register(Activity)
class ActivityAdmin(ScopedReadOnlyAdmin):
    list_display = ["held_on", "union", "kind", "title", "topic", "attendance"]
    list_filter = ["kind"]
    search_fields = ["title", "topic", "union__name"]
    list_select_related = ["union"]
    raw_id_fields = ["union", "reported_by"]
    date_hierarchy = "held_on"


@admin.register(Photo)
class PhotoAdmin(ScopedReadOnlyAdmin):
    list_display = ["activity", "caption", "content_type", "uploaded_at"]
    list_select_related = ["activity__union"]
    raw_id_fields = ["activity", "uploaded_by"]
