"""Pages of the annual work summary: request one, follow its progress, read and download it."""

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.decorators import staff_required
from gonghui.core.errors import ServiceError
from gonghui.core.lists import Paginator
from gonghui.core.params import int_or_none
from gonghui.orgs.selectors import org_suggestions

from . import summary, tasks
from .models import SummaryJob
from .selectors import FIRST_YEAR

SORTS = [
    ("-created", _("newest first")),
    ("created", _("oldest first")),
    ("-year", _("year, latest first")),
    ("year", _("year, earliest first")),
    ("org", _("organization")),
]
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@staff_required
def summary_page(request):
    """The request form, and the requester's earlier summaries."""
    errors: dict = {}
    if request.method == "POST":
        try:
            job = tasks.summary_job_create(
                actor=request.user,
                org_ref=request.POST.get("org", ""),
                year=request.POST.get("year", ""),
                language=request.POST.get("language", ""),
            )
        except ServiceError as exc:
            errors = exc.fields or {"form": [str(exc.message)]}
        else:
            return redirect("summary-job", job_id=job.pk)
    params = {
        "status": request.GET.get("status", ""),
        "q": request.GET.get("q", ""),
        "year": int_or_none(request.GET.get("year")),
        "language": request.GET.get("language", ""),
        "sort": request.GET.get("sort", "-created"),
        "mine": request.GET.get("all") != "1",
    }
    jobs = summary.summary_job_list(actor=request.user, **params)
    query = request.GET.copy()
    query.pop("page", None)
    this_year = timezone.localdate().year
    return render(
        request,
        "reports/summary.html",
        {
            "errors": errors,
            "post": request.POST or {"year": this_year - 1, "language": request.LANGUAGE_CODE},
            "summary_languages": summary.LANGUAGES,
            "orgs": org_suggestions(actor=request.user),
            "years": range(this_year, FIRST_YEAR - 1, -1),
            "statuses": SummaryJob.Status.choices,
            "sorts": SORTS,
            "params": params,
            "page": Paginator(jobs, 25).get_page(request.GET.get("page")),
            "querystring": query.urlencode(),
        },
        status=400 if errors else 200,
    )


@staff_required
def summary_job_page(request, job_id: int):
    """Progress while it is written; the summary itself once done."""
    job = summary.summary_job_get(actor=request.user, job_id=job_id)
    content = job.content if job.status == SummaryJob.Status.DONE else None
    sections = []
    opening = []
    if content:
        opening = [summary.paragraph_text(p, content["lang"]) for p in content.get("opening", [])]
        sections = [
            {
                "heading": s["heading"],
                "paragraphs": [summary.paragraph_text(p, content["lang"]) for p in s["paragraphs"]],
            }
            for s in content["sections"]
        ]
    return render(
        request,
        "reports/summary_job.html",
        {
            "job": job,
            "progress": summary.summary_job_progress(job),
            "content": content,
            "opening": opening,
            "sections": sections,
            "used": [f for f in (content or {}).get("figures", []) if f["used"]],
            "language_name": summary.LANGUAGES.get(job.language, job.language),
        },
    )


@staff_required
def summary_job_status(request, job_id: int):
    job = summary.summary_job_get(actor=request.user, job_id=job_id)
    return JsonResponse(summary.summary_job_progress(job))


@staff_required
def summary_job_download(request, job_id: int, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404
    job = summary.summary_job_get(actor=request.user, job_id=job_id)
    file = getattr(job, fmt)
    if job.status != SummaryJob.Status.DONE or not file:
        raise Http404
    name = f"{job.org.name}-{job.year}-{job.language}.{fmt}"
    return FileResponse(
        file.open("rb"), as_attachment=True, filename=name, content_type=CONTENT_TYPES[fmt]
    )


urlpatterns = [
    path("reports/summary/", summary_page, name="summary"),
    path("reports/summary/<int:job_id>/", summary_job_page, name="summary-job"),
    path("reports/summary/<int:job_id>/status", summary_job_status, name="summary-job-status"),
    path(
        "reports/summary/<int:job_id>/summary.<str:fmt>",
        summary_job_download,
        name="summary-job-download",
    ),
]
