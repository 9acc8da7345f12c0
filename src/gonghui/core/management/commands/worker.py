"""`gonghui worker`: the background jobs' worker that `gonghui serve` runs.

django-tasks' db_worker, with two things around it: jobs left "running" by a worker that
died are marked interrupted before any work is taken (core.jobs), and the worker ends
after --max-tasks jobs so that memory a job left behind goes back to the system; the
supervisor of `serve` starts a fresh one at once (issue 22 items 6 and 7).
"""

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from gonghui.core import jobs


class Command(BaseCommand):
    help = "Run the background jobs' worker. 运行后台任务进程。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-tasks",
            type=int,
            default=int(os.environ.get("GONGHUI_WORKER_MAX_TASKS", "50")),
            help="end after this many jobs (a fresh worker takes over); 0 never ends; "
            "default GONGHUI_WORKER_MAX_TASKS or 50",
        )

    def handle(self, *args, max_tasks, **options):
        if max_tasks < 0:
            raise CommandError("--max-tasks is a number of jobs: 0 (never end) or more.")
        found = jobs.recover_interrupted()
        if found:
            self.stderr.write(f"{found} interrupted job(s) marked; run them again from their page")
        call_command(
            "db_worker",
            worker_id=jobs.worker_id(),
            # db_worker takes 0 as "end before the first job": the supervisor would start
            # one worker after another, each doing nothing.
            max_tasks=max_tasks or None,
            startup_delay=False,
            verbosity=options.get("verbosity", 1),
        )
