from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gonghui.core import memberpages
from gonghui.core.memberpages import MemberPage


class AssistanceConfig(AppConfig):
    name = "gonghui.assistance"
    label = "assistance"
    verbose_name = _("Needy-worker assistance")

    def ready(self):
        from . import (
            figures,  # noqa: F401  (registers this capability's statistics)
            todos,  # noqa: F401  (what waits for its users: core.todos)
        )

        memberpages.register(
            MemberPage(
                "assistance.mine",
                _("My aid"),
                "aid-mine",
                10,
                _("Your aid applications and what was decided"),
            )
        )
