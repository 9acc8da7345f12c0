"""Background work of the reports capability, run by django-tasks' worker: the annual
summary as a job. `summary_job_create` checks the request and queues it; `summary_job_run`
composes the summary (summary.py) and writes its Word and Excel files (summary_output.py).
This module builds on both; neither imports it (tests/test_architecture.py). After an
organization moves, the roll-ups it changed are counted again here (rollups.py).
"""

import logging
import time
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.dispatch import receiver
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from gonghui.accounts.models import User
from gonghui.core.errors import Code, ServiceError
from gonghui.core.figures import REGISTRY
from gonghui.orgs.selectors import org_by_reference
from gonghui.orgs.signals import org_moved

from . import rollups, selectors, summary, summary_output
from .models import SummaryJob
from .selectors import FIRST_YEAR

logger = logging.getLogger(__name__)


@task()
def run_summary_job(job_id: int) -> None:
    """Write an annual summary (its progress is kept on the job row)."""
    summary_job_run(job_id)


@task()
def recount_rollups_after_move(old_path: str, new_path: str) -> None:
    """The roll-ups of the federations a moved subtree left and joined, counted again."""
    rollups.recount_after_move(old_path, new_path)


@receiver(org_moved)
def _recount_when_moved(sender, *, old_path: str, new_path: str, **kwargs) -> None:
    # Queued once the move is committed: a move that rolls back recounts nothing.
    transaction.on_commit(lambda: recount_rollups_after_move.enqueue(old_path, new_path))


def _may_write_summaries(actor: User) -> bool:
    return actor.is_authenticated and actor.is_active and actor.has_staff_role


def _check_year(year) -> int:
    try:
        year = int(str(year).strip())
    except (TypeError, ValueError):
        raise ServiceError(_("Give the year as four digits, e.g. 2022."), field="year") from None
    this_year = timezone.localdate().year
    if year < FIRST_YEAR or year > this_year:
        raise ServiceError(
            _("The year must be between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": this_year},
            field="year",
        )
    return year


@transaction.atomic(durable=True)
def summary_job_create(*, actor: User, org_ref, year, language: str) -> SummaryJob:
    """Check the request and queue the summary; nothing is written when a check fails."""
    if not _may_write_summaries(actor):
        raise ServiceError(_("Your account may not write annual summaries."), code=Code.FORBIDDEN)
    errors: dict[str, list[str]] = {}
    org = org_by_reference(actor=actor, ref=org_ref)
    if org is None:
        errors["org"] = [
            _("No organization with this name, credit code or number in your subtree.")
        ]
    try:
        year = _check_year(year)
    except ServiceError as exc:
        errors.update(exc.fields)
    if language not in summary.LANGUAGES:
        errors["language"] = [
            _("Choose one of the languages: %(languages)s.")
            % {"languages": ", ".join(summary.LANGUAGES)}
        ]
    if errors:
        raise ServiceError(next(iter(errors.values()))[0], fields=errors)
    assert org is not None  # no errors: org_by_reference found it
    job = SummaryJob.objects.create(
        org=org, year=year, language=language, created_by=actor, total=len(REGISTRY) + 3
    )
    transaction.on_commit(lambda: run_summary_job.enqueue(job.pk))
    return job


# The job row's progress is written at most this often (seconds): a province's workbook
# has some 350 sheets, and an UPDATE per sheet was a sixth of the job's time.
PROGRESS_EVERY = 0.5


def _claim(job_pk: int) -> bool:
    """Queued -> running, for one runner only: a task delivered twice, or a language
    already written with another (below), runs once."""
    return bool(
        SummaryJob.objects.filter(pk=job_pk, status=SummaryJob.Status.QUEUED).update(
            status=SummaryJob.Status.RUNNING, done=0
        )
    )


def _siblings(job: SummaryJob) -> list[SummaryJob]:
    """The same requester's summary of the same organization and year in the other
    languages, queued and not yet started: written in this run, from the same figures and
    records (only the words differ), each claimed so that its own task then does nothing."""
    queued = (
        SummaryJob.objects.select_related("org", "created_by")
        .filter(
            created_by=job.created_by,
            org=job.org,
            year=job.year,
            status=SummaryJob.Status.QUEUED,
        )
        .exclude(language=job.language)
        .order_by("pk")
    )
    chosen: dict[str, SummaryJob] = {}
    for other in queued:
        if other.language not in chosen and _claim(other.pk):
            chosen[other.language] = other
    return list(chosen.values())


class _Progress:
    def __init__(self, job: SummaryJob, total: int) -> None:
        self.job, self.done, self.total, self.written = job, 0, total, 0.0

    def step(self, n: int = 1) -> None:
        # Beside the row's other fields, so the page can poll while the job runs.
        self.done = min(self.done + n, self.total)
        now = time.monotonic()
        if now - self.written >= PROGRESS_EVERY:
            self.written = now
            SummaryJob.objects.filter(pk=self.job.pk).update(done=self.done, total=self.total)


def summary_job_run(job_id: int) -> None:
    """Write the summary of a queued job: figures, text, Word, workbook (the task); and,
    from the same reading, the same summary queued in the requester's other languages."""
    job = SummaryJob.objects.select_related("org", "created_by").get(pk=job_id)
    if not _claim(job.pk):
        return  # a task delivered twice runs once
    jobs = [job, *_siblings(job)]
    try:
        # The requester's scope, checked again now: a role lost since the request counts.
        period = summary.period_for(job.year)
        values = selectors.figure_values(actor=job.created_by, org_id=job.org_id, period=period)
        sheets = [k for k in sorted(values) if values[k] and k in REGISTRY]
        lower = _memo(summary.lower_values(actor=job.created_by, org=job.org, period=period))
        drills = summary_output.drill_downs(
            actor=job.created_by, org_id=job.org_id, period=period, values=values
        )
    except Exception as exc:  # every job must end, and say why, whatever happened
        for each in jobs:
            _failed(each, exc)
        return
    for each in jobs:
        # figures, one step per section, the Word document, one per drill-down sheet, saving
        progress = _Progress(each, 1 + len(summary.SECTIONS) + 1 + len(sheets) + 1)
        try:
            progress.step()
            content = summary.compose(
                each.org, period, values, each.language, progress=progress.step, lower=lower
            )
            docx = summary_output.to_docx(content)
            progress.step()
            xlsx = summary_output.to_xlsx(
                content,
                actor=each.created_by,
                org_id=each.org_id,
                period=period,
                progress=progress.step,
                drills=drills,
            )
            stem = f"summary-{each.org_id}-{each.year}-{each.language}-{each.pk}"
            each.refresh_from_db()
            each.content = content
            each.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
            each.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
            each.status, each.error = SummaryJob.Status.DONE, ""
            each.done = each.total = progress.total
            each.finished_at = timezone.now()
            each.save()
        except Exception as exc:  # the job must end, and say why, whatever happened
            _failed(each, exc)


def _memo(lower: Callable[[str], list]) -> Callable[[str], list]:
    """Each figure's lower unions read once for all the languages."""
    known: dict[str, list] = {}

    def remembered(key: str) -> list:
        if key not in known:
            known[key] = lower(key)
        return known[key]

    return remembered


def _failed(job: SummaryJob, exc: Exception) -> None:
    logger.exception("summary job %s failed", job.pk, exc_info=exc)
    job.refresh_from_db()
    job.status = SummaryJob.Status.FAILED
    with translation.override("en" if job.language == "en" else "zh-hans"):
        if isinstance(exc, ServiceError):
            job.error = str(exc.message)
        elif isinstance(exc, Http404):  # the requester no longer sees the organization
            job.error = _("The organization is no longer in your subtree.")
        else:
            job.error = _("The summary stopped on an unexpected error. Request it again.")
    job.finished_at = timezone.now()
    job.save()
