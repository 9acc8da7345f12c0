"""The complexity rule an MLPS level-3 assessment may ask for (GONGHUI_PASSWORD_COMPLEXITY)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASSES = [r"[a-z]", r"[A-Z]", r"\d", r"[^a-zA-Z\d]"]


class CharacterClassValidator:
    """At least three of: lower case, upper case, digits, other characters."""

    def validate(self, password, user=None):
        if sum(bool(re.search(c, password)) for c in CLASSES) < 3:
            raise ValidationError(
                _(
                    "Use at least three of: lower-case letters, capital letters, digits and "
                    "other characters."
                ),
                code="password_classes",
            )

    def get_help_text(self):
        return _(
            "Use at least three of: lower-case letters, capital letters, digits and "
            "other characters."
        )
