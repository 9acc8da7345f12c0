"""The refusal of a request that clashes with what is already recorded (HTTP 409).

gonghui.core.errors has the code (Code.CONFLICT) but no 409 error yet; when it gains one,
this becomes an import.
"""

from gonghui.core.errors import Code, ErrorCode, ServiceError


class Conflict(ServiceError):
    status = 409

    def __init__(self, message, *, code: ErrorCode = Code.CONFLICT, **kwargs):
        super().__init__(message, code=code, **kwargs)
