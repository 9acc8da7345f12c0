"""Background work of the members capability, run by django-tasks' worker, and the service
that queues it. The import itself is importer.py's; this module builds on it, never the
reverse (tests/test_architecture.py).
"""

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from gonghui.accounts.models import User
from gonghui.core import audit, jobs, uploads
from gonghui.core.errors import Code as CoreCode
from gonghui.core.errors import ServiceError
from gonghui.core.scoping import get_visible_or_404

from . import importer
from .codes import Action, Code
from .importer import MODES, resolve_union, scope_path
from .models import ImportJob


@task()
def run_import_job(job_id: int) -> None:
    importer.import_job_run(job_id)


jobs.on_interrupted(run_import_job, importer.import_job_interrupted)


@transaction.atomic(durable=True)
def import_job_run_again(*, actor: User, job_id: int) -> ImportJob:
    """Queue an interrupted import again, from the upload it kept; rows written before the
    interruption count as already imported (importer's docstring)."""
    job = get_visible_or_404(
        ImportJob.objects.select_for_update(), actor, write=True, own=True, pk=job_id
    )
    if job.status != ImportJob.Status.INTERRUPTED or not job.file:
        raise ServiceError(
            _("Only an interrupted import can be run again; upload the file as a new import."),
            code=CoreCode.CONFLICT,
        )
    job.status, job.error, job.finished_at = ImportJob.Status.QUEUED, "", None
    job.save(update_fields=["status", "error", "finished_at"])
    audit.record(
        actor=actor, action=Action.IMPORT_RUN_AGAIN, obj=job, changes={"rows_before": job.done}
    )
    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job


@transaction.atomic(durable=True)
def import_job_create(
    *,
    actor: User,
    upload: UploadedFile | None,
    mode: str,
    dry_run: bool = False,
    union_ref: str = "",
    language: str = "",
) -> ImportJob:
    """Keep the upload and queue its import (once the job row is committed); the job page
    follows its progress."""
    if not actor.writable_paths():
        raise ServiceError(_("Your account may not change member records."), code=Code.FORBIDDEN)
    if mode not in MODES:
        raise ServiceError(_("Choose the mode all_or_nothing or good_rows."), field="mode")
    if upload is None:
        raise ServiceError(_("Choose the register file to upload."), field="file")
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in {".xlsx", ".csv"}:
        raise ServiceError(
            _(
                "Upload an Excel workbook (.xlsx) or a CSV file. Save an old .xls "
                "workbook as .xlsx first."
            ),
            field="file",
        )
    # Over a cap, refused here in the request with the limit named, before anything is kept.
    uploads.check_upload(upload, workbook=suffix == ".xlsx")
    union = resolve_union(actor=actor, ref=union_ref) if union_ref.strip() else None
    job = ImportJob.objects.create(
        file=upload,
        file_name=Path(upload.name or "").name[:255],
        mode=mode,
        dry_run=dry_run,
        union=union,
        org_path=scope_path(actor, union),
        created_by=actor,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
    )
    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job
