from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.activities.forms import DateInput, OrgReferenceField

from .models import Grade, MemberRole, ResultKind, StudioKind, StudioLevel


class ResultForm(forms.Form):
    union = OrgReferenceField(label=_("Union (name, credit code or number)"))
    kind = forms.ChoiceField(label=_("Kind"), choices=ResultKind.choices)
    title = forms.CharField(label=_("Title"), max_length=150)
    authors = forms.CharField(label=_("Authors"), max_length=150)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Note (required when not adopted)"), max_length=200, required=False
    )


class InUseForm(forms.Form):
    in_use_on = forms.DateField(label=_("Put into use on"), widget=DateInput())
    revenue = forms.CharField(label=_("Revenue made (yuan)"), max_length=20, required=False)


class StudioForm(forms.Form):
    union = OrgReferenceField(label=_("Union (name, credit code or number)"))
    kind = forms.ChoiceField(label=_("Kind"), choices=StudioKind.choices)
    level = forms.ChoiceField(label=_("Level"), choices=StudioLevel.choices)
    name = forms.CharField(label=_("Name"), max_length=150)
    leader = forms.CharField(label=_("Leader"), max_length=50, required=False)


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Member's name"), max_length=50, required=False)
    person_id = forms.IntegerField(
        label=_("Member number (when on file)"), required=False, min_value=1
    )
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)


class AssessmentForm(forms.Form):
    year = forms.IntegerField(label=_("Year assessed"), min_value=2000, max_value=2100)
    score = forms.IntegerField(label=_("Assessment score (0–100)"), min_value=0, max_value=100)
    grade = forms.ChoiceField(label=_("Assessment grade"), choices=Grade.choices)
    note = forms.CharField(label=_("Note (required for fail)"), max_length=200, required=False)


class AllianceForm(forms.Form):
    alliance = forms.TypedChoiceField(
        label=_("Alliance"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, alliances=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["alliance"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—")] + [(a.pk, a.name) for a in alliances]


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title of the proposal"), max_length=150)
    summary = forms.CharField(
        label=_("What to change, and why"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
