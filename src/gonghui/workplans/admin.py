from django.contrib import admin

from gonghui.core.admin import ScopedReadOnlyAdmin

from .models import ProgressReport, Task, TaskItem, WorkPlan


@admin.register(WorkPlan)
class WorkPlanAdmin(ScopedReadOnlyAdmin):
    list_display = ["year", "title", "owner", "report_every"]
    list_filter = ["year"]
    search_fields = ["title", "owner__name"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner", "created_by"]


@admin.register(Task)
class TaskAdmin(ScopedReadOnlyAdmin):
    list_display = ["plan", "number", "title", "owner", "deadline", "done_on"]
    list_filter = ["plan__year"]
    search_fields = ["title", "owner__name"]
    list_select_related = ["plan", "owner"]
    raw_id_fields = ["plan", "owner"]


@admin.register(TaskItem)
class TaskItemAdmin(ScopedReadOnlyAdmin):
    list_display = ["task", "number", "title", "owner", "deadline", "done_on"]
    list_select_related = ["task", "owner"]
    raw_id_fields = ["task", "owner"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ScopedReadOnlyAdmin):
    list_display = ["task", "period", "percent", "reported_on", "reported_by"]
    list_select_related = ["task", "reported_by"]
    raw_id_fields = ["task", "reported_by"]
