from django.urls import path

from . import views

urlpatterns = [
    path("employment/events/", views.event_list, name="employment-events"),
    path("employment/events/new/", views.event_new, name="employment-event-new"),
    path("employment/events/<int:event_id>/", views.event_detail, name="employment-event"),
    path(
        "employment/events/<int:event_id>/results/",
        views.event_results,
        name="employment-event-results",
    ),
    path(
        "employment/events/<int:event_id>/exhibitors/",
        views.exhibitor_add,
        name="employment-event-exhibitor",
    ),
    path(
        "employment/events/<int:event_id>/posts/",
        views.event_post_add,
        name="employment-event-post",
    ),
    path("employment/posts/", views.post_list, name="employment-posts"),
    path("employment/posts/new/", views.post_new, name="employment-post-new"),
    path("employment/posts/<int:post_id>/close/", views.post_close, name="employment-post-close"),
    path("employment/seekers/", views.seeker_list, name="employment-seekers"),
    path("employment/seekers/new/", views.seeker_new, name="employment-seeker-new"),
    path("employment/seekers/<int:seeker_id>/", views.seeker_detail, name="employment-seeker"),
    path(
        "employment/seekers/<int:seeker_id>/consent/",
        views.seeker_consent,
        name="employment-seeker-consent",
    ),
    path(
        "employment/seekers/<int:seeker_id>/cadre/",
        views.seeker_cadre,
        name="employment-seeker-cadre",
    ),
    path(
        "employment/seekers/<int:seeker_id>/services/",
        views.service_add,
        name="employment-service-add",
    ),
    path(
        "employment/seekers/<int:seeker_id>/recommend/<int:post_id>/",
        views.recommend,
        name="employment-recommend",
    ),
    path(
        "employment/seekers/<int:seeker_id>/placements/",
        views.placement_add,
        name="employment-placement-add",
    ),
    path("employment/services/", views.service_list, name="employment-services"),
    path("employment/placements/", views.placement_list, name="employment-placements"),
    path(
        "employment/placements/<int:placement_id>/check/",
        views.placement_check,
        name="employment-placement-check",
    ),
    path("employment/matchings/", views.matching_list, name="employment-matchings"),
    path("employment/matchings/new/", views.matching_new, name="employment-matching-new"),
    path("employment/training/", views.training_list, name="employment-trainings"),
    path("employment/training/new/", views.training_new, name="employment-training-new"),
    path(
        "employment/training/<int:session_id>/",
        views.training_detail,
        name="employment-training",
    ),
    path(
        "employment/training/<int:session_id>/trainees/",
        views.trainee_add,
        name="employment-trainee-add",
    ),
    path("employment/applications/", views.application_list, name="employment-applications"),
    path(
        "employment/applications/<int:application_id>/",
        views.application_detail,
        name="employment-application",
    ),
    path(
        "employment/applications/<int:application_id>/status/",
        views.application_advance,
        name="employment-application-advance",
    ),
    path("employment/fund/", views.fund_page, name="employment-fund"),
    path(
        "employment/fund/allotments/",
        views.fund_allotment_list,
        name="employment-fund-allotments",
    ),
    path("employment/fund/allot/", views.fund_allot, name="employment-fund-allot"),
    path("employment/fund/pay/", views.fund_pay, name="employment-fund-pay"),
    path("jobs/", views.my_jobs, name="employment-mine"),
    path("jobs/register/", views.my_register, name="employment-my-register"),
    path("jobs/posts/<int:post_id>/", views.my_post, name="employment-my-post"),
    path("jobs/posts/<int:post_id>/apply/", views.my_apply, name="employment-my-apply"),
    path(
        "jobs/applications/<int:application_id>/withdraw/",
        views.my_withdraw,
        name="employment-my-withdraw",
    ),
    path("jobs/<int:seeker_id>/consent/", views.my_consent, name="employment-my-consent"),
]
