from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.validators import MOBILE, normalize_phone

from . import pickers
from .models import Education, PoliticalStatus, WorkKind
from .pickers import QUERY_MAX
from .services import ID_CONSENT_VERSION


class JoinForm(forms.Form):
    """The join form, for a rider on a phone as much as for an office worker.

    The place and the employer are chosen by name (the pickers fill `region` and
    `employer`, members/static/members/join.js). Without the script, or when the typed text
    is not unique, `clean` resolves what was typed and otherwise offers the candidates
    (`region_choices`, `employer_choices`) to choose from. A 6-digit division code is still
    taken, as imports and the API take it.
    """

    name = forms.CharField(label=_("Name (as on the ID card)"), max_length=50)
    id_number = forms.CharField(label=_("Resident ID number"), min_length=18, max_length=18)
    phone = forms.CharField(label=_("Mobile number"), max_length=20)
    work_kind = forms.ChoiceField(label=_("Kind of work"), choices=WorkKind.choices)
    region_text = forms.CharField(
        label=_("County or district where you work"),
        help_text=_("Type its name or pinyin, e.g. 和平区, heping or hp, and choose it."),
        max_length=QUERY_MAX * 2,
        required=False,
    )
    region = forms.CharField(max_length=6, required=False, widget=forms.HiddenInput)
    employer_text = forms.CharField(
        label=_("Employer or platform"),
        help_text=_("Type its name and choose it from the list, or leave it as typed."),
        max_length=120,
        required=False,
    )
    employer = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    employer_not_on_file = forms.BooleanField(
        label=_("My employer is not in the list"), required=False
    )
    employer_credit_code = forms.CharField(
        label=_("Employer's credit code, if you know it (18 characters)"),
        max_length=18,
        required=False,
    )
    education = forms.ChoiceField(
        label=_("Education"), required=False, choices=[("", "—"), *Education.choices]
    )
    political_status = forms.ChoiceField(
        label=_("Political status"), required=False, choices=[("", "—"), *PoliticalStatus.choices]
    )
    privacy = forms.BooleanField(
        label=_("I have read the privacy notice."),
        error_messages={"required": _("Read the privacy notice and tick the box.")},
    )
    id_consent = forms.BooleanField(
        label=_(
            "I agree, separately, that the union processes my ID number as sensitive "
            "personal information, as explained above."
        ),
        error_messages={
            "required": _(
                "Without this consent the union cannot check who you are and cannot "
                "take your request."
            )
        },
    )
    # The union the applicant was shown (the page's preview, or the confirm step).
    union_seen = forms.IntegerField(required=False, widget=forms.HiddenInput)

    region_choices: list[pickers.Place]
    employer_choices: list

    def clean_phone(self):
        # As typed on a phone: "139 0000 0002", "139-0000-0002" and "+86 …" are the same.
        phone = normalize_phone(self.cleaned_data["phone"])
        if not MOBILE.match(phone):
            raise forms.ValidationError(_("Enter an 11-digit mobile number."), code="invalid")
        return phone

    def clean(self):
        data = super().clean()
        self.region_choices, self.employer_choices = [], []
        self._clean_region(data)
        self._clean_employer(data)
        return data

    def _clean_region(self, data) -> None:
        chosen = pickers.place(data.get("region", ""))
        if chosen is not None and chosen.level == "county":
            data["region_text"] = chosen.label
            return
        typed = data.get("region_text", "") or data.get("region", "")
        if not typed:
            self.add_error("region_text", _("Choose the county or district where you work."))
            return
        found, self.region_choices = pickers.place_resolve(typed)
        if found is not None and found.level == "county":
            data["region"], data["region_text"] = found.code, found.label
        elif self.region_choices:
            self.add_error("region_text", _("Several places have this name: choose yours below."))
        else:
            self.add_error(
                "region_text",
                _(
                    "No county or district has this name. Type its name (和平区), its "
                    "pinyin (heping) or its initials (hp)."
                ),
            )

    def _clean_employer(self, data) -> None:
        typed = data.get("employer_text", "")
        data["employer_name"] = typed
        if data.get("employer") or data.get("employer_credit_code"):
            return  # chosen on the list, or named by its code: the service checks it
        if not typed or data.get("employer_not_on_file"):
            return
        found, self.employer_choices = pickers.enterprise_resolve(
            typed, region=data.get("region", "")
        )
        if found is not None:
            data["employer"], data["employer_text"] = found.pk, found.name
        elif self.employer_choices:
            self.add_error(
                "employer_text",
                _(
                    "Enterprises on file have similar names: choose yours below, or tick "
                    "“My employer is not in the list”."
                ),
            )

    def service_details(self) -> dict:
        """What services.join_submit takes, from the cleaned form."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "id_number": data["id_number"],
            "phone": data["phone"],
            "work_kind": data["work_kind"],
            "region": data["region"],
            "employer_id": data.get("employer"),
            "employer_credit_code": data.get("employer_credit_code", ""),
            "employer_name": data.get("employer_name", ""),
            "education": data.get("education", ""),
            "political_status": data.get("political_status", ""),
            "id_consent": ID_CONSENT_VERSION if data.get("id_consent") else "",
        }


class AccountForm(forms.Form):
    """A new member also chooses a password, to follow the request and show the card."""

    password = forms.CharField(
        label=_("Choose a password (at least 12 characters)"),
        # Kept in the page when it comes back to confirm or correct: the applicant's own
        # page, sent no-store (views.join).
        widget=forms.PasswordInput(render_value=True),
        min_length=12,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
