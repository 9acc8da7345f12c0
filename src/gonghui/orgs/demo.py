"""The demo province: a seeded, realistic Liaoning federation for trying and measuring Gonghui.

`generate` turns (scale, seed, regions) into unsaved rows whose ids, paths, pinyin, sort
keys (models.official_sort_key) and credit codes are already set, without touching the database; `build` writes them with
bulk_create (save() would cost two queries per union, too slow for 200,000 of them). The
demo accounts on this tree are accounts.demo's. The same seed always gives the same names
and codes.
"""

import bisect
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from stdnum.cn import uscc

from gonghui.core.bulk import copy_objects, reset_sequence

from .english import english_name
from .models import (
    Enterprise,
    Industry,
    Organization,
    OrgKind,
    Ownership,
    Region,
    Size,
    WorkKind,
    official_sort_key,
    pinyin_key,
)

PROVINCE_CODE = "210000"
PROVINCE_SHORT = "辽宁"  # as company and college names write it
UNION_SUFFIX = "工会委员会"  # a grassroots union is named after its enterprise


@dataclass(frozen=True)
class Scale:
    grassroots: int  # grassroots unions in the whole province
    townships: tuple[int, int]  # townships or streets per county: fewest, most


# tiny: for the API contract test (tests/test_api_contract.py), a record of each kind in seconds.
SCALES = {
    "tiny": Scale(150, (1, 1)),
    "small": Scale(1_000, (2, 2)),
    "province": Scale(200_000, (8, 12)),
}

# The grassroots union every demo cadre account points at: fixed, so guides can name it.
FLAGSHIP_COUNTY = "210102"  # 和平区, Shenyang
FLAGSHIP_STREET = "南湖"
FLAGSHIP_ENTERPRISE = "沈阳和晨精密机械有限公司"
FLAGSHIP_UNION = FLAGSHIP_ENTERPRISE + UNION_SUFFIX

# The English names the real federations use; the generated unions below them (streets,
# towns, industry and joint unions) get theirs by orgs.english's rule when created, and
# the grassroots unions when shown (display_name), as 200,000 of them would slow the build.
REAL_ENGLISH_NAMES = {
    "中华全国总工会": "All-China Federation of Trade Unions",
    "辽宁省总工会": "Liaoning Provincial Federation of Trade Unions",
    "沈阳市总工会": "Shenyang Federation of Trade Unions",
    "大连市总工会": "Dalian Federation of Trade Unions",
}

# ---- word lists ---------------------------------------------------------------------

# Share of unionized enterprises by city, roughly by employment: Shenyang and Dalian lead.
CITY_WEIGHT = {
    "210100": 22,
    "210200": 22,
    "210300": 9,
    "210400": 5,
    "210500": 4,
    "210600": 5,
    "210700": 6,
    "210800": 6,
    "210900": 3,
    "211000": 4,
    "211100": 4,
    "211200": 4,
    "211300": 3,
    "211400": 3,
}

# Street (街道) names: an auspicious or directional syllable, then a landmark.
STREET_FIRST = "南北东西中新长永兴太和平安泰丰滨望集明春光华文"
STREET_SECOND = "湖塔山河园桥城门苑乐华兴安阳泉台"
# Town (镇, 乡) names as Liaoning's villages grew: surname, number or feature, settlement.
TOWN_FIRST = "大小二三前后上下老新王李张刘赵孙马黄白红青石柳杨榆桦松杏花金宝双高黑沙龙凤鹿"
TOWN_MIDDLE = ["", "", "", "家", "河", "道", "树"]
TOWN_LAST = "屯堡台沟岭营甸店庄城桥湾坨泉山"
# Trade names (字号) of domestic firms, and syllables for foreign-invested ones.
BRAND = "华晨兴盛鑫隆恒泰宏达德信瑞丰源海天金昌荣辉通远新亿嘉佳宇博正诚安鼎润祥凯冠永益联利富顺星光明中方圆志骏腾飞"
FOREIGN_BRAND = "艾安奥巴贝博德迪菲福格哈赫卡凯科克拉莱兰里利罗马迈曼美米尼诺欧普奇瑞萨森斯索泰特威维沃西希亚伊因尤"

# Industry words of company names, by GB/T 4754 section.
WORDS: dict[str, list[str]] = {
    Industry.A: ["农业发展", "种业", "牧业", "水产养殖", "果业"],
    Industry.B: ["矿业", "煤业", "石材开采"],
    Industry.C: [
        "机械制造",
        "重型机器",
        "机床",
        "汽车零部件",
        "精密铸造",
        "阀门",
        "轴承",
        "电气设备",
        "钢铁",
        "石化设备",
        "食品",
        "制药",
        "化工",
        "服装",
        "包装材料",
        "电子科技",
        "新材料",
    ],
    Industry.D: ["热电", "供热", "燃气", "供水"],
    Industry.E: ["建设工程", "建筑工程", "市政工程", "建筑安装", "路桥工程", "装饰工程"],
    Industry.F: ["商贸", "贸易", "商业", "医药连锁", "物资", "超市"],
    Industry.G: ["物流", "运输", "客运", "仓储", "港务", "快递"],
    Industry.H: ["餐饮管理", "酒店管理", "宾馆"],
    Industry.I: ["信息技术", "软件", "网络科技", "数据科技"],
    Industry.J: ["小额贷款", "融资担保", "保险代理", "投资管理"],
    Industry.K: ["房地产开发", "置业", "物业管理"],
    Industry.L: ["人力资源服务", "商务咨询", "广告", "设备租赁"],
    Industry.M: ["工程设计", "检测技术", "环保科技", "技术服务"],
    Industry.N: ["环境工程", "水务", "园林绿化", "环卫服务"],
    Industry.O: ["家政服务", "汽车维修", "洗涤服务"],
    Industry.P: ["教育科技", "培训学校"],
    Industry.Q: ["医疗管理", "康复医院", "口腔门诊"],
    Industry.R: ["文化传媒", "体育发展", "影视制作"],
}
INDUSTRY_WEIGHT = {
    Industry.C: 26,
    Industry.F: 14,
    Industry.E: 8,
    Industry.G: 7,
    Industry.P: 7,
    Industry.H: 5,
    Industry.L: 5,
    Industry.Q: 4,
    Industry.J: 3,
    Industry.I: 3,
    Industry.K: 3,
    Industry.M: 3,
    Industry.O: 3,
    Industry.A: 3,
    Industry.N: 2,
    Industry.B: 1.5,
    Industry.D: 1.5,
    Industry.R: 1,
}
# Schools and hospitals are mostly public institutions (事业单位), not companies.
INSTITUTION_SHARE = {Industry.P: 0.7, Industry.Q: 0.6}
OWNERSHIP_WEIGHT = {
    Ownership.PRIVATE: 76,
    Ownership.STATE: 8,
    Ownership.COLLECTIVE: 3,
    Ownership.FOREIGN: 4,
    Ownership.HMT: 3,
    Ownership.OTHER: 6,
}
# Sizes by headcount, so that the province scale employs some 18 million people: the
# order of Liaoning's urban workforce.
SIZE_WEIGHT = {Size.MICRO: 70, Size.SMALL: 26.5, Size.MEDIUM: 3, Size.LARGE: 0.5}
STATE_SIZE_WEIGHT = {Size.MICRO: 25, Size.SMALL: 55, Size.MEDIUM: 16, Size.LARGE: 4}
EMPLOYEES = {
    Size.MICRO: (5, 19),
    Size.SMALL: (20, 299),
    Size.MEDIUM: (300, 999),
    Size.LARGE: (1000, 8000),
}

# Industry unions (产业工会): the province's, and those every city has (big cities more).
PROVINCE_INDUSTRY_UNIONS = [
    ("教育工会", Industry.P),
    ("机械冶金工会", Industry.C),
    ("交通运输工会", Industry.G),
    ("能源化学地质工会", Industry.B),
    ("建设工会", Industry.E),
    ("金融工会", Industry.J),
    ("商贸轻纺工会", Industry.F),
    ("农林水利工会", Industry.A),
    ("医务工会", Industry.Q),
    ("电力工会", Industry.D),
    ("信息通信工会", Industry.I),
]
CITY_INDUSTRY_UNIONS = [
    ("教育工会", Industry.P),
    ("金融工会", Industry.J),
    ("医务工会", Industry.Q),
    ("建设工会", Industry.E),
]
BIG_CITY_INDUSTRY_UNIONS = [("机械冶金工会", Industry.C), ("商贸工会", Industry.F)]
BIG_CITIES = {"210100", "210200"}
# Joint unions for gig workers (新就业形态劳动者): the section their work falls in, and
# the kind of work they take in (online joining routes gig workers by it).
JOINT_UNIONS = [
    ("快递行业联合工会", Industry.G, WorkKind.COURIER),
    ("外卖配送员联合工会", Industry.H, WorkKind.DELIVERY_RIDER),
    ("网约车司机联合工会", Industry.G, WorkKind.RIDE_HAIL),
    ("货车司机联合工会", Industry.G, WorkKind.TRUCK_DRIVER),
]

# ---- credit codes -------------------------------------------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100 leaves out I, O, S, V, Z
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code_check(body: str) -> str:
    """The GB 11714 check character of an 8-character organization code body."""
    total = sum(int(c, 36) * w for c, w in zip(body, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def credit_code(prefix: str, region: str, body: str) -> str:
    """Registration prefix + division code + organization code + GB 32100 check."""
    code = prefix + region + body + org_code_check(body)
    return code + uscc.calc_check_digit(code)


# ---- the generator ------------------------------------------------------------------

_SUFFIX_FULL, _SUFFIX_INITIALS = pinyin_key(UNION_SUFFIX).split(" ")


def union_pinyin(enterprise_pinyin: str) -> str:
    """pinyin_key(enterprise name + 工会委员会), from the enterprise's key.

    Pinyin is most of the build's time; the suffix reads the same after any name (checked
    on all 200,000 names of the province build), so each union costs no second look-up.
    """
    full, initials = enterprise_pinyin.split(" ")
    return f"{full}{_SUFFIX_FULL} {initials}{_SUFFIX_INITIALS}"


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: str

    @property
    def is_district(self) -> bool:
        return self.name.endswith("区")

    @property
    def short(self) -> str:
        """沈阳市 -> 沈阳: how a place appears inside a company name."""
        return self.name.removesuffix("市")


@dataclass
class Batch:
    stage: str  # "federations" or "county"
    orgs: list[Organization]
    enterprises: list[Enterprise]


def _cumulative(weights: dict) -> tuple[list, list[float]]:
    keys = list(weights)
    total, cum = 0.0, []
    for k in keys:
        total += weights[k]
        cum.append(total)
    return keys, cum


class _Generator:
    def __init__(self, scale: Scale, seed: int, regions: list[Place]):
        self.scale = scale
        self.rng = random.Random(seed)
        self.province = next(r for r in regions if r.code == PROVINCE_CODE)
        self.cities = [r for r in regions if r.level == Region.Level.CITY]
        self.counties = [r for r in regions if r.level == Region.Level.COUNTY]
        self.org_id = 0
        self.org_region: dict[int, str | None] = {}  # each union's division, for sort_key
        self.enterprise_id = 0
        self.org_codes: set[str] = set()  # organization codes are unique across all kinds
        self.enterprise_names: set[str] = {FLAGSHIP_ENTERPRISE}
        self.industries = _cumulative(INDUSTRY_WEIGHT)
        self.ownerships = _cumulative(OWNERSHIP_WEIGHT)
        self.sizes = _cumulative(SIZE_WEIGHT)
        self.state_sizes = _cumulative(STATE_SIZE_WEIGHT)
        self.grassroots_per_county = self._allocate(scale.grassroots)
        self.city_of = {c.code: c for c in self.cities}
        # Filled by federations(): the unions each county's enterprises may hang under.
        self.county_federation: dict[str, Organization] = {}
        self.province_industry: dict[str, Organization] = {}
        self.city_industry: dict[str, dict[str, Organization]] = {}

    # -- small helpers ----------------------------------------------------------------
    def pick(self, table: tuple[list, list[float]]):
        keys, cum = table
        return keys[bisect.bisect(cum, self.rng.random() * cum[-1])]

    def day(self, start: date, end: date, mode: float | None = None) -> date:
        """A date between start and end; mode (0..1) leans the spread towards one end."""
        span = (end - start).days
        if mode is None:
            return start + timedelta(days=int(self.rng.uniform(0, span)))
        return start + timedelta(days=int(self.rng.triangular(0, span, span * mode)))

    def code(self, prefix: str, region: str, modern: bool = False) -> str:
        """A unique credit code; modern: an 'MA…' organization code, as most firms registered
        since 2015 have."""
        while True:
            if modern:
                body = "MA" + "".join(self.rng.choices(USCC_ALPHABET, k=6))
            else:
                body = f"{self.rng.randrange(10**8):08d}"
            if body not in self.org_codes:
                self.org_codes.add(body)
                return credit_code(prefix, region, body)

    def org(
        self,
        name: str,
        kind: str,
        parent: Organization | None,
        region: str | None,
        *,
        pinyin: str | None = None,
        english: bool = True,
        **fields,
    ) -> Organization:
        self.org_id += 1
        path = f"{parent.path if parent else '/'}{self.org_id}/"
        self.org_region[self.org_id] = region
        pinyin = pinyin or pinyin_key(name)
        depth = parent.depth + 1 if parent else 0
        regions = (
            region,
            parent.region_id if parent else None,
            self.org_region.get(parent.parent_id) if parent and parent.parent_id else None,
        )
        return Organization(
            id=self.org_id,
            name=name,
            name_en=(REAL_ENGLISH_NAMES.get(name) or english_name(name)) if english else "",
            name_pinyin=pinyin,
            sort_key=official_sort_key(regions=regions, depth=depth, name_pinyin=pinyin),
            kind=kind,
            parent_id=parent.id if parent else None,
            path=path,
            depth=depth,
            region_id=region,
            credit_code=self.code("81", region) if region else None,
            **fields,
        )

    def _allocate(self, total: int) -> dict[str, int]:
        """Grassroots unions per county: the city's share, split with some jitter."""
        per_city: dict[str, int] = {}
        for county in self.counties:
            per_city[county.code[:4]] = per_city.get(county.code[:4], 0) + 1
        weights = {
            c.code: CITY_WEIGHT[c.code[:4] + "00"]
            / per_city[c.code[:4]]
            * self.rng.uniform(0.6, 1.4)
            for c in self.counties
        }
        scale = total / sum(weights.values())
        exact = {code: w * scale for code, w in weights.items()}
        counts = {code: max(1, int(x)) for code, x in exact.items()}
        # Largest remainders first, until the total is met exactly.
        by_remainder = sorted(exact, key=lambda code: exact[code] - int(exact[code]), reverse=True)
        for code in by_remainder[: max(0, total - sum(counts.values()))]:
            counts[code] += 1
        return counts

    # -- the federations --------------------------------------------------------------
    def federations(self) -> Batch:
        orgs = []
        national = self.org(
            "中华全国总工会", OrgKind.NATIONAL, None, None, founded_on=date(1925, 5, 1)
        )
        province = self.org("辽宁省总工会", OrgKind.PROVINCIAL, national, PROVINCE_CODE)
        orgs += [national, province]
        for name, industry in PROVINCE_INDUSTRY_UNIONS:
            union = self.org(
                f"{self.province.name}{name}",
                OrgKind.INDUSTRY,
                province,
                PROVINCE_CODE,
                industry=industry,
                founded_on=self.day(date(1990, 1, 1), date(2000, 12, 31)),
            )
            self.province_industry[industry] = union
            orgs.append(union)
        for city in self.cities:
            city_org = self.org(f"{city.name}总工会", OrgKind.CITY, province, city.code)
            orgs.append(city_org)
            unions = CITY_INDUSTRY_UNIONS + (
                BIG_CITY_INDUSTRY_UNIONS if city.code in BIG_CITIES else []
            )
            self.city_industry[city.code] = {}
            for name, industry in unions:
                union = self.org(
                    f"{city.name}{name}",
                    OrgKind.INDUSTRY,
                    city_org,
                    city.code,
                    industry=industry,
                    founded_on=self.day(date(1990, 1, 1), date(2005, 12, 31)),
                )
                self.city_industry[city.code][industry] = union
                orgs.append(union)
            for county in self.counties:
                if county.code[:4] == city.code[:4]:
                    fed = self.org(f"{county.name}总工会", OrgKind.COUNTY, city_org, county.code)
                    self.county_federation[county.code] = fed
                    orgs.append(fed)
        return Batch("federations", orgs, [])

    # -- one county: townships, joint unions, enterprises and their unions -------------
    def township_names(self, county: Place, count: int) -> list[str]:
        """Street names for districts, towns and townships for counties, unique here."""
        street_union = self.rng.choice(["街道工会", "街道总工会"])  # each county writes one way
        names: list[str] = []
        places: set[str] = set()
        if county.code == FLAGSHIP_COUNTY:
            places.add(FLAGSHIP_STREET)
            names.append(FLAGSHIP_STREET + street_union)
        while len(names) < count:
            # County-level cities (…市) have streets in town and towns around it.
            street = county.is_district or (county.name.endswith("市") and self.rng.random() < 0.3)
            if street:
                place = self.rng.choice(STREET_FIRST) + self.rng.choice(STREET_SECOND)
            else:
                place = (
                    self.rng.choice(TOWN_FIRST)
                    + self.rng.choice(TOWN_MIDDLE)
                    + self.rng.choice(TOWN_LAST)
                )
            if place in places or len(set(place)) < len(place):
                continue
            places.add(place)
            if street:
                names.append(place + street_union)
            else:
                names.append(place + ("乡工会" if self.rng.random() < 0.25 else "镇工会"))
        return names

    def enterprise_name(
        self, industry: str, ownership: str, size: str, county: Place, city: Place
    ) -> str:
        rng = self.rng
        brand = "".join(rng.sample(BRAND, 2))
        if ownership == Ownership.PUBLIC_INSTITUTION:
            place = rng.choice(STREET_FIRST) + rng.choice(STREET_SECOND)
            # 沈阳市铁西区 and 鞍山市铁西区 both exist: districts are named with their city.
            local = f"{city.name}{county.name}" if county.is_district else county.name
            if industry == Industry.P:
                if size == Size.LARGE:
                    return f"{rng.choice([PROVINCE_SHORT, city.short])}{brand}职业技术学院"
                kind = rng.choice(["小学", "中学", "幼儿园", "中心小学", "实验学校"])
                return f"{local}{place}{kind}"
            if size == Size.LARGE:
                return f"{city.name}{brand}医院"
            return f"{local}{place}{'社区卫生服务中心' if county.is_district else '卫生院'}"
        word = rng.choice(WORDS[industry])
        if ownership in (Ownership.FOREIGN, Ownership.HMT):
            if ownership == Ownership.FOREIGN:
                brand = "".join(rng.sample(FOREIGN_BRAND, 2))
            return f"{brand}（{city.short}）{word}有限公司"
        if ownership == Ownership.COLLECTIVE and industry == Industry.C:
            return f"{city.name}{brand}{word}厂"
        place = city.short
        if not county.is_district and county.name.endswith("市") and rng.random() < 0.5:
            place = county.short
        elif size in (Size.LARGE, Size.MEDIUM) and rng.random() < 0.2:
            place = PROVINCE_SHORT
        if size in (Size.LARGE, Size.MEDIUM) and rng.random() < 0.4:
            form = "股份有限公司"
        else:
            form = "有限责任公司" if ownership == Ownership.STATE else "有限公司"
        return f"{place}{brand}{word}{form}"

    def enterprise(self, county: Place, city: Place) -> Enterprise:
        rng = self.rng
        industry = self.pick(self.industries)
        if rng.random() < INSTITUTION_SHARE.get(industry, 0):
            ownership = Ownership.PUBLIC_INSTITUTION
        else:
            ownership = self.pick(self.ownerships)
        size = self.pick(self.state_sizes if ownership == Ownership.STATE else self.sizes)
        low, high = EMPLOYEES[size]
        employees = round(math.exp(rng.uniform(math.log(low), math.log(high))))  # few big ones
        while True:
            name = self.enterprise_name(industry, ownership, size, county, city)
            if name not in self.enterprise_names:
                self.enterprise_names.add(name)
                break
        if ownership == Ownership.PUBLIC_INSTITUTION:
            code = self.code("12", county.code)  # 1 = institution registry, 2 = 事业单位
        else:
            code = self.code("91", county.code, modern=rng.random() < 0.6)
        self.enterprise_id += 1
        return Enterprise(
            id=self.enterprise_id,
            name=name,
            name_pinyin=pinyin_key(name),
            credit_code=code,
            industry=industry,
            ownership=ownership,
            size=size,
            employees=employees,
            region_id=county.code,
        )

    def flagship(self, county: Place) -> Enterprise:
        self.enterprise_id += 1
        return Enterprise(
            id=self.enterprise_id,
            name=FLAGSHIP_ENTERPRISE,
            name_pinyin=pinyin_key(FLAGSHIP_ENTERPRISE),
            credit_code=self.code("91", county.code, modern=True),
            industry=Industry.C,
            ownership=Ownership.PRIVATE,
            size=Size.MEDIUM,
            employees=420,
            region_id=county.code,
        )

    def grassroots_parent(
        self,
        ent: Enterprise,
        county: Place,
        townships: list[Organization],
        township_cum: list[float],
    ) -> Organization:
        """Mostly the township; big state firms under the province's industry union, some
        firms under their city's industry union, some (above all large ones) straight
        under the county."""
        rng = self.rng
        province_union = self.province_industry.get(ent.industry)
        if (
            province_union
            and ent.size == Size.LARGE
            and ent.ownership in (Ownership.STATE, Ownership.PUBLIC_INSTITUTION)
            and rng.random() < 0.7
        ):
            return province_union
        city_union = self.city_industry[county.code[:4] + "00"].get(ent.industry)
        if city_union and rng.random() < 0.35:
            return city_union
        if rng.random() < (0.5 if ent.size in (Size.LARGE, Size.MEDIUM) else 0.04):
            return self.county_federation[county.code]
        return townships[bisect.bisect(township_cum, rng.random() * township_cum[-1])]

    def county(self, county: Place) -> Batch:
        rng = self.rng
        city = self.city_of[county.code[:4] + "00"]
        fed = self.county_federation[county.code]
        orgs: list[Organization] = []
        enterprises: list[Enterprise] = []
        townships = [
            self.org(
                name,
                OrgKind.TOWNSHIP,
                fed,
                county.code,
                founded_on=self.day(date(1990, 1, 1), date(2005, 12, 31)),
            )
            for name in self.township_names(county, rng.randint(*self.scale.townships))
        ]
        township_cum = []
        total = 0.0
        for _ in townships:
            total += rng.uniform(0.5, 1.5)  # some townships have far more firms than others
            township_cum.append(total)
        orgs += townships
        for name, industry, work in JOINT_UNIONS:
            orgs.append(
                self.org(
                    f"{county.name}{name}",
                    OrgKind.JOINT,
                    fed,
                    county.code,
                    industry=industry,
                    takes_in=[work],
                    founded_on=self.day(date(2018, 1, 1), date(2022, 12, 31)),
                )
            )
        for i in range(self.grassroots_per_county[county.code]):
            if county.code == FLAGSHIP_COUNTY and i == 0:
                ent, parent = self.flagship(county), townships[0]
            else:
                ent = self.enterprise(county, city)
                parent = self.grassroots_parent(ent, county, townships, township_cum)
            union = self.org(
                ent.name + UNION_SUFFIX,
                OrgKind.GRASSROOTS,
                parent,
                county.code,
                pinyin=union_pinyin(ent.name_pinyin),
                english=False,
                enterprise_id=ent.id,
                industry=ent.industry,
                founded_on=self.day(date(1990, 1, 1), date(2022, 12, 31), 0.75),
            )
            # Rows COPYed: no save() sets what it would (the keeper's path, has_union).
            ent.keeper_id, ent.keeper_path, ent.has_union = union.id, union.path, True
            orgs.append(union)
            enterprises.append(ent)
        # About one enterprise in ten has no union yet: the township keeps its record.
        for _ in range(round(self.grassroots_per_county[county.code] / 9)):
            ent = self.enterprise(county, city)
            township = rng.choice(townships)
            ent.keeper_id, ent.keeper_path = township.id, township.path
            enterprises.append(ent)
        return Batch("county", orgs, enterprises)


def generate(scale: str, seed: int, regions: list[Place]) -> Iterator[Batch]:
    """The demo province as batches of unsaved rows; writes nothing.

    regions: Liaoning's province, cities and counties (see liaoning_regions()).
    The first batch holds the federations and industry unions, then one batch per county.
    """
    gen = _Generator(SCALES[scale], seed, sorted(regions, key=lambda r: r.code))
    yield gen.federations()
    for county in gen.counties:
        yield gen.county(county)


def liaoning_regions() -> list[Place]:
    return [
        Place(code, name, level)
        for code, name, level in Region.objects.filter(code__startswith=PROVINCE_CODE[:2])
        .order_by("code")
        .values_list("code", "name", "level")
    ]


# ---- writing ------------------------------------------------------------------------


class DemoRefused(Exception):
    """The database already holds organizations or demo users."""


def demo_province() -> Organization | None:
    """The province every domain's demo builds on: the one with the demo's region code,
    else the first province made. Not the first by path: paths compare as text, so
    "/10/" sorts before "/9/" and a second province could take its place."""
    provinces = Organization.objects.filter(kind=OrgKind.PROVINCIAL)
    return (
        provinces.filter(region__code=PROVINCE_CODE).order_by("pk").first()
        or provinces.order_by("pk").first()
    )


def check_empty() -> None:
    """DemoRefused unless the database has no organization yet."""
    if Organization.objects.exists():
        raise DemoRefused(
            "数据库中已有组织，演示数据只能载入空数据库。 The database already "
            "has organizations; the demo loads only into an empty one."
        )


def build(
    scale: str, seed: int = 2022, progress: Callable[[str, int, int], None] | None = None
) -> dict[str, int]:
    """Write the demo province; return the counts per kind.

    progress(stage, done, total) is called after the "federations" stage and after each
    county in the "grassroots" stage.
    """
    report = progress or (lambda stage, done, total: None)
    with transaction.atomic():
        check_empty()
        regions = liaoning_regions()
        counts: dict[str, int] = {kind: 0 for kind in OrgKind.values}
        counts["enterprise"] = 0
        target = SCALES[scale].grassroots
        for batch in generate(scale, seed, regions):
            # Unions and enterprises point at each other; the foreign keys are checked
            # at commit (Django creates them DEFERRABLE INITIALLY DEFERRED).
            copy_objects(Organization, batch.orgs, batch_size=2000)
            copy_objects(Enterprise, batch.enterprises, batch_size=2000)
            for org in batch.orgs:
                counts[org.kind] += 1
            counts["enterprise"] += len(batch.enterprises)
            if batch.stage == "federations":
                report("federations", len(batch.orgs), len(batch.orgs))
            else:
                report("grassroots", counts[OrgKind.GRASSROOTS], target)
        # The ids were set here: later inserts must continue after them.
        reset_sequence(Organization)
        reset_sequence(Enterprise)
    return counts
