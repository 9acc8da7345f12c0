import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
application = get_wsgi_application()

# What is loaded by now (Django, the apps, the URL patterns, the catalogues) lives as long
# as the worker: keep it out of the garbage collector's full passes, which otherwise walk
# it again and again (a page's p95 doubled by them: bench/RESULTS.md, campaign overview).
gc.freeze()
