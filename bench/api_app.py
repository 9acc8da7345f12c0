"""The application bench_api.py serves: Gonghui as `gonghui serve` runs it, plus one
hello-world JSON view, the baseline measured on the same server and workers."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import JsonResponse
from django.urls import path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
application = get_wsgi_application()

from gonghui.urls import urlpatterns as gonghui_urls  # noqa: E402  once Django is set up


def hello(request):
    return JsonResponse({"hello": "world"})


urlpatterns = [path("bench/hello", hello), *gonghui_urls]
settings.ROOT_URLCONF = __name__
