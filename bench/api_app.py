"""The application bench_api.py serves: Gonghui as `gonghui serve` runs it, plus views
measured on the same server and workers: the hello-world JSON baseline; the floor of a
list API call (two round trips to PostgreSQL and nothing else); and the ceiling of the
members list on this stack (the same page by hand-written SQL, no ORM, no ninja)."""

import json
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.urls import path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
application = get_wsgi_application()

from gonghui.accounts.services import token_hash  # noqa: E402  once Django is set up
from gonghui.urls import urlpatterns as gonghui_urls  # noqa: E402


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


# What the members list asks, written by hand for the province's staff (one role): who
# calls, the page of 50 by pinyin, the planner's estimate of the count. A what-if for the
# bench only: it skips the ORM, ninja, the filters and the role checks the route has.
WHO = (
    "SELECT o.path FROM accounts_apitoken t JOIN accounts_user u ON u.id = t.user_id"
    " JOIN accounts_role r ON r.user_id = u.id"
    " JOIN orgs_organization o ON o.id = r.organization_id"
    " WHERE t.key_hash = %s AND NOT t.revoked AND u.is_active AND o.is_active"
)
PAGE = (
    "SELECT m.id, m.number, m.person_id, p.name, p.gender, p.id_last4, p.work_kind,"
    " p.employer_name, m.union_id, o.name, m.status, m.joined_on, m.started_on, m.ended_on"
    " FROM members_membership m JOIN orgs_organization o ON m.union_id = o.id"
    " JOIN members_person p ON m.person_id = p.id"
    " WHERE o.path LIKE %s AND m.status = 'active' ORDER BY p.name_pinyin, m.id LIMIT 50"
)
ESTIMATE = (
    "EXPLAIN (FORMAT JSON) SELECT m.id FROM members_membership m"
    " JOIN orgs_organization o ON m.union_id = o.id"
    " WHERE o.path LIKE %s AND m.status = 'active'"
)
FIELDS = (
    "id number person_id name gender id_number work_kind employer union_id union_name"
    " status joined_on started_on ended_on"
).split()


def members_by_hand(request):
    """The ceiling: /api/v1/members?limit=50's JSON for the province, by hand."""
    key = token_hash(request.headers["Authorization"].removeprefix("Bearer "))
    with connection.cursor() as cursor:
        cursor.execute(WHO, [key])
        (scope,) = cursor.fetchone()
        cursor.execute(PAGE, [scope + "%"])
        rows = cursor.fetchall()
        cursor.execute(ESTIMATE, [scope + "%"])
        plan = cursor.fetchone()[0]
    items = []
    for row in rows:
        item = dict(zip(FIELDS, row, strict=True))
        item["id_number"] = "*" * 14 + item["id_number"]
        for name in ("joined_on", "started_on", "ended_on"):
            item[name] = item[name] and item[name].isoformat()
        items.append(item)
    plan = plan if isinstance(plan, list) else json.loads(plan)
    count = int(plan[0]["Plan"]["Plan Rows"])
    body = {"items": items, "count": count, "estimated": True, "next": None}
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/json")


urlpatterns = [
    path("bench/members-by-hand", members_by_hand),
    path("bench/hello", hello),
    path("bench/two-round-trips", two_round_trips),
    *gonghui_urls,
]
settings.ROOT_URLCONF = __name__
