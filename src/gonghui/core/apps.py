from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # checks: registers the scoped-model check. api: bounds the list APIs' paging
        # input before any router module is imported (a route takes its input class when
        # it is declared, and a test may import a capability's views before the URLconf).
        from . import (
            api,  # noqa: F401
            checks,  # noqa: F401
        )
