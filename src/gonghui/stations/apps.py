from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "gonghui.stations"
    label = "stations"
    verbose_name = _("Service positions")

    def ready(self):
        from . import (
            figures,  # noqa: F401  (registers this capability's statistics)
            todos,  # noqa: F401  (what waits for its users: core.todos)
        )
