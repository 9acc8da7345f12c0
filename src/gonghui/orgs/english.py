"""An organization's English name, derived by rule when none was entered.

Federations name themselves in English after one pattern, which the rule follows:

    中华全国总工会    All-China Federation of Trade Unions
    辽宁省总工会      Liaoning Provincial Federation of Trade Unions
    沈阳市总工会      Shenyang Federation of Trade Unions
    和平区总工会      Heping District Federation of Trade Unions
    宽甸满族自治县总工会  Kuandian Manchu Autonomous County Federation of Trade Unions
    南湖街道工会      Nanhu Subdistrict Trade Union
    沈阳市教育工会    Shenyang Education Trade Union
    和平区快递行业联合工会  Heping District Express Industry Joint Trade Union
    沈阳和晨精密机械有限公司工会委员会
                      Trade Union Committee of Shenyang Hechen Precision Machinery Co., Ltd.

Place names are written in pinyin without tones (the readings of orgs.readings
apply); words of a company's trade are translated from GLOSSARY; what is neither is
written in pinyin, two syllables a word (a trade name, 字号, has two characters). An
English name entered by people (Organization.name_en) always wins over this rule.
"""

import re

from pypinyin import lazy_pinyin

from gonghui.core.writing import has_chinese

from . import readings  # noqa: F401  (place names read as places: 长海 is Chánghǎi)

FEDERATION = "Federation of Trade Unions"
UNION = "Trade Union"

# Administrative endings, longest first: (Chinese ending, English word after the name).
PLACE_ENDINGS = [
    ("壮族自治区", "Zhuang Autonomous Region"),
    ("回族自治区", "Hui Autonomous Region"),
    ("维吾尔自治区", "Uygur Autonomous Region"),
    ("蒙古族自治县", "Mongol Autonomous County"),
    ("满族自治县", "Manchu Autonomous County"),
    ("自治区", "Autonomous Region"),
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("街道", "Subdistrict"),
    ("新区", "New District"),
    ("省", "Provincial"),
    ("市", ""),  # a city is just its name: Shenyang Federation of Trade Unions
    ("区", "District"),
    ("县", "County"),
    ("州", "Prefecture"),
    ("盟", "League"),
    ("旗", "Banner"),
    ("镇", "Town"),
    ("乡", "Township"),
]

# Industry and joint unions (orgs.demo's, and the usual others).
UNION_WORDS = {
    "教育工会": "Education Trade Union",
    "机械冶金工会": "Machinery and Metallurgy Trade Union",
    "交通运输工会": "Transport Trade Union",
    "能源化学地质工会": "Energy, Chemical and Geological Trade Union",
    "建设工会": "Construction Trade Union",
    "金融工会": "Finance Trade Union",
    "商贸轻纺工会": "Commerce and Light Textile Trade Union",
    "商贸工会": "Commerce Trade Union",
    "农林水利工会": "Agriculture, Forestry and Water Conservancy Trade Union",
    "医务工会": "Medical Workers' Trade Union",
    "电力工会": "Electric Power Trade Union",
    "信息通信工会": "Information and Communications Trade Union",
    "快递行业联合工会": "Express Industry Joint Trade Union",
    "外卖配送员联合工会": "Food Delivery Riders' Joint Trade Union",
    "网约车司机联合工会": "Ride-hailing Drivers' Joint Trade Union",
    "货车司机联合工会": "Truck Drivers' Joint Trade Union",
}

# Words of enterprise and institution names, translated; longest match first.
GLOSSARY = {
    "股份有限公司": "Co., Ltd.",
    "有限责任公司": "Co., Ltd.",
    "有限公司": "Co., Ltd.",
    "集团": "Group",
    "厂": "Factory",
    "职业技术学院": "Vocational and Technical College",
    "中心小学": "Central Primary School",
    "实验学校": "Experimental School",
    "小学": "Primary School",
    "中学": "Middle School",
    "幼儿园": "Kindergarten",
    "社区卫生服务中心": "Community Health Service Center",
    "卫生院": "Health Center",
    "康复医院": "Rehabilitation Hospital",
    "医院": "Hospital",
    "农业发展": "Agricultural Development",
    "种业": "Seed",
    "牧业": "Animal Husbandry",
    "水产养殖": "Aquaculture",
    "果业": "Fruit",
    "矿业": "Mining",
    "煤业": "Coal",
    "石材开采": "Stone Quarrying",
    "机械制造": "Machinery Manufacturing",
    "重型机器": "Heavy Machinery",
    "机床": "Machine Tool",
    "汽车零部件": "Auto Parts",
    "精密铸造": "Precision Casting",
    "精密机械": "Precision Machinery",
    "机械": "Machinery",
    "阀门": "Valve",
    "轴承": "Bearing",
    "电气设备": "Electrical Equipment",
    "钢铁": "Iron and Steel",
    "石化设备": "Petrochemical Equipment",
    "食品": "Food",
    "制药": "Pharmaceutical",
    "化工": "Chemical",
    "服装": "Garment",
    "包装材料": "Packaging Materials",
    "电子科技": "Electronic Technology",
    "新材料": "New Materials",
    "热电": "Thermal Power",
    "供热": "Heating",
    "燃气": "Gas",
    "供水": "Water Supply",
    "建设工程": "Construction Engineering",
    "建筑工程": "Building Engineering",
    "市政工程": "Municipal Engineering",
    "建筑安装": "Building Installation",
    "路桥工程": "Road and Bridge Engineering",
    "装饰工程": "Decoration Engineering",
    "商贸": "Trading",
    "贸易": "Trading",
    "商业": "Commercial",
    "医药连锁": "Pharmacy Chain",
    "物资": "Materials",
    "超市": "Supermarket",
    "物流": "Logistics",
    "运输": "Transport",
    "客运": "Passenger Transport",
    "仓储": "Warehousing",
    "港务": "Port",
    "快递": "Express",
    "餐饮管理": "Catering Management",
    "酒店管理": "Hotel Management",
    "宾馆": "Hotel",
    "信息技术": "Information Technology",
    "软件": "Software",
    "网络科技": "Network Technology",
    "数据科技": "Data Technology",
    "小额贷款": "Microcredit",
    "融资担保": "Financing Guarantee",
    "保险代理": "Insurance Agency",
    "投资管理": "Investment Management",
    "房地产开发": "Real Estate Development",
    "置业": "Property",
    "物业管理": "Property Management",
    "人力资源服务": "Human Resources Services",
    "商务咨询": "Business Consulting",
    "广告": "Advertising",
    "设备租赁": "Equipment Leasing",
    "工程设计": "Engineering Design",
    "检测技术": "Testing Technology",
    "环保科技": "Environmental Technology",
    "技术服务": "Technical Services",
    "环境工程": "Environmental Engineering",
    "水务": "Water",
    "园林绿化": "Landscaping",
    "环卫服务": "Sanitation Services",
    "家政服务": "Housekeeping Services",
    "汽车维修": "Auto Repair",
    "洗涤服务": "Laundry Services",
    "教育科技": "Education Technology",
    "培训学校": "Training School",
    "医疗管理": "Medical Management",
    "口腔门诊": "Dental Clinic",
    "文化传媒": "Culture and Media",
    "体育发展": "Sports Development",
    "影视制作": "Film and TV Production",
}
_GLOSSARY = re.compile("|".join(sorted(map(re.escape, GLOSSARY), key=len, reverse=True)))
_HAN = re.compile(r"[\u3400-\u9fff]")


def pinyin_word(text: str) -> str:
    """沈阳 -> Shenyang; 葫芦岛 -> Huludao; 台安 -> Tai'an; 旅顺口 -> Lüshunkou (no tones,
    one capital, an apostrophe where a syllable opens with a, e or o)."""
    syllables = [s.replace("v", "ü") for s in lazy_pinyin(text)]
    word = syllables[0] if syllables else ""
    for s in syllables[1:]:
        word += ("'" if s[:1] in ("a", "e", "o") else "") + s
    return word.capitalize()


def place(name: str) -> str:
    """辽宁省 -> Liaoning Provincial; 和平区 -> Heping District; 沈阳市 -> Shenyang."""
    for ending, word in PLACE_ENDINGS:
        stem = name.removesuffix(ending)
        if stem != name and stem:
            return f"{pinyin_word(stem)} {word}".strip()
    return pinyin_word(name)


def _phrase(text: str) -> str:
    """A company or institution name: glossary words translated, the rest in pinyin."""
    words: list[str] = []
    at = 0
    for match in _GLOSSARY.finditer(text):
        words += _pinyin_run(text[at : match.start()])
        words.append(GLOSSARY[match.group()])
        at = match.end()
    words += _pinyin_run(text[at:])
    return " ".join(w for w in words if w)


def _pinyin_run(run: str) -> list[str]:
    """Untranslated characters, two syllables a word; brackets kept: 艾安（沈阳）."""
    out: list[str] = []
    for part in re.split(r"([（(][^）)]*[）)])", run):
        if not part:
            continue
        if part[0] in "（(":
            out.append(f"({_pinyin_run(part[1:-1])[0] if part[1:-1] else ''})")
            continue
        if not _HAN.search(part):
            out.append(part.strip())
            continue
        # 和平区南湖: a place with its ending, then the rest two syllables a word.
        for piece in re.split(r"(?<=[省市区县])(?=.)", part):
            if piece[-1] in "省市区县" and len(piece) > 1:
                out.append(place(piece))
            else:
                out += [pinyin_word(piece[i : i + 2]) for i in range(0, len(piece), 2)]
    return [" ".join(out)] if out else []


def english_name(name: str) -> str:
    """The English name by rule; '' when the name has no Chinese to translate."""
    name = (name or "").strip()
    if not has_chinese(name):
        return name
    if name == "中华全国总工会":
        return f"All-China {FEDERATION}"
    if name.endswith("总工会"):
        return f"{place(name.removesuffix('总工会'))} {FEDERATION}"
    for word, english in sorted(UNION_WORDS.items(), key=lambda w: -len(w[0])):
        if name.endswith(word) and len(name) > len(word):
            return f"{place(name.removesuffix(word))} {english}"
    if name.endswith("工会委员会"):
        return f"{UNION} Committee of {_phrase(name.removesuffix('工会委员会'))}"
    for ending in ("街道工会", "镇工会", "乡工会"):
        if name.endswith(ending):
            return f"{place(name.removesuffix('工会'))} {UNION}"
    if name.endswith("工会"):
        return f"{UNION} of {_phrase(name.removesuffix('工会'))}"
    return _phrase(name)
