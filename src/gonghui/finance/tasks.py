"""The tax bureau's file imported in the background (django-tasks' worker, core.jobs): the
upload is kept on a TaxJob, the job page follows it. The import is services.import_tax_file,
all or nothing, and idempotent: the same file again answers with its first import."""

import logging
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from gonghui.accounts.models import User
from gonghui.core import jobs, uploads
from gonghui.core.errors import ServiceError
from gonghui.orgs.services import writable_org

from . import services
from .codes import Code
from .models import TaxJob, TaxJobStatus

logger = logging.getLogger("gonghui.finance")


@task()
def run_tax_job(job_id: int) -> None:
    tax_job_run(job_id)


def tax_job_interrupted(job_id: int) -> None:
    TaxJob.objects.filter(pk=job_id).update(
        status=TaxJobStatus.FAILED,
        error=_("The import was interrupted; nothing was written. Upload the file again."),
        finished_at=timezone.now(),
    )


jobs.on_interrupted(run_tax_job, tax_job_interrupted)


@transaction.atomic(durable=True)
def tax_job_create(*, actor: User, collector_id: int, upload: UploadedFile | None) -> TaxJob:
    """Keep the upload and queue its import once the job row is committed."""
    collector = writable_org(actor, collector_id, "collector_id", active=True)
    if upload is None:
        raise ServiceError(_("Choose the tax bureau's file to upload."), field="file")
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in {".xlsx", ".csv"}:
        raise ServiceError(
            _("Upload the tax bureau's file as an Excel workbook (.xlsx) or a CSV file."),
            code=Code.BAD_FILE,
            field="file",
        )
    uploads.check_upload(upload, workbook=suffix == ".xlsx")
    job = TaxJob.objects.create(
        collector=collector,
        filename=Path(upload.name or "").name[:200],
        content=upload.read(),
        created_by=actor,
    )
    transaction.on_commit(lambda: run_tax_job.enqueue(job.pk))
    return job


def tax_job_run(job_id: int) -> None:
    job = TaxJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != TaxJobStatus.QUEUED:
        return  # a task delivered twice runs once
    job.status = TaxJobStatus.RUNNING
    job.save(update_fields=["status"])

    def progress(done: int, total: int) -> None:
        # Called between the reading and the writing transaction: the page sees it.
        TaxJob.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        batch = services.import_tax_file(
            actor=job.created_by,
            collector_id=job.collector_id,
            name=job.filename,
            content=bytes(job.content),
            all_or_nothing=True,
            progress=progress,
        )
    except ServiceError as exc:
        job.status, job.error = TaxJobStatus.FAILED, str(exc.message)[:500]
    except Exception:
        logger.exception("tax file job %s failed", job.pk)
        job.status = TaxJobStatus.FAILED
        job.error = _("The import stopped on an unexpected error; nothing was written.")
    else:
        job.status, job.result = TaxJobStatus.DONE, batch
        job.errors = batch.errors
    job.refresh_from_db(fields=["done", "total"])
    job.finished_at = timezone.now()
    job.content = b""  # the file is no longer needed once read
    job.save()
