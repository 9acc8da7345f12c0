"""{% load aidmoney %}: {{ amount|yuan }} shows fen as yuan, 123450 -> 1,234.50."""

from django import template

from gonghui.core.money import yuan as _yuan

register = template.Library()


@register.filter
def yuan(value):
    try:
        return _yuan(int(value)) if value is not None and value != "" else ""
    except (TypeError, ValueError):
        return ""
