"""gunicorn's access log without personal data.

Member searches by ID number or phone are GET requests (so that a search can be
bookmarked, paged and exported); their query strings would otherwise put those numbers in
clear into every access log the operator keeps.
"""

import re

from gunicorn.glogging import Logger

from .crypto import mask

# An ID number (17 digits and a check character) or a mainland mobile number, not inside a
# longer run of digits. A phone may be typed with spaces or dashes ("139 0000 0002"),
# which reach the log URL-encoded.
_SEP = r"(?:%20|\+|-|%2D|%2d)?"
_SENSITIVE = re.compile(
    r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|1[3-9][0-9](?:" + _SEP + r"[0-9]){8})(?![0-9])"
)


def mask_sensitive(text: str) -> str:
    """110105199001011234 -> 110***********1234 and 13912345678 -> 139****5678."""
    return _SENSITIVE.sub(lambda m: mask(m[0]), text)


class MaskingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = mask_sensitive(atoms[key])
        return atoms
