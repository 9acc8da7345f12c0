from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.activities.forms import DateInput, OrgReferenceField

from . import services
from .models import CompetitionKind, Round, TrainingKind


class EnterpriseReferenceField(forms.CharField):
    """An enterprise typed as its exact name or credit code; the view resolves it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 120)
        super().__init__(**kwargs)


class CompetitionForm(forms.Form):
    union = OrgReferenceField(label=_("Organizer (name, credit code or number)"))
    kind = forms.ChoiceField(label=_("Kind"), choices=CompetitionKind.choices)
    title = forms.CharField(label=_("Title"), max_length=150)
    theme = forms.CharField(
        label=_("Theme, e.g. 建功“十四五”、奋进新征程"), max_length=150, required=False
    )
    theme_en = forms.CharField(
        label=_("Theme in English (for English documents)"), max_length=300, required=False
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())


class CompetitionEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    theme = forms.CharField(label=_("Theme"), max_length=150, required=False)
    theme_en = forms.CharField(
        label=_("Theme in English (for English documents)"), max_length=300, required=False
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())


class ParticipationForm(forms.Form):
    enterprise = EnterpriseReferenceField(label=_("Enterprise (exact name or credit code)"))
    workers = forms.IntegerField(
        label=_("Workers covered"), min_value=1, max_value=services.MAX_WORKERS
    )


class EventForm(forms.Form):
    trade = forms.CharField(label=_("Trade (工种), e.g. 焊工"), max_length=60)
    round = forms.ChoiceField(label=_("Round"), choices=Round.choices)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    participants = forms.IntegerField(
        label=_("Workers taking part"),
        min_value=0,
        max_value=services.MAX_PARTICIPANTS,
        initial=0,
    )
    open_for_entries = forms.BooleanField(
        label=_("Workers may enter from their phone"), required=False
    )


class ContestantForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    employer = forms.CharField(label=_("Employer"), max_length=120, required=False)


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Note (required when refusing)"), max_length=200, required=False)


class ResultForm(forms.Form):
    score = forms.DecimalField(
        label=_("Score"),
        min_value=0,
        max_value=services.MAX_SCORE,
        decimal_places=2,
        required=False,
    )
    rank = forms.IntegerField(label=_("Rank"), min_value=1, max_value=100_000, required=False)
    title = forms.CharField(label=_("Title awarded, e.g. 技术能手"), max_length=60, required=False)


class TrainingForm(forms.Form):
    union = OrgReferenceField(label=_("Organizer (name, credit code or number)"))
    enterprise = EnterpriseReferenceField(label=_("Enterprise (exact name or credit code)"))
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    course = forms.CharField(label=_("Course, e.g. 数控车床操作"), max_length=120)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    trainees = forms.IntegerField(
        label=_("Trainees (person-times)"), min_value=1, max_value=services.MAX_TRAINEES
    )
    subsidy = forms.CharField(label=_("Subsidy (yuan)"), max_length=20, required=False)
