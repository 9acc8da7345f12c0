from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.forms import DateInput, OrgReferenceField, YuanField

from .models import FundUse, Group, MatchingKind, Mode, ServiceKind, Trade, TrainingKind


class EventForm(forms.Form):
    union = OrgReferenceField(label=_("Organizer (union name, credit code or number)"))
    title = forms.CharField(label=_("Name, e.g. 2022年春风行动专场招聘会"), max_length=120)
    mode = forms.ChoiceField(label=_("Held"), choices=Mode.choices)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    place = forms.CharField(label=_("Place (on site)"), max_length=200, required=False)
    link = forms.URLField(
        label=_("Link (online)"), max_length=300, required=False, assume_scheme="https"
    )


class ResultsForm(forms.Form):
    visitors = forms.IntegerField(label=_("Visitors"), min_value=0, required=False)
    hires = forms.IntegerField(label=_("People hired"), min_value=0, required=False)


class ExhibitorForm(forms.Form):
    name = forms.CharField(label=_("Exhibiting enterprise"), max_length=120)


class PostForm(forms.Form):
    title = forms.CharField(label=_("Post, e.g. 数控车工"), max_length=100)
    employer_name = forms.CharField(label=_("Employer"), max_length=120, required=False)
    trade = forms.ChoiceField(label=_("Trade"), choices=Trade.choices)
    region_code = forms.CharField(
        label=_("Place of work (division code, e.g. 210102)"), max_length=6, min_length=6
    )
    pay_min = YuanField(label=_("Pay a month from (yuan)"))
    pay_max = YuanField(label=_("Pay a month up to (yuan)"))
    headcount = forms.IntegerField(label=_("People wanted"), min_value=1)


class EventPostForm(PostForm):
    exhibitor = forms.TypedChoiceField(label=_("Offered by"), coerce=int, choices=[])

    def __init__(self, *args, exhibitors=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["exhibitor"]).choices = [
            (e.pk, e.name) for e in exhibitors
        ]
        self.fields["employer_name"].widget = forms.HiddenInput()
        self.order_fields(["exhibitor"])


class BoardPostForm(PostForm):
    union = OrgReferenceField(label=_("Published by (union name, credit code or number)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer_name"].required = True
        self.order_fields(["union"])


class SeekerForm(forms.Form):
    union = OrgReferenceField(label=_("Union that follows them (name, credit code or number)"))
    name = forms.CharField(label=_("Name"), max_length=50)
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    group = forms.ChoiceField(label=_("Group"), choices=Group.choices)
    school = forms.CharField(label=_("School (graduates)"), max_length=100, required=False)
    graduation_year = forms.IntegerField(
        label=_("Graduation year (graduates)"), min_value=1950, max_value=2100, required=False
    )
    skills = forms.CharField(label=_("Skills and certificates"), max_length=300, required=False)
    trades = forms.MultipleChoiceField(
        label=_("Trades wished (at most 3)"),
        choices=Trade.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    region_code = forms.CharField(
        label=_("Place wished (division code, e.g. 210100 for 沈阳市)"),
        max_length=6,
        min_length=6,
        required=False,
    )
    pay_min = YuanField(label=_("Pay wished from (yuan a month)"), required=False)
    consented = forms.BooleanField(
        label=_("The seeker agrees that their wishes are matched to posts"), required=False
    )


class CadreForm(forms.Form):
    cadre = forms.TypedChoiceField(label=_("Cadre in charge"), coerce=int, choices=[])

    def __init__(self, *args, cadres=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cadre"]).choices = [
            (u.pk, f"{u.get_full_name() or u.username} ({u.username})") for u in cadres
        ]


class ServiceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Service"), choices=ServiceKind.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=Mode.choices)
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class PlacementForm(forms.Form):
    post = forms.IntegerField(label=_("From the post (number, if any)"), required=False)
    employer_name = forms.CharField(label=_("Employer"), max_length=120, required=False)
    region_code = forms.CharField(
        label=_("Place of work (division code)"), max_length=6, required=False
    )
    placed_on = forms.DateField(label=_("Works there since"), widget=DateInput())


class CheckForm(forms.Form):
    confirmed = forms.TypedChoiceField(
        label=_("The check found"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("works there: confirm")), ("no", _("does not work there"))],
    )
    checked_on = forms.DateField(label=_("Checked on"), widget=DateInput())
    note = forms.CharField(label=_("What the check found"), max_length=300, required=False)


class MatchingForm(forms.Form):
    union = OrgReferenceField(label=_("Organizer (union name, credit code or number)"))
    title = forms.CharField(label=_("Name, e.g. 校企就业对接会"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=MatchingKind.choices)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    partners = forms.CharField(
        label=_("Enterprises, schools or unions taking part"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    posts_offered = forms.IntegerField(label=_("Posts offered"), min_value=0, required=False)


class TrainingForm(forms.Form):
    union = OrgReferenceField(label=_("Organizer (union name, credit code or number)"))
    title = forms.CharField(label=_("Name, e.g. 养老护理员订单式培训班"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    trade = forms.ChoiceField(label=_("Trade"), choices=Trade.choices)
    employer_name = forms.CharField(
        label=_("Ordering enterprise (order-based training)"), max_length=120, required=False
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())


class TraineeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    completed = forms.BooleanField(label=_("Completed the session"), required=False, initial=True)


# ---- the seeker on the phone ----------------------------------------------------------------

SELF_GROUPS = [(v, label) for v, label in Group.choices if v != Group.NEEDY_GRADUATE]


class SelfRegisterForm(forms.Form):
    """The few fields a worker gives to be registered as a job seeker on their phone."""

    group = forms.ChoiceField(label=_("I am"), choices=SELF_GROUPS)
    trades = forms.MultipleChoiceField(
        label=_("Trades I look for (up to 3)"),
        choices=Trade.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    region_code = forms.ChoiceField(label=_("Where I look for work"), required=False)
    phone = forms.CharField(label=_("Mobile number (optional)"), max_length=20, required=False)
    consented = forms.BooleanField(
        label=_("Match me to posts (my wishes are shown to employers)"), required=False
    )

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["region_code"]).choices = list(places)


class ApplyForm(forms.Form):
    consented = forms.BooleanField(
        label=_("I agree that my record (name, phone, skills) is shared with this employer"),
        required=False,
    )


class AdvanceForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    placed_on = forms.DateField(
        label=_("Works there since (when hired)"), widget=DateInput(), required=False
    )

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = list(steps)


# ---- the employment fund ----------------------------------------------------------------------


class FundAllotForm(forms.Form):
    union = OrgReferenceField(label=_("Union (name, credit code or number)"))
    amount = YuanField(label=_("Amount (yuan)"))
    allotted_on = forms.DateField(label=_("Allotted on"), widget=DateInput())
    memo = forms.CharField(label=_("Memo"), max_length=200, required=False)
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=100)


class FundPayForm(forms.Form):
    union = OrgReferenceField(label=_("Paying union (name, credit code or number)"))
    use = forms.ChoiceField(label=_("Paid for"), choices=FundUse.choices)
    amount = YuanField(label=_("Amount (yuan)"))
    paid_on = forms.DateField(label=pgettext_lazy("payment", "Paid on"), widget=DateInput())
    seeker = forms.IntegerField(label=_("Job seeker (number, for a subsidy)"), required=False)
    session = forms.IntegerField(
        label=_("Training session (number, for training costs)"), required=False
    )
    to_org = OrgReferenceField(label=_("Granted to (a lower union, for a grant)"), required=False)
    memo = forms.CharField(label=_("Memo"), max_length=200, required=False)
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=100)
