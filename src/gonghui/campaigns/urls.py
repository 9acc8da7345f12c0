from django.urls import path

from . import views

urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaign-list"),
    path("campaigns/new/", views.campaign_new, name="campaign-new"),
    path("campaigns/waiting/", views.waiting, name="campaign-waiting"),
    path(
        "campaigns/proposals/<int:proposal_id>/approve/",
        views.proposal_approve,
        name="campaign-proposal-approve",
    ),
    path(
        "campaigns/proposals/<int:proposal_id>/reject/",
        views.proposal_reject,
        name="campaign-proposal-reject",
    ),
    path(
        "campaigns/<int:campaign_id>/threshold/",
        views.campaign_threshold,
        name="campaign-threshold",
    ),
    path("campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign-detail"),
    path(
        "campaigns/<int:campaign_id>/allocate/",
        views.campaign_allocate,
        name="campaign-allocate",
    ),
    path("campaigns/<int:campaign_id>/pick/", views.campaign_pick, name="campaign-pick"),
    path("campaigns/<int:campaign_id>/add/", views.campaign_add, name="campaign-add"),
    path("campaigns/<int:campaign_id>/budget/", views.campaign_budget, name="campaign-budget"),
    path("campaigns/<int:campaign_id>/close/", views.campaign_close, name="campaign-close"),
    path(
        "campaigns/<int:campaign_id>/beneficiaries/",
        views.beneficiaries,
        name="campaign-beneficiaries",
    ),
    path("campaigns/<int:campaign_id>/propose/", views.propose, name="campaign-propose"),
    path("campaigns/<int:campaign_id>/payments/", views.payments, name="campaign-payments"),
    path(
        "campaigns/<int:campaign_id>/payments/approve/",
        views.payment_approve,
        name="campaign-payments-approve",
    ),
    path(
        "campaigns/<int:campaign_id>/payments/reject/",
        views.payment_reject,
        name="campaign-payments-reject",
    ),
    path(
        "campaigns/<int:campaign_id>/payments/reverse/",
        views.payment_reverse,
        name="campaign-payments-reverse",
    ),
    path("campaigns/<int:campaign_id>/reconcile/", views.reconcile, name="campaign-reconcile"),
    path("funds/", views.funds, name="funds"),
    path("funds/receive/", views.funds_receive, name="funds-receive"),
    path("funds/grant/", views.funds_grant, name="funds-grant"),
    path("funds/accounts/<int:account_id>/", views.account_entries, name="funds-account"),
]
