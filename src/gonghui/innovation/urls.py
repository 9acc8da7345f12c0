from django.urls import path

from . import views

urlpatterns = [
    path("innovation/", views.result_list, name="innovation-results"),
    path("innovation/results/new/", views.result_new, name="innovation-result-new"),
    path("innovation/results/<int:result_id>/", views.result_detail, name="innovation-result"),
    path(
        "innovation/results/<int:result_id>/adopt/",
        views.result_adopt,
        name="innovation-result-adopt",
    ),
    path(
        "innovation/results/<int:result_id>/reject/",
        views.result_reject,
        name="innovation-result-reject",
    ),
    path(
        "innovation/results/<int:result_id>/in-use/",
        views.result_in_use,
        name="innovation-result-in-use",
    ),
    path("innovation/studios/", views.studio_list, name="innovation-studios"),
    path("innovation/studios/new/", views.studio_new, name="innovation-studio-new"),
    path("innovation/studios/<int:studio_id>/", views.studio_detail, name="innovation-studio"),
    path(
        "innovation/studios/<int:studio_id>/members/",
        views.studio_members,
        name="innovation-studio-members",
    ),
    path(
        "innovation/studios/<int:studio_id>/members/add/",
        views.member_add,
        name="innovation-studio-member-add",
    ),
    path(
        "innovation/studios/<int:studio_id>/members/<int:member_id>/remove/",
        views.member_remove,
        name="innovation-studio-member-remove",
    ),
    path(
        "innovation/studios/<int:studio_id>/assessments/",
        views.studio_assessments,
        name="innovation-studio-assessments",
    ),
    path(
        "innovation/studios/<int:studio_id>/assess/",
        views.studio_assess,
        name="innovation-studio-assess",
    ),
    path(
        "innovation/studios/<int:studio_id>/alliance/",
        views.studio_alliance,
        name="innovation-studio-alliance",
    ),
    path(
        "innovation/studios/<int:studio_id>/<str:step>/",
        views.studio_step,
        name="innovation-studio-step",
    ),
    path("innovation/five-small/", views.coverage_list, name="innovation-coverage"),
    path("innovation/pairs/", views.pair_list, name="innovation-pairs"),
    path("my/proposals/", views.my_proposals, name="innovation-mine"),
]
