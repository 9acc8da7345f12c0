"""Per-client-address limits on the doors anyone can knock at (logging in, joining).

Counts live in Django's cache (settings.THROTTLE_CACHE), one counter per scope, address
and fixed window, so a refused request costs one cache read and changes nothing else.
The limits are settings.THROTTLES: {scope: (requests, window seconds)}; 0 turns a scope
off. The address is the one core.audit.ClientAddressMiddleware took from the request (the
trusted-proxy rule); IPv6 clients count per /64, the block one subscriber usually holds.
"""

from __future__ import annotations

import ipaddress
import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import audit
from .errors import Code, ServiceError


def _now() -> float:
    return time.time()


def wait_text(seconds: int) -> str:
    """'45 seconds', '15 minutes': how long a refused caller waits, in their language."""
    if seconds < 60:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


class Throttled(ServiceError):
    """Refused for now: answered 429 with Retry-After, on pages and the API alike."""

    status = 429

    def __init__(self, retry_after: int, message=None):
        self.retry_after = max(1, int(retry_after))
        super().__init__(
            message
            or _("Too many requests from your network address. Try again in %(wait)s.")
            % {"wait": wait_text(self.retry_after)},
            code=Code.THROTTLED,
        )


def _address() -> str:
    ip = audit.current_ip() or "unknown"
    try:
        parsed = ipaddress.ip_address(ip)
    except ValueError:
        return ip[:64]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def _window(scope: str) -> tuple[str, int, int] | None:
    """(cache key, limit, seconds left in the window), or None when the scope is off."""
    limit, seconds = settings.THROTTLES.get(scope, (0, 0))
    if limit <= 0 or seconds <= 0:
        return None
    now = _now()
    index = int(now // seconds)
    left = math.ceil((index + 1) * seconds - now)
    return f"throttle:{scope}:{_address()}:{index}", limit, left


def check(scope: str) -> None:
    """Raise Throttled if this address has used up the scope's limit in this window."""
    window = _window(scope)
    if window is None:
        return
    key, limit, left = window
    if (caches[settings.THROTTLE_CACHE].get(key) or 0) >= limit:
        raise Throttled(left)


def count(scope: str) -> None:
    """Count one attempt against the address (a failed login, a submitted form). The
    attempt that reaches the limit is audited once, with the address."""
    window = _window(scope)
    if window is None:
        return
    key, limit, left = window
    cache = caches[settings.THROTTLE_CACHE]
    cache.add(key, 0, timeout=left + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=left + 1)
        used = 1
    if used == limit:
        audit.record(actor=None, action=audit.Action.ADDRESS_THROTTLED, changes={"scope": scope})


def hit(scope: str) -> None:
    """Check, then count: every request of the scope uses one of the address's tries."""
    check(scope)
    count(scope)


def response(request, exc: Throttled, template: str = "core/throttled.html", context=None):
    """A page answering 429 with the wait in words and in Retry-After."""
    page = render(request, template, {"error": exc.message, **(context or {})}, status=429)
    page["Retry-After"] = str(exc.retry_after)
    return page


def limit(scope: str, methods: tuple[str, ...] = ("POST",)):
    """Page decorator: each request of these methods is one try of the scope; over the
    limit the page answers 429 at once and the view does not run."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                try:
                    hit(scope)
                except Throttled as exc:
                    return response(request, exc)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
