"""Background work of messages to members, run by django-tasks' worker (core/jobs)."""

from django_tasks import task

from gonghui.core import jobs

from . import messaging


@task()
def run_message_job(message_id: int) -> None:
    messaging.run(message_id)


jobs.on_interrupted(run_message_job, messaging.interrupted)
