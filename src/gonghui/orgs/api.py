"""Organizations, enterprises and regions at /api/v1, within the caller's scope."""

from datetime import date
from typing import Annotated, Literal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.core.api import documented_as
from gonghui.core.keyset import KeysetPagination

from . import selectors, services
from .lists import ENTERPRISES, ORGS, IndustryT, OrgKindT, OwnershipT, SizeT

router = Router(tags=["organizations 组织"])


def _region_codes() -> dict:
    from .regions import load_divisions

    return {
        "type": "string",
        "enum": sorted({d.code for d in load_divisions()}),
        "description": "A current division code of GB/T 2260 (行政区划代码), as on file.",
    }


# The codes on file (orgs.regions, loaded into Region): the document lists them, once, as
# the component RegionCode; the service names an unknown one (`region`, 400).
RegionCode = Annotated[
    str, Field(pattern=r"^[0-9]{6}$"), documented_as("RegionCode", _region_codes)
]
CreditCode = Annotated[str, Field(min_length=18, max_length=18)]
Name = Annotated[str, Field(min_length=1, max_length=100)]


NameEn = Annotated[str, Field(max_length=200)]


class OrgOut(Schema):
    id: int
    name: str
    name_en: str
    display_name_en: str
    kind: str
    kind_label: str
    parent_id: int | None
    path: str
    depth: int
    region: str | None = Field(None, alias="region_id")
    credit_code: str | None
    enterprise_id: int | None
    industry: str
    founded_on: date | None
    is_active: bool

    @staticmethod
    def resolve_display_name_en(obj):
        return obj.display_name("en")

    @staticmethod
    def resolve_kind_label(obj):
        return str(obj.get_kind_display())


class OrgIn(Schema):
    name: Name
    name_en: NameEn = ""
    kind: OrgKindT
    parent_id: int
    region: RegionCode | None = None
    credit_code: CreditCode | None = None
    enterprise_id: int | None = None
    industry: IndustryT | Literal[""] = ""
    founded_on: date | None = None


class OrgPatch(Schema):
    name: Name | None = None
    name_en: NameEn | None = None
    region: RegionCode | None = None
    credit_code: CreditCode | None = None
    enterprise_id: int | None = None
    industry: IndustryT | Literal[""] | None = None
    founded_on: date | None = None
    is_active: bool | None = None


class MoveIn(Schema):
    new_parent_id: int


class CountsOut(Schema):
    organization: OrgOut
    counts: dict[str, int]


@router.get("/orgs", response=list[OrgOut])
@paginate(KeysetPagination)  # 200,000 organizations in a province: `after` reaches any depth
def list_orgs(request, filters: Query[ORGS.api_filters()]):  # type: ignore[valid-type]
    return ORGS.queryset(request.user, filters.dict())


@router.post("/orgs", response={201: OrgOut})
def create_org(request, payload: OrgIn):
    return Status(201, services.org_create(actor=request.user, **payload.dict()))


@router.get("/orgs/{org_id}", response=OrgOut)
def get_org(request, org_id: int):
    return selectors.org_get(actor=request.user, org_id=org_id)


@router.get("/orgs/{org_id}/counts", response=CountsOut)
def org_counts(request, org_id: int):
    org = selectors.org_get(actor=request.user, org_id=org_id)
    return {"organization": org, "counts": selectors.subtree_counts(org)}


@router.patch("/orgs/{org_id}", response=OrgOut)
def update_org(request, org_id: int, payload: OrgPatch):
    return services.org_update(
        actor=request.user, org_id=org_id, **payload.dict(exclude_unset=True)
    )


@router.post("/orgs/{org_id}/move", response=OrgOut)
def move_org(request, org_id: int, payload: MoveIn):
    return services.org_move(actor=request.user, org_id=org_id, new_parent_id=payload.new_parent_id)


class EnterpriseOut(Schema):
    id: int
    name: str
    credit_code: str
    industry: str
    ownership: str
    size: str
    employees: int
    region: str = Field(alias="region_id")
    keeper_id: int


class EnterpriseIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=120)]
    credit_code: CreditCode
    industry: IndustryT
    ownership: OwnershipT
    size: SizeT
    employees: Annotated[int, Field(ge=0)] = 0
    region: RegionCode
    keeper_id: int


class EnterprisePatch(Schema):
    name: Annotated[str, Field(min_length=1, max_length=120)] | None = None
    credit_code: CreditCode | None = None
    industry: IndustryT | None = None
    ownership: OwnershipT | None = None
    size: SizeT | None = None
    employees: Annotated[int, Field(ge=0)] | None = None
    region: RegionCode | None = None
    keeper_id: int | None = None


@router.get("/enterprises", response=list[EnterpriseOut])
@paginate(KeysetPagination)
def list_enterprises(request, filters: Query[ENTERPRISES.api_filters()]):  # type: ignore[valid-type]
    return ENTERPRISES.queryset(request.user, filters.dict())


@router.post("/enterprises", response={201: EnterpriseOut})
def create_enterprise(request, payload: EnterpriseIn):
    return Status(201, services.enterprise_create(actor=request.user, **payload.dict()))


@router.get("/enterprises/{enterprise_id}", response=EnterpriseOut)
def get_enterprise(request, enterprise_id: int):
    return selectors.enterprise_get(actor=request.user, enterprise_id=enterprise_id)


@router.patch("/enterprises/{enterprise_id}", response=EnterpriseOut)
def update_enterprise(request, enterprise_id: int, payload: EnterprisePatch):
    return services.enterprise_update(
        actor=request.user,
        enterprise_id=enterprise_id,
        **payload.dict(exclude_unset=True),
    )


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent_id: str | None


class RegionFilter(Schema):
    q: str = ""
    parent: str = ""
    level: Literal["province", "city", "county", ""] = ""


@router.get("/regions", response=list[RegionOut])
@paginate(LimitOffsetPagination)
def list_regions(request, filters: Query[RegionFilter]):
    return selectors.region_list(**filters.dict())
