"""Honour schemes, nominations, review level by level, public notice, objections, award."""

from datetime import date, timedelta

import pytest

from gonghui.core import audit
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEvent
from gonghui.honours import selectors, services
from gonghui.honours.codes import Code
from gonghui.honours.models import ModelWorker, Nomination, Objection, Status, Title

from ..factories import id_number, make_member

ID = id_number("19780512", "210102")


def nominate(w, actor=None, **kw):
    fields = {
        "scheme_id": w.scheme.pk,
        "union_id": w.grassroots.pk,
        "subject": "person",
        "category": "frontline",
        "name": "张晓明",
        "id_number": ID,
        "employer": "沈阳华晨机械有限公司",
        "deeds": "三十年扎根一线，带出徒弟四十余名，攻克技术难题十二项。",
    }
    fields.update(kw)
    return services.nomination_create(actor=actor or w.cadre, **fields)


def review_all(w, n):
    for step in n.steps.order_by("order"):
        actor = {
            w.county.pk: w.county_staff,
            w.city.pk: w.city_staff,
            w.province.pk: w.province_checker,
        }[step.org_id]
        services.step_decide(
            actor=actor, nomination_id=n.pk, step=step.order, decision="approved", opinion="同意"
        )
    return Nomination.objects.get(pk=n.pk)


def end_notice(n):
    Nomination.objects.filter(pk=n.pk).update(
        notice_from=date.today() - timedelta(days=6), notice_to=date.today() - timedelta(days=1)
    )


def test_a_nomination_passes_review_notice_and_award(honours):
    w = honours
    n = nominate(w)
    assert [s.org for s in n.steps.order_by("order")] == [w.county, w.city, w.province]
    n = review_all(w, n)
    assert n.status == Status.NOTICE
    assert n.notice_to - n.notice_from == timedelta(days=4)
    assert n in selectors.on_notice()
    end_notice(n)
    n = services.nomination_award(
        actor=w.province_checker, nomination_id=n.pk, certificate_number="LN2026-001"
    )
    assert n.status == Status.AWARDED and n.awarded_on == date.today()
    worker = ModelWorker.objects.get(id_index=n.id_index)
    assert worker.union == w.grassroots
    assert Title.objects.get(worker=worker).certificate_number == "LN2026-001"
    actions = list(
        AuditEvent.objects.filter(target_id=str(n.pk), target_type="honours.nomination")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[0] == "honours_nominated" and actions[-1] == "honours_awarded"
    # the audit keeps no full name
    assert not AuditEvent.objects.filter(target_repr__contains="张晓明").exists()


def test_steps_wait_for_their_own_level(honours):
    w = honours
    n = nominate(w)
    with pytest.raises(ServiceError) as exc:  # the city cannot decide the county's step
        services.step_decide(actor=w.city_staff, nomination_id=n.pk, step=1, decision="approved")
    assert exc.value.code == Code.WRONG_LEVEL
    with pytest.raises(ServiceError) as exc:
        services.step_decide(actor=w.county_staff, nomination_id=n.pk, step=2, decision="approved")
    assert exc.value.code == Code.WRONG_LEVEL
    with pytest.raises(ServiceError) as exc:  # a refusal needs its reason
        services.step_decide(actor=w.county_staff, nomination_id=n.pk, step=1, decision="rejected")
    assert exc.value.fields == {"opinion": [exc.value.message]}
    assert n.steps.get(order=1).decision == "pending"


def test_who_entered_it_may_not_approve_it(honours):
    w = honours
    # province staff enter a grassroots union's nomination: the province's step is not theirs
    n = nominate(w, actor=w.province_staff)
    for step, actor in ((1, w.county_staff), (2, w.city_staff)):
        services.step_decide(actor=actor, nomination_id=n.pk, step=step, decision="approved")
    with pytest.raises(ServiceError) as exc:
        services.step_decide(
            actor=w.province_staff, nomination_id=n.pk, step=3, decision="approved"
        )
    assert exc.value.code == Code.OWN_ENTRY
    services.step_decide(actor=w.province_checker, nomination_id=n.pk, step=3, decision="approved")
    n = Nomination.objects.get(pk=n.pk)
    end_notice(n)
    with pytest.raises(ServiceError) as exc:
        services.nomination_award(
            actor=w.province_staff, nomination_id=n.pk, certificate_number="1"
        )
    assert exc.value.code == Code.OWN_ENTRY
    assert Nomination.objects.get(pk=n.pk).status == Status.NOTICE


def test_one_open_nomination_per_person_and_scheme(honours):
    w = honours
    nominate(w)
    with pytest.raises(ServiceError) as exc:
        nominate(w, union_id=w.grassroots.pk, name="张晓明")
    assert exc.value.code == Code.OPEN_NOMINATION
    assert Nomination.objects.count() == 1


def test_quotas_per_union_and_for_managers(honours):
    w = honours
    nominate(w, category="manager")
    with pytest.raises(ServiceError) as exc:  # 50% of 2 places: one manager
        nominate(w, category="manager", name="李强", id_number=id_number("19800101", "210102"))
    assert exc.value.code == Code.QUOTA_FULL and "category" in exc.value.fields
    nominate(w, name="王芳", id_number=id_number("19850101", "210102", male=False))
    with pytest.raises(ServiceError) as exc:  # two places for people: taken
        nominate(w, name="赵刚", id_number=id_number("19860101", "210102"))
    assert exc.value.code == Code.QUOTA_FULL
    nominate(w, subject="collective", name="华晨机械数控车间", category="")
    with pytest.raises(ServiceError) as exc:
        nominate(w, subject="collective", name="华晨机械装配班组")
    assert exc.value.code == Code.QUOTA_FULL
    # the sibling county has no quota of its own but lies under the city's places
    assert Nomination.objects.count() == 3


def test_no_places_no_nomination(honours):
    w = honours
    with pytest.raises(ServiceError) as exc:
        nominate(w, actor=w.outsider, union_id=w.other_grassroots.pk)
    assert exc.value.code == Code.NOT_HERE  # not below the scheme's federation


def test_objections_are_resolved_before_the_award(honours):
    w = honours
    n = review_all(w, nominate(w))
    objection = services.objection_file(
        actor=None,
        nomination_id=n.pk,
        text="其事迹中的技术成果系他人完成。",
        contact="139 0000 1234",
    )
    assert objection.contact_masked == "139****1234"
    end_notice(n)
    with pytest.raises(ServiceError) as exc:
        services.nomination_award(
            actor=w.province_checker, nomination_id=n.pk, certificate_number="9"
        )
    assert exc.value.code == Code.OPEN_OBJECTION
    with pytest.raises(ServiceError):  # the county may not resolve it
        services.objection_resolve(
            actor=w.county_staff, objection_id=objection.pk, outcome="dismissed", resolution="x"
        )
    services.objection_resolve(
        actor=w.province_checker,
        objection_id=objection.pk,
        outcome="dismissed",
        resolution="经核实，成果由其本人主持完成，有专利证书为证。",
    )
    n = services.nomination_award(
        actor=w.province_checker, nomination_id=n.pk, certificate_number="9"
    )
    assert n.status == Status.AWARDED


def test_an_upheld_objection_ends_the_nomination(honours):
    w = honours
    n = review_all(w, nominate(w))
    objection = services.objection_file(actor=None, nomination_id=n.pk, text="不符合条件")
    services.objection_resolve(
        actor=w.province_checker, objection_id=objection.pk, outcome="upheld", resolution="属实"
    )
    assert Nomination.objects.get(pk=n.pk).status == Status.REJECTED


def test_no_award_while_the_notice_runs(honours):
    w = honours
    n = review_all(w, nominate(w))
    with pytest.raises(ServiceError) as exc:
        services.nomination_award(
            actor=w.province_checker, nomination_id=n.pk, certificate_number="9"
        )
    assert exc.value.code == Code.NOTICE_RUNNING


def test_objection_only_during_notice(honours):
    w = honours
    n = nominate(w)
    with pytest.raises(ServiceError):
        services.objection_file(actor=None, nomination_id=n.pk, text="异议")
    assert not Objection.objects.exists()


def test_a_member_is_nominated_and_sees_it(honours, as_user):
    w = honours
    membership = make_member(w.grassroots, "刘洋", user=w.member)
    n = nominate(w, person_id=membership.person_id, name="", id_number="")
    assert n.name == "刘洋" and n.id_index == membership.person.id_index
    assert list(selectors.my_nominations(actor=w.member)) == [n]
    page = as_user(w.member).get("/honours/mine/")
    assert page.status_code == 200 and w.scheme.title in page.content.decode()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"deeds": "  "}, "deeds"),
        ({"id_number": "210102197805120000"}, "id_number"),
        ({"subject": "robot"}, "subject"),
        ({"category": "boss"}, "category"),
        ({"employer": ""}, "employer"),
        ({"name": ""}, "name"),
        ({"deeds": "事" * 5001}, "deeds"),
    ],
)
def test_bad_nominations_write_nothing(honours, change, field):
    w = honours
    before = AuditEvent.objects.count()
    with pytest.raises(ServiceError) as exc:
        nominate(w, **change)
    assert field in exc.value.fields
    assert not Nomination.objects.exists()
    assert AuditEvent.objects.count() == before


def test_closed_scheme_takes_no_nomination(honours):
    w = honours
    type(w.scheme).objects.filter(pk=w.scheme.pk).update(
        opens_on=date(2000, 1, 1), closes_on=date(2000, 2, 1)
    )
    with pytest.raises(ServiceError) as exc:
        nominate(w)
    assert exc.value.code == Code.CLOSED


def test_bad_scheme_input(honours):
    w = honours
    with pytest.raises(ServiceError) as exc:
        services.scheme_create(
            actor=w.province_staff,
            owner_id=w.province.pk,
            kind="model_worker",
            level="provincial",
            title="评选",
            year=2026,
            opens_on=date(2026, 5, 1),
            closes_on=date(2026, 4, 1),
        )
    assert "closes_on" in exc.value.fields
    with pytest.raises(ServiceError) as exc:
        services.scheme_create(
            actor=w.cadre,
            owner_id=w.grassroots.pk,
            kind="model_worker",
            level="county",
            title="评选",
            year=2026,
            opens_on=date(2026, 1, 1),
            closes_on=date(2026, 4, 1),
        )
    assert "owner_id" in exc.value.fields


def test_audit_action_enumerated():
    assert isinstance(services.Action.NOMINATED, audit.AuditAction)


def test_the_review_waits_on_the_home_page_of_its_federation_only(honours):
    from gonghui.core.todos import waiting_for

    w = honours
    nominate(w)

    def count(user):
        return {x.todo.key: x.count for x in waiting_for(user)}.get("honours.steps", 0)

    assert count(w.county_staff) == 1  # the county decides the first step
    assert count(w.city_staff) == 0 and count(w.province_checker) == 0
    assert count(w.cadre) == 0 and count(w.sibling_staff) == 0 and count(w.city_leader) == 0
