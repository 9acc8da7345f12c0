"""What the innovation capability writes to the audit, and the refusals it may answer."""

from gonghui.core.audit import AuditAction
from gonghui.core.errors import ErrorCode


class Action(AuditAction):
    COVERAGE_RECORD = "coverage_record"
    PAIR_RECORD = "pair_record"
    RESULT_SUBMIT = "result_submit"
    RESULT_REVIEW = "result_review"
    RESULT_IN_USE = "result_in_use"
    STUDIO_APPLY = "studio_apply"
    STUDIO_STEP = "studio_step"
    STUDIO_MEMBER_ADD = "studio_member_add"
    STUDIO_MEMBER_REMOVE = "studio_member_remove"
    STUDIO_ALLIANCE = "studio_alliance"
    STUDIO_ASSESS = "studio_assess"
    STUDIO_REVOKE = "studio_revoke"  # two years 不合格 in a row


class Code(ErrorCode):
    SAME_PERSON = "innovation_same_person"  # who entered a record may not approve it
    WRONG_STEP = "innovation_wrong_step"  # not at the step this action needs
    NOT_NAMING = "innovation_not_naming"  # only the naming federation's staff assess
    ASSESSED = "innovation_assessed"  # the studio is already assessed for this year
