"""The member's aid page: their applications, files and consents (assistance) beside what
was paid to them (campaigns).

It is composed here, above both packages, because campaigns builds on assistance (it pays
beneficiaries picked from the hardship files) and assistance imports nothing of campaigns
(tests/test_architecture.py). Withdrawing a consent from this page posts to assistance's
own view (`aid-consent-withdraw`), which comes back here.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gonghui.assistance import selectors
from gonghui.assistance.models import AidKind
from gonghui.campaigns.selectors import my_disbursements


@require_safe
@login_required
def my_aid(request):
    """The member follows each application, step by step, and sees what was paid."""
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
