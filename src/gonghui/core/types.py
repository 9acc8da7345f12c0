"""The acting user as core sees it.

Services, selectors and core take `actor: Actor`: the signed-in account (accounts.User)
or, for the public doors, an anonymous one. core may not import accounts
(tests/test_architecture.py), so the account is described here by what core uses of it.
"""

from typing import Any, Protocol


class Actor(Protocol):
    is_active: bool
    is_superuser: bool

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...

    def get_username(self) -> str: ...

    def visible_paths(self) -> list[str]: ...

    def writable_paths(self) -> list[str]: ...
