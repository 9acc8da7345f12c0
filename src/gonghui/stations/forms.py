from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Amenity, Kind, ProblemKind, Status


class StationForm(forms.Form):
    """What a cadre types; the service checks it all (coordinates, hours, scope)."""

    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    union = forms.CharField(label=_("Running union (name or credit code)"), max_length=100)
    address = forms.CharField(label=_("Address"), max_length=200)
    lat = forms.CharField(
        label=_("Latitude (WGS-84, e.g. 41.7968)"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    lng = forms.CharField(
        label=_("Longitude (WGS-84, e.g. 123.4291)"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    region = forms.CharField(
        label=_("Division code (blank: the union's)"), max_length=6, required=False
    )
    hours = forms.CharField(
        label=_("Opening hours (e.g. 周一至周五 08:00-18:00；周六 09:00-12:00)"),
        max_length=300,
        initial="每天 08:00-20:00",
    )
    special_days = forms.CharField(
        label=_("Holidays and special days, one a line (e.g. 2025-10-01 休息 国庆)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    amenities = forms.MultipleChoiceField(
        label=_("Amenities"),
        choices=Amenity.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, initial=Status.OPEN)
    phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ProblemForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is wrong?"), choices=ProblemKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Tell us more (needed for “other”)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
