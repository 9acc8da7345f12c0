from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from django.utils.translation import gettext
from django.views import defaults
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
    path("", include("gonghui.competitions.urls")),
    path("", include("gonghui.innovation.urls")),
    path("", include("gonghui.workplans.urls")),
    path("", include("gonghui.employment.urls")),
    path("", include("gonghui.communication.urls")),
    path("", include("gonghui.outreach.urls")),
    path("", include("gonghui.rights.urls")),
    path("", include("gonghui.welfare.urls")),
    path("", include("gonghui.finance.urls")),
    path("", include("gonghui.honours.urls")),
    path("", include("gonghui.reports.urls")),
    path("", include("gonghui.web.urls")),
]


def handler404(request, exception):
    """Pages get the styled 404.html (web/templates); an address under /api/ that matches
    no route answers in the API's error shape, as the API's own 404s do (core.api)."""
    if request.path.startswith("/api/v1/"):
        return JsonResponse(
            {"code": "not_found", "message": gettext("Not found."), "fields": {}}, status=404
        )
    return defaults.page_not_found(request, exception)
