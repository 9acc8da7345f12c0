from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.forms import DateInput

from . import services
from .models import (
    CareKind,
    Category,
    EventKind,
    Level,
    ObjectionStatus,
    SchemeKind,
    Subject,
    Subjects,
    WorkerStatus,
)


class SchemeForm(forms.Form):
    owner = forms.TypedChoiceField(label=_("Federation that runs it"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=SchemeKind.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    title = forms.CharField(
        label=_("Title, e.g. 2022年辽宁省劳动模范和先进工作者评选"), max_length=100
    )
    year = forms.IntegerField(label=_("Year"), min_value=1950, max_value=2100)
    subjects = forms.ChoiceField(label=_("Who may be nominated"), choices=Subjects.choices)
    opens_on = forms.DateField(label=_("Nominations open on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Nominations close on"), widget=DateInput())
    notice_days = forms.IntegerField(
        label=_("Days of public notice"), min_value=1, max_value=services.MAX_NOTICE_DAYS, initial=5
    )
    managers_max_percent = forms.IntegerField(
        label=_("Managers at most (per cent of the people)"), min_value=0, max_value=100, initial=30
    )


class QuotaForm(forms.Form):
    union = forms.TypedChoiceField(label=_("Lower union"), coerce=int)
    people = forms.IntegerField(label=_("Places for people"), min_value=0, initial=0)
    collectives = forms.IntegerField(label=_("Places for collectives"), min_value=0, initial=0)


class NominationForm(forms.Form):
    scheme = forms.TypedChoiceField(label=_("Honour scheme"), coerce=int)
    union = forms.TypedChoiceField(label=_("Nominating union"), coerce=int)
    subject = forms.ChoiceField(label=_("Nominee is a"), choices=Subject.choices)
    member_number = forms.CharField(
        label=_("Member number (a member on the register)"), max_length=20, required=False
    )
    name = forms.CharField(
        label=_("Name of the person or collective (if not a member)"),
        max_length=100,
        required=False,
    )
    id_number = forms.CharField(
        label=_("ID number (a person who is not a member)"), max_length=20, required=False
    )
    employer = forms.CharField(label=_("Employer"), max_length=120, required=False)
    position = forms.CharField(label=_("Position"), max_length=60, required=False)
    category = forms.ChoiceField(
        label=_("Category"), choices=[c for c in Category.choices if c[0] != Category.COLLECTIVE]
    )
    deeds = forms.CharField(
        label=_("Deeds"), max_length=services.MAX_DEEDS, widget=forms.Textarea(attrs={"rows": 6})
    )
    documents = forms.CharField(
        label=_("Documents attached (list them)"), max_length=500, required=False
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approved", _("agree")), ("rejected", _("do not agree"))]
    )
    opinion = forms.CharField(
        label=_("Opinion"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, required=False)


class AwardForm(forms.Form):
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=40)
    awarded_on = forms.DateField(label=_("Awarded on"), widget=DateInput(), required=False)


class ObjectionForm(forms.Form):
    nomination = forms.IntegerField(widget=forms.HiddenInput())
    text = forms.CharField(
        label=_("Your objection"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact = forms.CharField(
        label=_("Your phone, if we may call you back (optional)"), max_length=30, required=False
    )


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(ObjectionStatus.DISMISSED, _("dismiss")), (ObjectionStatus.UPHELD, _("uphold"))],
    )
    resolution = forms.CharField(label=_("What was checked and found"), max_length=500)


class CareForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CareKind.choices)
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())
    amount = forms.CharField(label=_("Amount (yuan)"), max_length=20, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class EventForm(forms.Form):
    union = forms.TypedChoiceField(label=_("Union that held it"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    title = forms.CharField(
        label=_("Title, e.g. 劳模工匠进校园——走进沈阳市第二十中学"), max_length=100
    )
    place = forms.CharField(label=_("Place"), max_length=100)
    attendance = forms.IntegerField(
        label=_("Attendance"), min_value=0, max_value=services.MAX_ATTENDANCE, initial=0
    )
    workers = forms.TypedMultipleChoiceField(
        label=_("Model workers who took part"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class WorkerForm(forms.Form):
    union = forms.TypedChoiceField(label=_("Union that keeps the record"), coerce=int)
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    id_number = forms.CharField(label=_("ID number (optional)"), max_length=20, required=False)
    employer = forms.CharField(label=_("Employer"), max_length=120)
    contact = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=WorkerStatus.choices)


class WorkerEditForm(forms.Form):
    employer = forms.CharField(label=_("Employer"), max_length=120)
    status = forms.ChoiceField(label=_("Status"), choices=WorkerStatus.choices)
    contact = forms.CharField(
        label=_("New phone (empty: unchanged)"), max_length=30, required=False
    )


class FromResultsForm(forms.Form):
    """Put a contest's winners forward to a scheme; ID numbers are read per winner."""

    scheme = forms.TypedChoiceField(label=_("Honour scheme"), coerce=int)
    union = forms.TypedChoiceField(label=_("Nominating union"), coerce=int)
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[c for c in Category.choices if c[0] != Category.COLLECTIVE],
        initial=Category.TECHNICIAN,
    )
    contestant_ids = forms.TypedMultipleChoiceField(
        label=_("Winners to nominate"), coerce=int, widget=forms.CheckboxSelectMultiple
    )


class CareFileForm(forms.Form):
    file = forms.TypedChoiceField(label=_("Needy-worker file"), coerce=int)
