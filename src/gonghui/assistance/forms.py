from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import (
    AidKind,
    Cause,
    CloseReason,
    Condition,
    ConsentMethod,
    DocumentKind,
    Relation,
    SchoolLevel,
    Tier,
)

ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class FileOpenForm(forms.Form):
    member = forms.CharField(label=_("Member number or ID number"), max_length=18)
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices)
    causes = forms.MultipleChoiceField(
        label=_("Causes"), choices=Cause.choices, widget=forms.CheckboxSelectMultiple
    )
    opened_on = forms.DateField(
        label=_("Opened on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class HouseholdForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)
    age = forms.IntegerField(label=_("Age"), min_value=0, max_value=130)
    condition = forms.ChoiceField(label=_("Situation"), choices=Condition.choices)


class ConsentForm(forms.Form):
    given_by = forms.CharField(label=_("Consent given by"), max_length=50)
    relation = forms.ChoiceField(
        label=_("Relation to the worker"), choices=[("self", _("the worker")), *Relation.choices]
    )
    method = forms.ChoiceField(label=_("How"), choices=ConsentMethod.choices)


class SensitiveForm(forms.Form):
    income = forms.CharField(
        label=_("Monthly income per person (yuan)"), max_length=20, required=False
    )
    illness = forms.CharField(
        label=_("Illness"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    bank_account = forms.CharField(label=_("Bank account"), max_length=40, required=False)


class ReviewForm(forms.Form):
    tier = forms.ChoiceField(label=_("Tier after the review"), choices=Tier.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason for leaving hardship"), choices=[("", "—"), *CloseReason.choices]
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    upload = forms.FileField(widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limit is the operator's setting (GONGHUI_UPLOAD_MAX_MB), read at each request.
        self.fields["upload"].label = _("File (PDF, JPG or PNG, at most %(limit)s MB)") % {
            "limit": settings.GONGHUI_UPLOAD_MAX_MB
        }


class ApplyForm(forms.Form):
    """A member's application on the phone; a cadre's adds the member field."""

    requested_amount = forms.CharField(label=_("Amount asked (yuan)"), max_length=20)
    reason = forms.CharField(
        label=_("The family's situation and what the aid is for"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    SCHOOL = ["child_name", "school_name", "school_year", "school_level", "admission_proof"]
    MEDICAL = ["hospital", "bills_amount", "illness"]

    def __init__(self, *args, kind: str, for_member: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if for_member:
            self.fields["member"] = forms.CharField(
                label=_("Member number or ID number"), max_length=18
            )
            self.order_fields(["member"])
        if kind == AidKind.SCHOOL:
            self.fields["child_name"] = forms.CharField(label=_("Child's name"), max_length=50)
            self.fields["school_name"] = forms.CharField(label=_("School"), max_length=100)
            self.fields["school_year"] = forms.IntegerField(
                label=_("School year"), min_value=2000, max_value=2100
            )
            self.fields["school_level"] = forms.ChoiceField(
                label=_("Level of school"), choices=SchoolLevel.choices
            )
            self.fields["admission_proof"] = forms.FileField(
                label=_("Admission notice or school certificate (PDF, JPG or PNG)"),
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
            )
        elif kind == AidKind.MEDICAL:
            self.fields["hospital"] = forms.CharField(label=_("Hospital"), max_length=100)
            self.fields["bills_amount"] = forms.CharField(
                label=_("Medical bills (yuan)"), max_length=20
            )
            self.fields["illness"] = forms.CharField(
                label=_("Illness (kept encrypted)"),
                max_length=1000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["consent"] = forms.BooleanField(
            label=_(
                "The worker has signed the consent form for processing sensitive "
                "personal information (income, health) for this aid."
            )
            if for_member
            else _(
                "I agree that the union processes my sensitive personal information (income, "
                "health, bank account) to assess and pay this aid (PIPL art. 29)."
            ),
            required=False,
        )


class DecideForm(forms.Form):
    amount = forms.CharField(label=_("Amount approved (yuan)"), max_length=20, required=False)
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)
