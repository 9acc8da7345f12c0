"""Guessing is slowed, never turned against the owner: per-address limits on logging in
and joining (core.throttle), and per-account delays that grow with failures."""

import json

import pyotp
import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from gonghui.accounts import services
from gonghui.accounts.models import User
from gonghui.core import audit, crypto
from gonghui.core.models import AuditEvent
from gonghui.members.models import JoinRequest
from gonghui.members.services import ID_CONSENT_VERSION

from ..factories import DEMO_PASSWORD, id_number

ATTACKER = "203.0.113.5"
OWNER = "198.51.100.7"


def _login(client, username, password=DEMO_PASSWORD, ip=ATTACKER):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_thirty_user_names_from_one_address_are_throttled_not_the_owner(world, client, clock):
    names = ["cadre", "county_staff", "member"] + [f"guess{i:02d}" for i in range(27)]
    answers = [_login(client, name, "wrong password").status_code for name in names]
    assert answers == [400] * 20 + [429] * 10
    refused = _login(client, "cadre")  # even the right password, from that address
    assert refused.status_code == 429 and "_auth_user_id" not in client.session
    wait = int(refused["Retry-After"])
    assert 0 < wait <= 15 * 60
    assert "您所在网络地址的请求过多" in refused.content.decode()
    # Refused tries change nothing: 20 failures on file, one note that the address hit
    # its limit, and no account is delayed by the refused ones.
    assert AuditEvent.objects.filter(action="login_failed").count() == 20
    assert AuditEvent.objects.filter(action="address_throttled", ip=ATTACKER).count() == 1
    assert services.login_wait_seconds("cadre") == 0

    # The owner of one of those accounts signs in from their own address at once.
    owner = Client()
    assert _login(owner, "cadre", ip=OWNER).status_code == 302
    assert int(owner.session["_auth_user_id"]) == world.cadre.pk

    # The address may try again when its window is over.
    clock(wait)
    assert _login(client, "guess99", "wrong password").status_code == 400


def test_address_limit_in_english_and_configurable(world, client, settings, clock):
    # A stopped clock: on the real one a minute's window could end between the tries.
    settings.THROTTLES = {**settings.THROTTLES, "login": (2, 60)}
    for _ in range(2):
        _login(client, "nobody", "wrong")
    refused = client.post(
        "/login/",
        {"username": "cadre", "password": DEMO_PASSWORD},
        REMOTE_ADDR=ATTACKER,
        headers={"accept-language": "en"},
    )
    assert refused.status_code == 429
    assert "Too many requests from your network address. Try again in" in refused.content.decode()


def test_many_failures_delay_the_account_but_never_lock_it(world, client, clock):
    for spelling in ["cadre", "13900000002", "139 0000 0002", "+8613900000002", "cadre"]:
        assert _login(client, spelling, "wrong").status_code == 400
    # From the fifth failure on, each try waits 1, 2, 4 ... seconds after the last failure.
    for expected_wait in [1, 2, 4]:
        early = _login(client, "139-0000-0002", "wrong", ip=OWNER)
        assert early.status_code == 429 and early["Retry-After"] == str(expected_wait)
        clock(expected_wait)
        assert _login(client, "cadre", "wrong", ip=OWNER).status_code == 400
    # Eight failures: a wait of 8 seconds. A try during it is refused without checking the
    # password (no failure is added), audited, and names the wait.
    clock(7)
    early = _login(client, "cadre", ip=OWNER)
    assert early.status_code == 429 and early["Retry-After"] == "1"
    assert "该账户登录失败次数过多" in early.content.decode()
    assert AuditEvent.objects.filter(action="login_failed", actor_name="cadre").count() == 8
    assert AuditEvent.objects.filter(action="login_throttled", actor_name="cadre").count() == 4
    clock(1)
    assert _login(client, "cadre", ip=OWNER).status_code == 302  # the owner gets in
    assert int(client.session["_auth_user_id"]) == world.cadre.pk


def test_the_delay_is_capped(world, clock, settings):
    for _ in range(14):
        clock(services.login_wait_seconds("cadre"))
        with audit.client_address(OWNER), pytest.raises(services.ServiceError):
            services.login_check_password(identifier="cadre", password="wrong")
    assert services.login_wait_seconds("cadre") == settings.LOGIN_DELAY_MAX_SECONDS == 60
    # Failures older than the window are forgotten.
    clock(settings.LOGIN_FAILURE_WINDOW_MINUTES * 60)
    assert services.login_wait_seconds("cadre") == 0


def test_unlock_clears_the_failures(world, client, clock):
    for _ in range(9):
        clock(services.login_wait_seconds("cadre"))
        _login(client, "cadre", "wrong", ip=OWNER)
    assert _login(client, "cadre", ip=OWNER).status_code == 429
    call_command("accounts", "unlock", "cadre")
    assert services.login_wait_seconds("cadre") == 0
    assert _login(client, "cadre", ip=OWNER).status_code == 302


def test_wrong_codes_delay_the_second_factor_and_the_password_alone_never_signs_in(
    world, client, clock
):
    secret = pyotp.random_base32()
    world.county_staff.totp_cipher = crypto.encrypt(secret)
    world.county_staff.save()
    step = _login(client, "county_staff", ip=OWNER)
    assert step.status_code == 302 and step.url.startswith("/login/verify/")
    assert "_auth_user_id" not in client.session  # the password alone never signs in
    for _ in range(5):
        client.post("/login/verify/", {"code": "000000"}, REMOTE_ADDR=OWNER)
    code = pyotp.TOTP(secret).at(timezone.now())
    early = client.post("/login/verify/", {"code": code}, REMOTE_ADDR=OWNER)
    assert early.status_code == 429 and early["Retry-After"] == "1"
    assert "_auth_user_id" not in client.session
    clock(1)
    assert client.post("/login/verify/", {"code": code}, REMOTE_ADDR=OWNER).status_code == 302
    assert int(client.session["_auth_user_id"]) == world.county_staff.pk


def _join_form(**over):
    return {
        "name": "王芳",
        "id_number": id_number(male=False),
        "phone": "13712340000",
        "region": "210102",
        "work_kind": "regular",
        "employer_text": "",
        "password": "a-long-enough-pass-phrase",
        "privacy": "on",
        "id_consent": "on",
        **over,
    }


def test_join_page_is_throttled_per_address(world, client, clock):
    for _ in range(10):  # ten tries from one address (here bad ones: no ID number)
        bad = client.post("/join/", _join_form(id_number=""), REMOTE_ADDR=ATTACKER)
        assert bad.status_code == 400
    users, requests = User.objects.count(), JoinRequest.objects.count()
    form = _join_form(
        employer_credit_code=world.enterprise.credit_code, union_seen=world.grassroots.pk
    )
    refused = client.post("/join/", form, REMOTE_ADDR=ATTACKER)
    assert refused.status_code == 429 and int(refused["Retry-After"]) <= 3600
    assert "您所在网络地址的请求过多" in refused.content.decode()
    assert (User.objects.count(), JoinRequest.objects.count()) == (users, requests)
    assert "_auth_user_id" not in client.session
    # Another address joins with the same details.
    elsewhere = Client()
    assert elsewhere.post("/join/", form, REMOTE_ADDR=OWNER).status_code == 302
    assert User.objects.count() == users + 1 and JoinRequest.objects.count() == requests + 1
    # The page itself still opens; the address may submit again in the next window.
    assert client.get("/join/", REMOTE_ADDR=ATTACKER).status_code == 200
    clock(int(refused["Retry-After"]))
    assert client.post("/join/", _join_form(id_number=""), REMOTE_ADDR=ATTACKER).status_code == 400


def test_join_api_is_throttled_per_address(world, client, settings):
    settings.THROTTLES = {**settings.THROTTLES, "join": (2, 3600)}
    client.force_login(world.member)

    def submit():
        payload = {
            "name": "王芳",
            "id_number": id_number(male=False),
            "phone": "13900000001",
            "region": "210102",
            "work_kind": "regular",
            "employer_credit_code": world.enterprise.credit_code,
            "id_consent": ID_CONSENT_VERSION,
        }
        return client.post(
            "/api/v1/join-requests",
            data=json.dumps(payload),
            content_type="application/json",
            REMOTE_ADDR=ATTACKER,
        )

    tries = [submit() for _ in range(2)]
    assert [t.status_code for t in tries] == [201, 201]
    requests = JoinRequest.objects.count()
    refused = submit()
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    body = refused.json()
    assert body["code"] == "throttled" and body["fields"] == {} and "请在" in body["message"]
    assert JoinRequest.objects.count() == requests
