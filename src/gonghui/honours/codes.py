"""What the honours capability writes to the audit, and the codes of its refusals that
callers branch on (bad input carries core's `Code.INVALID` with the field at fault)."""

from gonghui.core.audit import AuditAction
from gonghui.core.errors import ErrorCode


class Action(AuditAction):
    SCHEME_CREATED = "honours_scheme_created"
    QUOTA_SET = "honours_quota_set"
    NOMINATED = "honours_nominated"
    STEP_DECIDED = "honours_step_decided"
    NOTICE_STARTED = "honours_notice_started"
    OBJECTION_RECEIVED = "honours_objection_received"
    OBJECTION_RESOLVED = "honours_objection_resolved"
    AWARDED = "honours_awarded"
    WITHDRAWN = "honours_withdrawn"
    WORKER_ADDED = "honours_worker_added"
    WORKER_UPDATED = "honours_worker_updated"
    CONTACT_READ = "honours_contact_read"
    CARE_RECORDED = "honours_care_recorded"
    EVENT_RECORDED = "honours_event_recorded"
    EVENT_DELETED = "honours_event_deleted"
    NOMINATED_FROM_RESULTS = "honours_nominated_from_results"
    CARE_LINKED = "honours_care_linked"


class Code(ErrorCode):
    CLOSED = "scheme_closed"  # the scheme takes no nomination today
    NOT_HERE = "not_under_owner"  # the union is not below the scheme's federation
    NO_QUOTA = "no_quota"  # the scheme gave the union no places
    QUOTA_FULL = "quota_full"  # its places are taken
    OPEN_NOMINATION = "open_nomination"  # the person has an open nomination of the scheme
    WRONG_STATUS = "wrong_status"  # the nomination is not at the stage for this action
    WRONG_LEVEL = "wrong_level"  # another union decides this step
    OWN_ENTRY = "own_entry"  # the one who entered it may not approve it
    NOTICE_RUNNING = "notice_running"  # the public notice has not ended
    OPEN_OBJECTION = "open_objection"  # an objection waits to be resolved
    NOT_WINNER = "not_winner"  # a contest result that took neither first place nor a title
    NOT_HARDSHIP = "not_hardship"  # only hardship help is linked to a needy-worker file
