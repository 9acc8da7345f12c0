"""Needy-worker files, consents, evidence, applications and review chains at /api/v1/aid.

Amounts are integer fen (分). Sensitive details come masked; the reveal endpoints return
one value in full and write a sensitive-read log row.
"""

import io
from datetime import date, datetime
from typing import Annotated, Literal, TypeAlias

from django.http import FileResponse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gonghui.core.api import STAFF, required_text
from gonghui.core.keyset import KeysetPagination
from gonghui.core.money import JSON_WHOLE, Fen, FenOrZero

from . import selectors, services
from .lists import APPLICATIONS, FILES, CauseT, KindT, TierT
from .models import (
    LEVELS,
    CloseReason,
    Condition,
    ConsentMethod,
    DocumentKind,
    Relation,
    SchoolLevel,
)

router = Router(tags=["assistance 帮扶"])

# Built from the model's choices, checked by pydantic at run time; mypy cannot build a
# Literal from a tuple and takes this alias as Any.
LevelT: TypeAlias = Literal[tuple(LEVELS)]  # type: ignore[valid-type]
Text = Annotated[str, Field(max_length=1000)]
Purpose = Annotated[str, required_text(200)]
MASK = "******"


class HouseholdOut(Schema):
    id: int
    name: str
    relation: str
    age: int
    condition: str


class FileOut(Schema):
    id: int
    number: str
    person_id: int
    name: str = Field(alias="person.name")
    id_number: str = Field(alias="person.id_masked")
    union_id: int
    union_name: str = Field(alias="union.name")
    tier: str
    causes: list[str] = Field(alias="cause_list")
    status: str
    opened_on: date
    closed_on: date | None
    close_reason: str
    close_note: str
    last_reviewed_on: date | None
    next_review_due: date
    returned: bool
    previous_id: int | None
    household: list[HouseholdOut]
    income: str = Field(description="masked; see /reveal")
    illness: str = Field(description="masked; see /reveal")
    bank_account: str = Field(alias="bank_masked")
    consent_id: int | None
    note: str

    @staticmethod
    def resolve_household(obj):
        return list(obj.household.all())

    @staticmethod
    def resolve_income(obj):
        return MASK if obj.income_cipher else ""

    @staticmethod
    def resolve_illness(obj):
        return MASK if obj.illness_cipher else ""


class FileIn(Schema):
    membership_id: int
    tier: TierT
    causes: Annotated[list[CauseT], Field(min_length=1)]
    opened_on: date | None = None
    note: Annotated[str, Field(max_length=500)] = ""


class FilePatch(Schema):
    tier: TierT | None = None
    causes: Annotated[list[CauseT], Field(min_length=1)] | None = None
    note: Annotated[str, Field(max_length=500)] | None = None


class HouseholdIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=50)]
    relation: Literal[tuple(Relation.values)]  # type: ignore[valid-type]
    age: Annotated[int, Field(ge=0, le=130), JSON_WHOLE]
    condition: Literal[tuple(Condition.values)]  # type: ignore[valid-type]


class SensitiveIn(Schema):
    income: FenOrZero | None = Field(None, description="per person per month, fen")
    illness: Text | None = None
    bank_account: Annotated[str, Field(max_length=40)] | None = None


class PurposeIn(Schema):
    purpose: Purpose


class RevealIn(PurposeIn):
    field: Literal["income", "illness", "bank_account"]


class ReviewIn(Schema):
    tier: TierT
    note: Annotated[str, Field(max_length=500)] = ""
    reviewed_on: date | None = None


class CloseIn(Schema):
    reason: Literal[tuple(CloseReason.values)]  # type: ignore[valid-type]
    note: Annotated[str, Field(max_length=300)] = ""
    closed_on: date | None = None


@router.get("/aid/files", response=list[FileOut], auth=STAFF)
@paginate(KeysetPagination)
def list_files(request, filters: Query[FILES.api_filters()]):  # type: ignore[valid-type]
    """Files kept in the caller's subtree. `overdue=true`: the yearly review is past due."""
    return FILES.queryset(request.user, filters.dict()).prefetch_related("household")


@router.post("/aid/files", response={201: FileOut})
def open_file(request, payload: FileIn):
    return Status(201, services.file_open(actor=request.user, **payload.dict()))


@router.get("/aid/files/{file_id}", response=FileOut)
def get_file(request, file_id: int):
    return selectors.file_get(actor=request.user, file_id=file_id)


@router.patch("/aid/files/{file_id}", response=FileOut)
def update_file(request, file_id: int, payload: FilePatch):
    return services.file_update(
        actor=request.user, file_id=file_id, **payload.dict(exclude_unset=True)
    )


@router.post("/aid/files/{file_id}/household", response={201: HouseholdOut})
def add_household(request, file_id: int, payload: HouseholdIn):
    return Status(
        201,
        services.household_add(actor=request.user, file_id=file_id, **payload.dict()),
    )


@router.delete("/aid/files/{file_id}/household/{member_id}", response={204: None})
def remove_household(request, file_id: int, member_id: int):
    services.household_remove(actor=request.user, file_id=file_id, member_id=member_id)
    return Status(204, None)


@router.post("/aid/files/{file_id}/sensitive", response=FileOut)
def set_sensitive(request, file_id: int, payload: SensitiveIn):
    """Income, illness, bank account: stored encrypted, only with a consent on record."""
    return services.file_set_sensitive(
        actor=request.user, file_id=file_id, **payload.dict(exclude_unset=True)
    )


@router.post("/aid/files/{file_id}/reveal", response=dict[str, str])
def reveal_file(request, file_id: int, payload: RevealIn):
    """One sensitive value in full. Every call is written to the sensitive-read log."""
    return {"value": services.file_reveal(actor=request.user, file_id=file_id, **payload.dict())}


@router.post("/aid/files/{file_id}/review", response=FileOut)
def review_file(request, file_id: int, payload: ReviewIn):
    services.file_review(actor=request.user, file_id=file_id, **payload.dict())
    return selectors.file_get(actor=request.user, file_id=file_id)


@router.post("/aid/files/{file_id}/close", response=FileOut)
def close_file(request, file_id: int, payload: CloseIn):
    """The family leaves hardship (解困脱困)."""
    return services.file_close(actor=request.user, file_id=file_id, **payload.dict())


class DocumentOut(Schema):
    id: int
    kind: str
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime


@router.post("/aid/files/{file_id}/documents", response={201: DocumentOut})
def upload_file_document(
    request,
    file_id: int,
    kind: Form[Literal[tuple(DocumentKind.values)]],  # type: ignore[valid-type]
    upload: File[UploadedFile],
):
    return Status(
        201,
        services.document_add(actor=request.user, file_id=file_id, kind=kind, upload=upload),
    )


@router.post("/aid/applications/{application_id}/documents", response={201: DocumentOut})
def upload_application_document(
    request,
    application_id: int,
    kind: Form[Literal[tuple(DocumentKind.values)]],  # type: ignore[valid-type]
    upload: File[UploadedFile],
):
    return Status(
        201,
        services.document_add(
            actor=request.user,
            application_id=application_id,
            kind=kind,
            upload=upload,
        ),
    )


@router.get("/aid/documents/{document_id}")
def download_document(request, document_id: int):
    """The document itself; each download is written to the sensitive-read log."""
    document = services.document_open(actor=request.user, document_id=document_id)
    return FileResponse(
        io.BytesIO(services.document_content(document)),
        as_attachment=True,
        filename=document.name,
        content_type=document.content_type,
    )


class ConsentIn(Schema):
    person_id: int
    given_by: Annotated[str, Field(min_length=1, max_length=50)]
    method: Literal[tuple(ConsentMethod.values)] = "paper"  # type: ignore[valid-type]
    relation: Literal[("self", *Relation.values)] = "self"  # type: ignore[valid-type]
    given_at: datetime | None = None


class ConsentOut(Schema):
    id: int
    person_id: int
    purpose: str
    given_by: str
    relation: str
    method: str
    given_at: datetime
    withdrawn_at: datetime | None


@router.post("/aid/consents", response={201: ConsentOut})
def record_consent(request, payload: ConsentIn):
    """A worker's separate consent to process their sensitive data for assistance."""
    return Status(201, services.consent_record(actor=request.user, **payload.dict()))


@router.get("/aid/consents/mine", response=list[ConsentOut])
def my_consents(request):
    return selectors.my_consents(actor=request.user)


@router.post("/aid/consents/{consent_id}/withdraw", response=ConsentOut)
def withdraw_consent(request, consent_id: int):
    """Withdrawn consent: with none left, the sensitive details on file are erased."""
    return services.consent_withdraw(actor=request.user, consent_id=consent_id)


# ---- applications ---------------------------------------------------------------------


class StepOut(Schema):
    order: int
    level: str
    org_id: int
    org_name: str = Field(alias="org.name")
    decision: str
    amount: int | None
    comment: str
    decided_at: datetime | None


class ApplicationOut(Schema):
    id: int
    kind: str
    status: str
    person_id: int
    name: str = Field(alias="person.name")
    union_id: int
    union_name: str = Field(alias="union.name")
    file_id: int | None
    by_cadre: bool
    requested_amount: int
    approved_amount: int | None
    reason: str
    child_name: str
    school_name: str
    school_year: int | None
    school_level: str
    hospital: str
    bills_amount: int | None
    illness: str = Field(description="masked; see /reveal")
    current_step: int
    steps: list[StepOut]
    submitted_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_steps(obj):
        return sorted(obj.steps.all(), key=lambda step: step.order)  # prefetched by lists

    @staticmethod
    def resolve_illness(obj):
        return MASK if obj.illness_cipher else ""


class ApplicationIn(Schema):
    kind: KindT
    requested_amount: Fen
    reason: Annotated[str, Field(min_length=1, max_length=1000)]
    consent: bool = Field(
        False,
        description="the applicant agrees (or, for a cadre: has "
        "signed) to the processing of sensitive data",
    )
    person_id: int | None = Field(None, description="a cadre applying for a member")
    child_name: Annotated[str, Field(max_length=50)] = ""
    school_name: Annotated[str, Field(max_length=100)] = ""
    school_year: Annotated[int, JSON_WHOLE] | None = None
    school_level: Literal[tuple(SchoolLevel.values) + ("",)] = ""  # type: ignore[valid-type]
    hospital: Annotated[str, Field(max_length=100)] = ""
    bills_amount: Fen | None = None
    illness: Text = ""


class DecideIn(Schema):
    step: int
    decision: Literal["approved", "rejected"]
    amount: Fen | None = None
    comment: Annotated[str, Field(max_length=500)] = ""


# Grows with the province: pages by key too (`after`, core.keyset).
@router.get("/aid/applications", response=list[ApplicationOut], auth=STAFF)
@paginate(KeysetPagination)
def list_applications(request, filters: Query[APPLICATIONS.api_filters()]):  # type: ignore[valid-type]
    """Applications in the caller's subtree; `waiting_for_me=true`: at the caller's step."""
    return APPLICATIONS.queryset(request.user, filters.dict())


@router.get("/aid/applications/mine", response=list[ApplicationOut])
def my_applications(request):
    """The caller's own applications and where each stands."""
    return selectors.my_applications(actor=request.user)


@router.post("/aid/applications", response={201: ApplicationOut})
def submit_application(request, payload: ApplicationIn):
    return Status(201, services.application_submit(actor=request.user, **payload.dict()))


@router.get("/aid/applications/{application_id}", response=ApplicationOut)
def get_application(request, application_id: int):
    return selectors.application_get(actor=request.user, application_id=application_id)


@router.post("/aid/applications/{application_id}/decide", response=ApplicationOut)
def decide_application(request, application_id: int, payload: DecideIn):
    """The current step's union approves (with an amount in fen) or rejects (with a reason)."""
    return services.application_decide(
        actor=request.user, application_id=application_id, **payload.dict()
    )


@router.post("/aid/applications/{application_id}/withdraw", response=ApplicationOut)
def withdraw_application(request, application_id: int):
    return services.application_withdraw(actor=request.user, application_id=application_id)


@router.post("/aid/applications/{application_id}/reveal", response=dict[str, str])
def reveal_application(request, application_id: int, payload: PurposeIn):
    """The illness described in a medical-relief application; logged."""
    return {
        "value": services.application_reveal(
            actor=request.user, application_id=application_id, purpose=payload.purpose
        )
    }


class ChainIn(Schema):
    owner_id: int
    kind: KindT
    levels: Annotated[list[LevelT], Field(min_length=1)]


class ChainOut(Schema):
    id: int
    owner_id: int
    owner_name: str = Field(alias="owner.name")
    kind: str
    levels: list[str]


@router.get("/aid/chains", response=list[ChainOut], auth=STAFF)
def list_chains(request):
    return selectors.chain_list(actor=request.user)


@router.put("/aid/chains", response=ChainOut)
def set_chain(request, payload: ChainIn):
    """Which levels review one kind of aid under a federation, from the bottom up."""
    return services.chain_set(actor=request.user, **payload.dict())
