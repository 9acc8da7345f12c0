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
]
