from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = _("Membership")

    def ready(self):
        from . import (
            figures,  # noqa: F401  (registers this capability's statistics)
            receivers,  # noqa: F401  (people's union paths follow a move of the tree)
            tasks,  # noqa: F401  (tells core.jobs what an interrupted import means)
            todos,  # noqa: F401  (what waits for a cadre: core.todos)
        )
