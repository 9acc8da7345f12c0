"""The forms of the finance pages that record one thing: a payroll declaration, its
correction and an expenditure. Fields check their shape; the services check the rest
and their refusals are shown on the field they name (core.forms.add_service_error)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateInput, YuanField

from .models import Item


class DeclarationForm(forms.Form):
    """工资总额申报: the enterprise's payroll of a month or quarter; the 2 % follows."""

    payer = forms.CharField(
        label=_("Unified social credit code of the enterprise"),
        max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.IntegerField(
        label=_("Month (1–12), or quarter (1–4) for a quarterly payer"),
        min_value=1,
        max_value=12,
    )
    payroll = YuanField(label=_("Payroll of the period, in yuan"))


class CorrectionForm(forms.Form):
    """更正申报: a new payroll for a declared period, with the reason."""

    payroll = YuanField(label=_("Corrected payroll of the period, in yuan"))
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=200,
        widget=forms.TextInput(attrs={"size": 60}),
    )


class ExpenseForm(forms.Form):
    """支出录入: a union's spending against an item of its budget; another approves it."""

    union = forms.TypedChoiceField(label=_("Union"), coerce=int)
    item = forms.ChoiceField(label=_("Budget item"), choices=Item.choices)
    amount = YuanField(label=_("Amount, in yuan"))
    spent_on = forms.DateField(label=_("Spent on"), widget=DateInput())
    memo = forms.CharField(label=_("Purpose of the spending"), max_length=200)
    # One form, one expenditure: sent twice (a double click, a reload), it enters one.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100, required=False)

    def __init__(self, *args, unions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].choices = [("", "—")] + [(o.pk, o.name) for o in unions]  # type: ignore[attr-defined]
