"""Members, join requests, transfers and card checks at /api/v1."""

from datetime import date
from typing import Annotated, Literal, TypeAlias

from ninja import Body, Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.core import throttle
from gonghui.core.api import STAFF, required_text
from gonghui.core.keyset import KeysetPagination

from . import selectors, services
from .lists import MEMBERS, WorkKindT
from .models import Education, PoliticalStatus

router = Router(tags=["members 会员"])

# Built from the model's choices, checked by pydantic at run time; mypy cannot build a
# Literal from a tuple and takes these aliases as Any.
EducationT: TypeAlias = Literal[tuple(Education.values)]  # type: ignore[valid-type]
PoliticalT: TypeAlias = Literal[tuple(PoliticalStatus.values)]  # type: ignore[valid-type]
Reason = Annotated[str, Field(min_length=1, max_length=300)]


class MemberOut(Schema):
    id: int
    number: str
    person_id: int
    name: str = Field(alias="person.name")
    gender: str = Field(alias="person.gender")
    id_number: str = Field(alias="person.id_masked")
    work_kind: str = Field(alias="person.work_kind")
    employer: str = Field(alias="person.employer_name")
    union_id: int
    union_name: str = Field(alias="union.name")
    status: str
    joined_on: date
    started_on: date
    ended_on: date | None


# The columns MemberOut reads, and only those: a page of 50 neither fetches nor builds
# the encrypted ID numbers and phones, nor the union's other columns (issue 13 item 5).
MEMBER_OUT_COLUMNS = (
    "number",
    "person_id",
    "union_id",
    "status",
    "joined_on",
    "started_on",
    "ended_on",
    "person__name",
    "person__gender",
    "person__id_last4",
    "person__work_kind",
    "person__employer_name",
    "union__name",
)


class LeaveIn(Schema):
    reason: Reason
    on: date | None = None


class RevealIn(Schema):
    field: Literal["id_number", "phone"]
    purpose: Annotated[str, required_text(300)]


@router.get("/members", response=list[MemberOut], auth=STAFF)
@paginate(KeysetPagination)
def list_members(request, filters: Query[MEMBERS.api_filters()]):  # type: ignore[valid-type]
    return MEMBERS.queryset(request.user, filters.dict()).only(*MEMBER_OUT_COLUMNS)


@router.get("/members/mine", response=list[MemberOut])
def my_memberships(request):
    """A member's own memberships, current and past."""
    return selectors.my_memberships(actor=request.user)


@router.get("/members/{membership_id}", response=MemberOut)
def get_member(request, membership_id: int):
    return selectors.member_get(actor=request.user, membership_id=membership_id)


@router.post("/members/{membership_id}/leave", response=MemberOut)
def leave(request, membership_id: int, payload: LeaveIn):
    return services.membership_leave(
        actor=request.user, membership_id=membership_id, **payload.dict()
    )


@router.post("/people/{person_id}/reveal", response=dict[str, str])
def reveal(request, person_id: int, payload: RevealIn):
    """The full ID number or phone. Every call is written to the sensitive-read log."""
    return {
        "value": services.person_reveal(actor=request.user, person_id=person_id, **payload.dict())
    }


class JoinIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=50)]
    id_number: Annotated[str, Field(min_length=18, max_length=18)]
    phone: Annotated[str, Field(pattern=r"^1[3-9]\d{9}$")]
    region: Annotated[str, Field(pattern=r"^\d{6}$")]
    # The version of the consent text to process the ID number the applicant agreed to,
    # separately (services.ID_CONSENT_VERSION); the request is refused without it.
    id_consent: Annotated[str, Field(max_length=20)]
    work_kind: WorkKindT = "regular"
    employer_id: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None
    employer_credit_code: Annotated[str, Field(max_length=18)] = ""
    employer_name: Annotated[str, Field(max_length=120)] = ""
    education: EducationT | Literal[""] = ""
    political_status: PoliticalT | Literal[""] = ""


class JoinOut(Schema):
    id: int
    status: str
    union_id: int
    union_name: str = Field(alias="union.name")
    name: str
    id_number: str = Field(alias="id_masked")
    work_kind: str
    employer: str = Field(alias="employer_name")
    submitted_at: str
    waiting_days: int
    reason: str
    membership_number: str | None = Field(None, alias="membership.number")

    @staticmethod
    def resolve_submitted_at(obj):
        return obj.submitted_at.isoformat()

    @staticmethod
    def resolve_waiting_days(obj):
        return selectors.waiting_days(obj)


class JoinReviewOut(JoinOut):
    """What the reviewing cadre sees: whether the ID number is already on file, and where
    the applicant's details differ from that record."""

    on_file: bool
    differences: list[dict[str, str]]

    @staticmethod
    def resolve_on_file(obj):
        return obj.person_id is not None

    @staticmethod
    def resolve_differences(obj):
        return services.join_differences(obj)


class ApproveIn(Schema):
    # Required when the ID number is already on file: the cadre has compared the
    # applicant's ID card with the record.
    identity_checked: bool = False
    update_record: bool = False


class JoinFilter(Schema):
    status: Literal["pending", "approved", "rejected", ""] = "pending"
    union_id: int | None = None


class RejectIn(Schema):
    reason: Reason


@router.post("/join-requests", response={201: JoinOut})
def submit_join(request, payload: JoinIn):
    throttle.hit("join")  # per client address: 429 over the limit, nothing written
    return Status(201, services.join_submit(actor=request.user, **payload.dict()))


@router.get("/join-requests", response=list[JoinReviewOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_join_requests(request, filters: Query[JoinFilter]):
    return selectors.join_request_list(actor=request.user, **filters.dict())


@router.get("/join-requests/mine", response=list[JoinOut])
def my_join_requests(request):
    return selectors.my_join_requests(actor=request.user)


class BatchIn(Schema):
    join_ids: list[int] = Field(min_length=1, max_length=services.MAX_BATCH)
    decision: Literal["approve", "reject"]
    reason: Annotated[str, Field(max_length=300)] = ""  # required to reject


class BatchOut(Schema):
    decided: list[int]
    memberships: dict[int, str]  # request id -> new member number
    refused: dict[int, str]  # request id -> why it was left waiting


@router.post("/join-requests/batch", response=BatchOut, auth=STAFF)
def decide_join_batch(request, payload: BatchIn):
    """Approve several requests, or reject them with one reason; each request that cannot
    be decided is left waiting and named with its reason."""
    return services.join_decide_batch(actor=request.user, **payload.dict())


@router.post("/join-requests/{join_id}/approve", response=MemberOut)
def approve_join(request, join_id: int, payload: Body[ApproveIn | None] = None):
    return services.join_approve(
        actor=request.user, join_id=join_id, **(payload.dict() if payload else {})
    )


@router.post("/join-requests/{join_id}/reject", response=JoinOut)
def reject_join(request, join_id: int, payload: RejectIn):
    return services.join_reject(actor=request.user, join_id=join_id, reason=payload.reason)


class TransferIn(Schema):
    membership_id: int
    to_union_id: int
    reason: Annotated[str, Field(max_length=300)] = ""


class TransferOut(Schema):
    id: int
    status: str
    membership_id: int
    name: str = Field(alias="membership.person.name")
    from_union_id: int
    from_union_name: str = Field(alias="from_union.name")
    to_union_id: int
    to_union_name: str = Field(alias="to_union.name")
    reason: str


@router.post("/transfers", response={201: TransferOut})
def request_transfer(request, payload: TransferIn):
    return Status(201, services.transfer_request(actor=request.user, **payload.dict()))


@router.get("/transfers", response=list[TransferOut], auth=STAFF)
@paginate(LimitOffsetPagination)
def list_transfers(
    request, status: Literal["requested", "released", "accepted", "rejected", ""] = ""
):
    return selectors.transfer_list(actor=request.user, status=status)


@router.post("/transfers/{transfer_id}/release", response=TransferOut)
def release_transfer(request, transfer_id: int):
    return services.transfer_release(actor=request.user, transfer_id=transfer_id)


@router.post("/transfers/{transfer_id}/accept", response=MemberOut)
def accept_transfer(request, transfer_id: int):
    return services.transfer_accept(actor=request.user, transfer_id=transfer_id)


@router.post("/transfers/{transfer_id}/reject", response=TransferOut)
def reject_transfer(request, transfer_id: int, payload: RejectIn):
    return services.transfer_reject(
        actor=request.user, transfer_id=transfer_id, reason=payload.reason
    )


class CardCheckOut(Schema):
    valid: bool
    # valid, expired (a code older than a year: the member opens their card page for a new
    # one), ended (the membership is over) or invalid (damaged or forged)
    state: services.CardState
    union_name: str | None = None
    member_since: date | None = None
    expires_on: date | None = None


@router.get("/cards/verify", response=CardCheckOut, auth=None)
def verify_card(request, token: Annotated[str, Field(max_length=500)]):
    """Public: is this member card valid, and which union issued it. No personal data;
    a card that is not valid says only why."""
    check = services.card_check(token)
    if check.membership is None:
        return {"valid": False, "state": check.state}
    return {
        "valid": True,
        "state": check.state,
        "union_name": check.membership.union.name,
        "member_since": check.membership.joined_on,
        "expires_on": check.expires_on,
    }
