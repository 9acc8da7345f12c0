"""The summary's §4 outreach sentences equal independent counts; the demo's 2022."""

import re
from datetime import date

from gonghui.members.models import Membership
from gonghui.orgs.models import Enterprise, Organization, OrgKind
from gonghui.outreach import demo, services
from gonghui.outreach.models import (
    Assessment,
    FoundedUnion,
    Interview,
    OutreachGrant,
    Pairing,
    RecruitedMember,
    StationingCadre,
    StationingGroup,
    Visit,
)
from gonghui.reports import summary
from tests.factories import fund_org, make_member, make_org

YEAR = 2022


def _text(content, section="foundation"):
    return "".join(
        s["text"]
        for sec in content["sections"]
        if sec["key"] == section
        for p in sec["paragraphs"]
        for s in p["sentences"]
    )


def _records(world):
    actor = world.province_staff
    fund_org(world.province, 2_000_000_00)
    fund_org(world.city, 2_000_000_00)
    g1 = services.group_create(
        actor=actor,
        union_id=world.province.pk,
        place_id=world.county.pk,
        name="省总驻和平区蹲点组",
        start_on=date(YEAR, 3, 1),
        end_on=date(YEAR, 12, 31),
        funds=1_410_000_00,  # 141万元
    )
    g2 = services.group_create(
        actor=actor,
        union_id=world.city.pk,
        place_id=world.sibling.pk,
        name="市总驻沈河区蹲点组",
        start_on=date(YEAR, 4, 1),
        end_on=date(YEAR, 10, 31),
        funds=1_000_000_00,  # 100万元
    )
    for g, names in ((g1, ["王强", "李娜", "张伟"]), (g2, ["赵敏", "刘洋"])):
        for n in names:
            services.cadre_add(actor=actor, group_id=g.pk, name=n)
    services.interview_add(
        actor=actor, group_id=g1.pk, held_on=date(YEAR, 4, 1), who="officials", people=17
    )
    services.interview_add(
        actor=actor, group_id=g2.pk, held_on=date(YEAR, 5, 1), who="workers", people=30
    )
    other = Enterprise.objects.create(
        name="沈阳沈河商贸有限公司",
        credit_code="91210103MA0XXXXX1X",
        industry="F",
        ownership="private",
        size="small",
        employees=40,
        region_id="210103",
        keeper=world.sibling,
    )
    for g, e in ((g1, world.enterprise), (g1, world.enterprise), (g2, other)):
        services.visit_create(
            actor=actor,
            union_id=g.union_id,
            visitor="王强",
            visited_on=date(YEAR, 6, 1),
            enterprise_id=e.pk,
            group_id=g.pk,
            workers_met=10,
        )
    new = make_org(
        "新建工会甲", OrgKind.GRASSROOTS, world.township, "210102", founded_on=date(YEAR, 6, 1)
    )
    services.credit_union(actor=actor, group_id=g1.pk, org_id=new.pk)
    for i in range(3):
        m = make_member(new, f"新会员{i}", joined_on=f"{YEAR}-07-0{i + 1}")
        services.credit_member(actor=actor, group_id=g1.pk, membership_id=m.pk)
    services.pairing_create(
        actor=actor,
        county_id=world.county.pk,
        year=YEAR,
        level="provincial",
        higher_id=world.province.pk,
        leader="张建华",
    )
    services.pairing_create(
        actor=actor,
        county_id=world.sibling.pk,
        year=YEAR,
        level="city",
        higher_id=world.city.pk,
        department="组织部",
    )
    return g1, g2


def test_summary_sentences_equal_independent_counts(world):
    _records(world)
    content = summary.summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=YEAR, lang="zh-hans"
    )
    text = _text(content)
    values = {f["key"]: f["value"] for f in content["figures"]}
    path = world.province.path
    in_year = {"start_on__year": YEAR}
    assert (
        values["outreach.groups"]
        == StationingGroup.objects.filter(union__path__startswith=path, **in_year).count()
        == 2
    )
    assert (
        values["outreach.cadres"]
        == StationingCadre.objects.filter(group__start_on__year=YEAR).count()
        == 5
    )
    assert (
        values["outreach.funds"]
        == sum(g.funds for g in StationingGroup.objects.all())
        == 241_000_000
    )
    assert values["outreach.interviewed"] == sum(i.people for i in Interview.objects.all()) == 47
    enterprises = {v.enterprise_id for v in Visit.objects.filter(group__isnull=False)}
    assert values["outreach.enterprises"] == len(enterprises) == 2
    assert values["outreach.unions_founded"] == FoundedUnion.objects.count() == 1
    assert values["outreach.members_recruited"] == RecruitedMember.objects.count() == 3
    counties = Organization.objects.filter(path__startswith=path, kind=OrgKind.COUNTY).count()
    paired = Pairing.objects.filter(year=YEAR).values("county").distinct().count()
    assert values["outreach.counties"] == counties == 2
    assert values["outreach.counties_paired"] == paired == 2
    assert (
        "2022年，全省各级工会共组成蹲点工作组2个，下派蹲点干部5人，投入专项经费241万元，"
        "访谈基层党政干部职工47人，走访企业2个，指导新建基层工会1个，指导新发展会员3人。"
    ) in text
    assert "2022年，实现上级工会领导机关对全省2个县级工会对口联系指导全覆盖" in text
    assert "其中全国总工会和省总工会对口联系1个" in text
    assert not re.search(r"(?<![\d.])0[个人]", text)  # no zero figure is written
    used = {f["key"] for f in content["figures"] if f["used"]}
    assert {"outreach.groups", "outreach.members_recruited", "outreach.counties_paired"} <= used

    en = summary.summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=YEAR, lang="en"
    )
    text = _text(en)
    assert "formed 2 stationing groups, sent 5 cadres to the grassroots" in text
    assert (
        "guided the founding of 1 new grassroots union and guided the recruitment of 3 new members"
        in text
    )
    assert "every one of the 2 county unions of the province was paired" in text
    hant = summary.summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=YEAR, lang="zh-hant"
    )
    assert "蹲點工作組2個" in _text(hant)


def test_a_county_summary_counts_only_its_subtree(world):
    _records(world)
    content = summary.summary_compose(
        actor=world.sibling_staff, org_id=world.sibling.pk, year=YEAR, lang="zh-hans"
    )
    values = {f["key"]: f["value"] for f in content["figures"]}
    assert values["outreach.groups"] == 0  # sent by the city, not by the county
    assert values["outreach.counties_paired"] == 1 and values["outreach.counties"] == 1


def test_no_outreach_record_no_sentence(world):
    make_member(world.grassroots, "唯一会员", joined_on=f"{YEAR}-05-01")
    content = summary.summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=YEAR, lang="zh-hans"
    )
    text = _text(content)
    assert "蹲点" not in text and "对口联系" not in text and "五强" not in text


def test_demo_2022_is_deterministic_and_links_real_records(world):
    for i in range(6):
        org = make_org(
            f"新建{i}工会",
            OrgKind.GRASSROOTS,
            world.township,
            "210102",
            founded_on=date(YEAR, 5, 1 + i),
        )
        make_member(org, f"会员{i}", joined_on=f"{YEAR}-06-0{i + 1}")
    counts = demo.build_demo("small", seed=7)
    assert counts["stationing groups"] == 2  # one per county of the test world
    assert counts["五强 assessments"] == 2
    assert StationingGroup.objects.filter(start_on__year=YEAR).count() == 2
    # credits are links to records founded or joined in the group's place and period
    for link in FoundedUnion.objects.select_related("org", "group__place"):
        assert link.org.path.startswith(link.group.place.path)
        assert link.group.start_on <= link.org.founded_on <= link.group.end_on
    for link in RecruitedMember.objects.select_related("membership__union", "group__place"):
        assert link.membership.union.path.startswith(link.group.place.path)
    assert (
        Membership.objects.filter(recruited_with__isnull=False).count()
        == counts["members credited"]
    )
    assert Pairing.objects.filter(year=YEAR).values("county").distinct().count() == 2
    assert Assessment.objects.filter(status="final").count() == 2
    first = list(StationingGroup.objects.order_by("pk").values_list("name", "funds", "start_on"))
    content = summary.summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=YEAR, lang="zh-hans"
    )
    assert "蹲点工作组2个" in _text(content)
    for model in (
        OutreachGrant,
        FoundedUnion,
        RecruitedMember,
        Visit,
        Assessment,
        Pairing,
        StationingGroup,
    ):
        model.objects.all().delete()
    from gonghui.outreach.models import Scheme

    Scheme.objects.all().delete()
    demo.build_demo("small", seed=7)
    again = list(StationingGroup.objects.order_by("pk").values_list("name", "funds", "start_on"))
    assert first == again
