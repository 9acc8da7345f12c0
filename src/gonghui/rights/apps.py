from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gonghui.core import memberpages
from gonghui.core.memberpages import MemberPage


class RightsConfig(AppConfig):
    name = "gonghui.rights"
    label = "rights"
    verbose_name = _("Rights and labour relations")

    def ready(self):
        from . import figures, summary, todos  # noqa: F401  (register figures, sentences, to-dos)

        memberpages.register(
            MemberPage(
                "rights.mine",
                _("My rights cases"),
                "rights-mine",
                20,
                _("Ask the union for help at work and follow your case"),
            )
        )
