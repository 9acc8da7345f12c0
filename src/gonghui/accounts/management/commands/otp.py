"""Print a user's current second-factor code, for trying the demo.

It gives nothing that shell access to the server does not already give (the key and
the database are there), so it needs no switch of its own.
"""

from django.core.management.base import BaseCommand, CommandError

from gonghui.accounts.models import User
from gonghui.accounts.services import totp_for


class Command(BaseCommand):
    help = (
        "Print the current TOTP code of a user (demo and testing only). 打印动态验证码（仅演示）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        totp = totp_for(user) if user else None
        if totp is None:
            raise CommandError(
                f"{username}: no such user or no second factor enrolled. "
                "无此用户或未绑定动态验证码。"
            )
        self.stdout.write(totp.now())
