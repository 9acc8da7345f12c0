from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gonghui.core import memberpages
from gonghui.core.memberpages import MemberPage


class EmploymentConfig(AppConfig):
    name = "gonghui.employment"
    label = "employment"
    verbose_name = _("Employment services")

    def ready(self):
        # This capability's statistics, its paragraph of the annual summary, its to-dos.
        from . import figures, summary, todos  # noqa: F401

        memberpages.register(
            MemberPage(
                "employment.mine",
                _("My job search"),
                "employment-mine",
                40,
                _("Job fairs, posts and training for you"),
            )
        )
