"""Demo people and members for the demo province: deterministic, fast at ten million.

Names come from common surnames and given names; ID numbers are valid (GB 11643, with the
member's county as birthplace, births 1955-2003); ID numbers and phones
are encrypted exactly as real records are.
"""

import random
from datetime import date, datetime, time
from functools import cache

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from stdnum.cn import ric

from gonghui.accounts.models import User
from gonghui.core import audit, crypto
from gonghui.core.bulk import indexes_built_after, insert_rows, next_id, reset_sequence
from gonghui.orgs.demo import FLAGSHIP_COUNTY, FLAGSHIP_UNION
from gonghui.orgs.models import Organization, OrgKind, WorkKind, name_pinyin

from .codes import Action
from .models import (
    GIG_KINDS,
    JoinRequest,
    Membership,
    MembershipStatus,
    Person,
    RequestStatus,
    Transfer,
    TransferStatus,
)
from .services import member_number

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋"
    "蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华红玉萍建国志鹏辉斌宇浩凯鑫"
    "雪梅琳晶欣颖佳峰波宁亮成东海文博雨婷晓丹飞龙瑞思源"
)
EDUCATION = ["junior"] * 2 + ["senior"] * 4 + ["college"] * 3 + ["bachelor"] * 3 + ["postgraduate"]
POLITICAL = ["masses"] * 7 + ["cpc"] * 2 + ["cyl"]
# Given names of one character or of two, half and half.
GIVEN_TWO = [a + b for a in GIVEN for b in GIVEN]
BORN_FIRST, BORN_LAST = date(1955, 1, 1), date(2003, 12, 31)
LAST_JOINED = date(2022, 12, 31)
PEOPLE_A_COPY = 100_000  # people COPYed in one stream; their memberships wait in memory


@cache
def _pinyin(name: str) -> tuple[str, str]:
    return name_pinyin(name)


def _member_rows(unions, per_union: int, rng: random.Random, person_id: int, membership_id: int):
    """(index of the union, person row, membership row) of each member made, one at a time
    (so that a COPY streams them), as tuples in PERSON_COLUMNS and MEMBERSHIP_COLUMNS
    order, ids from `person_id` and `membership_id` on.

    Made for ten million people (bench/bench_demo_members.py): each draw is one
    `rng.random()` scaled to its range (half the cost of `choice`/`randint`), days are
    looked up by ordinal, not added up, and birthdays come from a table made once with
    their digits for the ID number. Names are a common surname and one or two given
    characters; ID numbers valid (GB 11643, the union's county as birthplace, born
    1955-2003, never one handed out twice); 55 % men; a quarter of members joined in the
    last recorded year (the year the seeds report), the others since their union's founding.
    """
    r = rng.random
    encrypt, blind_index, check_digit = crypto.encrypt, crypto.blind_index, ric.calc_check_digit
    secret = settings.FIELD_ENCRYPTION_KEY  # read once, not four times a person (3 % of the time)
    now = timezone.now()
    born_first = BORN_FIRST.toordinal()
    births = [
        (day, f"{day:%Y%m%d}")
        for day in map(date.fromordinal, range(born_first, BORN_LAST.toordinal() + 1))
    ]
    n_births = len(births)
    last_joined = LAST_JOINED.toordinal()
    year_first = date(LAST_JOINED.year, 1, 1).toordinal()
    n_surnames, n_given, n_given_two = len(SURNAMES), len(GIVEN), len(GIVEN_TWO)
    n_education, n_political = len(EDUCATION), len(POLITICAL)
    used: dict[tuple[str, int, bool], int] = {}
    for i, union in enumerate(unions):
        count = max(1, int(rng.gauss(per_union, per_union / 3)))
        employer = union.enterprise
        employer_id, employer_name = (employer.pk, employer.name) if employer else (None, "")
        region = union.region_id or "210000"
        number_prefix = union.region_id or "000000"
        founded = (union.founded_on or date(2000, 1, 1)).toordinal()
        span = max(last_joined - founded, 1) + 1
        kinds = list(union.takes_in or GIG_KINDS) if union.kind == OrgKind.JOINT else None
        for _ in range(count):
            name = SURNAMES[int(r() * n_surnames)] + (
                GIVEN[int(r() * n_given)] if r() < 0.5 else GIVEN_TWO[int(r() * n_given_two)]
            )
            joined = date.fromordinal(
                year_first + int(r() * 365) if r() < 0.25 else founded + int(r() * span)
            )
            kind = kinds[int(r() * len(kinds))] if kinds else "regular"
            male = r() < 0.55
            day = int(r() * n_births)
            while True:  # at most 499 of one birthplace, birthday and sex: then the next day
                key = (region, day, male)
                n = used.get(key, 0)
                if n < 499:  # the sequence's last digit is odd for men, even for women
                    used[key] = n + 1
                    break
                day += 1
                if day == len(births):
                    extra = date.fromordinal(born_first + day)
                    births.append((extra, f"{extra:%Y%m%d}"))
            born, digits = births[day]
            body = f"{region}{digits}{n * 2 + male:03d}"
            number = body + check_digit(body + "0")
            phone = f"1{'3578'[int(r() * 4)]}{int(r() * 1_000_000_000):09d}"
            full, initials = _pinyin(name)
            yield (
                i,
                (
                    person_id,
                    name,
                    full,
                    initials,
                    "M" if male else "F",
                    born,
                    encrypt(number, secret=secret),
                    blind_index(number, secret=secret),
                    number[-4:],
                    encrypt(phone, secret=secret),
                    blind_index(phone, secret=secret),
                    EDUCATION[int(r() * n_education)],
                    POLITICAL[int(r() * n_political)],
                    kind,
                    employer_id,
                    employer_name,
                    now,
                    now,
                    union.path,  # Person.union_path: the union of their active membership
                ),
                (
                    membership_id,
                    person_id,
                    union.pk,
                    f"{number_prefix}{membership_id:010d}",
                    "active",
                    joined,
                    joined,
                    "",
                    now,
                ),
            )
            person_id += 1
            membership_id += 1


MEMBERS_PER_UNION = {"tiny": 4, "small": 10, "province": 50}  # province: about ten million members


def build_demo(scale: str, seed: int = 2022, progress=None) -> dict[str, int]:
    """The demo command's step for this capability."""
    # Ten million people and memberships: their plain indexes are built once at the end
    # (on PostgreSQL), not grown row by row (bench/RESULTS.md: 3x less database work).
    with indexes_built_after(Person, Membership):
        counts = {
            "members": add_members(per_union=MEMBERS_PER_UNION[scale], seed=seed, progress=progress)
        }
    add_demo_member()
    return counts


def add_members(*, per_union: int, seed: int = 2022, unions=None, progress=None) -> int:
    """Add about `per_union` members to every grassroots and joint union; returns the count.

    The people are COPYed as they are made (PostgreSQL stores one while Python makes the
    next, each on its own core), `PEOPLE_A_COPY` at a time; their memberships wait in
    memory and follow in a COPY of their own (one connection, one COPY at a time). Ids are
    given from the tables' largest on, so a membership knows its person's id beforehand.
    """
    rng = random.Random(seed)
    unions = list(
        unions
        if unions is not None
        else Organization.objects.filter(kind__in=[OrgKind.GRASSROOTS, OrgKind.JOINT])
        .select_related("enterprise")
        .order_by("pk")
    )
    made = _member_rows(unions, per_union, rng, next_id(Person), next_id(Membership))
    total = done = 0
    members: list[tuple] = []

    def people():
        nonlocal done
        for union, person, membership in made:
            yield person
            members.append(membership)
            done = union
            if len(members) >= PEOPLE_A_COPY:
                return

    while True:
        added = insert_rows(Person._meta.db_table, PERSON_COLUMNS, people())
        if not added:
            break
        insert_rows(Membership._meta.db_table, MEMBERSHIP_COLUMNS, members)
        members.clear()
        total += added
        if progress:
            progress(done, len(unions))
    reset_sequence(Person)
    reset_sequence(Membership)
    if progress:
        progress(len(unions), len(unions))
    return total


# ---- the demo `member` account's own record (issue 11 item 3) ----------------------------

DEMO_MEMBER_USERNAME = "member"  # accounts.demo.DEMO_ACCOUNTS
# Born 1982 in 和平区; sequence 999 is one add_members never gives (its sequences stop at 997).
DEMO_MEMBER_ID_NUMBER = "21010219820314999" + ric.calc_check_digit("21010219820314999" + "0")
DEMO_MEMBER_FIRST_UNION = "和平区外卖配送员联合工会"  # orgs.demo.JOINT_UNIONS in 和平区
# A delivery rider from 2019 who took a job at the flagship firm in 2023 and transferred.
DEMO_MEMBER_STORY = {
    "applied": date(2019, 4, 2),
    "joined": date(2019, 4, 8),
    "requested": date(2023, 2, 20),
    "released": date(2023, 2, 22),
    "accepted": date(2023, 3, 1),
}


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@transaction.atomic
def add_demo_member() -> Person | None:
    """The demo `member` account's person, as the services would have left it: a join
    request approved into 和平区's delivery riders' joint union, a transfer released by
    和平区 and accepted by the flagship union, and the active membership there (so a card).

    Fixed dates; nothing is written if the account is missing or already has its person.
    """
    user = User.objects.filter(username=DEMO_MEMBER_USERNAME).first()
    first = Organization.objects.filter(
        name=DEMO_MEMBER_FIRST_UNION, region_id=FLAGSHIP_COUNTY
    ).first()
    current = Organization.objects.filter(name=FLAGSHIP_UNION).select_related("enterprise").first()
    if (
        user is None
        or first is None
        or current is None
        or Person.objects.filter(user=user).exists()
    ):
        return None
    # The nearest federation above the riders' union with a demo account (和平区's "heping").
    released_by = (
        User.objects.filter(roles__organization__path__in=first.ancestors_paths())
        .order_by("-roles__organization__path", "pk")
        .first()
        or user
    )
    accepted_by = (
        User.objects.filter(roles__organization=current).order_by("pk").first() or released_by
    )
    story = DEMO_MEMBER_STORY
    number = DEMO_MEMBER_ID_NUMBER
    person = Person(
        name=user.last_name + user.first_name,
        gender="M",
        birth_date=date(1982, 3, 14),
        education="senior",
        political_status="masses",
        work_kind=WorkKind.REGULAR,
        employer=current.enterprise,
        employer_name=current.enterprise.name if current.enterprise else "",
        user=user,
    )
    person.set_id_number(number)
    phone = crypto.decrypt(user.phone_cipher) if user.phone_cipher else ""
    person.set_phone(phone)
    person.save()

    def membership(union: Organization, started: date, **fields) -> Membership:
        m = Membership.objects.create(
            person=person,
            union=union,
            joined_on=story["joined"],
            started_on=started,
            number=f"tmp-{person.pk}-{union.pk}",
            **fields,
        )
        m.number = member_number(union, m.pk)
        m.save(update_fields=["number"])
        return m

    with translation.override(settings.LANGUAGE_CODE):  # the words the service would write
        end_reason = gettext("transferred to %(union)s") % {"union": current.name}
    old = membership(
        first,
        story["joined"],
        status=MembershipStatus.TRANSFERRED,
        ended_on=story["accepted"],
        end_reason=end_reason,
    )
    join = JoinRequest(
        applicant=user,
        person=person,
        name=person.name,
        gender=person.gender,
        birth_date=person.birth_date,
        education=person.education,
        political_status=person.political_status,
        work_kind=WorkKind.DELIVERY_RIDER,
        employer_name="美团外卖",
        union=first,
        status=RequestStatus.APPROVED,
        decided_at=_at(story["joined"]),
        decided_by=released_by,
        membership=old,
    )
    join.set_id_number(number)
    join.set_phone(phone)
    join.save()
    new = membership(current, story["accepted"])
    transfer = Transfer.objects.create(
        membership=old,
        from_union=first,
        to_union=current,
        status=TransferStatus.ACCEPTED,
        requested_by=user,
        released_at=_at(story["released"]),
        decided_at=_at(story["accepted"]),
        reason="入职沈阳和晨精密机械有限公司",
        new_membership=new,
    )
    # auto_now_add fields take the day of the story, not the day the demo was loaded.
    JoinRequest.objects.filter(pk=join.pk).update(submitted_at=_at(story["applied"]))
    Transfer.objects.filter(pk=transfer.pk).update(requested_at=_at(story["requested"]))
    Membership.objects.filter(pk=old.pk).update(created_at=_at(story["joined"]))
    Membership.objects.filter(pk=new.pk).update(created_at=_at(story["accepted"]))
    audit.record(
        actor=accepted_by,
        action=Action.DEMO_MEMBER,
        obj=person,
        org_path=current.path,
        changes={"user": user.pk, "memberships": [old.number, new.number], "transfer": transfer.pk},
    )
    return person


PERSON_COLUMNS = [
    "id",
    "name",
    "name_pinyin",
    "name_initials",
    "gender",
    "birth_date",
    "id_cipher",
    "id_index",
    "id_last4",
    "phone_cipher",
    "phone_index",
    "education",
    "political_status",
    "work_kind",
    "employer_id",
    "employer_name",
    "created_at",
    "updated_at",
    "union_path",
]
MEMBERSHIP_COLUMNS = [
    "id",
    "person_id",
    "union_id",
    "number",
    "status",
    "joined_on",
    "started_on",
    "end_reason",
    "created_at",
]
