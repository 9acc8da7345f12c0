"""What the orgs capability writes to the audit, and the error codes it adds to core's.
Its other refusals carry core's `Code.INVALID` (or `NOT_FOUND`) with the field at fault."""

from gonghui.core.audit import AuditAction
from gonghui.core.errors import ErrorCode


class Action(AuditAction):
    CREATE = "create"
    UPDATE = "update"
    MOVE = "move"


class Code(ErrorCode):
    FORBIDDEN = "forbidden"  # core's generic value: the caller may not move their own root
    CYCLE = "cycle"  # a move under the organization itself or one of its members
