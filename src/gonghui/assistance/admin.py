"""Back-office lists, scoped and read-only; sensitive fields are never shown here."""

from django.contrib import admin

from gonghui.core.admin import ScopedReadOnlyAdmin

from .models import AidApplication, Consent, HardshipFile, ReviewChain


@admin.register(HardshipFile)
class HardshipFileAdmin(ScopedReadOnlyAdmin):
    list_display = [
        "number",
        "person",
        "union",
        "tier",
        "status",
        "opened_on",
        "next_review_due",
        "returned",
    ]
    list_filter = ["tier", "status", "returned"]
    search_fields = ["number", "person__name", "person__name_pinyin"]
    list_select_related = ["person", "union"]
    exclude = ["income_cipher", "illness_cipher", "bank_cipher", "bank_last4"]
    raw_id_fields = ["person", "union", "previous", "consent", "created_by"]


@admin.register(AidApplication)
class AidApplicationAdmin(ScopedReadOnlyAdmin):
    list_display = [
        "pk",
        "kind",
        "person",
        "union",
        "status",
        "requested_amount",
        "approved_amount",
        "submitted_at",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["person__name", "person__name_pinyin"]
    list_select_related = ["person", "union"]
    exclude = ["illness_cipher"]
    raw_id_fields = ["person", "union", "file", "consent", "applied_by"]


@admin.register(Consent)
class ConsentAdmin(ScopedReadOnlyAdmin):
    list_display = ["person", "union", "purpose", "method", "given_by", "given_at", "withdrawn_at"]
    list_filter = ["method", "purpose"]
    list_select_related = ["person", "union"]
    raw_id_fields = ["person", "union", "recorded_by"]


@admin.register(ReviewChain)
class ReviewChainAdmin(ScopedReadOnlyAdmin):
    list_display = ["owner", "kind", "levels", "updated_at"]
    list_select_related = ["owner"]
