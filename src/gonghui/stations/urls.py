from django.urls import path

from . import views

urlpatterns = [
    path("stations/nearest/", views.nearest_page, name="station-nearest"),
    path("stations/scan/<str:token>/", views.scan, name="station-scan"),
    path("stations/scan/<str:token>/rate/", views.scan_rate, name="station-scan-rate"),
    path("stations/scan/<str:token>/problem/", views.scan_problem, name="station-scan-problem"),
    path("stations/photos/<int:photo_id>", views.photo, name="station-photo"),
    path("stations/", views.station_list, name="station-list"),
    path("stations/map/", views.station_map, name="station-map"),
    path("stations/map/points.json", views.station_map_points, name="station-map-points"),
    path("stations/new/", views.station_form, name="station-new"),
    path("stations/import/", views.station_import, name="station-import"),
    path("stations/problems/", views.problem_list, name="station-problems"),
    path(
        "stations/problems/<int:problem_id>/close/",
        views.problem_close,
        name="station-problem-close",
    ),
    path("stations/visits/", views.visit_list, name="station-visits"),
    path("stations/<int:station_id>/", views.station_detail, name="station-detail"),
    path("stations/<int:station_id>/edit/", views.station_form, name="station-edit"),
    path("stations/<int:station_id>/poster/", views.station_poster, name="station-poster"),
    path(
        "stations/<int:station_id>/poster/renew/",
        views.poster_renew,
        name="station-poster-renew",
    ),
    path("stations/<int:station_id>/photos/", views.photo_add, name="station-photo-add"),
    path(
        "stations/<int:station_id>/photos/<int:photo_id>/remove/",
        views.photo_remove,
        name="station-photo-remove",
    ),
]
