from django.contrib import admin

from gonghui.core.admin import ScopedReadOnlyAdmin

from .models import Care, ModelWorker, Nomination, Scheme


@admin.register(Scheme)
class SchemeAdmin(ScopedReadOnlyAdmin):
    list_display = ["title", "year", "kind", "level", "owner"]
    list_filter = ["kind", "level"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner", "created_by"]


@admin.register(Nomination)
class NominationAdmin(ScopedReadOnlyAdmin):
    list_display = ["scheme", "union", "subject", "category", "status", "awarded_on"]
    list_filter = ["status", "subject", "category"]
    list_select_related = ["scheme", "union"]
    raw_id_fields = ["scheme", "union", "person", "entered_by"]
    exclude = ["name"]  # a person's full name stays on the scoped pages


@admin.register(ModelWorker)
class ModelWorkerAdmin(ScopedReadOnlyAdmin):
    list_display = ["union", "employer", "status"]
    list_select_related = ["union"]
    raw_id_fields = ["union", "person"]
    exclude = ["name"]


@admin.register(Care)
class CareAdmin(ScopedReadOnlyAdmin):
    list_display = ["worker", "kind", "given_on", "amount"]
    list_filter = ["kind"]
    raw_id_fields = ["worker", "entered_by"]
