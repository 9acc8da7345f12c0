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
        "innovation/studios/<int:studio_id>/<str:step>/",
        views.studio_step,
        name="innovation-studio-step",
    ),
    path("innovation/five-small/", views.coverage_list, name="innovation-coverage"),
    path("innovation/pairs/", views.pair_list, name="innovation-pairs"),
    path("my/proposals/", views.my_proposals, name="innovation-mine"),
]
