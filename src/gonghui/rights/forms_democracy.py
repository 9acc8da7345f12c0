"""Forms of the democratic-management pages (职代会、厂务公开、职工董事监事、示范单位)."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateInput

from .models_democracy import (
    MAX_DELEGATES,
    MAX_SCORE,
    BoardSeat,
    DemoUnitKind,
    FollowUp,
    OpennessMedium,
    OpennessPeriod,
    OpennessTopic,
    SessionKind,
    SessionStatus,
)


class EnterpriseForm(forms.Form):
    """A form about one of the enterprises the actor's unions keep."""

    enterprise = forms.TypedChoiceField(label=_("Enterprise"), coerce=int)

    def __init__(self, *args, enterprises=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["enterprise"]).choices = [
            (e.pk, e.name) for e in enterprises
        ]


class SessionForm(EnterpriseForm):
    term = forms.IntegerField(label=_("Term (届)"), min_value=1, max_value=100)
    number = forms.IntegerField(label=_("Session of the term (次)"), min_value=1, max_value=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=SessionStatus.choices)
    held_on = forms.DateField(label=_("Held on (or planned for)"), widget=DateInput())
    delegates = forms.IntegerField(label=_("Delegates"), min_value=1, max_value=MAX_DELEGATES)
    attendance = forms.IntegerField(
        label=_("Delegates attending (a held session)"),
        min_value=0,
        max_value=MAX_DELEGATES,
        required=False,
    )
    agenda = forms.CharField(
        label=_("Agenda"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class HeldForm(forms.Form):
    attendance = forms.IntegerField(
        label=_("Delegates attending"), min_value=0, max_value=MAX_DELEGATES
    )
    held_on = forms.DateField(
        label=_("Held on (empty: the planned day)"), widget=DateInput(), required=False
    )


class ResolutionForm(forms.Form):
    title = forms.CharField(label=_("What the congress resolved"), max_length=200)


class FollowUpForm(forms.Form):
    resolution = forms.IntegerField(widget=forms.HiddenInput())
    follow_up = forms.ChoiceField(label=_("Follow-up"), choices=FollowUp.choices)
    note = forms.CharField(label=_("What was done"), max_length=500, required=False)
    on = forms.DateField(label=_("Carried out on"), widget=DateInput(), required=False)


class OpennessForm(EnterpriseForm):
    topic = forms.ChoiceField(label=_("Topic"), choices=OpennessTopic.choices)
    title = forms.CharField(label=_("What was made public"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=1980, max_value=9999)
    period = forms.ChoiceField(label=_("Period"), choices=OpennessPeriod.choices)
    medium = forms.ChoiceField(label=_("Published by"), choices=OpennessMedium.choices)
    published_on = forms.DateField(label=_("Published on"), widget=DateInput())


class BoardMemberForm(EnterpriseForm):
    seat = forms.ChoiceField(label=_("Seat"), choices=BoardSeat.choices)
    name = forms.CharField(label=_("Name"), max_length=50)
    post = forms.CharField(label=_("Post in the enterprise"), max_length=100, required=False)
    elected_on = forms.DateField(label=_("Elected on"), widget=DateInput())
    term_ends = forms.DateField(label=_("Term ends"), widget=DateInput())


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Left the seat on"), widget=DateInput(), required=False)


class UnitForm(EnterpriseForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=DemoUnitKind.choices)
    named_on = forms.DateField(label=_("Named on"), widget=DateInput())


class AssessmentForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1980, max_value=9999)
    score = forms.IntegerField(label=_("Score (out of 100)"), min_value=0, max_value=MAX_SCORE)
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Assessors' note"), max_length=500, required=False)
