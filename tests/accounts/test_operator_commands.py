"""Operators manage accounts from the shell; each change is audited."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import override_settings

from gonghui.accounts.models import Role, User
from gonghui.core.models import AuditEvent

from ..factories import DEMO_PASSWORD


def test_add_grant_disable(world, capsys):
    with pytest.raises(CommandError):  # the password rules apply to operators too
        call_command("accounts", "add", "lihua", "--password", "short")
    call_command(
        "accounts",
        "add",
        "lihua",
        "--password",
        "a-long-pass-phrase",
        "--phone",
        "136 1234 5678",
        "--name",
        "李华",
    )
    with pytest.raises(CommandError):  # one account per phone
        call_command(
            "accounts",
            "add",
            "other",
            "--password",
            "a-long-pass-phrase",
            "--phone",
            "+8613612345678",
        )
    call_command("accounts", "grant", "lihua", "staff", str(world.county.pk))
    user = User.objects.get(username="lihua")
    assert user.get_full_name() == "李华"
    assert Role.objects.filter(user=user, kind="staff", organization=world.county).exists()
    assert authenticate(username="136 1234 5678", password="a-long-pass-phrase") == user
    call_command("accounts", "disable", "lihua")
    assert authenticate(username="lihua", password="a-long-pass-phrase") is None
    assert (
        AuditEvent.objects.filter(
            action__in=["account_created", "role_granted", "user_disabled"]
        ).count()
        == 3
    )
    call_command("accounts", "enable", "lihua")
    call_command("accounts", "revoke", "lihua", "staff", str(world.county.pk))
    assert not Role.objects.filter(user=user).exists()
    call_command("accounts", "token", "lihua", "报表对接")
    token_id = user.api_tokens.get().pk
    call_command("accounts", "revoke-token", str(token_id))
    assert AuditEvent.objects.filter(action="token_revoked").count() == 1
    with pytest.raises(CommandError):
        call_command("accounts", "grant", "lihua", "staff", "999999")


def test_failures_count_every_spelling_and_unlock_clears_them(world, client, clock):
    for spelling in ["cadre", "13900000002", "139 0000 0002", "+8613900000002", "cadre"]:
        client.post("/login/", {"username": spelling, "password": "wrong"})
    delayed = client.post("/login/", {"username": "139-0000-0002", "password": DEMO_PASSWORD})
    assert delayed.status_code == 429 and "_auth_user_id" not in client.session
    call_command("accounts", "unlock", "cadre")
    assert (
        client.post("/login/", {"username": "cadre", "password": DEMO_PASSWORD}).status_code == 302
    )


def test_wrong_codes_delay_the_second_factor_too(world, client, clock):
    import pyotp

    from gonghui.core import crypto

    secret = pyotp.random_base32()
    world.county_staff.totp_cipher = crypto.encrypt(secret)
    world.county_staff.save()
    client.post("/login/", {"username": "county_staff", "password": DEMO_PASSWORD})
    for _ in range(5):
        client.post("/login/verify/", {"code": "000000"})
    assert client.post("/login/verify/", {"code": pyotp.TOTP(secret).now()}).status_code == 429
    assert "_auth_user_id" not in client.session
    auditor_view = AuditEvent.objects.filter(
        action="login_failed", org_path=world.county.path
    ).count()
    assert auditor_view == 5  # the county's auditors can read these failures


def test_superuser_needs_two_factors(world, client):
    User.objects.create_superuser("root", password=DEMO_PASSWORD)
    response = client.post("/login/", {"username": "root", "password": DEMO_PASSWORD})
    assert response.url.startswith("/login/enroll/")


@override_settings(
    AUTH_PASSWORD_VALIDATORS=[{"NAME": "gonghui.accounts.passwords.CharacterClassValidator"}]
)
def test_complexity_rule():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("alllowercaseletters")
    validate_password("Mixed-case-and-1")


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_audit_records_the_client_behind_the_proxy(world, client):
    client.post(
        "/login/",
        {"username": "cadre", "password": "wrong"},
        HTTP_X_FORWARDED_FOR="203.0.113.9",
        REMOTE_ADDR="10.0.0.2",
    )
    assert AuditEvent.objects.get(action="login_failed").ip == "203.0.113.9"
