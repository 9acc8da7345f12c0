from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateInput, OrgReferenceField, YuanField

from . import services
from .models import ContactWay, Dimension, Interviewee, PairLevel, ProblemKind, Urgency


class GroupForm(forms.Form):
    union = OrgReferenceField(label=_("Sending federation (name, credit code or number)"))
    place = OrgReferenceField(label=_("Stationed at (a union below it)"))
    name = forms.CharField(label=_("Name of the group"), max_length=100)
    leader = forms.CharField(label=_("Group leader"), max_length=50, required=False)
    start_on = forms.DateField(label=_("From"), widget=DateInput())
    end_on = forms.DateField(label=_("To"), widget=DateInput())
    funds = YuanField(label=_("Special funds (yuan)"), required=False)
    tasks = forms.CharField(
        label=_("Tasks"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CadreForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    post = forms.CharField(label=_("Department and post"), max_length=100, required=False)


class InterviewForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    who = forms.ChoiceField(label=_("Interviewed"), choices=Interviewee.choices)
    people = forms.IntegerField(
        label=_("People interviewed"), min_value=1, max_value=services.MAX_PEOPLE
    )
    notes = forms.CharField(label=_("What was learned"), max_length=500, required=False)


class UnionCreditForm(forms.Form):
    org = forms.TypedChoiceField(label=_("Union founded with the group's guidance"), coerce=int)

    def __init__(self, *args, unions=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["org"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(u.pk, f"{u.name}（{u.founded_on}）") for u in unions]


class MemberCreditForm(forms.Form):
    number = forms.CharField(label=_("Member number of the member recruited"), max_length=20)


class VisitForm(forms.Form):
    union = OrgReferenceField(label=_("Visiting union"))
    visitor = forms.CharField(label=_("Visiting cadre"), max_length=50)
    visited_on = forms.DateField(label=_("Visited on"), widget=DateInput())
    enterprise = forms.CharField(
        label=_("Enterprise (name or credit code)"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"list": "enterprise-suggestions", "autocomplete": "off"}),
    )
    site = forms.CharField(label=_("or the project site"), max_length=120, required=False)
    workers_met = forms.IntegerField(
        label=_("Workers met"), min_value=0, max_value=services.MAX_PEOPLE, initial=0
    )
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)
    group = forms.TypedChoiceField(
        label=_("Visit of a stationing group (if it was)"),
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—"), *((g.pk, g.name) for g in groups)]


class ProblemForm(forms.Form):
    description = forms.CharField(
        label=_("Problem found"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ProblemKind.choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    responsible = OrgReferenceField(label=_("Union that must solve it"), required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput(), required=False)


ProblemFormSet = forms.formset_factory(
    ProblemForm, extra=2, max_num=services.MAX_PROBLEMS, validate_max=True
)


class SolveForm(forms.Form):
    solution = forms.CharField(
        label=_("How it was solved"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    solved_on = forms.DateField(label=_("Solved on"), widget=DateInput())


class PairingForm(forms.Form):
    county = OrgReferenceField(label=_("County union"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    level = forms.ChoiceField(label=_("Level of the pair"), choices=PairLevel.choices)
    higher = OrgReferenceField(
        label=_("Higher federation (empty for the national)"), required=False
    )
    leader = forms.CharField(label=_("Paired leader"), max_length=60, required=False)
    department = forms.CharField(label=_("Paired department"), max_length=60, required=False)


class ContactForm(forms.Form):
    contacted_on = forms.DateField(label=_("On"), widget=DateInput())
    way = forms.ChoiceField(label=_("How"), choices=ContactWay.choices)
    notes = forms.CharField(label=_("What was discussed or settled"), max_length=500)


class ScoresForm(forms.Form):
    """One score field per criterion (and evidence, for the self-assessment)."""

    def __init__(self, *args, criteria=(), field="self_score", initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.score_field = field
        initial_scores = initial_scores or {}
        for c in self.criteria:
            given = initial_scores.get(c.pk)
            self.fields[f"c{c.pk}"] = forms.IntegerField(
                label=f"{c.get_dimension_display()} · {c.name}（{c.weight}）",
                min_value=0,
                max_value=c.weight,
                required=False,
                initial=getattr(given, field, None) if given else None,
            )
            if field == "self_score":
                self.fields[f"e{c.pk}"] = forms.CharField(
                    label=_("Evidence"),
                    max_length=500,
                    required=False,
                    initial=given.evidence if given else "",
                )

    def scores(self) -> list[dict]:
        out = []
        for c in self.criteria:
            row = {"criterion_id": c.pk, self.score_field: self.cleaned_data.get(f"c{c.pk}")}
            if self.score_field == "self_score":
                row["evidence"] = self.cleaned_data.get(f"e{c.pk}", "")
            out.append(row)
        return out


class SchemeForm(forms.Form):
    owner = OrgReferenceField(label=_("Province federation"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    pass_line = forms.IntegerField(label=_("Pass line"), min_value=0, max_value=100, initial=60)


class CriterionForm(forms.Form):
    dimension = forms.ChoiceField(label=_("Dimension"), choices=Dimension.choices)
    name = forms.CharField(label=_("Criterion"), max_length=200, required=False)
    weight = forms.IntegerField(
        label=_("Weight (points)"), min_value=1, max_value=100, required=False
    )


CriterionFormSet = forms.formset_factory(CriterionForm, extra=0, max_num=50, validate_max=True)


class CourseForm(forms.Form):
    union = OrgReferenceField(label=_("Organizing union"))
    title = forms.CharField(label=_("Course"), max_length=120)
    start_on = forms.DateField(label=_("From"), widget=DateInput())
    end_on = forms.DateField(label=_("To"), widget=DateInput())
    hours = forms.IntegerField(label=_("Class hours"), min_value=1, max_value=2000)


class TraineeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    post = forms.CharField(label=_("Union and post"), max_length=100, required=False)


class VisitEditForm(forms.Form):
    """A visit corrected afterwards: where, when, who and what; its union and its problems
    stay as recorded (problems are added or solved on their own)."""

    visitor = forms.CharField(label=_("Visiting cadre"), max_length=50)
    visited_on = forms.DateField(label=_("Visited on"), widget=DateInput())
    enterprise = forms.CharField(
        label=_("Enterprise (name or credit code)"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"list": "enterprise-suggestions", "autocomplete": "off"}),
    )
    site = forms.CharField(label=_("or the project site"), max_length=120, required=False)
    workers_met = forms.IntegerField(
        label=_("Workers met"), min_value=0, max_value=services.MAX_PEOPLE
    )
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)


class GrantForm(forms.Form):
    from_org = OrgReferenceField(label=_("Granting federation"))
    to_org = OrgReferenceField(label=_("Receiving union (name, credit code or number)"))
    amount = YuanField(label=_("Amount (yuan)"))
    purpose = forms.CharField(label=_("Purpose of the grant"), max_length=200)
    granted_on = forms.DateField(label=_("Granted on"), widget=DateInput())
    # Made when the form is shown: posting the same form twice pays once.
    request_key = forms.CharField(max_length=40, widget=forms.HiddenInput())
