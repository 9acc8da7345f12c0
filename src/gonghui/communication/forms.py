from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateInput
from gonghui.orgs.models import OrgKind

from .models import MessageCategory, QuestionKind, WorksKind

LEVELS = [
    (OrgKind.CITY, OrgKind.CITY.label),
    (OrgKind.COUNTY, OrgKind.COUNTY.label),
    (OrgKind.TOWNSHIP, OrgKind.TOWNSHIP.label),
    (OrgKind.INDUSTRY, OrgKind.INDUSTRY.label),
    (OrgKind.GRASSROOTS, OrgKind.GRASSROOTS.label),
    (OrgKind.JOINT, OrgKind.JOINT.label),
]


def _ids(text: str) -> list[int]:
    parts = [p for p in text.replace("，", ",").replace(" ", ",").split(",") if p]
    try:
        return [int(p) for p in parts]
    except ValueError:
        raise forms.ValidationError(_("Give the unions' numbers, separated by commas.")) from None


class _Recipients(forms.Form):
    levels = forms.MultipleChoiceField(
        label=_("To these levels of your subtree"),
        choices=LEVELS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    union_ids = forms.CharField(
        label=_("Or to these unions (their numbers, separated by commas)"),
        required=False,
        max_length=2000,
    )
    report_required = forms.BooleanField(label=_("Ask them to report back"), required=False)
    report_due = forms.DateField(label=_("Report back by"), required=False, widget=DateInput())
    attachment = forms.FileField(label=_("Attachment (optional)"), required=False)

    def clean_union_ids(self):
        return _ids(self.cleaned_data["union_ids"])


class NoticeForm(_Recipients):
    union = forms.ChoiceField(label=_("Sent by"))
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text (bold, lists, links and tables are kept)"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=50_000,
    )
    field_order = ["union", "title", "body", "levels", "union_ids", "report_required"]

    def __init__(self, *args, unions=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["union"]).choices = [(u.pk, u.name) for u in unions]


class ForwardForm(_Recipients):
    addition = forms.CharField(
        label=_("Your additions (what your unions are to do)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=50_000,
    )
    field_order = ["addition", "levels", "union_ids", "report_required"]


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("Report back"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    file = forms.FileField(label=_("File (optional)"), required=False)


QUESTION_ROWS = 8


class SurveyForm(forms.Form):
    union = forms.ChoiceField(label=_("Federation"))
    title = forms.CharField(label=_("Title"), max_length=200)
    intro = forms.CharField(
        label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False, initial=True)

    def __init__(self, *args, unions=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["union"]).choices = [(u.pk, u.name) for u in unions]


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=300, required=False)
    choices = forms.CharField(
        label=_("Choices, one per line"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    scale_max = forms.IntegerField(label=_("Scale up to"), min_value=2, max_value=10, initial=5)


QuestionFormSet = forms.formset_factory(QuestionForm, extra=QUESTION_ROWS, max_num=60)


class NewsForm(forms.Form):
    union = forms.ChoiceField(label=_("Submitted by"))
    to_union = forms.ChoiceField(label=_("Submitted to"))
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}), max_length=50_000
    )

    def __init__(self, *args, unions=(), uppers=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["union"]).choices = [(u.pk, u.name) for u in unions]
        cast(forms.ChoiceField, self.fields["to_union"]).choices = [(u.pk, u.name) for u in uppers]


class AdoptForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}), max_length=50_000
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class WorksCampaignForm(forms.Form):
    union = forms.ChoiceField(label=_("Federation"))
    kind = forms.ChoiceField(label=_("Kind"), choices=WorksKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput())

    def __init__(self, *args, unions=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["union"]).choices = [(u.pk, u.name) for u in unions]


class EntryForm(forms.Form):
    union = forms.ChoiceField(label=_("Submitted by"))
    title = forms.CharField(label=_("Title"), max_length=200)
    author = forms.CharField(label=_("Author"), max_length=50)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=50_000
    )

    def __init__(self, *args, unions=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["union"]).choices = [(u.pk, u.name) for u in unions]


class MessageForm(forms.Form):
    union = forms.ChoiceField(label=_("Sent by"))
    category = forms.ChoiceField(label=_("Kind of message"), choices=MessageCategory.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text (bold, lists and links are kept)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=50_000,
    )
    notice_id = forms.IntegerField(
        label=_("Only to the members of the unions a notice went to (the notice's number)"),
        required=False,
        min_value=1,
        max_value=2**31 - 1,
    )

    def __init__(self, *args, unions=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["union"])
        field.choices = [(u.pk, u.name) for u in unions]


class PreferenceForm(forms.Form):
    receive = forms.MultipleChoiceField(
        label=_("Messages I receive"),
        choices=MessageCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sms = forms.BooleanField(label=_("Also send them to my phone by SMS"), required=False)


class BaseForm(forms.Form):
    union = forms.ChoiceField(label=_("Named by"))
    name = forms.CharField(label=_("Name"), max_length=120)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    lat = forms.FloatField(label=_("Latitude (WGS-84)"))
    lng = forms.FloatField(label=_("Longitude (WGS-84)"))
    named_on = forms.DateField(label=_("Named on"), widget=DateInput())
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, unions=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["union"])
        field.choices = [(u.pk, u.name) for u in unions]
