from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "gonghui.rights"
    label = "rights"
    verbose_name = _("Rights and labour relations")

    def ready(self):
        from . import figures, summary, todos  # noqa: F401  (register figures, sentences, to-dos)
