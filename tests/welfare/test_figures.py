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
    assert "mutual medical insurance" in _insurance(Writer(values, en))
    assert _insurance(Writer({}, zh)) is None
