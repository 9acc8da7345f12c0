"""Organizations in English (issue 12, item 2): the name entered, else the rule's."""

import json

import pytest

from gonghui.core.models import AuditEvent
from gonghui.orgs import services
from gonghui.orgs.english import english_name
from gonghui.orgs.models import Organization, OrgKind


@pytest.mark.one_db
@pytest.mark.parametrize(
    "name, english",
    [
        ("中华全国总工会", "All-China Federation of Trade Unions"),
        ("辽宁省总工会", "Liaoning Provincial Federation of Trade Unions"),
        ("沈阳市总工会", "Shenyang Federation of Trade Unions"),
        ("大连市总工会", "Dalian Federation of Trade Unions"),
        ("葫芦岛市总工会", "Huludao Federation of Trade Unions"),
        ("朝阳市总工会", "Chaoyang Federation of Trade Unions"),  # 朝 read cháo, as places are
        ("长海县总工会", "Changhai County Federation of Trade Unions"),
        ("和平区总工会", "Heping District Federation of Trade Unions"),
        ("沈北新区总工会", "Shenbei New District Federation of Trade Unions"),
        ("台安县总工会", "Tai'an County Federation of Trade Unions"),
        ("旅顺口区总工会", "Lüshunkou District Federation of Trade Unions"),
        ("岫岩满族自治县总工会", "Xiuyan Manchu Autonomous County Federation of Trade Unions"),
        ("广西壮族自治区总工会", "Guangxi Zhuang Autonomous Region Federation of Trade Unions"),
        ("南湖街道工会", "Nanhu Subdistrict Trade Union"),
        ("南湖街道总工会", "Nanhu Subdistrict Federation of Trade Unions"),
        ("二道屯镇工会", "Erdaotun Town Trade Union"),
        ("沈阳市教育工会", "Shenyang Education Trade Union"),
        ("和平区快递行业联合工会", "Heping District Express Industry Joint Trade Union"),
        (
            "沈阳和晨精密机械有限公司工会委员会",
            "Trade Union Committee of Shenyang Hechen Precision Machinery Co., Ltd.",
        ),
        (
            "和平区南湖实验学校工会委员会",
            "Trade Union Committee of Heping District Nanhu Experimental School",
        ),
        ("Already English", "Already English"),
    ],
)
def test_the_rule(name, english):
    assert english_name(name) == english


def test_display_name_in_each_language(world):
    city = world.city
    assert city.display_name("zh-hans") == "沈阳市总工会"
    assert city.display_name("zh-hant") == "瀋陽市總工會"
    assert city.display_name("en") == "Shenyang Federation of Trade Unions"  # by rule
    city.name_en = "Shenyang Municipal Federation of Trade Unions"
    assert city.display_name("en") == "Shenyang Municipal Federation of Trade Unions"


def test_the_english_name_is_edited_through_the_api_and_audited(world, as_user):
    client = as_user(world.province_staff)
    url = f"/api/v1/orgs/{world.city.pk}"
    body = client.get(url).json()
    assert (
        body["name_en"] == "" and body["display_name_en"] == "Shenyang Federation of Trade Unions"
    )
    response = client.patch(
        url,
        data=json.dumps({"name_en": "  Shenyang Municipal Federation of Trade Unions "}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["name_en"] == "Shenyang Municipal Federation of Trade Unions"
    event = AuditEvent.objects.filter(action="update", target_id=str(world.city.pk)).latest("id")
    assert event.changes["name_en"] == ["", "Shenyang Municipal Federation of Trade Unions"]


def test_a_chinese_english_name_is_refused_and_changes_nothing(world, as_user):
    client = as_user(world.province_staff)
    response = client.patch(
        f"/api/v1/orgs/{world.city.pk}",
        data=json.dumps({"name_en": "沈阳市总工会"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "name_en" in response.content.decode()
    assert Organization.objects.get(pk=world.city.pk).name_en == ""


def test_created_with_an_english_name(world):
    org = services.org_create(
        actor=world.county_staff,
        name="新华街道工会",
        name_en="Xinhua Subdistrict Trade Union",
        kind=OrgKind.TOWNSHIP,
        parent_id=world.county.pk,
        region="210102",
    )
    assert Organization.objects.get(pk=org.pk).name_en == "Xinhua Subdistrict Trade Union"


def test_the_org_page_edits_the_english_name(world, as_user):
    client = as_user(world.province_staff)
    page = client.get(f"/orgs/{world.city.pk}/")
    assert page.status_code == 200 and "英文名称" in page.content.decode()
    assert "Shenyang Federation of Trade Unions" in page.content.decode()  # the rule's, shown
    refused = client.post(f"/orgs/{world.city.pk}/", {"name_en": "沈阳"})
    assert refused.status_code == 400 and "英文名称请用英文填写" in refused.content.decode()
    assert Organization.objects.get(pk=world.city.pk).name_en == ""
    saved = client.post(f"/orgs/{world.city.pk}/", {"name_en": "Shenyang City FTU"})
    assert saved.status_code == 302
    assert Organization.objects.get(pk=world.city.pk).name_en == "Shenyang City FTU"
    english = client.get(f"/orgs/{world.city.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "<h1>Shenyang City FTU" in english.content.decode()
    # Staff of a sibling county see no form for the city, and cannot post to it.
    other = as_user(world.sibling_staff)
    assert other.post(f"/orgs/{world.city.pk}/", {"name_en": "X"}).status_code == 404
