"""What the outreach capability writes to the audit, and the refusals of its own."""

from gonghui.core.audit import AuditAction
from gonghui.core.errors import ErrorCode


class Action(AuditAction):
    GROUP_CREATE = "group_create"
    GROUP_UPDATE = "group_update"
    CADRE_ADD = "cadre_add"
    CADRE_REMOVE = "cadre_remove"
    INTERVIEW_ADD = "interview_add"
    UNION_CREDIT = "union_credit"
    MEMBER_CREDIT = "member_credit"
    VISIT_CREATE = "visit_create"
    VISIT_UPDATE = "visit_update"
    GRANT_MAKE = "grant_make"
    PROBLEM_ADD = "problem_add"
    PROBLEM_SOLVE = "problem_solve"
    PAIRING_CREATE = "pairing_create"
    CONTACT_ADD = "contact_add"
    SCHEME_CREATE = "scheme_create"
    ASSESSMENT_SAVE = "assessment_save"
    ASSESSMENT_SUBMIT = "assessment_submit"
    ASSESSMENT_CITY_REVIEW = "assessment_city_review"
    ASSESSMENT_FINAL_REVIEW = "assessment_final_review"
    COURSE_CREATE = "course_create"
    TRAINEE_ADD = "trainee_add"


class Code(ErrorCode):
    ALREADY_CREDITED = "already_credited"  # the union or membership is another group's result
    OUTSIDE_PLACE = "outside_place"  # the result lies outside the group's place or period
    WRONG_STEP = "wrong_step"  # the assessment is not at the step this action is for
    SAME_PERSON = "same_person"  # the one who entered it may not review it
    NOT_REVIEWER = "not_reviewer"  # this user's union is not the one that reviews this step
    OTHER_UNION = "other_union"  # a grant's pairing or group is of another union
