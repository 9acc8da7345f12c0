from django.urls import path

from . import views

urlpatterns = [
    path("workplans/", views.plan_list, name="workplan-list"),
    path("workplans/new/", views.plan_new, name="workplan-new"),
    path("workplans/overdue/", views.overdue_list, name="workplan-overdue"),
    path("workplans/<int:plan_id>/", views.plan_detail, name="workplan-detail"),
    path("workplans/tasks/<int:task_id>/", views.task_detail, name="workplan-task"),
]
