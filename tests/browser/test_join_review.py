"""A cadre reviews a join request whose ID number is already on file: the differences are
shown, approval waits for the identity check, and only then is the account linked."""

import os

import pytest

from gonghui.members.models import Person

from ..factories import DEMO_PASSWORD, OrgKind, id_number, make_member, make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.one_db, pytest.mark.django_db(transaction=True)]


def test_cadre_checks_identity_before_a_record_on_file_is_linked(
    world, live_server, page, phone_page, tmp_path
):
    joint = make_org(
        "和平区快递外卖联合工会",
        OrgKind.JOINT,
        world.county,
        "210102",
        takes_in=["courier", "delivery_rider"],
    )
    make_user("joint_cadre", "cadre", joint)
    number = id_number(birth="19680412")
    former = make_member(world.grassroots, "王建国", number_id=number, phone="13600001111")
    former.status, former.ended_on = "left", former.joined_on
    former.save()

    # He comes back as a rider, on his phone, with a new number.
    phone_page.goto(f"{live_server.url}/join/")
    phone_page.fill("input[name=name]", "王建国")
    phone_page.fill("input[name=id_number]", number)
    phone_page.fill("input[name=phone]", "137 0000 2222")
    phone_page.select_option("select[name=work_kind]", "delivery_rider")
    phone_page.fill("input[name=region_text]", "heping")
    phone_page.click("#place-list li:has-text('沈阳市 和平区')")
    phone_page.fill("input[name=employer_text]", "美团")
    phone_page.check("input[name=privacy]")
    phone_page.check("input[name=id_consent]")
    phone_page.fill("input[name=password]", "returning-riders-passphrase")
    phone_page.wait_for_selector(".union-preview.found")
    phone_page.click("button[type=submit]")
    phone_page.wait_for_url("**/me/")
    assert Person.objects.get().user_id is None  # nothing linked yet

    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "joint_cadre")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/members/requests/")
    row = page.locator("table.requests tbody tr", has_text="王建国").first
    assert "该身份证号已有档案" in row.inner_text()
    differences = row.locator("table.differences").inner_text()
    assert "136****1111" in differences and "137****2222" in differences
    assert "外卖配送员" in differences
    if os.environ.get("GONGHUI_SCREENSHOTS"):
        page.screenshot(
            path=os.path.join(os.environ["GONGHUI_SCREENSHOTS"], "review.png"), full_page=True
        )

    # Approving without the check is not possible: the browser asks for the box first.
    row.locator("button[value=approve]").click()
    assert Person.objects.get().memberships.filter(status="active").count() == 0
    row.locator("input[name=identity_checked]").check()
    row.locator("input[name=update_record]").check()
    row.locator("button[value=approve]").click()
    assert "210102" in page.locator(".msg").inner_text()
    person = Person.objects.get()
    assert person.user is not None and person.work_kind == "delivery_rider"
    assert person.memberships.filter(status="active", union=joint).exists()
