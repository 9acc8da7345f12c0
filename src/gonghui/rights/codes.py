"""What the rights capability writes to the audit, and the refusals of its own."""

from gonghui.core.audit import AuditAction
from gonghui.core.errors import ErrorCode


class Action(AuditAction):
    CASE_OPEN = "case_open"
    CASE_ASSIGN = "case_assign"
    CASE_STEP = "case_step"
    CASE_CLOSE = "case_close"
    CASE_WITHDRAW = "case_withdraw"
    LETTER_SEND = "letter_send"
    LETTER_REPLY = "letter_reply"
    LETTER_RECTIFIED = "letter_rectified"
    CONTRACT_CREATE = "contract_create"
    CONTRACT_UPDATE = "contract_update"
    CENTRE_CREATE = "mediation_centre_create"
    MEDIATOR_ADD = "mediator_add"
    MEDIATION_OPEN = "mediation_open"
    MEDIATION_SESSION = "mediation_session"
    MEDIATION_CLOSE = "mediation_close"
    LEGAL_EVENT_CREATE = "legal_event_create"
    # democratic management (职代会、厂务公开)
    DEMOCRACY_SYSTEMS = "democracy_systems"
    CONGRESS_SESSION = "congress_session"
    CONGRESS_HELD = "congress_held"
    RESOLUTION_ADD = "resolution_add"
    RESOLUTION_FOLLOW_UP = "resolution_follow_up"
    OPENNESS_PUBLISH = "openness_publish"
    BOARD_MEMBER_ELECT = "board_member_elect"
    BOARD_MEMBER_LEAVE = "board_member_leave"
    DEMO_UNIT_NAME = "demo_unit_name"
    ASSESSMENT_RECORD = "assessment_record"
    # collective consultation (集体协商、集中要约)
    CONTRACT_FILING = "contract_filing"
    OFFER_CAMPAIGN_CREATE = "offer_campaign_create"
    OFFER_SEND = "offer_send"
    OFFER_ANSWER = "offer_answer"


class Code(ErrorCode):
    CLOSED = "case_closed"  # the case is closed: no step, no second close
    STEP_BACKWARDS = "step_backwards"  # a case moves forward through its steps only
    NOT_HANDLER = "not_handler"  # another handler is assigned to this case
    NOT_MEMBER = "not_member"  # a worker who is no member names the union that should help
    LETTER_ANSWERED = "letter_answered"  # the reply is already on file
    MEDIATION_CLOSED = "mediation_closed"  # the mediation has ended: no session, no second end
    CENTRE_INACTIVE = "centre_inactive"  # a closed centre takes no new mediation
    NOT_REPLIED = "letter_not_replied"  # rectification is recorded after the reply
    # democratic management
    SESSION_HELD = "session_held"  # the session is already recorded as held
    SESSION_DUPLICATE = "session_duplicate"  # that term and session number are on file
    BOARD_MEMBER_LEFT = "board_member_left"  # the member has already left the seat
    TITLE_HELD = "title_held"  # the enterprise already holds that title
    ASSESSED = "assessed"  # the unit is already assessed for that year
    # collective consultation (集体协商、集中要约)
    OFFER_DUPLICATE = "offer_duplicate"  # this enterprise has this campaign's offer already
    CAMPAIGN_DUPLICATE = "offer_campaign_duplicate"  # one 集中要约 campaign a year per union
    OFFER_ANSWERED = "offer_answered"  # the offer's answer is on file
    OFFER_NOT_ACCEPTED = "offer_not_accepted"  # a refused or unanswered offer leads to no contract
    OFFER_USED = "offer_used"  # the offer has its contract already
    ALREADY_RENEWED = "contract_renewed"  # the contract has its renewal already
