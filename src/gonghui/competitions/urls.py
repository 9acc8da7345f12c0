from django.urls import path

from . import views

urlpatterns = [
    path("competitions/", views.competition_list, name="competition-list"),
    path("competitions/new/", views.competition_new, name="competition-new"),
    path("competitions/<int:competition_id>/", views.competition_detail, name="competition-detail"),
    path(
        "competitions/<int:competition_id>/edit/", views.competition_edit, name="competition-edit"
    ),
    path(
        "competitions/<int:competition_id>/sub/new/",
        views.competition_sub_new,
        name="competition-sub-new",
    ),
    path(
        "competitions/<int:competition_id>/library/propose/",
        views.competition_propose,
        name="competition-propose",
    ),
    path(
        "competitions/<int:competition_id>/library/list/",
        views.competition_list_in_library,
        name="competition-library-list",
    ),
    path(
        "competitions/<int:competition_id>/library/refuse/",
        views.competition_refuse_library,
        name="competition-library-refuse",
    ),
    path(
        "competitions/<int:competition_id>/enterprises/",
        views.participation_add,
        name="competition-enterprise-add",
    ),
    path(
        "competitions/enterprises/<int:participation_id>/remove/",
        views.participation_remove,
        name="competition-enterprise-remove",
    ),
    path(
        "competitions/<int:competition_id>/events/",
        views.event_add,
        name="competition-event-add",
    ),
    path("competitions/events/", views.event_list, name="competition-events"),
    path("competitions/events/<int:event_id>/", views.event_detail, name="competition-event"),
    path(
        "competitions/events/<int:event_id>/contestants/",
        views.contestant_add,
        name="competition-contestant-add",
    ),
    path(
        "competitions/contestants/<int:contestant_id>/accept/",
        views.contestant_accept,
        name="competition-contestant-accept",
    ),
    path(
        "competitions/contestants/<int:contestant_id>/refuse/",
        views.contestant_refuse,
        name="competition-contestant-refuse",
    ),
    path(
        "competitions/contestants/<int:contestant_id>/result/",
        views.contestant_result,
        name="competition-contestant-result",
    ),
    path("competitions/training/", views.training_list, name="competition-training"),
    path("competitions/training/new/", views.training_new, name="competition-training-new"),
    path(
        "competitions/training/<int:session_id>/",
        views.training_detail,
        name="competition-training-detail",
    ),
    path(
        "competitions/training/<int:session_id>/approve/",
        views.training_approve,
        name="competition-training-approve",
    ),
    path(
        "competitions/training/<int:session_id>/reject/",
        views.training_reject,
        name="competition-training-reject",
    ),
    path(
        "competitions/training/<int:session_id>/pay/",
        views.training_pay,
        name="competition-training-pay",
    ),
    path("my/contests/", views.my_contests, name="competition-mine"),
    path("my/contests/<int:event_id>/enter/", views.contest_enter, name="competition-enter"),
]
