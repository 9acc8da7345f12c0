"""What the employment capability writes to the audit, and the refusals of its own."""

from gonghui.core.audit import AuditAction
from gonghui.core.errors import ErrorCode


class Action(AuditAction):
    EVENT_CREATE = "employment_event_create"
    EVENT_UPDATE = "employment_event_update"
    EXHIBITOR_ADD = "employment_exhibitor_add"
    POST_CREATE = "employment_post_create"
    POST_CLOSE = "employment_post_close"
    SEEKER_CREATE = "employment_seeker_create"
    SEEKER_UPDATE = "employment_seeker_update"
    SEEKER_CONSENT = "employment_seeker_consent"
    SEEKER_WITHDRAW_CONSENT = "employment_seeker_consent_withdrawn"
    CADRE_ASSIGN = "employment_cadre_assign"
    SERVICE_RECORD = "employment_service_record"
    PLACEMENT_RECORD = "employment_placement_record"
    PLACEMENT_CHECK = "employment_placement_check"
    MATCHING_CREATE = "employment_matching_create"
    TRAINING_CREATE = "employment_training_create"
    TRAINEE_ADD = "employment_trainee_add"
    FUND_ALLOT = "employment_fund_allot"
    FUND_PAY = "employment_fund_pay"
    APPLICATION_APPLY = "employment_application_apply"
    APPLICATION_WITHDRAW = "employment_application_withdraw"
    APPLICATION_ADVANCE = "employment_application_advance"


class Code(ErrorCode):
    NO_CONSENT = "no_consent"  # matching or a referral without the seeker's consent
    ALREADY_PLACED = "already_placed"  # a seeker has a placement recorded or confirmed
    SAME_PERSON = "same_person"  # the one who recorded a placement may not confirm it
    CLOSED = "closed"  # a closed post takes no referral or placement
    DUPLICATE = "duplicate"  # an enterprise exhibits once at an event; one application a post
    NO_SEEKER = "no_seeker"  # a worker applies before registering as a seeker


# Ledger kinds of the employment fund (campaigns/ledger.py): the fund a union holds, what
# it paid out of it, and the postings that move it.
FUND_ACCOUNT = "employment_fund"
PAID_ACCOUNT = "employment_paid"
ALLOT_POSTING = "employment_allot"
PAY_POSTING = "employment_pay"
