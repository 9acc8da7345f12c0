"""The campaigns list, as the page, the API and the export show it (core.lists)."""

from typing import Literal, TypeAlias

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from gonghui.core.lists import Column, ListSpec, Sort
from gonghui.core.money import yuan

from . import selectors
from .models import CampaignKind, CampaignStatus

# Built from the model's choices, checked by pydantic at run time; mypy cannot build a
# Literal from a tuple and takes these aliases as Any.
KindT: TypeAlias = Literal[tuple(CampaignKind.values)]  # type: ignore[valid-type]
StatusT: TypeAlias = Literal[tuple(CampaignStatus.values)]  # type: ignore[valid-type]


class CampaignFilter(Schema):
    q: str = ""
    kind: KindT | Literal[""] = ""
    status: StatusT | Literal[""] = ""
    year: int | None = Field(None, ge=selectors.YEAR_MIN, le=selectors.YEAR_MAX)


CAMPAIGNS = ListSpec(
    name="campaigns",
    filters=CampaignFilter,
    rows=selectors.campaign_list,
    sorts={
        "-starts": Sort(_("newest first"), ("-starts_on", "-id")),
        "starts": Sort(_("oldest first"), ("starts_on", "-id")),
        "name": Sort(_("name"), ("name", "-id")),
        "-budget": Sort(_("largest budget first"), ("-budget", "-id")),
        "budget": Sort(_("smallest budget first"), ("budget", "-id")),
    },
    columns=(
        Column(_("ID"), lambda c: c.pk, on_page=False),
        Column(_("name"), lambda c: c.name, link=lambda c: reverse("campaign-detail", args=[c.pk])),
        Column(_("kind"), lambda c: c.get_kind_display()),
        Column(_("owning federation"), lambda c: c.owner.name),
        Column(_("starts on"), lambda c: c.starts_on),
        Column(_("ends on"), lambda c: c.ends_on, narrow=True),
        Column(_("budget (yuan)"), lambda c: yuan(c.budget)),
        Column(_("status"), lambda c: c.get_status_display()),
    ),
)
