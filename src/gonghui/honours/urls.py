from django.urls import path

from . import views

urlpatterns = [
    path("honours/", views.nomination_list, name="honours-nominations"),
    path("honours/nominations/", views.nomination_list),
    path("honours/nominate/", views.nominate, name="honours-nominate"),
    path(
        "honours/nominations/<int:nomination_id>/",
        views.nomination_detail,
        name="honours-nomination",
    ),
    path(
        "honours/nominations/<int:nomination_id>/decide/",
        views.nomination_decide,
        name="honours-decide",
    ),
    path(
        "honours/nominations/<int:nomination_id>/award/",
        views.nomination_award,
        name="honours-award",
    ),
    path(
        "honours/nominations/<int:nomination_id>/withdraw/",
        views.nomination_withdraw,
        name="honours-withdraw",
    ),
    path(
        "honours/objections/<int:objection_id>/resolve/",
        views.objection_resolve,
        name="honours-objection-resolve",
    ),
    path("honours/schemes/", views.scheme_list, name="honours-schemes"),
    path("honours/schemes/new/", views.scheme_new, name="honours-scheme-new"),
    path("honours/schemes/<int:scheme_id>/", views.scheme_detail, name="honours-scheme"),
    path("honours/schemes/<int:scheme_id>/quotas/", views.quota_set, name="honours-quota-set"),
    path("honours/notice/", views.notice, name="honours-notice"),
    path("honours/notice/object/", views.notice_object, name="honours-notice-object"),
    path("honours/mine/", views.mine, name="honours-mine"),
    path("honours/workers/", views.worker_list, name="honours-workers"),
    path("honours/workers/new/", views.worker_new, name="honours-worker-new"),
    path("honours/workers/<int:worker_id>/", views.worker_detail, name="honours-worker"),
    path("honours/workers/<int:worker_id>/edit/", views.worker_edit, name="honours-worker-edit"),
    path("honours/workers/<int:worker_id>/care/", views.care_add, name="honours-care-add"),
    path("honours/care/", views.care_list, name="honours-care"),
    path("honours/care/<int:care_id>/file/", views.care_link_file, name="honours-care-link-file"),
    path(
        "honours/from-results/<int:event_id>/",
        views.from_results,
        name="honours-from-results",
    ),
    path(
        "honours/from-results/<int:event_id>/nominate/",
        views.from_results_nominate,
        name="honours-from-results-nominate",
    ),
    path("honours/events/", views.event_list, name="honours-events"),
    path("honours/events/new/", views.event_new, name="honours-event-new"),
    path("honours/events/<int:event_id>/", views.event_detail, name="honours-event"),
    path(
        "honours/events/<int:event_id>/withdraw/",
        views.event_withdraw,
        name="honours-event-withdraw",
    ),
]
