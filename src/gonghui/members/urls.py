from django.urls import path

from . import views

urlpatterns = [
    path("join/", views.join, name="member-join"),
    path("join/places.json", views.join_places, name="member-join-places"),
    path("join/employers.json", views.join_employers, name="member-join-employers"),
    path("join/union.json", views.join_union, name="member-join-union"),
    path(
        "me/id-consent/<int:consent_id>/withdraw/",
        views.id_consent_withdraw,
        name="member-id-consent-withdraw",
    ),
    path("me/", views.member_home, name="member-home"),
    path("me/card/", views.member_card, name="member-card"),
    path("card/verify/", views.card_verify, name="card-verify"),
    path("members/", views.register, name="member-register"),
    path("members/<int:membership_id>/", views.member_detail, name="member-detail"),
    path("members/<int:membership_id>/reveal/", views.member_reveal, name="member-reveal"),
    path("members/<int:membership_id>/leave/", views.member_leave, name="member-leave"),
    path("members/<int:membership_id>/transfer/", views.member_transfer, name="member-transfer"),
    path("members/transfers/", views.transfers, name="member-transfers"),
    path(
        "members/transfers/<int:transfer_id>/release/",
        views.transfer_release,
        name="member-transfer-release",
    ),
    path(
        "members/transfers/<int:transfer_id>/accept/",
        views.transfer_accept,
        name="member-transfer-accept",
    ),
    path(
        "members/transfers/<int:transfer_id>/reject/",
        views.transfer_reject,
        name="member-transfer-reject",
    ),
    path("members/requests/", views.join_requests, name="member-requests"),
    path("members/requests/batch/", views.join_batch, name="member-requests-batch"),
    path("members/requests/<int:join_id>/approve/", views.join_approve, name="member-approve"),
    path("members/requests/<int:join_id>/reject/", views.join_reject, name="member-reject"),
    path("members/import/", views.member_import, name="member-import"),
    path(
        "members/import/template.xlsx",
        views.member_import_template,
        name="member-import-template",
    ),
    path("members/import/<int:job_id>/", views.member_import_job, name="member-import-job"),
    path(
        "members/import/<int:job_id>/run-again",
        views.member_import_run_again,
        name="member-import-run-again",
    ),
    path(
        "members/import/<int:job_id>/status",
        views.member_import_status,
        name="member-import-status",
    ),
    path(
        "members/import/<int:job_id>/bad-rows.csv",
        views.member_import_bad_rows,
        name="member-import-bad-rows",
    ),
]
