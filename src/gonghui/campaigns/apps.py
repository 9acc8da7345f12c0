from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "gonghui.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns and funds")

    def ready(self):
        from . import (
            figures,  # noqa: F401  (registers this capability's statistics)
            todos,  # noqa: F401  (what waits for its users: core.todos)
        )
