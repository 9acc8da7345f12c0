"""The header a printed page carries: the reader's organization and the day it was printed
(web/static/gonghui/print.css shows it on paper only)."""

from django import template
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("web/_print_header.html", takes_context=True)
def print_header(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    orgs = []
    if user is not None and user.is_authenticated:
        seen = set()
        for role in user.active_roles:
            if role.organization_id not in seen:
                seen.add(role.organization_id)
                orgs.append(role.organization.name)
    return {"orgs": orgs, "today": timezone.localdate()}
