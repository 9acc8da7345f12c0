"""The application bench_api.py serves: Gonghui as `gonghui serve` runs it, plus two views
measured on the same server and workers: the hello-world JSON baseline, and the floor of a
list API call (two round trips to PostgreSQL and nothing else)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.http import JsonResponse
from django.urls import path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
application = get_wsgi_application()

from gonghui.urls import urlpatterns as gonghui_urls  # noqa: E402  once Django is set up


def hello(request):
    return JsonResponse({"hello": "world"})


def two_round_trips(request):
    """What a list API call cannot do without: who calls (one query), the page (another).
    Each is `SELECT 1`: no planning, no rows, no models."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"hello": "world"})


urlpatterns = [
    path("bench/hello", hello),
    path("bench/two-round-trips", two_round_trips),
    *gonghui_urls,
]
settings.ROOT_URLCONF = __name__
