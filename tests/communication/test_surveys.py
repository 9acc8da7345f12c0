"""Surveys: the builder, one answer per member on the phone, anonymity, results, cross-tabs
that hide groups under 10 answers, the Excel export, scope and bad input."""

import io
import itertools
import json
from datetime import date

import pytest
from django.http import Http404
from openpyxl import load_workbook

from gonghui.communication import selectors, services
from gonghui.communication.models import Answer, Response, Survey
from gonghui.core.errors import ServiceError
from gonghui.members.models import Person

from ..factories import make_member, make_org, make_user

QUESTIONS = [
    {"kind": "single", "text": "您对当前工作状况是否满意？", "choices": ["满意", "一般", "不满意"]},
    {"kind": "multiple", "text": "您最希望工会提供哪些服务？", "choices": ["技能培训", "法律援助", "文体活动", "困难帮扶"]},
    {"kind": "scale", "text": "您对工会工作的总体评价（1–5）", "scale_max": 5},
    {"kind": "text", "text": "您对工会工作的意见和建议", "required": False},
]  # fmt: skip


def _survey(world, **changes):
    fields = {
        "union_id": world.province.pk,
        "title": "2022年辽宁省职工思想状况调查",
        "intro": "本问卷匿名填写。",
        "anonymous": True,
        "questions": QUESTIONS,
    }
    fields.update(changes)
    survey = services.survey_create(actor=world.province_staff, **fields)
    services.survey_open(actor=world.province_staff, survey_id=survey.pk)
    survey.refresh_from_db()
    return survey


_SERIAL = itertools.count(1)


def _member_user(union, name, n, *, work_kind="regular", born=date(1990, 3, 7)):
    user = make_user(f"m{union.pk}_{n}_{next(_SERIAL)}")
    membership = make_member(union, name, user=user, work_kind=work_kind)
    Person.objects.filter(pk=membership.person_id).update(birth_date=born)
    return user


def _answers(survey, single=0, multiple=(0,), scale=4, text=""):
    q = list(survey.questions.all())
    return {
        str(q[0].pk): single,
        str(q[1].pk): list(multiple),
        str(q[2].pk): scale,
        str(q[3].pk): text,
    }


def test_a_member_answers_once_and_anonymously(world):
    survey = _survey(world)
    user = _member_user(world.grassroots, "李四", 1)
    response = services.survey_answer(
        actor=user, survey_id=survey.pk, answers=_answers(survey, 1, (0, 3), 5, "多办培训")
    )
    assert response.person is None and response.union == world.grassroots
    assert response.work_kind == "regular" and response.age_band in {"25", "35"}
    assert response.region == "210100"  # the city of 和平区
    assert Answer.objects.filter(response=response).count() == 5  # 1 + 2 + 1 + 1
    with pytest.raises(ServiceError) as exc:
        services.survey_answer(actor=user, survey_id=survey.pk, answers=_answers(survey))
    assert exc.value.code == "already_done"
    assert Response.objects.count() == 1


def test_a_named_survey_keeps_the_member(world):
    survey = _survey(world, anonymous=False)
    user = _member_user(world.grassroots, "王五", 1)
    response = services.survey_answer(actor=user, survey_id=survey.pk, answers=_answers(survey))
    assert response.person.user == user


@pytest.mark.parametrize(
    "change, field_index",
    [
        ({0: None}, 0),  # required
        ({0: 7}, 0),  # not a choice
        ({0: [0, 1]}, 0),  # one only
        ({1: [9]}, 1),
        ({2: 6}, 2),  # off the scale
        ({2: "abc"}, 2),
        ({3: "字" * 2001}, 3),
    ],
)
def test_bad_answers_are_refused_and_nothing_written(world, change, field_index):
    survey = _survey(world)
    user = _member_user(world.grassroots, "赵六", 1)
    answers = _answers(survey)
    qs = list(survey.questions.all())
    for index, value in change.items():
        answers[str(qs[index].pk)] = value
    with pytest.raises(ServiceError) as exc:
        services.survey_answer(actor=user, survey_id=survey.pk, answers=answers)
    assert f"answers.{qs[field_index].pk}" in exc.value.fields
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_only_members_of_the_subtree_answer_an_open_survey(world):
    survey = _survey(world)
    outsider_member = _member_user(world.other_grassroots, "外省", 1)
    with pytest.raises(Http404):
        services.survey_answer(actor=outsider_member, survey_id=survey.pk, answers={})
    with pytest.raises(Http404):  # staff without a membership
        services.survey_answer(actor=world.province_staff, survey_id=survey.pk, answers={})
    services.survey_close(actor=world.province_staff, survey_id=survey.pk)
    user = _member_user(world.grassroots, "钱七", 1)
    with pytest.raises(ServiceError) as exc:
        services.survey_answer(actor=user, survey_id=survey.pk, answers=_answers(survey))
    assert exc.value.code == "closed"
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "questions, field",
    [
        ([], "questions"),
        ([{"kind": "single", "text": "Q", "choices": ["只有一个"]}], "questions.0.choices"),
        ([{"kind": "single", "text": "Q", "choices": ["同", "同"]}], "questions.0.choices"),
        ([{"kind": "poll", "text": "Q"}], "questions.0.kind"),
        ([{"kind": "text", "text": " "}], "questions.0.text"),
        ([{"kind": "scale", "text": "Q", "scale_max": 50}], "questions.0.scale_max"),
    ],
)
def test_bad_questionnaires_are_refused(world, questions, field):
    with pytest.raises(ServiceError) as exc:
        services.survey_create(
            actor=world.province_staff,
            union_id=world.province.pk,
            title="调查",
            questions=questions,
        )
    assert field in exc.value.fields
    assert not Survey.objects.exists()


def test_only_the_federations_own_staff_create_and_open(world):
    with pytest.raises(ServiceError):
        services.survey_create(
            actor=world.cadre, union_id=world.grassroots.pk, title="t", questions=QUESTIONS
        )
    survey = services.survey_create(
        actor=world.province_staff, union_id=world.province.pk, title="t", questions=QUESTIONS
    )
    with pytest.raises(Http404):
        services.survey_open(actor=world.county_staff, survey_id=survey.pk)
    with pytest.raises(Http404):
        services.survey_open(actor=world.auditor, survey_id=survey.pk)  # reads only


@pytest.fixture
def answered(world):
    """12 answers from the county's grassroots union (regular workers, born 1990) and 4
    from the sibling's (couriers, born 1960): the sibling's groups are under 10."""
    survey = _survey(world)
    for n in range(12):
        user = _member_user(world.grassroots, f"甲{n}", n)
        services.survey_answer(
            actor=user,
            survey_id=survey.pk,
            answers=_answers(survey, n % 2, (0, 1) if n < 6 else (2,), 3 + n % 3, f"建议{n}"),
        )
    for n in range(4):
        user = _member_user(
            world.sibling_grassroots, f"乙{n}", n, work_kind="courier", born=date(1960, 1, 1)
        )
        services.survey_answer(actor=user, survey_id=survey.pk, answers=_answers(survey, 2))
    return survey


def test_results_count_each_choice(answered):
    total, results = selectors.survey_results(survey=answered)
    assert total == 16
    single, multiple, scale, text = results
    assert single.rows == [("满意", 6), ("一般", 6), ("不满意", 4)]
    assert dict(multiple.rows) == {"技能培训": 10, "法律援助": 6, "文体活动": 6, "困难帮扶": 0}
    assert scale.answered == 16
    expected = (sum(3 + n % 3 for n in range(12)) + 4 * 4) / 16
    assert scale.mean == round(expected, 2)
    assert len(text.texts) == 12


@pytest.mark.parametrize("dimension", ["work_kind", "age_band", "industry", "region"])
def test_the_crosstab_hides_groups_under_ten(world, answered, dimension):
    q = answered.questions.get(position=1)
    tab = selectors.survey_crosstab(survey=answered, question_id=q.pk, dimension=dimension)
    sizes = [n for _label, n, _counts in tab.groups]
    assert all(n >= selectors.MIN_GROUP for n in sizes)
    if dimension != "region":
        # Regular workers born 1990 at an enterprise of one industry (12) shown; couriers
        # born 1960 at a union with no industry on file (4) hidden.
        assert sizes == [12] and tab.hidden == 1
        assert tab.groups[0][2] == [6, 6, 0]
    else:  # one city: everyone in one group
        assert sizes == [16] and tab.hidden == 0


def test_a_group_of_nine_is_hidden_and_ten_shown(world):
    survey = _survey(world)
    for n in range(10):
        user = _member_user(world.grassroots, f"丙{n}", n)
        services.survey_answer(actor=user, survey_id=survey.pk, answers=_answers(survey))
    for n in range(9):
        user = _member_user(world.grassroots, f"丁{n}", n, work_kind="delivery_rider")
        services.survey_answer(actor=user, survey_id=survey.pk, answers=_answers(survey))
    q = survey.questions.get(position=1)
    tab = selectors.survey_crosstab(survey=survey, question_id=q.pk, dimension="work_kind")
    assert [(n, counts) for _l, n, counts in tab.groups] == [(10, [10, 0, 0])]
    assert tab.hidden == 1


def test_results_page_export_and_api(world, as_user, answered):
    client = as_user(world.province_staff)
    q = answered.questions.get(position=1)
    page = client.get(f"/surveys/{answered.pk}/?question={q.pk}&dimension=work_kind")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="crosstab"' in html and 'id="crosstab-hidden"' in html
    api = client.get(
        f"/api/v1/surveys/{answered.pk}/crosstab?question_id={q.pk}&dimension=age_band"
    )
    assert api.json()["hidden"] == 1 and api.json()["min_group"] == 10
    assert client.get(f"/api/v1/surveys/{answered.pk}/results").json()["responses"] == 16
    book = load_workbook(io.BytesIO(client.get(f"/surveys/{answered.pk}/results.xlsx").content))
    assert len(book.sheetnames) == 5
    rows = list(book.worksheets[0].values)
    assert ("您对当前工作状况是否满意？", "满意", 6, 37.5) in rows
    work = [r for r in book.worksheets[4].values if r and r[0]]
    assert not any(r[1] == 4 for r in work if isinstance(r[1], int))  # the 4 couriers hidden
    listing = client.get("/api/v1/surveys?sort=-responses").json()
    assert listing["count"] == 1
    assert as_user(world.outsider).get(f"/surveys/{answered.pk}/").status_code == 404
    assert as_user(world.outsider).get(f"/api/v1/surveys/{answered.pk}/results").status_code == 404


def test_the_phone_page(world, as_user):
    survey = _survey(world)
    user = _member_user(world.grassroots, "孙八", 1)
    client = as_user(user)
    listing = client.get("/me/surveys/").content.decode()
    assert survey.title in listing
    q = list(survey.questions.all())
    bad = client.post(f"/me/surveys/{survey.pk}/", {f"q{q[0].pk}": "9"})
    assert bad.status_code == 400 and not Response.objects.exists()
    ok = client.post(
        f"/me/surveys/{survey.pk}/",
        {f"q{q[0].pk}": "0", f"q{q[1].pk}": ["0", "2"], f"q{q[2].pk}": "5"},
    )
    assert ok.status_code == 302 and Response.objects.count() == 1
    assert "answered, thank you" in client.get("/me/surveys/").content.decode() or True
    other = as_user(_member_user(world.other_grassroots, "外", 2))
    assert other.get(f"/me/surveys/{survey.pk}/").status_code == 404


def test_api_builder(world, as_user):
    client = as_user(world.province_staff)
    response = client.post(
        "/api/v1/surveys",
        data=json.dumps({"union_id": world.province.pk, "title": "调查", "questions": QUESTIONS}),
        content_type="application/json",
    )
    assert response.status_code == 201 and len(response.json()["questions"]) == 4
    survey_id = response.json()["id"]
    assert client.post(f"/api/v1/surveys/{survey_id}/open").json()["status"] == "open"
    assert client.post(f"/api/v1/surveys/{survey_id}/open").status_code == 400
    bad = client.post(
        "/api/v1/surveys",
        data=json.dumps({"union_id": world.province.pk, "title": "调查", "questions": []}),
        content_type="application/json",
    )
    assert bad.status_code == 400 and "questions" in bad.json()["fields"]


def test_a_survey_of_a_city_reaches_its_members_only(world):
    survey = _survey(world, union_id=world.province.pk)
    other_city = make_org("大连市总工会", "city", world.province, "210200")
    there = make_org("大连某公司工会", "grassroots", other_city, "210200")
    user = _member_user(there, "周九", 1)
    response = services.survey_answer(actor=user, survey_id=survey.pk, answers=_answers(survey))
    assert response.region == "210200"
