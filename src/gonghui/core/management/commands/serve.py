"""Serve with gunicorn, static files through whitenoise, beside the background helpers."""

import multiprocessing
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from gonghui.core.supervisor import Supervisor


class Command(BaseCommand):
    help = "Serve Gonghui with gunicorn (production server). 以生产服务器运行。"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=min(4, multiprocessing.cpu_count() + 1))

    def handle(self, *args, bind, workers, **options):
        # Collect first: whitenoise indexes the static directory when the app loads.
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Gonghui 工会平台: http://{bind}/")
        self.stdout.flush()
        # The server, the background jobs' worker and the nightly count of closed periods
        # are processes of their own: a helper that dies is started again (the worker died
        # on "database is locked", issue 23), and all of them end with `serve`.
        status = Supervisor(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "gonghui.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(workers),
                "--access-logfile",
                "-",
                "--timeout",
                "120",
                # ID numbers and phones in query strings are masked in the access log.
                "--logger-class",
                "gonghui.core.accesslog.MaskingLogger",
            ],
            {
                "task worker": [sys.executable, "-m", "gonghui.cli", "worker"],
                "roll-up": [sys.executable, "-m", "gonghui.cli", "rollup", "--daily"],
            },
        ).run()
        if status:
            raise CommandError(f"the web server ended with status {status}", returncode=status)
