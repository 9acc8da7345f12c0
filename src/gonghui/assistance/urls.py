from django.urls import path

from . import views

# One view per action: each form of a page posts to its own address.
urlpatterns = [
    path("aid/", views.file_list, name="aid-files"),
    path("aid/files/new/", views.file_new, name="aid-file-new"),
    path("aid/files/overdue/", views.overdue, name="aid-overdue"),
    path("aid/files/<int:file_id>/", views.file_detail, name="aid-file"),
    path("aid/files/<int:file_id>/reveal/", views.file_reveal, name="aid-file-reveal"),
    path("aid/files/<int:file_id>/household/", views.household_add, name="aid-household-add"),
    path(
        "aid/files/<int:file_id>/household/<int:member_id>/remove/",
        views.household_remove,
        name="aid-household-remove",
    ),
    path("aid/files/<int:file_id>/consent/", views.consent_record, name="aid-consent-record"),
    path(
        "aid/files/<int:file_id>/sensitive/",
        views.file_set_sensitive,
        name="aid-file-sensitive",
    ),
    path("aid/files/<int:file_id>/review/", views.file_review, name="aid-file-review"),
    path("aid/files/<int:file_id>/close/", views.file_close, name="aid-file-close"),
    path(
        "aid/files/<int:file_id>/documents/",
        views.file_document_add,
        name="aid-file-document-add",
    ),
    path("aid/documents/<int:document_id>/", views.document, name="aid-document"),
    path(
        "aid/consents/<int:consent_id>/withdraw/",
        views.consent_withdraw,
        name="aid-consent-withdraw",
    ),
    path("aid/applications/", views.application_list, name="aid-applications"),
    path("aid/applications/new/<str:kind>/", views.apply_for_member, name="aid-apply-for"),
    path(
        "aid/applications/<int:application_id>/", views.application_detail, name="aid-application"
    ),
    path(
        "aid/applications/<int:application_id>/decide/",
        views.application_decide,
        name="aid-application-decide",
    ),
    path(
        "aid/applications/<int:application_id>/documents/",
        views.application_document_add,
        name="aid-application-document-add",
    ),
    path(
        "aid/applications/<int:application_id>/withdraw/",
        views.application_withdraw,
        name="aid-application-withdraw",
    ),
    path(
        "aid/applications/<int:application_id>/reveal/",
        views.application_reveal,
        name="aid-application-reveal",
    ),
    path("aid/chains/", views.chains, name="aid-chains"),
    path("aid/notices/", views.notices, name="aid-notices"),
    path("aid/notices/object/", views.notice_object, name="aid-notice-object"),
    path("aid/objections/", views.objections, name="aid-objections"),
    path(
        "aid/objections/<int:objection_id>/resolve/",
        views.objection_resolve,
        name="aid-objection-resolve",
    ),
    path("aid/apply/", views.apply_start, name="aid-apply"),
    path("aid/apply/<str:kind>/", views.apply, name="aid-apply-kind"),
]
