"""What the communication capability writes to the audit, and its own refusals."""

from gonghui.core.audit import AuditAction
from gonghui.core.errors import ErrorCode


class Action(AuditAction):
    NOTICE_SEND = "notice_send"
    NOTICE_FORWARD = "notice_forward"
    NOTICE_READ = "notice_read"
    NOTICE_REPORT = "notice_report"
    SURVEY_CREATE = "survey_create"
    SURVEY_OPEN = "survey_open"
    SURVEY_CLOSE = "survey_close"
    NEWS_SUBMIT = "news_submit"
    NEWS_ADOPT = "news_adopt"
    NEWS_REJECT = "news_reject"
    WORKS_CAMPAIGN_CREATE = "works_campaign_create"
    ENTRY_SUBMIT = "entry_submit"
    ENTRY_SELECT = "entry_select"
    MESSAGE_SEND = "message_send"
    MESSAGE_PREFERENCES = "message_preferences"
    BASE_CREATE = "education_base_create"
    BASE_UPDATE = "education_base_update"


class Code(ErrorCode):
    NOT_A_FEDERATION = "not_a_federation"  # only a federation sends notices down
    NO_RECIPIENTS = "no_recipients"
    ALREADY_DONE = "already_done"  # read, reported, answered or decided once already
    CLOSED = "closed"  # the survey does not take answers
    NOT_A_MEMBER = "not_a_member"  # the survey is for members of another subtree
    OWN_ITEM = "own_item"  # the one who submitted may not adopt
