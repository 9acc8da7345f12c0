"""Forms of the mediation, legal-service, supervision, contract and democratic-management
pages. Amounts are typed in yuan and parsed by the view (core.money.parse_yuan)."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.forms import DateInput, YuanField

from .models import (
    Addressee,
    Audience,
    CaseKind,
    CentreKind,
    LegalCampaign,
    LegalEventKind,
    LetterIssue,
    LetterKind,
    MediationStatus,
    MediatorKind,
    Rectification,
    ReferredTo,
)


def _choices(field: forms.Field, pairs) -> None:
    cast(forms.ChoiceField, field).choices = list(pairs)


class UnionForm(forms.Form):
    """A form whose record is kept by one of the unions the actor writes for."""

    union = forms.TypedChoiceField(label=_("Union"), coerce=int)

    def __init__(self, *args, unions=(), **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self.fields["union"], [(o.pk, o.name) for o in unions])


class CentreForm(UnionForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=CentreKind.choices)
    partner = forms.CharField(
        label=_("Set up with (an industry centre's association)"), max_length=100, required=False
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    phone = forms.CharField(label=_("Public phone"), max_length=20, required=False)
    established_on = forms.DateField(label=_("Established on"), widget=DateInput())


class MediatorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    kind = forms.ChoiceField(label=_("Kind"), choices=MediatorKind.choices)


class MediationForm(forms.Form):
    centre = forms.TypedChoiceField(label=_("Mediation centre"), coerce=int)
    worker_name = forms.CharField(label=_("Worker's name"), max_length=50, required=False)
    employer = forms.CharField(label=_("Employer or platform"), max_length=100, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *CaseKind.choices], required=False
    )
    workers_involved = forms.IntegerField(
        label=_("Workers involved"), min_value=1, max_value=100_000, initial=1, required=False
    )
    amount_claimed = YuanField(label=_("Amount claimed, in yuan"), required=False)
    received_on = forms.DateField(
        label=pgettext_lazy("mediation", "Received on"), widget=DateInput()
    )

    def __init__(self, *args, centres=(), case=None, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self.fields["centre"], [(c.pk, c.name) for c in centres])
        if case is not None:  # the case brings its worker, employer, kind and claim
            for name in ("worker_name", "employer", "kind", "workers_involved", "amount_claimed"):
                del self.fields[name]


class SessionForm(forms.Form):
    held_on = forms.DateField(
        label=pgettext_lazy("mediation session", "Held on"), widget=DateInput()
    )
    mediator = forms.TypedChoiceField(label=_("Mediator"), coerce=int, required=False)
    note = forms.CharField(
        label=_("What was done"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, mediators=(), **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self.fields["mediator"], [("", "—"), *((m.pk, m.name) for m in mediators)])


class MediationCloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("How it ended"),
        choices=[c for c in MediationStatus.choices if c[0] != MediationStatus.OPEN],
    )
    amount_agreed = YuanField(label=_("Amount agreed, in yuan (an agreement only)"), required=False)
    referred_to = forms.ChoiceField(
        label=_("Referred to (a referral only)"),
        choices=[("", "—"), *ReferredTo.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Agreement or reason, in words"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput(), required=False)


class LegalEventForm(UnionForm):
    title = forms.CharField(label=_("Title"), max_length=100)
    campaign = forms.ChoiceField(label=_("Campaign"), choices=LegalCampaign.choices, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=LegalEventKind.choices)
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    attendance = forms.IntegerField(label=_("People reached"), min_value=0, max_value=1_000_000)
    lawyers = forms.IntegerField(label=_("Lawyers taking part"), min_value=0, max_value=10_000)
    consultations = forms.IntegerField(
        label=_("Consultations given"), min_value=0, max_value=1_000_000
    )
    cases_taken = forms.IntegerField(
        label=_("Cases taken up"), min_value=0, max_value=100_000, initial=0
    )


class LetterForm(UnionForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=LetterKind.choices)
    addressee = forms.ChoiceField(label=_("Addressed to"), choices=Addressee.choices)
    enterprise = forms.TypedChoiceField(
        label=_("Enterprise (a letter to an enterprise)"), coerce=int, required=False
    )
    addressee_name = forms.CharField(
        label=_("Government or department (a letter to the government)"),
        max_length=100,
        required=False,
    )
    issue = forms.ChoiceField(label=_("Issue"), choices=LetterIssue.choices)
    summary = forms.CharField(
        label=_("What the letter points out and asks for"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput())
    reply_due = forms.DateField(
        label=_("Reply due (empty: fifteen days)"), widget=DateInput(), required=False
    )

    def __init__(self, *args, enterprises=(), **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self.fields["enterprise"], [("", "—"), *((e.pk, e.name) for e in enterprises)])


class ReplyForm(forms.Form):
    note = forms.CharField(
        label=_("What the reply says"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    replied_on = forms.DateField(label=_("Replied on"), widget=DateInput(), required=False)


class RectificationForm(forms.Form):
    rectification = forms.ChoiceField(
        label=_("Rectification"),
        choices=[c for c in Rectification.choices if c[0] != Rectification.PENDING],
    )
    note = forms.CharField(
        label=_("What was done"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    on = forms.DateField(label=_("Recorded on"), widget=DateInput(), required=False)
