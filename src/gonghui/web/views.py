"""Staff pages. They call selectors only: scope and rules live in the domain packages."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.accounts.decorators import staff_required
from gonghui.core.exports import EXPORT_FORMATS, export_response
from gonghui.core.params import int_or_none
from gonghui.orgs import selectors
from gonghui.orgs.models import Industry, OrgKind, Ownership, Size

PAGE_SIZE = 50


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def home(request):
    if not request.user.has_staff_role:
        return redirect("member-home")  # a member's home is their own union page
    roots = [
        (org, selectors.subtree_counts(org)) for org in selectors.org_roots(actor=request.user)
    ]
    return render(request, "web/home.html", {"roots": roots, "kinds": OrgKind.choices})


@staff_required
def org_list(request):
    params = {
        "q": request.GET.get("q", ""),
        "kind": request.GET.get("kind", "") if request.GET.get("kind") in OrgKind.values else "",
        "under_id": int_or_none(request.GET.get("under")),
        "sort": request.GET.get("sort", "path"),
    }
    qs = selectors.org_list(actor=request.user, **params)
    fmt = request.GET.get("export")
    if fmt in EXPORT_FORMATS:
        headers = [
            _("ID"),
            _("name"),
            _("kind"),
            _("parent"),
            _("division code"),
            _("union credit code"),
            _("founded on"),
            _("active"),
        ]
        rows = (
            [
                o.pk,
                o.name,
                o.get_kind_display(),
                selectors.shown_parent_name(request.user, o),
                o.region_id,
                o.credit_code,
                o.founded_on,
                _("yes") if o.is_active else _("no"),
            ]
            for o in qs.iterator(chunk_size=2000)
        )
        return export_response(fmt, "organizations", headers, rows)
    page = _page(request, qs)
    for org in page:
        org.shown_parent = selectors.shown_parent_name(request.user, org)
    return render(
        request,
        "web/org_list.html",
        {
            "page": page,
            "params": params,
            "kinds": OrgKind.choices,
            "sorts": [
                ("path", _("tree order")),
                ("name", _("name (pinyin)")),
                ("-name", _("name, descending")),
                ("kind", _("kind")),
                ("-created", _("newest first")),
            ],
            "querystring": request.GET.urlencode(),
        },
    )


@login_required
def org_detail(request, org_id: int):
    org = selectors.org_get(actor=request.user, org_id=org_id)
    return render(
        request,
        "web/org_detail.html",
        {
            "org": org,
            "crumbs": selectors.org_ancestors(actor=request.user, org=org),
            "counts": selectors.subtree_counts(org),
            "children": selectors.children_with_counts(actor=request.user, org=org),
            "kinds": OrgKind.choices,
        },
    )


@staff_required
def enterprise_list(request):
    def choice(name, values):
        value = request.GET.get(name, "")
        return value if value in values else ""

    params = {
        "q": request.GET.get("q", ""),
        "industry": choice("industry", Industry.values),
        "ownership": choice("ownership", Ownership.values),
        "size": choice("size", Size.values),
        "keeper_id": int_or_none(request.GET.get("keeper")),
        "sort": request.GET.get("sort", "name"),
    }
    qs = selectors.enterprise_list(actor=request.user, **params)
    fmt = request.GET.get("export")
    if fmt in EXPORT_FORMATS:
        headers = [
            _("ID"),
            _("name"),
            _("credit code"),
            _("industry"),
            _("ownership"),
            _("size"),
            _("employees"),
            _("division code"),
            _("keeping union"),
        ]
        rows = (
            [
                e.pk,
                e.name,
                e.credit_code,
                e.get_industry_display(),
                e.get_ownership_display(),
                e.get_size_display(),
                e.employees,
                e.region_id,
                e.keeper.name,
            ]
            for e in qs.iterator(chunk_size=2000)
        )
        return export_response(fmt, "enterprises", headers, rows)
    return render(
        request,
        "web/enterprise_list.html",
        {
            "page": _page(request, qs),
            "params": params,
            "industries": Industry.choices,
            "ownerships": Ownership.choices,
            "sizes": Size.choices,
            "sorts": [
                ("name", _("name (pinyin)")),
                ("-name", _("name, descending")),
                ("-employees", _("most employees")),
                ("-created", _("newest first")),
            ],
            "querystring": request.GET.urlencode(),
        },
    )
