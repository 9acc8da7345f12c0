from django.urls import path

from . import views

urlpatterns = [
    path("join/", views.join, name="member-join"),
    path("me/", views.member_home, name="member-home"),
    path("me/card/", views.member_card, name="member-card"),
    path("card/verify/", views.card_verify, name="card-verify"),
    path("members/", views.register, name="member-register"),
    path("members/<int:membership_id>/", views.member_detail, name="member-detail"),
    path("members/transfers/", views.transfers, name="member-transfers"),
    path("members/requests/", views.join_requests, name="member-requests"),
    path("members/requests/<int:join_id>/decide/", views.decide_join, name="member-decide"),
]
