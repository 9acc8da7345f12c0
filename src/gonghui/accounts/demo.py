"""The demo accounts on the demo province (orgs.demo): one per role a guide talks about,
all with the password DEMO_PASSWORD. `build` writes the tree and these accounts in one
transaction, refused before anything is written if a demo username is already taken.
"""

import unicodedata
from collections.abc import Callable

import pyotp
from django.conf import settings
from django.db import transaction

from gonghui.core import crypto
from gonghui.orgs import demo as orgs_demo
from gonghui.orgs.demo import FLAGSHIP_UNION, DemoRefused
from gonghui.orgs.models import Organization

from .models import TWO_FACTOR_ROLES, Role, RoleKind, User

DEMO_PASSWORD = "gonghui-demo-2026"

DEMO_ACCOUNTS: list[dict] = [
    {
        "username": "admin",
        "role": RoleKind.SYSADMIN,
        "organization": "辽宁省总工会",
        "last_name": "王",
        "first_name": "立新",
        "phone": "13940000001",
        "description_zh": "系统管理员",
        "description_en": "system administrator",
    },
    {
        "username": "province",
        "role": RoleKind.FEDERATION_STAFF,
        "organization": "辽宁省总工会",
        "last_name": "李",
        "first_name": "秀梅",
        "phone": "13940000002",
        "description_zh": "省总工会工作人员",
        "description_en": "provincial federation staff",
    },
    {
        "username": "leader",
        "role": RoleKind.FEDERATION_LEADER,
        "organization": "辽宁省总工会",
        "last_name": "张",
        "first_name": "志刚",
        "phone": "13940000003",
        "description_zh": "省总工会领导",
        "description_en": "provincial federation leader",
    },
    {
        "username": "auditor",
        "role": RoleKind.AUDITOR,
        "organization": "辽宁省总工会",
        "last_name": "陈",
        "first_name": "静",
        "phone": "13940000004",
        "description_zh": "审计人员",
        "description_en": "auditor",
    },
    {
        "username": "shenyang",
        "role": RoleKind.FEDERATION_STAFF,
        "organization": "沈阳市总工会",
        "last_name": "赵",
        "first_name": "丽娟",
        "phone": "13940000005",
        "description_zh": "市总工会工作人员",
        "description_en": "city federation staff",
    },
    {
        "username": "heping",
        "role": RoleKind.FEDERATION_STAFF,
        "organization": "和平区总工会",
        "last_name": "孙",
        "first_name": "海涛",
        "phone": "13940000006",
        "description_zh": "区总工会工作人员",
        "description_en": "district federation staff",
    },
    {
        "username": "shenhe",
        "role": RoleKind.FEDERATION_STAFF,
        "organization": "沈河区总工会",
        "last_name": "周",
        "first_name": "敏",
        "phone": "13940000007",
        "description_zh": "相邻区总工会工作人员",
        "description_en": "staff of the sibling district",
    },
    {
        "username": "cadre",
        "role": RoleKind.GRASSROOTS_CADRE,
        "organization": FLAGSHIP_UNION,
        "last_name": "吴",
        "first_name": "卫东",
        "phone": "13940000008",
        "description_zh": "基层工会干部",
        "description_en": "grassroots union cadre",
    },
    {
        "username": "member",
        "role": None,
        "organization": None,
        "last_name": "刘",
        "first_name": "洋",
        "phone": "13940000009",
        "description_zh": "职工（会员）",
        "description_en": "worker (member)",
    },
]


def build(
    scale: str, seed: int = 2022, progress: Callable[[str, int, int], None] | None = None
) -> dict[str, int]:
    """Write the demo province and the demo accounts; return the counts per kind.

    progress(stage, done, total) is called as orgs.demo.build calls it, then after the
    "accounts" stage.
    """
    report = progress or (lambda stage, done, total: None)
    with transaction.atomic():
        orgs_demo.check_empty()
        taken = list(
            User.objects.filter(username__in=[a["username"] for a in DEMO_ACCOUNTS]).values_list(
                "username", flat=True
            )
        )
        if taken:
            raise DemoRefused(f"演示账号已存在 / demo accounts already exist: {', '.join(taken)}")
        counts = orgs_demo.build(scale, seed=seed, progress=progress)
        counts["user"] = create_accounts()
        report("accounts", counts["user"], counts["user"])
    return counts


def create_accounts() -> int:
    """The demo accounts, each with its role on the demo tree."""
    for account in DEMO_ACCOUNTS:
        user = User(
            username=account["username"],
            first_name=account["first_name"],
            last_name=account["last_name"],
        )
        user.set_password(DEMO_PASSWORD)
        user.set_phone(account["phone"])
        if account["role"] in TWO_FACTOR_ROLES:
            # Enrolled already, so `gonghui otp <user>` can give the code at once.
            user.totp_cipher = crypto.encrypt(pyotp.random_base32())
        user.save()
        if account["role"]:
            Role.objects.create(
                user=user,
                kind=account["role"],
                organization=Organization.objects.get(name=account["organization"]),
            )
    return len(DEMO_ACCOUNTS)


# ---- the account table --------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def print_accounts(stdout) -> None:
    """The demo accounts present in this database, as a table; nothing if there are none."""
    present = set(
        User.objects.filter(username__in=[a["username"] for a in DEMO_ACCOUNTS]).values_list(
            "username", flat=True
        )
    )
    accounts = [a for a in DEMO_ACCOUNTS if a["username"] in present]
    if not accounts:
        return
    rows = [("用户名 username", "密码 password", "角色 role", "组织 organization")]
    rows += [
        (
            a["username"],
            DEMO_PASSWORD,
            f"{a['description_zh']} {a['description_en']}",
            a["organization"] or "—",
        )
        for a in accounts
    ]
    widths = [max(_width(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "-" * (sum(widths) + 2 * (len(widths) - 1)))
    stdout.write("演示账号 / demo accounts:\n")
    for line in lines:
        stdout.write("  " + line + "\n")
    if getattr(settings, "GONGHUI_REQUIRE_2FA", True):
        for a in accounts:
            if a["role"] in TWO_FACTOR_ROLES:
                stdout.write(f"二次验证码 / second factor: gonghui otp {a['username']}\n")
