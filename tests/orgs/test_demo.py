"""The demo province at small scale: what someone trying Gonghui relies on."""

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F
from stdnum.cn import uscc

from gonghui.accounts import demo as accounts_demo
from gonghui.accounts.models import TWO_FACTOR_ROLES, User
from gonghui.orgs import demo
from gonghui.orgs.models import (
    ALLOWED_PARENTS,
    Enterprise,
    Organization,
    OrgKind,
    Region,
    pinyin_key,
    refresh_sort_keys,
)
from gonghui.orgs.regions import region_rows

LIAONING_CITIES = [
    "沈阳市",
    "大连市",
    "鞍山市",
    "抚顺市",
    "本溪市",
    "丹东市",
    "锦州市",
    "营口市",
    "阜新市",
    "辽阳市",
    "盘锦市",
    "铁岭市",
    "朝阳市",
    "葫芦岛市",
]


def ensure_regions():
    if not Region.objects.exists():  # a transactional test's flush empties migration data
        Region.objects.bulk_create(region_rows(Region))


def gb11714_ok(code: str) -> bool:
    """The organization code inside a credit code (characters 9-17) has its check character."""
    body, check = code[8:16], code[16]
    total = sum(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".index(c) * w
        for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)
    )
    expected = 11 - total % 11
    return check == {10: "X", 11: "0"}.get(expected, str(expected))


def test_credit_code_matches_a_real_registration():
    # Huawei Technologies, Shenzhen: organization code 19220382-1, credit code …16.
    assert demo.credit_code("91", "440300", "19220382") == "914403001922038216"
    assert gb11714_ok("914403001922038216")


@pytest.fixture(scope="class")
def small(django_db_setup, django_db_blocker):
    """One small build shared by the class, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_regions()
        counts = accounts_demo.build("small")  # the tree and its demo accounts
        yield counts
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("small")
class TestSmallProvince:
    def test_counts(self, small):
        assert small[OrgKind.NATIONAL] == 1 and small[OrgKind.PROVINCIAL] == 1
        assert small[OrgKind.CITY] == 14
        assert small[OrgKind.GRASSROOTS] == 1000
        assert small[OrgKind.JOINT] == 4 * small[OrgKind.COUNTY]
        assert small[OrgKind.TOWNSHIP] == 2 * small[OrgKind.COUNTY]
        for kind in OrgKind.values:
            assert Organization.objects.filter(kind=kind).count() == small[kind]
        assert Enterprise.objects.count() == small["enterprise"]

    def test_federations_have_their_english_names(self):
        english = dict(
            Organization.objects.filter(
                kind__in=[OrgKind.NATIONAL, OrgKind.PROVINCIAL, OrgKind.CITY, OrgKind.COUNTY]
            ).values_list("name", "name_en")
        )
        assert english["中华全国总工会"] == "All-China Federation of Trade Unions"
        assert english["辽宁省总工会"] == "Liaoning Provincial Federation of Trade Unions"
        assert english["沈阳市总工会"] == "Shenyang Federation of Trade Unions"
        assert english["大连市总工会"] == "Dalian Federation of Trade Unions"
        assert english["和平区总工会"] == "Heping District Federation of Trade Unions"
        assert english["岫岩满族自治县总工会"] == (
            "Xiuyan Manchu Autonomous County Federation of Trade Unions"
        )
        assert all(english.values())
        # The generated unions under them by the rule; grassroots unions when shown.
        street = Organization.objects.filter(name__endswith="街道工会").first()
        assert street is not None and street.name_en.endswith(" Subdistrict Trade Union")
        flagship = Organization.objects.get(name=demo.FLAGSHIP_UNION)
        assert flagship.display_name("en") == (
            "Trade Union Committee of Shenyang Hechen Precision Machinery Co., Ltd."
        )

    def test_the_fourteen_cities_under_the_province(self):
        province = Organization.objects.get(kind=OrgKind.PROVINCIAL)
        assert province.name == "辽宁省总工会" and province.region_id == "210000"
        assert province.parent.name == "中华全国总工会" and province.parent.parent is None
        cities = Organization.objects.filter(kind=OrgKind.CITY).order_by("region_id")
        assert [c.name for c in cities] == [name + "总工会" for name in LIAONING_CITIES]
        assert {c.parent_id for c in cities} == {province.pk}

    def test_every_county_has_its_federation(self):
        counties = Region.objects.filter(code__startswith="21", level=Region.Level.COUNTY)
        federations = {
            o.region_id: o
            for o in Organization.objects.filter(kind=OrgKind.COUNTY).select_related("parent")
        }
        assert len(counties) == 100 and set(federations) == {r.code for r in counties}
        for region in counties:
            fed = federations[region.code]
            assert fed.name == region.name + "总工会"
            assert fed.parent.region_id == region.parent_id  # under its own city
        for name in ("和平区总工会", "康平县总工会", "新民市总工会"):
            assert Organization.objects.filter(name=name, kind=OrgKind.COUNTY).exists()

    def test_paths_depths_and_allowed_parents(self):
        orgs = {
            o["id"]: o
            for o in Organization.objects.values("id", "parent_id", "path", "depth", "kind")
        }
        for org in orgs.values():
            parent = orgs.get(org["parent_id"])
            if parent is None:
                assert org["kind"] == OrgKind.NATIONAL
                assert org["path"] == f"/{org['id']}/" and org["depth"] == 0
            else:
                assert org["path"] == f"{parent['path']}{org['id']}/"
                assert org["depth"] == parent["depth"] + 1
                assert parent["kind"] in ALLOWED_PARENTS[org["kind"]], org

    def test_credit_codes_are_valid_and_unique(self):
        unions = list(
            Organization.objects.exclude(credit_code=None).values_list("kind", "credit_code")
        )
        firms = list(Enterprise.objects.values_list("ownership", "credit_code"))
        codes = [code for _, code in unions + firms]
        assert len(codes) == len(set(codes))
        assert len({code[8:17] for code in codes}) == len(codes)  # organization codes too
        for code in codes:
            assert uscc.validate(code) == code and gb11714_ok(code), code
        assert all(code.startswith("81") for _, code in unions)
        for ownership, code in firms:
            assert code[:2] == ("12" if ownership == "institution" else "91"), code
        gig_and_grassroots = Organization.objects.filter(
            kind__in=[OrgKind.GRASSROOTS, OrgKind.JOINT]
        )
        assert not gig_and_grassroots.filter(credit_code=None).exists()

    def test_region_code_inside_credit_code(self):
        for org in Organization.objects.exclude(credit_code=None):
            assert org.credit_code[2:8] == org.region_id
        for firm in Enterprise.objects.all():
            assert firm.credit_code[2:8] == firm.region_id

    def test_grassroots_unions_and_their_enterprises(self):
        unions = Organization.objects.filter(kind=OrgKind.GRASSROOTS).select_related(
            "enterprise", "parent"
        )
        for union in unions:
            assert union.name == union.enterprise.name + "工会委员会"
            assert union.enterprise.keeper_id == union.pk
            assert union.enterprise.region_id == union.region_id
            if union.parent.kind == OrgKind.INDUSTRY:
                assert union.parent.industry == union.enterprise.industry
        parents = [u.parent.kind for u in unions]
        assert parents.count(OrgKind.TOWNSHIP) > len(parents) / 2  # mostly under townships
        without = Enterprise.objects.filter(unions=None)
        assert 0.05 < without.count() / Enterprise.objects.count() < 0.15
        # The COPYed rows carry what a save would have written: the flag, the path.
        assert set(Enterprise.objects.filter(has_union=False)) == set(without)
        assert not Enterprise.objects.exclude(keeper_path=F("keeper__path")).exists()
        assert set(without.values_list("keeper__kind", flat=True)) == {OrgKind.TOWNSHIP}
        assert (
            len(set(Enterprise.objects.values_list("name", flat=True)))
            == Enterprise.objects.count()
        )

    def test_townships_and_joint_unions_per_county(self):
        for fed in Organization.objects.filter(kind=OrgKind.COUNTY):
            children = fed.children.all()
            townships = [c.name for c in children if c.kind == OrgKind.TOWNSHIP]
            assert len(townships) == len(set(townships)) == 2
            suffixes = (
                ("街道工会", "街道总工会")
                if fed.name.endswith("区总工会")
                else ("街道工会", "街道总工会", "镇工会", "乡工会")
            )
            assert all(name.endswith(suffixes) for name in townships), townships
            joint = sorted(c.name for c in children if c.kind == OrgKind.JOINT)
            county = fed.name.removesuffix("总工会")
            assert joint == sorted(county + name for name, _, _ in demo.JOINT_UNIONS)
        couriers = Organization.objects.get(name="和平区快递行业联合工会")
        assert couriers.takes_in == ["courier"]
        assert couriers.founded_on.year >= 2018

    def test_industry_unions(self):
        province = Organization.objects.filter(
            kind=OrgKind.INDUSTRY, parent__kind=OrgKind.PROVINCIAL
        )
        assert {"辽宁省教育工会", "辽宁省机械冶金工会", "辽宁省交通运输工会"} <= set(
            province.values_list("name", flat=True)
        )
        assert Organization.objects.get(name="沈阳市金融工会").industry == "J"
        assert not Organization.objects.filter(kind=OrgKind.INDUSTRY, industry="").exists()

    def test_pinyin_is_what_save_would_write(self):
        for model in (Organization, Enterprise):
            for name, key in model.objects.values_list("name", "name_pinyin"):
                assert key == pinyin_key(name), name

    def test_the_official_order_key_is_what_the_tree_would_write(self):
        """The demo's rows are COPYed, not saved: each carries the key of its division,
        depth and pinyin all the same (nothing for refresh_sort_keys to rewrite)."""
        assert not Organization.objects.filter(sort_key="").exists()
        assert refresh_sort_keys(Organization.objects.all()) == 0

    def test_demo_accounts_log_in_with_their_roles(self):
        phones = set()
        for account in accounts_demo.DEMO_ACCOUNTS:
            user = authenticate(username=account["username"], password=accounts_demo.DEMO_PASSWORD)
            assert user is not None, account["username"]
            roles = [(r.kind, r.organization.name) for r in user.active_roles]
            if account["role"]:
                assert roles == [(account["role"], account["organization"])]
            else:
                assert roles == []
            assert bool(user.totp_cipher) == (account["role"] in TWO_FACTOR_ROLES)
            assert user.last_name and user.first_name
            phones.add(user.phone_index)
        assert None not in phones and len(phones) == len(accounts_demo.DEMO_ACCOUNTS)
        cadre_union = Organization.objects.get(name=demo.FLAGSHIP_UNION)
        heping = Organization.objects.get(name="和平区总工会")
        assert cadre_union.kind == OrgKind.GRASSROOTS and cadre_union.path.startswith(heping.path)
        shenhe = Organization.objects.get(name="沈河区总工会")
        assert shenhe.parent_id == heping.parent_id  # the sibling county

    def test_the_account_table(self):
        out = StringIO()
        accounts_demo.print_accounts(out)
        text = out.getvalue()
        assert accounts_demo.DEMO_PASSWORD in text and demo.FLAGSHIP_UNION in text
        assert "二次验证码 / second factor: gonghui otp admin" in text
        assert "gonghui otp member" not in text and "gonghui otp cadre" not in text

    def test_ids_continue_after_the_demo(self):
        top = Organization.objects.order_by("-pk").first()
        parent = Organization.objects.get(name="和平区总工会")
        org = Organization(
            name="新建街道工会",
            kind=OrgKind.TOWNSHIP,
            parent=parent,
            path="/placeholder/",
            depth=parent.depth + 1,
        )
        org.save()
        assert org.pk > top.pk


@pytest.mark.one_db  # the generator's determinism; nothing is written
@pytest.mark.django_db
def test_same_seed_same_province():
    ensure_regions()
    regions = demo.liaoning_regions()

    def rows(seed):
        out = []
        for batch in demo.generate("small", seed, regions):
            out += [(o.id, o.name, o.path, o.credit_code, o.founded_on) for o in batch.orgs]
            out += [
                (e.id, e.name, e.credit_code, e.keeper_id, e.employees) for e in batch.enterprises
            ]
        return out

    first = rows(2022)
    assert first == rows(2022)
    assert first != rows(7)


@pytest.mark.django_db
def test_command_loads_once_and_then_refuses():
    ensure_regions()
    out = StringIO()
    call_command("demo", scale="small", stdout=out)
    assert "100%" in out.getvalue() and "gonghui otp heping" in out.getvalue()
    # each part's wall and CPU time, for an operator on a shared machine
    assert re.search(r"^  members: [\d.]+ s, CPU [\d.]+ s$", out.getvalue(), re.M)
    assert Organization.objects.filter(kind=OrgKind.GRASSROOTS).count() == 1000
    with pytest.raises(CommandError, match="已有组织.*already has organizations"):
        call_command("demo", scale="small", stdout=StringIO())


@pytest.mark.django_db
def test_refuses_when_a_demo_username_is_taken():
    ensure_regions()
    User.objects.create_user("admin", password="another-long-password")
    with pytest.raises(demo.DemoRefused, match="admin"):
        accounts_demo.build("small")
    assert not Organization.objects.exists()


def test_every_domain_demo_builds_on_the_demo_province_not_the_first_path(world):
    # Paths compare as text ("/10/" < "/9/"): once another province's path sorted first,
    # the work-plan demo wrote its tasks to 吉林 and CI failed on the order of the ids.
    Organization.objects.filter(pk=world.other_province.pk).update(path="/0/")
    assert Organization.objects.filter(kind=OrgKind.PROVINCIAL).order_by("path")[0] != (
        world.province
    )
    assert demo.demo_province() == world.province
