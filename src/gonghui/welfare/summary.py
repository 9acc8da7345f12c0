"""The welfare sentences of the annual summary (seed 004 §3, 服务职工), in the seed's
phrasing:

    困难企业女职工“两癌”免费筛查6万人，对484名患病职工发放慰问金131.09万元。关爱职工
    心理健康，举办关爱职工心理健康知识讲座1134场，惠及职工30.13万人。

with mutual medical insurance before them. Orders 60–69 of "service"; a sentence whose
figures are all zero is left out."""

from gonghui.core.writing import Writer, paragraph


def _insurance(w: Writer) -> str | None:
    if not w.has("welfare.enrolled", "welfare.claims_paid"):
        return None
    v = w.v
    free = w.has("welfare.enrolled_free")
    paid = w.has("welfare.claims_paid")
    if w.en:
        parts = []
        if w.has("welfare.enrolled"):
            text = (
                f"enrolled {w.num('welfare.enrolled', noun=('worker', 'workers'))} in mutual "
                "medical insurance"
            )
            if free:
                text += (
                    f", {w.num('welfare.enrolled_free', noun=('gig worker', 'gig workers'))} "
                    "of them free of charge"
                )
            parts.append(text)
        if paid:
            parts.append(
                f"paid {w.num('welfare.claims_paid', noun=('claim', 'claims'))} "
                f"({w.money('welfare.claim_payouts')})"
            )
        return f"{v.when}, {v.subject} " + " and ".join(parts) + "."
    parts = []
    if w.has("welfare.enrolled"):
        text = f"开展职工医疗互助保障，参保职工{w.num('welfare.enrolled', '人')}"
        if free:
            text += f"，其中为新就业形态劳动者免费参保{w.num('welfare.enrolled_free', '人')}"
        parts.append(text)
    if paid:
        parts.append(
            f"赔付互助保障金{w.num('welfare.claims_paid', '件')}{w.money('welfare.claim_payouts')}"
        )
    return f"{v.when}，{v.subject}{'，'.join(parts)}。"


paragraph("service", 60, _insurance)
