from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.activities.forms import DateInput, OrgReferenceField

from . import services
from .models import ReportEvery


class PlanForm(forms.Form):
    owner = OrgReferenceField(
        label=_("Organization whose plan it is (name, credit code or number)")
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(
        label=_("Title in English (for English documents)"), max_length=300, required=False
    )
    theme = forms.CharField(
        label=_("Theme of the year"),
        max_length=200,
        required=False,
        help_text=_("The year's theme the summary opens with, as the federation words it."),
    )
    theme_en = forms.CharField(
        label=_("Theme of the year in English"), max_length=300, required=False
    )
    report_every = forms.TypedChoiceField(
        label=_("Progress reported"),
        choices=ReportEvery.choices,
        coerce=int,
        initial=ReportEvery.TWO_MONTHS,
    )
    report_due_days = forms.IntegerField(
        label=_("Days after each period for its report"), min_value=0, max_value=60, initial=10
    )


class TaskForm(forms.Form):
    number = forms.IntegerField(
        label=_("Number (empty: the next one)"), min_value=1, max_value=999, required=False
    )
    title = forms.CharField(label=_("Task"), max_length=200)
    title_en = forms.CharField(
        label=_("Task in English (for English documents)"), max_length=300, required=False
    )
    owner = OrgReferenceField(label=_("Responsible organization (name, credit code or number)"))
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())
    description = forms.CharField(
        label=_("Description"),
        max_length=services.MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Sub-item"), max_length=300)
    owner = OrgReferenceField(
        label=_("Responsible organization (empty: the task's)"), required=False
    )
    deadline = forms.DateField(
        label=_("Deadline (empty: the task's)"), widget=DateInput(), required=False
    )


class ReportForm(forms.Form):
    period = forms.TypedChoiceField(label=_("Period"), coerce=int, choices=[])
    percent = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100)
    text = forms.CharField(
        label=_("What was done"),
        max_length=services.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        period = self.fields["period"]
        assert isinstance(period, forms.ChoiceField)
        period.choices = [
            (p.number, f"{p.number}: {p.start:%Y-%m-%d} – {p.end:%Y-%m-%d}") for p in periods
        ]
