"""Every write about accounts: logging in, second factors, disabling, tokens."""

import hashlib
import math
import re
import secrets
from datetime import datetime, timedelta

import pyotp
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, crypto, throttle
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEvent
from gonghui.core.scoping import path_visible
from gonghui.core.validators import MOBILE, normalize_phone
from gonghui.orgs.models import Organization

from .backends import find_user
from .codes import Action, Code
from .models import ApiToken, Role, RoleKind, User


def _recent_failures(login_name: str) -> tuple[int, datetime | None]:
    """Failed logins of one account in the window, counted from its last unlock, and
    the time of the last of them."""
    since = timezone.now() - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    failures = AuditEvent.objects.filter(
        action=Action.LOGIN_FAILED, actor_name=login_name, at__gte=since
    )
    unlocked = (
        AuditEvent.objects.filter(
            action=Action.LOGIN_UNLOCKED, actor_name=login_name, at__gte=since
        )
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    if unlocked:
        failures = failures.filter(at__gt=unlocked)
    found = failures.aggregate(n=Count("id"), last=Max("at"))
    return found["n"], found["last"]


def login_wait_seconds(login_name: str) -> int:
    """Seconds the account must still wait before its next try; 0 when it may try now.

    The first LOGIN_FAILURE_LIMIT failures cost nothing; then each further try waits 1, 2,
    4 ... seconds after the last failure, up to LOGIN_DELAY_MAX_SECONDS. An attacker gets a
    try a minute at best, and the owner is never locked out for longer than that.
    """
    failures, last = _recent_failures(login_name)
    if last is None or failures < settings.LOGIN_FAILURE_LIMIT:
        return 0
    delay = min(
        settings.LOGIN_DELAY_MAX_SECONDS, 2 ** min(failures - settings.LOGIN_FAILURE_LIMIT, 30)
    )
    left = (last + timedelta(seconds=delay) - timezone.now()).total_seconds()
    return max(0, math.ceil(left))


def _refuse_if_delayed(login_name: str) -> None:
    """Refuse a try that comes before the account's wait is over, without checking the
    password or code: the refusal is audited and counts against the caller's address."""
    wait = login_wait_seconds(login_name)
    if wait:
        audit.record(
            actor=None,
            actor_name=login_name,
            action=Action.LOGIN_THROTTLED,
            changes={"wait_seconds": wait},
        )
        throttle.count("login")
        raise throttle.Throttled(
            wait,
            _("Too many failed logins for this account. Wait %(wait)s, then try again.")
            % {"wait": throttle.wait_text(wait)},
        )


def _unknown_login_name(identifier: str) -> str:
    """How the audit names a login that matches no account. A typed phone or ID number is
    kept masked, with a keyed hash so that its failures still count together."""
    typed = identifier.strip()
    phone = normalize_phone(typed)
    if MOBILE.match(phone) or re.fullmatch(r"\d{17}[\dXx]", typed):
        value = phone if MOBILE.match(phone) else typed.upper()
        return f"{crypto.mask(value)}#{crypto.blind_index(value)[:12]}"
    return typed[:150]


def _home_path(user: User | None) -> str:
    """Login events belong to the user's organization, so its auditors can read them."""
    role = user.roles.select_related("organization").first() if user else None
    return role.organization.path if role else ""


def login_check_password(*, identifier: str, password: str) -> User:
    """First factor. Each failure writes an audit row and counts against the account
    (later tries wait longer, see login_wait_seconds) and against the caller's address
    (core.throttle: an address over its limit is refused at once, for every user name).

    Failures count per account, whether its user name or its phone number (in any
    spelling) was typed, so that other spellings give no fresh attempts.
    """
    throttle.check("login")
    known = find_user(identifier)
    login_name = known.username if known else _unknown_login_name(identifier)
    _refuse_if_delayed(login_name)
    # No request: the backends need none, and the audit takes the address from core.audit.
    user = authenticate(None, username=identifier.strip(), password=password)
    if user is None:
        audit.record(
            actor=None,
            actor_name=login_name,
            action=Action.LOGIN_FAILED,
            org_path=_home_path(known),
        )
        throttle.count("login")
        raise ServiceError(_("Wrong user name, phone number or password."), code=Code.BAD_LOGIN)
    return user


@transaction.atomic(durable=True)
def login_unlock(*, actor: User | None, user: User) -> None:
    """Forget the account's failed logins, so its next try waits for nothing (an
    administrator's decision, audited; failures count from the last unlock)."""
    audit.record(actor=actor, actor_name=user.username, action=Action.LOGIN_UNLOCKED, obj=user)


@transaction.atomic(durable=True)
def totp_reset(*, actor: User | None, user: User) -> None:
    """Forget a lost authenticator: the user enrols a new one at the next login."""
    user.totp_cipher, user.totp_last_step = "", 0
    user.save(update_fields=["totp_cipher", "totp_last_step"])
    audit.record(actor=actor, action=Action.TOTP_RESET, obj=user)


def totp_for(user: User) -> pyotp.TOTP | None:
    return pyotp.TOTP(crypto.decrypt(user.totp_cipher)) if user.totp_cipher else None


def totp_new_secret() -> str:
    return pyotp.random_base32()


def totp_provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.get_username(), issuer_name="Gonghui")


def _verify_step(totp: pyotp.TOTP, code: str, last_step: int) -> int | None:
    """The time step the code matches (one step of clock drift allowed), or None."""
    code = code.strip().replace(" ", "")
    now_step = totp.timecode(timezone.now())
    for step in (now_step, now_step - 1, now_step + 1):
        if step > last_step and secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


@transaction.atomic(durable=True)
def totp_enroll(*, user: User, secret: str, code: str) -> None:
    step = _verify_step(pyotp.TOTP(secret), code, 0)
    if step is None:
        raise ServiceError(
            _(
                "The code does not match. Check your phone's clock and enter the "
                "6 digits shown now."
            ),
            code=Code.BAD_CODE,
            field="code",
        )
    user.totp_cipher = crypto.encrypt(secret)
    user.totp_last_step = step
    user.save(update_fields=["totp_cipher", "totp_last_step"])
    audit.record(actor=user, action=Action.TOTP_ENROLLED, obj=user)


def totp_verify(*, user: User, code: str) -> None:
    """Second factor. A code is good once: replaying it is refused; failures count
    towards the same delays as wrong passwords, for the account and the address."""
    throttle.check("login")
    _refuse_if_delayed(user.username)
    if not _consume_code(user, code):
        # Written outside the code's transaction, so the failure is kept.
        audit.record(
            actor=user,
            action=Action.LOGIN_FAILED,
            actor_name=user.get_username(),
            org_path=_home_path(user),
            changes={"factor": "totp"},
        )
        throttle.count("login")
        raise ServiceError(
            _(
                "The code is wrong or already used. Enter the 6 digits your "
                "authenticator shows now."
            ),
            code=Code.BAD_CODE,
            field="code",
        )


@transaction.atomic
def _consume_code(user: User, code: str) -> bool:
    user = User.objects.select_for_update().get(pk=user.pk)
    totp = totp_for(user)
    step = _verify_step(totp, code, user.totp_last_step) if totp else None
    if step is None:
        return False
    user.totp_last_step = step
    user.save(update_fields=["totp_last_step"])
    return True


def _check_can_manage(actor: User | None, user: User) -> None:
    """An actor manages users whose every role lies inside the actor's writable subtree."""
    if actor is None or actor.is_superuser:  # the operator at the shell, or a superuser
        return
    roles = Role.objects.filter(user=user).count()
    if not roles or Role.objects.visible_to(actor, write=True).filter(user=user).count() < roles:
        raise ServiceError(
            _("You can manage only users of your own organizations."), code=Code.NOT_FOUND
        )


@transaction.atomic(durable=True)
def user_disable(*, actor: User | None, user: User) -> None:
    """Disabling ends the user's sessions: the auth backend refuses inactive users."""
    _check_can_manage(actor, user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    user.api_tokens.update(revoked=True)
    audit.record(actor=actor, action=Action.USER_DISABLED, obj=user)


@transaction.atomic(durable=True)
def role_grant(*, actor: User | None, user: User, kind: str, organization: Organization) -> Role:
    """Grant a role. `actor` None is the operator at the server's shell."""
    if actor is not None and not (
        actor.is_superuser or path_visible(actor, organization.path, write=True)
    ):
        raise ServiceError(
            _("You can grant roles only in your own organizations."),
            code=Code.NOT_FOUND,
            field="organization",
        )
    if kind not in RoleKind.values:
        raise ServiceError(_("Unknown role."), field="kind")
    role, _created = Role.objects.get_or_create(user=user, kind=kind, organization=organization)
    audit.record(actor=actor, action=Action.ROLE_GRANTED, obj=role)
    return role


TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic(durable=True)
def token_create(*, actor: User, name: str) -> str:
    """A new bearer token for the actor; the raw key is shown once and never stored."""
    raw = "gh_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=actor, name=name[:100], key_hash=token_hash(raw))
    audit.record(actor=actor, action=Action.TOKEN_CREATED, obj=token)
    return raw


def token_user(raw: str) -> User | None:
    """The token's user, with the roles read in the same query: a staff member's call
    asks one query to know who calls and what they may see (a member's token, with no
    role, two). bench/bench_api.py, issue 13 item 5."""
    key = token_hash(raw)
    roles = list(
        Role.objects.select_related("user", "organization")
        .filter(
            user__api_tokens__key_hash=key,
            user__api_tokens__revoked=False,
            user__is_active=True,
        )
        .annotate(
            token_pk=F("user__api_tokens__pk"), token_used_at=F("user__api_tokens__last_used_at")
        )
        .order_by("pk")
    )
    if roles:
        user, token_pk, used_at = roles[0].user, roles[0].token_pk, roles[0].token_used_at
        for role in roles:
            role.user = user
        # As User.active_roles reads them: the roles at active organizations.
        user.__dict__["active_roles"] = [r for r in roles if r.organization.is_active]
    else:
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=key, revoked=False, user__is_active=True)
            .first()
        )
        if token is None:
            return None
        user, token_pk, used_at = token.user, token.pk, token.last_used_at
        user.__dict__["active_roles"] = []  # none was found above
    # "Last used" to the minute: not a write on every call (issue 13, bench/bench_api.py).
    now = timezone.now()
    if used_at is None or now - used_at >= TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token_pk).update(last_used_at=now)
    return user


@transaction.atomic
def user_create(
    *, actor: User | None, username: str, password: str, phone: str = "", name: str = ""
) -> User:
    """A new account; the password must pass the configured rules, the phone be unused."""
    username = username.strip()
    phone = normalize_phone(phone)
    if not username or User.objects.filter(username=username).exists():
        raise ServiceError(
            _("This user name is taken or empty."), code=Code.EXISTS, field="username"
        )
    if phone and not MOBILE.match(phone):
        raise ServiceError(_("Enter an 11-digit mobile number."), field="phone")
    if phone and User.objects.filter(phone_index=crypto.blind_index(phone)).exists():
        raise ServiceError(
            _("An account with this mobile number exists. Log in first."),
            code=Code.EXISTS,
            field="phone",
        )
    user = User(username=username, last_name=name.strip()[:1], first_name=name.strip()[1:])
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ServiceError(exc.messages[0], field="password") from exc
    user.set_password(password)
    user.set_phone(phone or None)
    user.save()
    audit.record(actor=actor or user, action=Action.ACCOUNT_CREATED, obj=user)
    return user


def member_account_create(*, phone: str, password: str) -> User:
    """A worker's own account, made when they first apply to join: phone and password.

    The worker signs in with the phone (found by its keyed hash); the user name is opaque,
    so that no phone number sits in clear in the user table or in audit rows naming it."""
    return user_create(
        actor=None, username=f"m{secrets.token_hex(6)}", password=password, phone=phone
    )


@transaction.atomic(durable=True)
def user_enable(*, actor: User | None, user: User) -> None:
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit.record(actor=actor, action=Action.USER_ENABLED, obj=user)


@transaction.atomic(durable=True)
def role_revoke(*, actor: User | None, user: User, kind: str, organization: Organization) -> None:
    deleted, _n = Role.objects.filter(user=user, kind=kind, organization=organization).delete()
    if not deleted:
        raise ServiceError(_("The user has no such role."), field="kind")
    audit.record(
        actor=actor,
        action=Action.ROLE_REVOKED,
        obj=user,
        org_path=organization.path,
        changes={"role": kind, "organization": organization.pk},
    )


@transaction.atomic(durable=True)
def token_revoke(*, actor: User | None, token_id: int) -> None:
    token = ApiToken.objects.filter(pk=token_id, revoked=False).first()
    if token is None:
        raise ServiceError(_("No such active token."), field="token_id")
    token.revoked = True
    token.save(update_fields=["revoked"])
    audit.record(actor=actor, action=Action.TOKEN_REVOKED, obj=token)
