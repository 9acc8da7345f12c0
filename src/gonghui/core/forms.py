from django import forms

from gonghui.core.errors import ServiceError


def add_service_error(form, exc: ServiceError) -> None:
    """Show a service's refusal on the form field it names, or above the form."""
    for field, messages in (exc.fields or {"__all__": [str(exc.message)]}).items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class DateInput(forms.DateInput):
    """The phone's own date picker; the value as ISO so every browser reads it back."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class OrgReferenceField(forms.CharField):
    """An organization typed as its name, credit code or number; the view resolves it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 100)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "list": "org-suggestions", "autocomplete": "off"}


class YuanField(forms.CharField):
    """Money in yuan as typed (3500, 3,500.50, ¥3500); the view reads it with
    core.money.parse_yuan, whose refusal names the field."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "placeholder": "0.00"}
