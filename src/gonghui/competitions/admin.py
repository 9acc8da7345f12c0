from django.contrib import admin

from gonghui.core.admin import ScopedReadOnlyAdmin

from .models import Competition, Contestant, Event, Participation, TrainingSession


@admin.register(Competition)
class CompetitionAdmin(ScopedReadOnlyAdmin):
    list_display = ["title", "kind", "union", "starts_on", "library_status"]
    list_filter = ["kind", "library_status"]
    search_fields = ["title", "theme", "union__name"]
    list_select_related = ["union"]
    raw_id_fields = ["union", "parent", "created_by", "proposed_by", "library_decided_by"]


@admin.register(Participation)
class ParticipationAdmin(ScopedReadOnlyAdmin):
    list_display = ["competition", "enterprise", "union", "workers"]
    list_select_related = ["competition", "enterprise", "union"]
    raw_id_fields = ["competition", "enterprise", "union", "recorded_by"]


@admin.register(Event)
class EventAdmin(ScopedReadOnlyAdmin):
    list_display = ["trade", "round", "held_on", "union", "participants"]
    list_filter = ["round"]
    list_select_related = ["union", "competition"]
    raw_id_fields = ["competition", "union", "created_by"]


@admin.register(Contestant)
class ContestantAdmin(ScopedReadOnlyAdmin):
    list_display = ["name", "event", "status", "score", "rank", "title"]
    list_filter = ["status"]
    list_select_related = ["event__union", "event__competition"]
    raw_id_fields = ["event", "user", "entered_by", "reviewed_by"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(ScopedReadOnlyAdmin):
    list_display = ["held_on", "enterprise", "union", "kind", "trainees", "subsidy", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["union", "enterprise"]
    raw_id_fields = ["union", "enterprise", "recorded_by", "reviewed_by"]
