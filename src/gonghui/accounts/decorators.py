"""Page guards built on the accounts' roles."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404


def staff_required(view):
    """Pages for users with a role (cadres, staff, leaders, auditors). Anyone else logged in
    gets 404, as for any object outside their scope: they learn nothing of the page."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_staff_role:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped
