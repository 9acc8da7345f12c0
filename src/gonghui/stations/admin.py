from django.contrib import admin

from gonghui.core.admin import ScopedReadOnlyAdmin

from .models import Photo, Problem, Station, Visit


@admin.register(Station)
class StationAdmin(ScopedReadOnlyAdmin):
    list_display = ["name", "kind", "union", "address", "status", "lat", "lng", "created_at"]
    list_filter = [
        "kind",
        "status",
        "has_water",
        "has_meal",
        "has_rest",
        "has_toilet",
        "has_charging",
        "has_first_aid",
        "has_air_con",
    ]
    search_fields = ["name", "address"]
    list_select_related = ["union"]
    raw_id_fields = ["union", "region"]


@admin.register(Visit)
class VisitAdmin(ScopedReadOnlyAdmin):
    list_display = ["at", "station", "user", "rating"]
    list_filter = ["rating"]
    search_fields = ["station__name"]
    list_select_related = ["station", "user"]
    raw_id_fields = ["station", "user"]
    date_hierarchy = "at"


@admin.register(Problem)
class ProblemAdmin(ScopedReadOnlyAdmin):
    list_display = ["reported_at", "station", "kind", "status", "closed_at"]
    list_filter = ["kind", "status"]
    search_fields = ["station__name", "text"]
    list_select_related = ["station"]
    raw_id_fields = ["station", "visit", "reported_by", "closed_by"]


@admin.register(Photo)
class PhotoAdmin(ScopedReadOnlyAdmin):
    list_display = ["station", "caption", "created_at"]
    list_select_related = ["station"]
    raw_id_fields = ["station"]
