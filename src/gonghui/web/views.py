"""Staff pages. They call selectors only: scope and rules live in the domain packages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.accounts.decorators import staff_required
from gonghui.core import todos
from gonghui.core.errors import ServiceError
from gonghui.core.scoping import path_visible
from gonghui.orgs import selectors, services
from gonghui.orgs.lists import ENTERPRISES, ORGS
from gonghui.orgs.models import Industry, OrgKind, Ownership, Size


@login_required
def home(request):
    if not request.user.has_staff_role:
        return redirect("member-home")  # a member's home is their own union page
    roots = [
        (org, selectors.subtree_counts(org)) for org in selectors.org_roots(actor=request.user)
    ]
    return render(
        request,
        "web/home.html",
        {"roots": roots, "kinds": OrgKind.choices, "todos": todos.waiting_for(request.user)},
    )


@staff_required
def org_list(request):
    return ORGS.respond(
        request,
        "web/org_list.html",
        {
            "kinds": OrgKind.choices,
            "empty": _("No organization matches. Clear the search or choose another kind."),
        },
    )


@login_required
def org_detail(request, org_id: int):
    """The organization; who may write there edits its English name here (POST)."""
    org = selectors.org_get(actor=request.user, org_id=org_id)
    can_write = path_visible(request.user, org.path, write=True)
    errors: dict = {}
    if request.method == "POST":
        try:
            services.org_update(
                actor=request.user, org_id=org.pk, name_en=request.POST.get("name_en", "")
            )
        except ServiceError as exc:
            errors = exc.fields or {"name_en": [str(exc.message)]}
        else:
            messages.success(request, _("The English name is saved."))
            return redirect("org-detail", org_id=org.pk)
    return render(
        request,
        "web/org_detail.html",
        {
            "org": org,
            "can_write": can_write,
            "errors": errors,
            "name_en": request.POST.get("name_en", org.name_en),
            "crumbs": selectors.org_ancestors(actor=request.user, org=org),
            "counts": selectors.subtree_counts(org),
            "children": selectors.children_with_counts(actor=request.user, org=org),
            "kinds": OrgKind.choices,
        },
        status=400 if errors else 200,
    )


@staff_required
def enterprise_list(request):
    return ENTERPRISES.respond(
        request,
        "web/enterprise_list.html",
        {
            "industries": Industry.choices,
            "ownerships": Ownership.choices,
            "sizes": Size.choices,
            "empty": _("No enterprise matches. Clear the search or the filters."),
        },
    )
