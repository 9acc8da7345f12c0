"""What the stations capability writes to the audit, and the codes of its refusals that
callers branch on (a refusal of bad input carries core's `Code.INVALID`)."""

from gonghui.core.audit import AuditAction
from gonghui.core.errors import ErrorCode


class Action(AuditAction):
    CREATE = "create"
    UPDATE = "update"
    POSTER_RENEW = "poster_renew"
    PHOTO_ADD = "photo_add"
    PHOTO_DELETE = "photo_delete"
    IMPORT = "import"
    VISIT = "visit"  # a scan of a poster, by a member or an anonymous worker
    RATE = "rate"
    PROBLEM_REPORT = "problem_report"
    PROBLEM_CLOSE = "problem_close"


class Code(ErrorCode):
    DUPLICATE = "duplicate"  # the union already keeps a position of this name
    OUT_OF_RANGE = "out_of_range"  # a point outside China, or latitude and longitude swapped
    CLOSED = "closed"  # the position has closed, or the problem was closed already
    TOO_MANY = "too_many"  # a visit reported the most problems it may
    BAD_ROWS = "bad_rows"  # an import with rows in error: nothing written
