"""System check: every scoped model is scoped by construction (docs/architecture.md).

A model that declares `scope_path_field` must have a ScopedQuerySet behind its default
manager (so `Model.objects.visible_to(actor)` exists) and every path it names, like its
`scope_owner_field`, must resolve to a field; a typo would otherwise surface as a
FieldError on the first request, or worse, as a filter on the wrong organization.
"""

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldError

from .scoping import ScopedQuerySet


def _lookup_error(model, lookup: str, value) -> str | None:
    try:
        str(model._default_manager.filter(**{lookup: value}).query)
    except (FieldError, ValueError) as exc:
        return str(exc)
    return None


@checks.register(checks.Tags.models)
def check_scoped_models(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    configs = app_configs or apps.get_app_configs()
    for model in (m for config in configs for m in config.get_models()):
        fields = getattr(model, "scope_path_field", None)
        if fields is None:
            continue
        if not isinstance(model._default_manager.all(), ScopedQuerySet):
            errors.append(
                checks.Error(
                    f"{model._meta.label} declares scope_path_field but its default manager "
                    "is not scoped.",
                    hint="Set `objects = ScopedManager()` (gonghui.core.scoping), or build "
                    "its queryset on ScopedQuerySet.",
                    obj=model,
                    id="gonghui.E001",
                )
            )
        paths = [fields] if isinstance(fields, str) else list(fields)
        lookups: list[tuple[str, str | None]] = [(f"{p}__startswith", "") for p in paths]
        owner = getattr(model, "scope_owner_field", None)
        if owner is not None:
            lookups += [(o, None) for o in ([owner] if isinstance(owner, str) else owner)]
        for lookup, value in lookups:
            problem = _lookup_error(model, lookup, value)
            if problem:
                errors.append(
                    checks.Error(
                        f"{model._meta.label}: the scope lookup {lookup!r} does not resolve "
                        f"({problem}).",
                        obj=model,
                        id="gonghui.E002",
                    )
                )
    return errors
