"""What the workplans capability writes to the audit, and the codes of its refusals that
callers branch on (a refusal of bad input carries core's `Code.INVALID`)."""

from gonghui.core.audit import AuditAction
from gonghui.core.errors import ErrorCode


class Action(AuditAction):
    CREATE = "create"
    UPDATE = "update"
    REPORT = "report"  # a task's first progress report for a period
    UPDATE_REPORT = "update_report"  # a later report replacing it


class Code(ErrorCode):
    DUPLICATE = "duplicate"  # a plan's title in its year, or a task's number in its plan
    FORBIDDEN = "forbidden"  # core's value: terms set by the plan's or the task's side
    CONFLICT = "conflict"  # core's value: the same period reported at the same moment
