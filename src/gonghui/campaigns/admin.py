"""Back-office lists of campaigns and the ledger: scoped, read-only (money moves only
through the services, with their checks)."""

from django.contrib import admin

from gonghui.core.admin import ScopedReadOnlyAdmin

from .models import Account, Allocation, Campaign, Disbursement, Entry, GrantBatch, Posting


@admin.register(Campaign)
class CampaignAdmin(ScopedReadOnlyAdmin):
    list_display = ["name", "kind", "owner", "starts_on", "ends_on", "budget", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["name"]
    list_select_related = ["owner"]


@admin.register(Allocation)
class AllocationAdmin(ScopedReadOnlyAdmin):
    list_display = ["campaign", "from_org", "to_org", "amount", "created_at"]
    list_select_related = ["campaign", "from_org", "to_org"]
    raw_id_fields = ["campaign", "from_org", "to_org", "posting", "created_by"]


@admin.register(Disbursement)
class DisbursementAdmin(ScopedReadOnlyAdmin):
    list_display = [
        "campaign",
        "person",
        "payer",
        "amount",
        "status",
        "maker",
        "checker",
        "checked_at",
    ]
    list_filter = ["status"]
    search_fields = ["person__name", "idempotency_key"]
    list_select_related = ["campaign", "person", "payer", "maker", "checker"]
    raw_id_fields = [
        "campaign",
        "beneficiary",
        "person",
        "union",
        "payer",
        "application",
        "maker",
        "checker",
        "posting",
    ]


@admin.register(Account)
class AccountAdmin(ScopedReadOnlyAdmin):
    list_display = ["organization", "campaign", "kind", "balance"]
    list_filter = ["kind"]
    list_select_related = ["organization", "campaign"]
    raw_id_fields = ["organization", "campaign"]


@admin.register(Posting)
class PostingAdmin(ScopedReadOnlyAdmin):
    list_display = ["pk", "kind", "organization", "campaign", "memo", "actor", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["organization", "campaign", "actor"]
    raw_id_fields = ["organization", "campaign", "actor"]


@admin.register(Entry)
class EntryAdmin(ScopedReadOnlyAdmin):
    list_display = ["posting", "account", "amount"]
    list_select_related = ["posting", "account__organization"]
    raw_id_fields = ["posting", "account"]


@admin.register(GrantBatch)
class GrantBatchAdmin(ScopedReadOnlyAdmin):
    list_display = ["memo", "from_org", "amount_each", "count", "created_at"]
    list_select_related = ["from_org"]
