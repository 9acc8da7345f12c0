from django.urls import path

from . import views

urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaign-list"),
    path("campaigns/new/", views.campaign_new, name="campaign-new"),
    path("campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:campaign_id>/act/", views.campaign_act, name="campaign-act"),
    path(
        "campaigns/<int:campaign_id>/beneficiaries/",
        views.beneficiaries,
        name="campaign-beneficiaries",
    ),
    path("campaigns/<int:campaign_id>/propose/", views.propose, name="campaign-propose"),
    path("campaigns/<int:campaign_id>/payments/", views.payments, name="campaign-payments"),
    path("campaigns/<int:campaign_id>/reconcile/", views.reconcile, name="campaign-reconcile"),
    path("funds/", views.funds, name="funds"),
    path("funds/accounts/<int:account_id>/", views.account_entries, name="funds-account"),
]
