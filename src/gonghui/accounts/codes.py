"""What the accounts capability writes to the audit, and the codes of its refusals that
callers branch on (a refusal of bad input carries core's `Code.INVALID`)."""

from gonghui.core.audit import AuditAction
from gonghui.core.errors import ErrorCode


class Action(AuditAction):
    LOGIN = "login"
    LOGOUT = "logout"
    LOGIN_FAILED = "login_failed"  # a wrong password or second-factor code
    LOGIN_THROTTLED = "login_throttled"  # a try before the account's wait was over
    LOGIN_UNLOCKED = "login_unlocked"  # failures before this row no longer count
    TOTP_ENROLLED = "totp_enrolled"
    TOTP_RESET = "totp_reset"
    ACCOUNT_CREATED = "account_created"
    USER_DISABLED = "user_disabled"
    USER_ENABLED = "user_enabled"
    ROLE_GRANTED = "role_granted"
    ROLE_REVOKED = "role_revoked"
    TOKEN_CREATED = "token_created"
    TOKEN_REVOKED = "token_revoked"


class Code(ErrorCode):
    BAD_LOGIN = "bad_login"  # wrong user name, phone number or password
    BAD_CODE = "bad_code"  # a second-factor code that does not match or was used
    EXISTS = "exists"  # the user name or the mobile number has an account already
    NOT_FOUND = "not_found"  # core's value: a user or organization outside the subtree
