"""`{% load scope %}` then `{% if user|writes:row.union.path %}`: show an action only to a
user whose role may change records of that organization (leaders and auditors read)."""

from django import template

from gonghui.core.scoping import path_visible

register = template.Library()


@register.filter
def writes(user, path: str) -> bool:
    return bool(path) and path_visible(user, path, write=True)
