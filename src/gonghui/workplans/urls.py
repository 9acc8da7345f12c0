from django.urls import path

from . import views

urlpatterns = [
    path("workplans/", views.plan_list, name="workplan-list"),
    path("workplans/new/", views.plan_new, name="workplan-new"),
    path("workplans/overdue/", views.overdue_list, name="workplan-overdue"),
    path("workplans/<int:plan_id>/", views.plan_detail, name="workplan-detail"),
    path("workplans/tasks/<int:task_id>/", views.task_detail, name="workplan-task"),
    path("workplans/tasks/<int:task_id>/report/", views.task_report, name="workplan-task-report"),
    path("workplans/tasks/<int:task_id>/items/", views.item_add, name="workplan-item-add"),
    path(
        "workplans/tasks/<int:task_id>/items/<int:item_id>/done/",
        views.item_done,
        name="workplan-item-done",
    ),
    path(
        "workplans/tasks/<int:task_id>/items/<int:item_id>/reopen/",
        views.item_reopen,
        name="workplan-item-reopen",
    ),
]
