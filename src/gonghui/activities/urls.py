from django.urls import path

from . import views

urlpatterns = [
    path("activities/", views.activity_list, name="activity-list"),
    path("activities/new/", views.activity_new, name="activity-new"),
    path("activities/roundup/", views.roundup_page, name="activity-roundup"),
    path("activities/<int:activity_id>/", views.activity_detail, name="activity-detail"),
    path("activities/<int:activity_id>/edit/", views.activity_edit, name="activity-edit"),
    path(
        "activities/<int:activity_id>/withdraw/",
        views.activity_withdraw,
        name="activity-withdraw",
    ),
    path("activities/<int:activity_id>/photos/", views.photo_add, name="activity-photo-add"),
    path(
        "activities/<int:activity_id>/photos/<int:photo_id>/remove/",
        views.photo_remove,
        name="activity-photo-remove",
    ),
    path(
        "activities/<int:activity_id>/photos/<int:photo_id>",
        views.activity_photo,
        name="activity-photo",
    ),
]
