"""Operators manage accounts from the shell: `gonghui accounts add|grant|disable|...`.

Every change goes through accounts.services and is audited, with no acting user
(the operator at the server's shell).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gonghui.accounts import services
from gonghui.accounts.models import ApiToken, Role, RoleKind, User
from gonghui.core import audit
from gonghui.core.errors import ServiceError
from gonghui.orgs.models import Organization


class Command(BaseCommand):
    help = ("Manage accounts: add, grant, disable, unlock, reset-2fa, token, revoke-token, "
            "list. 账户管理。")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="create a user 新建用户")
        add.add_argument("username")
        add.add_argument("--password", required=True)
        add.add_argument("--phone", default="")
        add.add_argument("--name", default="", help="full name, surname first 姓名")
        grant = sub.add_parser("grant", help="give a role at an organization 授予角色")
        grant.add_argument("username")
        grant.add_argument("role", choices=RoleKind.values)
        grant.add_argument("organization", help="organization id or union credit code")
        for name in ("disable", "unlock", "reset-2fa"):
            sub.add_parser(name).add_argument("username")
        token = sub.add_parser("token", help="create an API token 创建接口令牌")
        token.add_argument("username")
        token.add_argument("name")
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

    @transaction.atomic
    def do_add(self, username, password, phone, name, **_):
        if User.objects.filter(username=username).exists():
            raise CommandError(f"User {username} exists. 用户已存在。")
        user = User(username=username, last_name=name[:1], first_name=name[1:])
        user.set_password(password)
        user.set_phone(phone or None)
        user.save()
        audit.record(actor=None, actor_name="shell", action="create", obj=user)
        self.stdout.write(f"created {username}")

    @transaction.atomic
    def do_grant(self, username, role, organization, **_):
        user = self._user(username)
        org = Organization.objects.filter(
            pk=int(organization) if organization.isdigit() else None).first() or \
            Organization.objects.filter(credit_code=organization.upper()).first()
        if org is None:
            raise CommandError(f"No organization {organization}. 无此组织。")
        Role.objects.get_or_create(user=user, kind=role, organization=org)
        audit.record(actor=None, actor_name="shell", action="role_granted", obj=user,
                     org_path=org.path, changes={"role": role, "organization": org.pk})
        self.stdout.write(f"{username}: {role} @ {org.name}")

    def do_disable(self, username, **_):
        user = self._user(username)
        with transaction.atomic():
            user.is_active = False
            user.save(update_fields=["is_active"])
            user.api_tokens.update(revoked=True)
            audit.record(actor=None, actor_name="shell", action="user_disabled", obj=user)
        self.stdout.write(f"disabled {username}; sessions and tokens no longer work")

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

    def do_revoke_token(self, token_id, **_):
        if not ApiToken.objects.filter(pk=token_id).update(revoked=True):
            raise CommandError(f"No token {token_id}.")
        self.stdout.write(f"revoked token {token_id}")

    def do_list(self, **_):
        for user in User.objects.order_by("username").prefetch_related("roles__organization"):
            roles = ", ".join(f"{r.kind}@{r.organization.name}" for r in user.roles.all())
            state = "" if user.is_active else " (disabled)"
            self.stdout.write(f"{user.username}{state}: {roles or '-'}")
