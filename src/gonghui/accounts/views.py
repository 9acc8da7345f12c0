"""Login in two steps: password, then (for staff and administrators) a TOTP code."""

import time

import segno
from django.conf import settings
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.errors import ServiceError
from gonghui.core.throttle import Throttled

from . import services
from .codes import Action
from .models import User

PENDING_KEY = "gonghui_pending_user"
PENDING_SECRET = "gonghui_pending_totp"
PENDING_SECONDS = 300  # the second factor must follow the password within five minutes


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


def _finish(request, user: User):
    target = _next_url(request)
    request.session.pop(PENDING_KEY, None)
    request.session.pop(PENDING_SECRET, None)
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    audit.record(actor=user, action=Action.LOGIN, obj=user)
    return redirect(target)


def _pending_user(request) -> User | None:
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=pending["id"], is_active=True).first()


def _refused(request, template: str, context: dict, exc: ServiceError | None):
    """The page again, with the error: 429 and Retry-After when the caller must wait."""
    response = render(
        request,
        template,
        {**context, "error": exc.message if exc else None},
        status=exc.status if exc else 200,
    )
    if isinstance(exc, Throttled):
        response["Retry-After"] = str(exc.retry_after)
    return response


@never_cache
def login_view(request):
    error = None
    if request.method == "POST":
        try:
            user = services.login_check_password(
                identifier=request.POST.get("username", ""),
                password=request.POST.get("password", ""),
            )
        except ServiceError as exc:
            error = exc
        else:
            if settings.GONGHUI_REQUIRE_2FA and user.needs_two_factor():
                request.session.cycle_key()
                request.session[PENDING_KEY] = {"id": user.pk, "at": time.time()}
                step = "login-verify" if user.totp_cipher else "login-enroll"
                return redirect(reverse(step) + "?" + urlencode({"next": _next_url(request)}))
            return _finish(request, user)
    return _refused(
        request,
        "accounts/login.html",
        {"next": _next_url(request), "username": request.POST.get("username", "")},
        error,
    )


@never_cache
def verify_view(request):
    user = _pending_user(request)
    if user is None:
        return redirect("login")
    error = None
    if request.method == "POST":
        try:
            services.totp_verify(user=user, code=request.POST.get("code", ""))
        except ServiceError as exc:
            error = exc
        else:
            return _finish(request, user)
    return _refused(request, "accounts/verify.html", {"next": _next_url(request)}, error)


@never_cache
def enroll_view(request):
    user = _pending_user(request)
    if user is None:
        return redirect("login")
    secret = request.session.get(PENDING_SECRET) or services.totp_new_secret()
    request.session[PENDING_SECRET] = secret
    error = None
    if request.method == "POST":
        try:
            services.totp_enroll(user=user, secret=secret, code=request.POST.get("code", ""))
        except ServiceError as exc:
            error = exc.message
        else:
            return _finish(request, user)
    qr = segno.make(services.totp_provisioning_uri(user, secret), error="m")
    return render(
        request,
        "accounts/enroll.html",
        {
            "error": error,
            "secret": secret,
            "next": _next_url(request),
            "qr_svg": qr.svg_inline(scale=4),
        },
        status=400 if error else 200,
    )


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        audit.record(actor=request.user, action=Action.LOGOUT, obj=request.user)
    logout(request)
    return redirect("login")
