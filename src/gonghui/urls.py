from django.contrib import admin
from django.urls import include, path
from ninja.openapi.views import openapi_view

from gonghui.core.api import api, register_routers

register_routers()

urlpatterns = [
    path("api/v1/", api.urls),
    path("api/docs", lambda request: openapi_view(request, api), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("gonghui.accounts.urls")),
    path("", include("gonghui.members.urls")),
    path("", include("gonghui.stations.urls")),
    path("", include("gonghui.assistance.urls")),
    path("", include("gonghui.campaigns.urls")),
    path("", include("gonghui.activities.urls")),
    path("", include("gonghui.workplans.urls")),
    path("", include("gonghui.reports.urls")),
    path("", include("gonghui.web.urls")),
]
