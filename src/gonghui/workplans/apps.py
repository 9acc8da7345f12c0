from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplansConfig(AppConfig):
    name = "gonghui.workplans"
    label = "workplans"
    verbose_name = _("Work plans")

    def ready(self):
        from . import (
            figures,  # noqa: F401  (registers this capability's statistics)
            todos,  # noqa: F401  (what waits for its users: core.todos)
        )
