"""What the activities capability writes to the audit. Its refusals all carry core's
`Code.INVALID` with the field at fault, so it declares no error codes of its own."""

from gonghui.core.audit import AuditAction


class Action(AuditAction):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    PHOTO_ADD = "photo_add"
    PHOTO_DELETE = "photo_delete"
