"""The idle timeout, without a database write on every request."""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

SAVED_AT = "gonghui_saved_at"  # when the session was last saved, seconds since the epoch


def save_interval() -> int:
    """At most one save a minute; a short timeout (in tests) saves more often."""
    return min(60, settings.SESSION_COOKIE_AGE // 10)


class IdleTimeoutMiddleware:
    """A login ends SESSION_COOKIE_AGE after its session was last saved (the database row
    and the cookie expire together), and the session of a logged-in user is saved again
    when a request comes more than a minute after the last save. So the timeout counts
    from the last request, give or take that minute, and a page view does not write:
    saving the session on every request (SESSION_SAVE_EVERY_REQUEST) made each one wait
    for SQLite's write lock behind an import (issue 23). Sessions stay in the database, so
    logging out or disabling an account still ends them everywhere.

    Only a request that used its session counts: one that never read it (an API call with
    a bearer token, from a browser that also holds a login cookie) neither loads the
    session nor extends the login (issue 13 item 5: it asked a query for nothing).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # `accessed` first: `SESSION_KEY in session` would load the session from the database.
        if session is not None and session.accessed and SESSION_KEY in session:
            now = timezone.now().timestamp()
            # A session saved anyway (a login, a form step) takes the time along for free.
            if session.modified or now - session.get(SAVED_AT, 0) >= save_interval():
                session[SAVED_AT] = now
        return response
