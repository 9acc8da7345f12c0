"""What the assistance capability writes to the audit, and the codes of its refusals
that callers branch on (a refusal of bad input carries core's `Code.INVALID`)."""

from gonghui.core.audit import AuditAction
from gonghui.core.errors import ErrorCode


class Action(AuditAction):
    CONSENT_RECORDED = "consent_recorded"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    FILE_OPENED = "file_opened"
    FILE_UPDATED = "file_updated"
    FILE_SENSITIVE_SET = "file_sensitive_set"
    FILE_REVIEWED = "file_reviewed"
    FILE_CLOSED = "file_closed"
    HOUSEHOLD_ADDED = "household_added"
    HOUSEHOLD_REMOVED = "household_removed"
    DOCUMENT_ADDED = "document_added"
    CHAIN_SET = "chain_set"
    APPLICATION_SUBMITTED = "application_submitted"
    APPLICATION_DECIDED = "application_decided"
    APPLICATION_WITHDRAWN = "application_withdrawn"
    NOTICE_POSTED = "notice_posted"  # aid above the threshold shown for public notice
    OBJECTION_FILED = "objection_filed"
    OBJECTION_RESOLVED = "objection_resolved"
    DEMO_FILES = "demo_files"
    DEMO_APPLICATIONS = "demo_applications"


class Code(ErrorCode):
    NO_CONSENT = "no_consent"  # sensitive data, or an application, without consent on record
    WITHDRAWN = "withdrawn"  # the consent was withdrawn already
    FILE_OPEN = "file_open"  # the worker already has an open file
    CLOSED = "closed"  # the file is closed
    NOT_MEMBER = "not_member"  # only members apply for themselves
    OPEN_APPLICATION = "open_application"  # one of this kind is under review already
    DECIDED = "decided"  # the application is no longer under review
    WRONG_STEP = "wrong_step"  # another step is current
    WRONG_LEVEL = "wrong_level"  # the current step belongs to another union
    NO_PROOF = "no_proof"  # a step cannot approve without the documents the kind needs
    OWN_ENTRY = "own_entry"  # the one who entered or last changed it, or decided a step, approves
    ON_NOTICE = "on_notice"  # under public notice, or an objection is not resolved yet
