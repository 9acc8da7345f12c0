"""The welfare figures count the records behind them, and the summary writes them in
seed 004's phrasing in three languages."""

from datetime import date

import pytest

from gonghui.core.figures import REGISTRY, Period
from gonghui.core.writing import Voice, Writer
from gonghui.welfare import services
from gonghui.welfare.summary import _insurance

from .helpers import file_claim
from .test_insurance import _fund


def test_figures_and_drill_down(scene):
    w = scene
    _fund(w, 10_000_00)
    claim = services.claim_approve(
        actor=w.county_staff, claim_id=file_claim(w.member, bills=2_000_00).pk
    )
    services.claim_pay(actor=w.payer, claim_id=claim.pk)
    period = Period(date(w.year, 1, 1), date(w.year, 12, 31))
    values = {
        k: REGISTRY[k].value(w.city.path, period) for k in REGISTRY if k.startswith("welfare.")
    }
    assert values["welfare.enrolled"] == 2
    assert values["welfare.enrolled_free"] == 1
    assert values["welfare.premiums"] == 120_00
    assert values["welfare.claims_paid"] == 1
    assert values["welfare.claim_payouts"] == 600_00
    assert list(REGISTRY["welfare.claims_paid"].records(w.city.path, period)) == [claim]
    assert REGISTRY["welfare.enrolled"].value(w.sibling.path, period) == 0


@pytest.mark.one_db
def test_summary_sentence():
    values = {
        "welfare.enrolled": 1_250_000,
        "welfare.enrolled_free": 60_000,
        "welfare.claims_paid": 48_400,
        "welfare.claim_payouts": 1_310_900_00,
    }
    zh = Voice(False, "2022年", "截至年底", "全省各级工会", "全省", "", "")
    text = _insurance(Writer(values, zh))
    assert text.startswith("2022年，全省各级工会开展职工医疗互助保障，参保职工125万人")
    assert "其中为新就业形态劳动者免费参保6万人" in text and "131.09万元" in text
    en = Voice(
        True, "In 2022", "", "unions at all levels across the province", "the province", "", ""
    )
    english = _insurance(Writer(values, en))
    assert "enrolled 1.25 million workers in mutual medical insurance (60,000 gig workers free" in (
        english
    )
    assert "and paid 48,400 claims totalling" in english and "of them free" not in english
    assert _insurance(Writer({}, zh)) is None


@pytest.mark.one_db
def test_program_sentences_in_seed_004s_phrasing():
    from gonghui.core.chinese import to_traditional
    from gonghui.welfare.summary import _health, _mental, _rest

    values = {
        "welfare.screened_women": 60_000,
        "welfare.care_visits": 484,
        "welfare.care_money": 131_090_000,
        "welfare.mental_lectures": 1_134,
        "welfare.mental_attendance": 301_300,
        "welfare.rest_travellers": 5_000,
        "welfare.rest_cost": 1_500_000_000,
    }
    zh = Voice(False, "2022年", "截至年底", "全省各级工会", "全省", "", "")
    health = _health(Writer(values, zh))
    assert health == "困难企业女职工“两癌”免费筛查6万人，对484名患病职工发放慰问金131.09万元。"
    mental = _mental(Writer(values, zh))
    assert mental.startswith("关爱职工心理健康，举办关爱职工心理健康知识讲座1134场")
    assert "惠及职工30.13万人" in mental
    assert "疗休养" in _rest(Writer(values, zh))
    assert "關愛職工心理健康" in to_traditional(mental)
    en = Voice(
        True, "In 2022", "", "unions at all levels across the province", "the province", "", ""
    )
    assert "two-cancer screening" in _health(Writer(values, en))
    assert "1,134 lectures" in _mental(Writer(values, en))
    assert _health(Writer({}, zh)) is None and _rest(Writer({}, en)) is None
