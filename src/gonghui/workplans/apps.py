from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplansConfig(AppConfig):
    name = "gonghui.workplans"
    label = "workplans"
    verbose_name = _("Work plans")

    def ready(self):
        from . import (
            figures,  # noqa: F401  (registers this capability's statistics)
            summary,  # noqa: F401  (the annual summary's opening: core.writing.opening)
            todos,  # noqa: F401  (what waits for its users: core.todos)
        )
