"""The organizations and enterprises lists, as the pages, the API and the exports show
them (core.lists)."""

from typing import Annotated, Literal, TypeAlias

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from ninja import Field, Schema

from gonghui.core.lists import Column, ListSpec, Sort

from . import selectors
from .models import Industry, OrgKind, Ownership, Size

# Built from the model's choices, checked by pydantic at run time; mypy cannot build a
# Literal from a tuple and takes these aliases as Any.
OrgKindT: TypeAlias = Literal[tuple(OrgKind.values)]  # type: ignore[valid-type]
IndustryT: TypeAlias = Literal[tuple(Industry.values)]  # type: ignore[valid-type]
OwnershipT: TypeAlias = Literal[tuple(Ownership.values)]  # type: ignore[valid-type]
SizeT: TypeAlias = Literal[tuple(Size.values)]  # type: ignore[valid-type]


class OrgFilter(Schema):
    q: str = ""
    kind: OrgKindT | Literal[""] = ""
    parent_id: int | None = None
    under_id: int | None = None
    active: bool | None = None


class EnterpriseFilter(Schema):
    q: str = ""
    industry: IndustryT | Literal[""] = ""
    ownership: OwnershipT | Literal[""] = ""
    size: SizeT | Literal[""] = ""
    region: Annotated[str, Field(pattern=r"^(\d{6})?$")] = ""
    keeper_id: int | None = None


ORGS = ListSpec(
    name="organizations",
    filters=OrgFilter,
    rows=selectors.org_list,
    aliases={"under": "under_id"},
    # The official order's index holds the path: a city's first page walks the index past
    # the cities before it without reading their rows (bench/RESULTS.md, "/orgs/ by key").
    ids_first=True,
    sorts={
        # "path" (the old key) is the official order: by division code, then level, pinyin;
        # stored as sort_key, it pages by key (models.official_sort_key)
        "path": Sort(gettext_lazy("division code order"), selectors.OFFICIAL_ORDER),
        "name": Sort(gettext_lazy("name (pinyin)"), ("name_pinyin", "id")),
        "-name": Sort(gettext_lazy("name, descending"), ("-name_pinyin", "id")),
        "kind": Sort(gettext_lazy("kind"), ("kind", "id")),
        "-kind": Sort(gettext_lazy("kind, descending"), ("-kind", "id")),
        "created": Sort(gettext_lazy("oldest first"), ("created_at", "id")),
        "-created": Sort(gettext_lazy("newest first"), ("-created_at", "id")),
    },
    columns=(
        Column(gettext_lazy("ID"), lambda o: o.pk, on_page=False),
        Column(
            gettext_lazy("name"),
            lambda o: o.name,
            link=lambda o: reverse("org-detail", args=[o.pk]),
        ),
        Column(gettext_lazy("kind"), lambda o: o.get_kind_display()),
        Column(pgettext_lazy("organization", "parent"), lambda o: o.shown_parent, narrow=True),
        Column(gettext_lazy("division code"), lambda o: o.region_id, on_page=False),
        Column(gettext_lazy("union credit code"), lambda o: o.credit_code, narrow=True),
        Column(gettext_lazy("founded on"), lambda o: o.founded_on, on_page=False),
        Column(
            pgettext_lazy("in use", "active"),
            lambda o: _("yes") if o.is_active else _("no"),
            on_page=False,
        ),
    ),
)

ENTERPRISES = ListSpec(
    name="enterprises",
    filters=EnterpriseFilter,
    rows=selectors.enterprise_list,
    aliases={"keeper": "keeper_id"},
    # The keeper's path rides in the name's index: a county's page by name walks it past
    # the other counties' enterprises without reading their rows (Enterprise.keeper_path).
    ids_first=True,
    sorts={
        "name": Sort(gettext_lazy("name (pinyin)"), ("name_pinyin", "id")),
        "-name": Sort(gettext_lazy("name, descending"), ("-name_pinyin", "id")),
        "-employees": Sort(gettext_lazy("most employees"), ("-employees", "-id")),
        "employees": Sort(gettext_lazy("fewest employees"), ("employees", "id")),
        "-created": Sort(gettext_lazy("newest first"), ("-created_at", "id")),
        "created": Sort(gettext_lazy("oldest first"), ("created_at", "id")),
    },
    columns=(
        Column(gettext_lazy("ID"), lambda e: e.pk, on_page=False),
        Column(gettext_lazy("name"), lambda e: e.name),
        Column(gettext_lazy("credit code"), lambda e: e.credit_code, narrow=True),
        Column(gettext_lazy("industry"), lambda e: e.get_industry_display()),
        Column(gettext_lazy("ownership"), lambda e: e.get_ownership_display(), on_page=False),
        Column(gettext_lazy("size"), lambda e: e.get_size_display(), on_page=False),
        Column(gettext_lazy("employees"), lambda e: e.employees, narrow=True),
        Column(gettext_lazy("division code"), lambda e: e.region_id, on_page=False),
        Column(
            gettext_lazy("keeping union"),
            lambda e: e.keeper.name,
            link=lambda e: reverse("org-detail", args=[e.keeper_id]),
            narrow=True,
        ),
    ),
)
