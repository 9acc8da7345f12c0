from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.validators import MOBILE, normalize_phone

from .models import Education, PoliticalStatus, WorkKind


class JoinForm(forms.Form):
    name = forms.CharField(label=_("Name (as on the ID card)"), max_length=50)
    id_number = forms.CharField(label=_("Resident ID number"), min_length=18, max_length=18)
    phone = forms.CharField(label=_("Mobile number"), max_length=20)
    work_kind = forms.ChoiceField(label=_("Kind of work"), choices=WorkKind.choices)
    region = forms.CharField(
        label=_("County or district where you work (division code)"), max_length=6, min_length=6
    )
    employer_credit_code = forms.CharField(
        label=_("Employer's credit code (if you have an employer)"), max_length=18, required=False
    )
    employer_name = forms.CharField(label=_("Employer or platform"), max_length=120, required=False)
    education = forms.ChoiceField(
        label=_("Education"), required=False, choices=[("", "—"), *Education.choices]
    )
    political_status = forms.ChoiceField(
        label=_("Political status"), required=False, choices=[("", "—"), *PoliticalStatus.choices]
    )

    def clean_phone(self):
        # As typed on a phone: "139 0000 0002", "139-0000-0002" and "+86 …" are the same.
        phone = normalize_phone(self.cleaned_data["phone"])
        if not MOBILE.match(phone):
            raise forms.ValidationError(_("Enter an 11-digit mobile number."), code="invalid")
        return phone


class AccountForm(forms.Form):
    """A new member also chooses a password, to follow the request and show the card."""

    password = forms.CharField(
        label=_("Choose a password (at least 12 characters)"),
        widget=forms.PasswordInput,
        min_length=12,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
