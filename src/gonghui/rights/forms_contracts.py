"""Forms of the collective-consultation pages: campaigns, offers and their answers,
contracts and their filing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateInput

from .forms_relations import UnionForm, _choices
from .models import ContractKind, ContractLevel, Filing, OfferResponse


class CampaignForm(UnionForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=9999)
    title = forms.CharField(
        label=_("Title (empty: the year's 集中要约)"), max_length=100, required=False
    )
    started_on = forms.DateField(label=_("Started on"), widget=DateInput())


class OfferForm(forms.Form):
    campaign = forms.TypedChoiceField(label=_("Campaign"), coerce=int)
    enterprise = forms.TypedChoiceField(label=_("Enterprise"), coerce=int)
    kind = forms.ChoiceField(label=_("Contract offered"), choices=ContractKind.choices)
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput())

    def __init__(self, *args, campaigns=(), enterprises=(), **kwargs):
        super().__init__(*args, **kwargs)
        _choices(
            self.fields["campaign"], [(c.pk, f"{c.title} · {c.union.name}") for c in campaigns]
        )
        _choices(self.fields["enterprise"], [(e.pk, e.name) for e in enterprises])


class AnswerForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Answer"),
        choices=[c for c in OfferResponse.choices if c[0] != OfferResponse.AWAITING],
    )
    note = forms.CharField(
        label=_("What the enterprise answered"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    responded_on = forms.DateField(label=_("Answered on"), widget=DateInput(), required=False)


class ContractForm(UnionForm):
    level = forms.ChoiceField(label=_("Contract level"), choices=ContractLevel.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=ContractKind.choices)
    enterprise = forms.TypedChoiceField(
        label=_("Enterprise (a contract of one enterprise)"), coerce=int, required=False
    )
    employer_party = forms.CharField(
        label=_("Employer side (an industry or regional contract)"),
        max_length=100,
        required=False,
    )
    enterprises_covered = forms.IntegerField(
        label=_("Enterprises covered (an industry or regional contract)"),
        min_value=1,
        required=False,
    )
    title = forms.CharField(label=_("Title"), max_length=100)
    workers_covered = forms.IntegerField(label=_("Workers covered"))
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    effective_on = forms.DateField(
        label=_("Effective from (empty: the day it is signed)"), widget=DateInput(), required=False
    )
    expires_on = forms.DateField(label=_("Expires on"), widget=DateInput())

    def __init__(self, *args, enterprises=(), **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self.fields["enterprise"], [("", "—"), *((e.pk, e.name) for e in enterprises)])


class FilingForm(forms.Form):
    filing = forms.ChoiceField(
        label=_("Filing"), choices=[c for c in Filing.choices if c[0] != Filing.NOT_FILED]
    )
    on = forms.DateField(label=_("Recorded on"), widget=DateInput(), required=False)
