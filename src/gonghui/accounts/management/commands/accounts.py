"""Operators manage accounts from the shell: `gonghui accounts add|grant|disable|...`.

Every change goes through accounts.services and is audited, with no acting user
(the operator at the server's shell).
"""

from django.core.management.base import BaseCommand, CommandError

from gonghui.accounts import services
from gonghui.accounts.models import ApiToken, RoleKind, User
from gonghui.core.errors import ServiceError
from gonghui.orgs.models import Organization


class Command(BaseCommand):
    help = (
        "Manage accounts: add, grant, revoke, disable, enable, unlock, reset-2fa, token, "
        "tokens, revoke-token, list. 账户管理。"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="create a user 新建用户")
        add.add_argument("username")
        add.add_argument("--password", required=True)
        add.add_argument("--phone", default="")
        add.add_argument("--name", default="", help="full name, surname first 姓名")
        for name, text in (("grant", "give a role 授予角色"), ("revoke", "take a role 撤销角色")):
            role = sub.add_parser(name, help=text)
            role.add_argument("username")
            role.add_argument("role", choices=RoleKind.values)
            role.add_argument("organization", help="organization id or union credit code")
        for name in ("disable", "enable", "unlock", "reset-2fa"):
            sub.add_parser(name).add_argument("username")
        token = sub.add_parser("token", help="create an API token 创建接口令牌")
        token.add_argument("username")
        token.add_argument("name")
        sub.add_parser("tokens", help="list API tokens 列出接口令牌")
        revoke = sub.add_parser("revoke-token", help="revoke an API token 吊销接口令牌")
        revoke.add_argument("token_id", type=int)
        sub.add_parser("list", help="users and their roles 用户及角色")

    def handle(self, *args, action, **options):
        try:
            getattr(self, "do_" + action.replace("-", "_"))(**options)
        except ServiceError as exc:
            raise CommandError(str(exc.message)) from exc

    def _user(self, username) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username}. 无此用户。")
        return user

    def _org(self, value) -> Organization:
        org = (
            Organization.objects.filter(pk=int(value)).first()
            if value.isdigit()
            else Organization.objects.filter(credit_code=value.upper()).first()
        )
        if org is None:
            raise CommandError(f"No organization {value}. 无此组织。")
        return org

    def do_add(self, username, password, phone, name, **_):
        services.user_create(
            actor=None, username=username, password=password, phone=phone, name=name
        )
        self.stdout.write(f"created {username}")

    def do_grant(self, username, role, organization, **_):
        org = self._org(organization)
        services.role_grant(actor=None, user=self._user(username), kind=role, organization=org)
        self.stdout.write(f"{username}: {role} @ {org.name}")

    def do_revoke(self, username, role, organization, **_):
        services.role_revoke(
            actor=None, user=self._user(username), kind=role, organization=self._org(organization)
        )
        self.stdout.write(f"{username}: {role} revoked")

    def do_disable(self, username, **_):
        services.user_disable(actor=None, user=self._user(username))
        self.stdout.write(f"disabled {username}; sessions and tokens no longer work")

    def do_enable(self, username, **_):
        services.user_enable(actor=None, user=self._user(username))
        self.stdout.write(f"enabled {username} (revoked tokens stay revoked)")

    def do_unlock(self, username, **_):
        services.login_unlock(actor=None, user=self._user(username))
        self.stdout.write(f"unlocked {username}")

    def do_reset_2fa(self, username, **_):
        services.totp_reset(actor=None, user=self._user(username))
        self.stdout.write(f"{username} enrols a new authenticator at the next login")

    def do_token(self, username, name, **_):
        raw = services.token_create(actor=self._user(username), name=name)
        self.stdout.write(raw)
        self.stderr.write("Shown once; store it in the other system now. 仅显示一次，请立即保存。")

    def do_tokens(self, **_):
        for t in ApiToken.objects.select_related("user").order_by("pk"):
            state = "revoked" if t.revoked else f"last used {t.last_used_at or '-'}"
            self.stdout.write(f"{t.pk}\t{t.user.username}\t{t.name}\t{state}")

    def do_revoke_token(self, token_id, **_):
        services.token_revoke(actor=None, token_id=token_id)
        self.stdout.write(f"revoked token {token_id}")

    def do_list(self, **_):
        for user in User.objects.order_by("username").prefetch_related("roles__organization"):
            roles = ", ".join(f"{r.kind}@{r.organization.name}" for r in user.roles.all())
            state = "" if user.is_active else " (disabled)"
            self.stdout.write(f"{user.username}{state}: {roles or '-'}")
