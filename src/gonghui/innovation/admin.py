from django.contrib import admin

from gonghui.core.admin import ScopedReadOnlyAdmin

from .models import Coverage, MentoringPair, Result, Studio


@admin.register(Result)
class ResultAdmin(ScopedReadOnlyAdmin):
    list_display = ["title", "kind", "union", "submitted_on", "status", "in_use_on", "revenue"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "authors"]
    list_select_related = ["union"]
    raw_id_fields = ["union", "submitted_by", "reviewed_by"]


@admin.register(Studio)
class StudioAdmin(ScopedReadOnlyAdmin):
    list_display = ["name", "kind", "level", "union", "status", "named_on"]
    list_filter = ["kind", "level", "status"]
    list_select_related = ["union"]
    raw_id_fields = ["union", "naming_union", "applied_by", "decided_by"]


@admin.register(Coverage)
class CoverageAdmin(ScopedReadOnlyAdmin):
    list_display = ["enterprise", "union", "reported_on", "teams", "workers"]
    list_select_related = ["union", "enterprise"]
    raw_id_fields = ["union", "enterprise", "recorded_by"]


@admin.register(MentoringPair)
class MentoringPairAdmin(ScopedReadOnlyAdmin):
    list_display = ["master", "apprentice", "trade", "enterprise", "paired_on"]
    list_select_related = ["union", "enterprise"]
    raw_id_fields = ["union", "enterprise", "recorded_by"]
