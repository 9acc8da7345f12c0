from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateInput, OrgReferenceField

from . import roundup, services
from .models import Kind, Lead


class ActivityForm(forms.Form):
    union = OrgReferenceField(label=_("Union that held it (name, credit code or number)"))
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(
        label=_(
            "Name of the meeting, e.g. 党组2024年第25次（扩大）会议 (empty: the usual name "
            "of its kind)"
        ),
        max_length=100,
        required=False,
    )
    topic = forms.CharField(
        label=_("What it did, e.g. 传达学习贯彻……精神"), max_length=300, required=False
    )
    title_en = forms.CharField(
        label=_("Name of the meeting in English (for English documents)"),
        max_length=200,
        required=False,
    )
    topic_en = forms.CharField(
        label=_("What it did, in English (for English documents)"),
        max_length=500,
        required=False,
    )
    attendance = forms.IntegerField(
        label=_("Attendance"), min_value=0, max_value=services.MAX_ATTENDANCE, required=False
    )


class PointForm(forms.Form):
    lead = forms.ChoiceField(label=_("How it was put"), choices=Lead.choices)
    text = forms.CharField(
        label=_("Text"),
        max_length=services.MAX_POINT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


PointFormSet = forms.formset_factory(
    PointForm, extra=0, max_num=services.MAX_POINTS, validate_max=True
)


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("Photo (JPEG or PNG, at most 5 MB)"))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


LEVELS = [(1, _("its direct lower unions")), (2, _("two levels down")), (0, _("every level below"))]


class RoundUpForm(forms.Form):
    org = OrgReferenceField(label=_("Federation (name, credit code or number)"))
    date_from = forms.DateField(label=_("From"), widget=DateInput())
    date_to = forms.DateField(label=_("To"), widget=DateInput())
    levels = forms.TypedChoiceField(label=_("Meetings of"), choices=LEVELS, coerce=int, initial=1)
    include_own = forms.BooleanField(label=_("and its own meetings"), required=False)
    kinds = forms.MultipleChoiceField(
        label=_("Kinds (none chosen: all)"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    theme = forms.CharField(
        label=_("Common theme, e.g. 传达学习党的二十届三中全会精神"), max_length=300, required=False
    )
    title = forms.CharField(
        label=_("Title (empty: written from the theme)"), max_length=100, required=False
    )
    lang = forms.ChoiceField(
        label=_("Language"), choices=list(roundup.LANGUAGES.items()), initial="zh-hans"
    )
