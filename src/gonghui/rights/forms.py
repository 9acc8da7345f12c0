from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.forms import DateInput, YuanField

from . import services
from .models import CaseKind, Outcome, Stage


class SubmitForm(forms.Form):
    """The worker's form, on the phone."""

    kind = forms.ChoiceField(label=_("What is the dispute about?"), choices=CaseKind.choices)
    employer = forms.CharField(label=_("Employer or platform"), max_length=100)
    description = forms.CharField(
        label=_("What happened (only those who handle your case read it)"),
        max_length=services.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    amount_claimed = YuanField(label=_("Amount you are owed, in yuan (if any)"), required=False)
    workers_involved = forms.IntegerField(
        label=_("Workers in the same situation, you included"),
        min_value=1,
        max_value=services.MAX_WORKERS,
        initial=1,
    )
    phone = forms.CharField(
        label=_("Phone the union may call you on (empty: the one on file)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, federations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if federations is not None:  # a worker who is no member names the federation
            self.fields["union_id"] = forms.TypedChoiceField(
                label=_("Federation of your city or county"),
                choices=[("", "—")] + [(o.pk, o.name) for o in federations],
                coerce=int,
            )


class OpenForm(forms.Form):
    """A cadre takes a case by the hotline, at the desk or on referral."""

    union = forms.TypedChoiceField(label=_("Handling union"), coerce=int)
    channel = forms.ChoiceField(
        label=_("Intake channel"),
        choices=[(c.value, c.label) for c in services.STAFF_CHANNELS],
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=CaseKind.choices)
    worker_name = forms.CharField(label=_("Worker's name"), max_length=50)
    phone = forms.CharField(label=_("Worker's phone"), max_length=20, required=False)
    employer = forms.CharField(label=_("Employer or platform"), max_length=100)
    description = forms.CharField(
        label=_("The dispute, as the worker tells it (stored encrypted)"),
        max_length=services.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    amount_claimed = YuanField(label=_("Amount claimed, in yuan"), required=False)
    workers_involved = forms.IntegerField(
        label=_("Workers involved"), min_value=1, max_value=services.MAX_WORKERS, initial=1
    )
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput())

    def __init__(self, *args, unions=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["union"]).choices = [(o.pk, o.name) for o in unions]


class AssignForm(forms.Form):
    handler = forms.TypedChoiceField(label=_("Handler"), coerce=int)

    def __init__(self, *args, handlers=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["handler"]).choices = [
            (u.pk, u.get_full_name() or u.get_username()) for u in handlers
        ]


class StepForm(forms.Form):
    stage = forms.ChoiceField(label=_("Next step"), choices=Stage.choices)
    note = forms.CharField(
        label=_("What was done"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, after: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if after is not None:
            values = Stage.values
            later = values[values.index(after) + 1 :]
            cast(forms.ChoiceField, self.fields["stage"]).choices = [
                (v, Stage(v).label) for v in later
            ]


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=pgettext_lazy("rights case", "Outcome"),
        choices=[c for c in Outcome.choices if c[0] != Outcome.WITHDRAWN],
    )
    amount_recovered = YuanField(label=_("Money recovered for the worker, in yuan"), required=False)
    note = forms.CharField(
        label=_("Outcome, in words (the worker reads it)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput(), required=False)


class RevealForm(forms.Form):
    purpose = forms.CharField(label=_("Why you need to read it (logged)"), max_length=200)
