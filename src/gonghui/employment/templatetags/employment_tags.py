from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """{{ params|get:name }}: a filter value by its name."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def yuan(fen):
    from gonghui.core.money import yuan as to_yuan

    return to_yuan(fen)
