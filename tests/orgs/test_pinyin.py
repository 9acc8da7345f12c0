"""Names' pinyin (orgs.models.name_pinyin): one cut of the name for both forms, each word
converted once, gives exactly what pypinyin's lazy_pinyin gives for each form."""

import random

import pytest
from pypinyin import Style, lazy_pinyin

from gonghui.members.demo import GIVEN, SURNAMES
from gonghui.orgs.models import name_pinyin

# Characters read differently alone and in words, compound surnames, place names with
# their own readings (orgs.readings), runs without pinyin, an ideograph outside the BMP.
POLYPHONIC = "行长重乐单解仇区查盖朴覃曾翟缪尉迟万俟都朝藏会传调和率种便血薄给"
SPECIAL = [
    "朝阳区工会",
    "长海县总工会",
    "重庆",
    "单县",
    "乐亭",
    "银行行长",
    "长孙无忌",
    "尉迟恭",
    "万俟",
    "阿卜杜拉·买买提",
    "Zhang San",
    "王ABC小明",
    "李 四",
    "𠮷",
    "〇",
    "吕绿女",
    "沈阳市总工会",
]


def _before(name: str) -> tuple[str, str]:
    """What name_pinyin computed before: two conversions of the whole name."""
    full = "".join(lazy_pinyin(name, errors="default")).lower()
    initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default")).lower()
    return full, initials


def _names(n: int) -> list[str]:
    rng = random.Random(13)
    chars = (
        list(GIVEN) + list(POLYPHONIC) + [chr(rng.randrange(0x4E00, 0x9FA6)) for _ in range(300)]
    )
    names = []
    for _ in range(n):
        given = "".join(rng.choice(chars) for _ in range(rng.choice((1, 2, 3))))
        names.append(rng.choice([*SURNAMES, *POLYPHONIC]) + given)
    return names + SPECIAL


@pytest.mark.one_db
def test_name_pinyin_is_what_lazy_pinyin_gives_for_each_form():
    names = _names(5000)
    assert [name_pinyin(name) for name in names] == [_before(name) for name in names]
    # Twice: the second time from the words kept by the first.
    assert [name_pinyin(name) for name in names] == [_before(name) for name in names]


@pytest.mark.one_db
def test_a_word_of_pypinyin_keeps_its_reading_in_a_name():
    # 朝阳 is read as a place (Cháoyáng), 朝 alone zhāo; 行长 háng zhǎng.
    assert name_pinyin("朝阳区") == ("chaoyangqu", "cyq")
    assert name_pinyin("银行行长") == ("yinhanghangzhang", "yhhz")
    assert name_pinyin("王ABC小明") == ("wangabcxiaoming", "wabcxm")
