"""Chinese text conversion for every output of the platform: one function, one converter.

Simplified is what people type and what the platform writes; the Traditional text of a
document is converted from it here and nowhere else.
"""

from functools import cache


@cache
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    return _s2t().convert(text)
