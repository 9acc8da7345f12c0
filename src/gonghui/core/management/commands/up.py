"""One command from nothing to a running platform: migrate, demo data, serve."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from gonghui.orgs.models import Organization


class Command(BaseCommand):
    help = "Migrate, load the demo province when the database is empty, and serve. 一键启动。"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="prepare only, do not serve")

    def handle(self, *args, bind, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=1)
        if not Organization.objects.exists():
            self.stdout.write("Loading the demo province (small)… 正在生成演示数据…")
            call_command("demo", scale="small")  # prints the demo accounts
        else:
            self.stdout.write(
                "Database has data; demo not loaded. 数据库已有数据，未加载演示数据。"
            )
        if not no_serve:
            call_command("serve", bind=bind)
