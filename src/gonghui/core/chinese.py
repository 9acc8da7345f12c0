"""Chinese text conversion for every output of the platform: one function, one converter.

Simplified is what people type and what the platform writes; the Traditional text of a
document is converted from it here and nowhere else (the annual summary, the meetings
round-up, every Word and spreadsheet output).

The converter is OpenCC's ``s2tw``: the Taiwan-standard characters the Traditional seeds
print (為, 群眾, 裡), not OpenCC's own standard forms (爲, 羣衆, 裏) that ``s2t`` writes.
``s2twp`` also swaps whole words for Taiwan's (支持 → 支援, 项目 → 專案, 联系 → 聯絡), which
changes what a mainland federation said, so it is not used.

OpenCC cuts the text into words before converting, and some of the union's own words are
cut wrongly: 做好困难职工 is read as 做好困 + 难职工, and 好困 ("sleepy") becomes 好睏.
`PHRASES` fixes those: each phrase is converted as written here, the text between the
phrases through OpenCC. Add a phrase when a union word comes out wrong; tests/core/
test_chinese.py holds the seeds' sentences that must come back unchanged.
"""

import re
from functools import cache

# Simplified → Traditional, for the union vocabulary OpenCC's segmentation gets wrong or
# the seeds write another way. Longest phrases win where two start at the same place.
PHRASES: dict[str, str] = {
    # 困 after 好/很/太 is read as 睏 (sleepy): every 困难 is 困難.
    "困难职工": "困難職工",
    "困难群众": "困難群眾",
    "困难家庭": "困難家庭",
    "困难党员": "困難黨員",
    "困难": "困難",
    "帮扶": "幫扶",
    "送温暖": "送溫暖",
    # OpenCC writes 新徵程 (徵 = levy); a journey is 征程.
    "征程": "征程",
    # The seeds write 周年 and 标杆 as 周年 / 標桿 (OpenCC: 週年 / 標杆).
    "周年": "周年",
    "标杆": "標桿",
}

_PHRASE = re.compile("|".join(re.escape(p) for p in sorted(PHRASES, key=len, reverse=True)))


@cache
def _s2tw():
    import opencc

    return opencc.OpenCC("s2tw")


def to_traditional(text: str) -> str:
    """Simplified Chinese `text` in Traditional characters (Taiwan standard, union phrases)."""
    if not text:
        return text
    convert = _s2tw().convert
    parts: list[str] = []
    start = 0
    for match in _PHRASE.finditer(text):
        if match.start() > start:
            parts.append(convert(text[start : match.start()]))
        parts.append(PHRASES[match.group()])
        start = match.end()
    if start < len(text):
        parts.append(convert(text[start:]))
    return "".join(parts)
