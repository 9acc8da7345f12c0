from django.urls import path

from . import views

# One view per action: each form of a page posts to its own address.
urlpatterns = [
    path("welfare/mine/", views.mine, name="welfare-mine"),
    path("welfare/mine/claims/new/", views.claim_new, name="welfare-claim-new"),
    path("welfare/mine/claims/<int:claim_id>/", views.my_claim, name="welfare-my-claim"),
    path("welfare/documents/<int:document_id>/", views.document, name="welfare-document"),
    path("welfare/", views.plan_list, name="welfare-plans"),
    path("welfare/plans/<int:plan_id>/", views.plan_detail, name="welfare-plan"),
    path("welfare/plans/<int:plan_id>/enrol/", views.plan_enrol, name="welfare-plan-enrol"),
    path("welfare/enrolments/", views.enrolment_list, name="welfare-enrolments"),
    path("welfare/claims/", views.claim_list, name="welfare-claims"),
    path("welfare/claims/<int:claim_id>/", views.claim_detail, name="welfare-claim"),
    path(
        "welfare/claims/<int:claim_id>/approve/", views.claim_approve, name="welfare-claim-approve"
    ),
    path("welfare/claims/<int:claim_id>/reject/", views.claim_reject, name="welfare-claim-reject"),
    path("welfare/claims/<int:claim_id>/pay/", views.claim_pay, name="welfare-claim-pay"),
    path(
        "welfare/claims/<int:claim_id>/illness/", views.claim_illness, name="welfare-claim-illness"
    ),
    path("welfare/plans/new/", views.plan_new, name="welfare-plan-new"),
    # health programs
    path("welfare/health/", views.health_program_list, name="welfare-health-programs"),
    path("welfare/health/new/", views.health_program_create, name="welfare-health-program-new"),
    path(
        "welfare/health/<int:program_id>/",
        views.health_program_detail,
        name="welfare-health-program",
    ),
    path(
        "welfare/health/<int:program_id>/book/", views.screening_book, name="welfare-screening-book"
    ),
    path("welfare/screenings/", views.screening_list, name="welfare-screenings"),
    path(
        "welfare/screenings/<int:screening_id>/", views.screening_detail, name="welfare-screening"
    ),
    path(
        "welfare/screenings/<int:screening_id>/record/",
        views.screening_record,
        name="welfare-screening-record",
    ),
    path(
        "welfare/screenings/<int:screening_id>/result/",
        views.screening_result,
        name="welfare-screening-result",
    ),
    path("welfare/care-visits/", views.care_visit_list, name="welfare-care-visits"),
    path("welfare/care-visits/new/", views.care_visit_create, name="welfare-care-visit-new"),
    # mental health
    path("welfare/talks/", views.talk_list, name="welfare-talks"),
    path("welfare/talks/new/", views.talk_create, name="welfare-talk-new"),
    path("welfare/counsellors/new/", views.counsellor_create, name="welfare-counsellor-new"),
    path("welfare/counselling/", views.counselling, name="welfare-counselling"),
    path(
        "welfare/counselling/<int:session_id>/",
        views.counselling_session,
        name="welfare-counselling-session",
    ),
    path(
        "welfare/counselling/<int:session_id>/held/",
        views.counselling_held,
        name="welfare-counselling-held",
    ),
    # rest and recuperation
    path("welfare/rest/", views.rest_program_list, name="welfare-rest-programs"),
    path("welfare/rest/new/", views.rest_program_create, name="welfare-rest-program-new"),
    path("welfare/rest/<int:program_id>/", views.rest_program_detail, name="welfare-rest-program"),
    path("welfare/rest/<int:program_id>/quota/", views.rest_quota_set, name="welfare-rest-quota"),
    path("welfare/rest/<int:program_id>/select/", views.rest_select, name="welfare-rest-select"),
    path("welfare/rest/<int:program_id>/trip/", views.rest_trip_create, name="welfare-rest-trip"),
    path("welfare/selections/", views.selection_list, name="welfare-selections"),
    path("welfare/trips/", views.trip_list, name="welfare-trips"),
    # the member's program pages
    path(
        "welfare/mine/screenings/<int:screening_id>/",
        views.my_screening,
        name="welfare-my-screening",
    ),
    path(
        "welfare/mine/screenings/<int:screening_id>/result/",
        views.my_screening_result,
        name="welfare-my-screening-result",
    ),
    path("welfare/mine/sessions/new/", views.session_new, name="welfare-session-new"),
    path("welfare/mine/sessions/<int:session_id>/", views.my_session, name="welfare-my-session"),
]
