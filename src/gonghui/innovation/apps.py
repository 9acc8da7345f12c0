from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gonghui.core import memberpages
from gonghui.core.memberpages import MemberPage


class InnovationConfig(AppConfig):
    name = "gonghui.innovation"
    label = "innovation"
    verbose_name = _("Mass innovation")

    def ready(self):
        from . import figures, summary  # noqa: F401  (statistics and summary sentences)

        memberpages.register(
            MemberPage(
                "innovation.mine",
                _("My proposals"),
                "innovation-mine",
                60,
                _("Your rationalisation proposals and innovations"),
            )
        )
