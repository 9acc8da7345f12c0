"""Serve with gunicorn, static files through whitenoise."""

import multiprocessing
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Gonghui with gunicorn (production server). 以生产服务器运行。"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=min(4, multiprocessing.cpu_count() + 1))

    def handle(self, *args, bind, workers, **options):
        from gunicorn.app.base import BaseApplication

        # Collect first: whitenoise indexes the static directory when the app loads.
        call_command("collectstatic", interactive=False, verbosity=0)
        from gonghui.wsgi import application

        class Server(BaseApplication):
            def load_config(self):
                self.cfg.set("bind", bind)
                self.cfg.set("workers", workers)
                self.cfg.set("accesslog", "-")
                self.cfg.set("timeout", 120)

            def load(self):
                return application

        self.stdout.write(f"Gonghui 工会平台: http://{bind}/")
        # Background jobs run in a worker of their own, and the figures of closed periods
        # are counted every night; both end with the server.
        helpers = [subprocess.Popen([sys.executable, "-m", "gonghui.cli", *command])
                   for command in (["db_worker"], ["rollup", "--daily"])]
        try:
            Server().run()
        finally:
            for helper in helpers:
                helper.terminate()
            for helper in helpers:
                helper.wait(timeout=30)
