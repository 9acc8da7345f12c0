"""Background work of the reports capability, run by django-tasks' worker."""

from django_tasks import task

from . import summary


@task()
def run_summary_job(job_id: int) -> None:
    """Write an annual summary (its progress is kept on the job row)."""
    summary.summary_job_run(job_id)
