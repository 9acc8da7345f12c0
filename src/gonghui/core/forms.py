from gonghui.core.errors import ServiceError


def add_service_error(form, exc: ServiceError) -> None:
    """Show a service's refusal on the form field it names, or above the form."""
    for field, messages in (exc.fields or {"__all__": [str(exc.message)]}).items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
