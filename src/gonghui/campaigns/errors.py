"""The refusal of a request that clashes with what is already recorded (HTTP 409).

gonghui.core.errors has no Conflict yet; when it gains one, this becomes an import.
"""

from gonghui.core.errors import ServiceError


class Conflict(ServiceError):
    status = 409

    def __init__(self, message, *, code: str = "conflict", **kwargs):
        super().__init__(message, code=code, **kwargs)
