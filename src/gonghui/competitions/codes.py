"""What the competitions capability writes to the audit, and the refusals it may answer."""

from gonghui.core.audit import AuditAction
from gonghui.core.errors import ErrorCode


class Action(AuditAction):
    COMPETITION_CREATE = "competition_create"
    COMPETITION_UPDATE = "competition_update"
    LIBRARY_PROPOSE = "library_propose"
    LIBRARY_DECIDE = "library_decide"
    PARTICIPATION_RECORD = "participation_record"
    PARTICIPATION_REMOVE = "participation_remove"
    EVENT_CREATE = "event_create"
    EVENT_UPDATE = "event_update"
    CONTESTANT_ENTER = "contestant_enter"
    CONTESTANT_REVIEW = "contestant_review"
    CONTESTANT_RESULT = "contestant_result"
    TRAINING_RECORD = "training_record"
    TRAINING_REVIEW = "training_review"
    TRAINING_PAID = "training_paid"


class Code(ErrorCode):
    # The person who entered a record may not approve it (maker and checker).
    SAME_PERSON = "competitions_same_person"
    # The record is not at the step this action needs (already decided, not proposed ...).
    WRONG_STEP = "competitions_wrong_step"
    DUPLICATE = "competitions_duplicate"
    PAID = "competitions_paid"  # the subsidy is paid already (once only)
