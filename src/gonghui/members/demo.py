"""Demo people and members for the demo province: deterministic, fast at ten million.

Names come from common surnames and given names; ID numbers are valid (GB 11643, with the
member's county as birthplace, births 1955-2003); ID numbers and phones
are encrypted exactly as real records are.
"""

import random
from datetime import date, timedelta
from functools import cache

from django.utils import timezone
from stdnum.cn import ric

from gonghui.core import crypto
from gonghui.core.bulk import insert_rows, next_id, reset_sequence
from gonghui.orgs.models import Organization, OrgKind, name_pinyin

from .models import GIG_KINDS, Membership, Person

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋"
            "蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华红玉萍建国志鹏辉斌宇浩凯鑫"
         "雪梅琳晶欣颖佳峰波宁亮成东海文博雨婷晓丹飞龙瑞思源")
EDUCATION = ["junior"] * 2 + ["senior"] * 4 + ["college"] * 3 + ["bachelor"] * 3 + ["postgraduate"]
POLITICAL = ["masses"] * 7 + ["cpc"] * 2 + ["cyl"]


@cache
def _pinyin(name: str) -> tuple[str, str]:
    return name_pinyin(name)


def _id_number(rng: random.Random, region: str, used: dict) -> tuple[str, str, date]:
    """A valid ID number never handed out before (`used` counts per birthplace and day)."""
    male = rng.random() < 0.55
    # Born 1955-2003: retired-age members as well as young riders. The birthplace is the
    # member's county whatever the year (numbers keep the code of the issuing county).
    born = date(rng.randint(1955, 2003), 1, 1) + timedelta(days=rng.randint(0, 364))
    place = region
    while True:
        key = (place, born, male)
        n = used.get(key, 0)
        if n < 499:  # the sequence's last digit is odd for men, even for women
            used[key] = n + 1
            break
        born += timedelta(days=1)
    body = f"{place}{born:%Y%m%d}{n * 2 + (1 if male else 0):03d}"
    return body + ric.calc_check_digit(body + "0"), "M" if male else "F", born


def _members_for(union: Organization, rng: random.Random, count: int):
    """(name, kind of work, joined on) for `count` members of one union."""
    founded = union.founded_on or date(2000, 1, 1)
    gig = union.kind == OrgKind.JOINT
    kinds = union.takes_in or GIG_KINDS
    for _ in range(count):
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        span = max((date(2022, 12, 31) - founded).days, 1)
        # A quarter of members joined in the last recorded year (the year the seeds report).
        joined = (date(2022, 1, 1) + timedelta(days=rng.randint(0, 364)) if rng.random() < 0.25
                  else founded + timedelta(days=rng.randint(0, span)))
        yield name, (rng.choice(kinds) if gig else "regular"), joined


MEMBERS_PER_UNION = {"small": 10, "province": 50}  # province: about ten million members


def build_demo(scale: str, seed: int = 2022, progress=None) -> dict[str, int]:
    """The demo command's step for this capability."""
    return {"members": add_members(per_union=MEMBERS_PER_UNION[scale], seed=seed,
                                   progress=progress)}


def add_members(*, per_union: int, seed: int = 2022, unions=None, progress=None) -> int:
    """Add about `per_union` members to every grassroots and joint union; returns the count."""
    rng = random.Random(seed)
    unions = list(unions if unions is not None else Organization.objects.filter(
        kind__in=[OrgKind.GRASSROOTS, OrgKind.JOINT]).select_related("enterprise")
        .order_by("pk"))
    person_id, membership_id = next_id(Person), next_id(Membership)
    used: dict = {}
    now = timezone.now()
    total = 0
    chunk_people, chunk_members = [], []

    def flush():
        insert_rows(Person._meta.db_table, PERSON_COLUMNS, chunk_people)
        insert_rows(Membership._meta.db_table, MEMBERSHIP_COLUMNS, chunk_members)
        chunk_people.clear()
        chunk_members.clear()

    for i, union in enumerate(unions):
        count = max(1, int(rng.gauss(per_union, per_union / 3)))
        employer = union.enterprise
        for name, kind, joined in _members_for(union, rng, count):
            number, gender, born = _id_number(rng, union.region_id or "210000", used)
            phone = f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}"
            full, initials = _pinyin(name)
            chunk_people.append((
                person_id, name, full, initials, gender, born, crypto.encrypt(number),
                crypto.blind_index(number), number[-4:], crypto.encrypt(phone),
                crypto.blind_index(phone), rng.choice(EDUCATION), rng.choice(POLITICAL), kind,
                employer.pk if employer else None,
                employer.name if employer else "", now, now))
            chunk_members.append((
                membership_id, person_id, union.pk,
                f"{union.region_id or '000000'}{membership_id:010d}", "active", joined, joined,
                "", now))
            person_id += 1
            membership_id += 1
            total += 1
        if len(chunk_people) >= 20000:
            flush()
            if progress:
                progress(i + 1, len(unions))
    flush()
    reset_sequence(Person)
    reset_sequence(Membership)
    if progress:
        progress(len(unions), len(unions))
    return total


PERSON_COLUMNS = ["id", "name", "name_pinyin", "name_initials", "gender", "birth_date",
                  "id_cipher", "id_index", "id_last4", "phone_cipher", "phone_index",
                  "education", "political_status", "work_kind", "employer_id", "employer_name",
                  "created_at", "updated_at"]
MEMBERSHIP_COLUMNS = ["id", "person_id", "union_id", "number", "status", "joined_on",
                      "started_on", "end_reason", "created_at"]
