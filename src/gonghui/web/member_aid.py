"""The member's aid page: their applications, files and consents (assistance) beside what
was paid to them (campaigns).

It is composed here, above both packages, because campaigns builds on assistance (it pays
beneficiaries picked from the hardship files) and assistance imports nothing of campaigns
(tests/test_architecture.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.assistance import selectors, services
from gonghui.assistance.models import AidKind
from gonghui.campaigns.selectors import my_disbursements
from gonghui.core.errors import ServiceError
from gonghui.core.params import int_or_none


@login_required
def my_aid(request):
    """The member follows each application, step by step, and sees what was paid."""
    if request.method == "POST" and request.POST.get("action") == "withdraw_consent":
        try:
            services.consent_withdraw(
                actor=request.user,
                request=request,
                consent_id=int_or_none(request.POST.get("consent")) or 0,
            )
            messages.success(
                request,
                _("Consent withdrawn; your income, illness and bank details have been erased."),
            )
        except (ServiceError, Http404):
            messages.error(request, _("This consent cannot be withdrawn here."))
        return redirect("aid-mine")
    applications = [
        (application, sorted(application.steps.all(), key=lambda s: s.order))
        for application in selectors.my_applications(actor=request.user)
    ]
    return render(
        request,
        "assistance/mine.html",
        {
            "applications": applications,
            "payments": my_disbursements(actor=request.user),
            "files": selectors.my_files(actor=request.user),
            "consents": selectors.my_consents(actor=request.user),
            "kinds": AidKind.choices,
        },
    )
