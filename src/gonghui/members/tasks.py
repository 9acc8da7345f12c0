"""Background work of the members capability, run by django-tasks' worker."""

from django_tasks import task

from . import importer


@task()
def run_import_job(job_id: int) -> None:
    importer.import_job_run(job_id)
