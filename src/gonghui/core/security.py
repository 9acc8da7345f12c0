"""Response headers that tell the browser what a page may do (issue 22 item 8, OWASP ASVS
14.4). Django's SecurityMiddleware already sends nosniff, Referrer-Policy (same-origin),
and HSTS when served over HTTPS (settings); this adds:

- Content-Security-Policy: scripts only from this site, no inline script or handler
  (pages ask for small behaviours by data attributes, web/static/gonghui/behaviour.js),
  no plugins, no framing (frame-ancestors 'none', as X-Frame-Options DENY), forms post
  only here. Inline styles stay allowed: ECharts' tooltips and Leaflet's popups build them.
- Permissions-Policy: no camera, microphone, payment or USB anywhere; geolocation only on
  the pages that ask for it (`@allows_geolocation`), the station finder and map.
"""

from functools import wraps

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
_DENIED = "camera=(), microphone=(), payment=(), usb=()"
PERMISSIONS_POLICY = f"geolocation=(), {_DENIED}"
PERMISSIONS_POLICY_GEOLOCATION = f"geolocation=(self), {_DENIED}"


def allows_geolocation(view):
    """A page that asks the browser for the user's position (finding the nearest station)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.allows_geolocation = True
        return response

    return wrapped


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        geolocation = getattr(response, "allows_geolocation", False)
        response.setdefault(
            "Permissions-Policy",
            PERMISSIONS_POLICY_GEOLOCATION if geolocation else PERMISSIONS_POLICY,
        )
        return response
