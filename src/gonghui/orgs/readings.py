"""Readings of place names for pypinyin, loaded once for every use of it (names sort by
pinyin: orgs.models; English names are written in it: orgs.english)."""

from pypinyin import load_phrases_dict

# Place names whose reading pypinyin's phrase list gets wrong (朝阳 is Cháoyáng, not
# zhāoyáng): names sort by pinyin, so a wrong reading puts a city in the wrong place.
PLACE_READINGS = {
    "朝阳": [["cháo"], ["yáng"]],
    "长海": [["cháng"], ["hǎi"]],
    "长春": [["cháng"], ["chūn"]],
    "长沙": [["cháng"], ["shā"]],
    "长治": [["cháng"], ["zhì"]],
    "重庆": [["chóng"], ["qìng"]],
    "单县": [["shàn"], ["xiàn"]],
    "蚌埠": [["bèng"], ["bù"]],
    "六安": [["lù"], ["ān"]],
    "丽水": [["lí"], ["shuǐ"]],
    "乐亭": [["lào"], ["tíng"]],
}
load_phrases_dict(PLACE_READINGS)
