from django.urls import path

from . import views

urlpatterns = [
    path("aid/", views.file_list, name="aid-files"),
    path("aid/files/new/", views.file_new, name="aid-file-new"),
    path("aid/files/overdue/", views.overdue, name="aid-overdue"),
    path("aid/files/<int:file_id>/", views.file_detail, name="aid-file"),
    path("aid/documents/<int:document_id>/", views.document, name="aid-document"),
    path("aid/applications/", views.application_list, name="aid-applications"),
    path("aid/applications/new/<str:kind>/", views.apply_for_member, name="aid-apply-for"),
    path(
        "aid/applications/<int:application_id>/", views.application_detail, name="aid-application"
    ),
    path("aid/chains/", views.chains, name="aid-chains"),
    path("aid/apply/", views.apply_start, name="aid-apply"),
    path("aid/apply/<str:kind>/", views.apply, name="aid-apply-kind"),
]
