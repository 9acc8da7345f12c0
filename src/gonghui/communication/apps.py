from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gonghui.core import memberpages
from gonghui.core.memberpages import MemberPage


class CommunicationConfig(AppConfig):
    name = "gonghui.communication"
    label = "communication"
    verbose_name = _("Reaching people")

    def ready(self):
        from gonghui.stations import layers

        from . import figures, selectors, summary, tasks, todos  # noqa: F401

        # Education bases on the staff map, beside the service positions (stations/layers.py).
        layers.register(
            layers.MapLayer(
                "bases", _("education bases"), "#6f42c1", selectors.base_map_points, "base-detail"
            )
        )
        memberpages.register(
            MemberPage(
                "communication.messages",
                _("My messages"),
                "my-messages",
                5,
                _("Messages from your union; choose what you receive"),
            )
        )

        memberpages.register(
            MemberPage(
                "communication.surveys",
                _("Surveys for you"),
                "my-surveys",
                80,
                _("Surveys and polls you can answer"),
            )
        )
        memberpages.register(
            MemberPage(
                "communication.works",
                _("Reading and essays"),
                "my-works",
                90,
                _("Reading campaigns and essay contests: enter and vote"),
            )
        )
