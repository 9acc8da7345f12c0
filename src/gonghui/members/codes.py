"""What the members capability writes to the audit, and the codes of its refusals that
callers branch on (a refusal of bad input carries core's `Code.INVALID`)."""

from gonghui.core.audit import AuditAction
from gonghui.core.errors import ErrorCode


class Action(AuditAction):
    JOIN_SUBMITTED = "join_submitted"
    JOIN_IDENTITY_CONFIRMED = "join_identity_confirmed"  # the applicant is the person on file
    PERSON_UPDATED = "person_updated"  # the applicant's newer details taken into the record
    PERSON_ACCOUNT_LINKED = "person_account_linked"
    JOIN_APPROVED = "join_approved"
    JOIN_REJECTED = "join_rejected"
    MEMBER_LEFT = "member_left"
    TRANSFER_REQUESTED = "transfer_requested"
    TRANSFER_RELEASED = "transfer_released"
    TRANSFER_ACCEPTED = "transfer_accepted"
    TRANSFER_REJECTED = "transfer_rejected"
    MEMBERS_IMPORTED = "members_imported"
    IMPORT_RUN_AGAIN = "import_run_again"  # an interrupted import queued again
    DEMO_MEMBER = "demo_member"
    ID_CONSENT_WITHDRAWN = "id_consent_withdrawn"  # the ID number erased at the worker's word


class Code(ErrorCode):
    INVALID_ID = "invalid_id"  # not a valid resident ID number
    NO_UNION = "no_union"  # no union of the county takes in this kind of work
    DUPLICATE_ID = "duplicate_id"  # the signed-in account belongs to another person's record
    ALREADY_MEMBER = "already_member"  # the person has an active membership
    PENDING = "pending"  # a request with this ID number waits for review
    DECIDED = "decided"  # the request or transfer is no longer waiting for this step
    IDENTITY_UNCHECKED = "identity_unchecked"  # on file: the cadre must confirm identity
    ENDED = "ended"  # the membership is not active
    OPEN_TRANSFER = "open_transfer"  # a transfer of the membership is under way
    WRONG_SIDE = "wrong_side"  # the other union of the transfer does this step
    NOT_RELEASED = "not_released"  # the old union has not released the member yet
    FORBIDDEN = "forbidden"  # core's value: the account may not change member records
    CONSENT_NEEDED = "consent_needed"  # no separate consent to process the ID number
    CONSENT_WITHDRAWN = "consent_withdrawn"  # the consent was withdrawn already
    CONFLICT = "conflict"  # core's value: someone registered these people meanwhile
