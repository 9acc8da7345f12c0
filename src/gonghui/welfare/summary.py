"""The welfare sentences of the annual summary (seed 004 §3, 服务职工), in the seed's
phrasing:

    困难企业女职工“两癌”免费筛查6万人，对484名患病职工发放慰问金131.09万元。关爱职工
    心理健康，举办关爱职工心理健康知识讲座1134场，惠及职工30.13万人。

with mutual medical insurance before them. Orders 60–69 of "service"; a sentence whose
figures are all zero is left out."""

from gonghui.core.writing import Writer, cap, en_join, paragraph


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
                    f" ({w.num('welfare.enrolled_free', noun=('gig worker', 'gig workers'))} "
                    "free of charge)"
                )
            parts.append(text)
        if paid:
            parts.append(
                f"paid {w.num('welfare.claims_paid', noun=('claim', 'claims'))} "
                f"totalling {w.money('welfare.claim_payouts')}"
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


def _health(w: Writer) -> str | None:
    """困难企业女职工“两癌”免费筛查6万人，对484名患病职工发放慰问金131.09万元。"""
    if not w.has("welfare.screened_women", "welfare.health_checks", "welfare.care_visits"):
        return None
    parts = []
    if w.en:
        if w.has("welfare.screened_women"):
            n = w.num("welfare.screened_women", noun=("woman worker", "women workers"))
            parts.append(f"{n} of enterprises in difficulty had free two-cancer screening")
        if w.has("welfare.health_checks"):
            n = w.num("welfare.health_checks", noun=("model worker", "model workers"))
            parts.append(f"{n} had a health check")
        if w.has("welfare.care_visits"):
            n = w.num("welfare.care_visits", noun=("seriously ill worker", "seriously ill workers"))
            text = f"{n} were visited"
            if w.has("welfare.care_money"):
                text += f" and given {w.money('welfare.care_money')} in care money"
            parts.append(text)
        return cap(en_join(parts)) + "."
    if w.has("welfare.screened_women"):
        parts.append(f"困难企业女职工“两癌”免费筛查{w.num('welfare.screened_women', '人')}")
    if w.has("welfare.health_checks"):
        parts.append(f"组织劳模健康体检{w.num('welfare.health_checks', '人')}")
    if w.has("welfare.care_visits"):
        text = f"对{w.num('welfare.care_visits', '名')}患病职工"
        text += (
            f"发放慰问金{w.money('welfare.care_money')}"
            if w.has("welfare.care_money")
            else "开展走访慰问"
        )
        parts.append(text)
    return "，".join(parts) + "。"


def _mental(w: Writer) -> str | None:
    """关爱职工心理健康，举办关爱职工心理健康知识讲座1134场，惠及职工30.13万人。"""
    if not w.has("welfare.mental_lectures", "welfare.mental_attendance"):
        return None
    if w.en:
        parts = []
        if w.has("welfare.mental_lectures"):
            n = w.num("welfare.mental_lectures", noun=("lecture", "lectures"))
            parts.append(f"held {n} on workers' mental health")
        if w.has("welfare.mental_attendance"):
            n = w.num("welfare.mental_attendance", noun=("worker", "workers"))
            parts.append(f"reaching {n}")
        return "Caring for workers' mental health, " + f"{w.v.subject} " + ", ".join(parts) + "."
    text = "关爱职工心理健康"
    if w.has("welfare.mental_lectures"):
        text += f"，举办关爱职工心理健康知识讲座{w.num('welfare.mental_lectures', '场')}"
    if w.has("welfare.mental_attendance"):
        text += f"，惠及职工{w.num('welfare.mental_attendance', '人')}"
    return text + "。"


def _rest(w: Writer) -> str | None:
    """组织职工疗休养N人次，支出疗休养经费N万元。"""
    if not w.has("welfare.rest_travellers"):
        return None
    if w.en:
        text = (
            f"{w.num('welfare.rest_travellers', noun=('worker was', 'workers were'))} "
            "sent on rest and recuperation, front-line and model workers first"
        )
        if w.has("welfare.rest_cost"):
            text += f", at a cost of {w.money('welfare.rest_cost')}"
        return cap(text) + "."
    text = f"组织一线职工和劳模职工疗休养{w.num('welfare.rest_travellers', '人次')}"
    if w.has("welfare.rest_cost"):
        text += f"，支出疗休养经费{w.money('welfare.rest_cost')}"
    return text + "。"


paragraph("service", 61, _health)
paragraph("service", 62, _mental)
paragraph("service", 63, _rest)
