"""The annual summary's rights paragraphs (seed 004 §3, 服务职工): 健全劳动争议调解对接、
诉调对接工作机制 …, written from the rights figures. A sentence whose figures are all zero
is left out."""

from gonghui.core.writing import Writer, cap, en_join, paragraph

CASE_KINDS = [
    ("wage_arrears", "拖欠工资案件{}", "{} of wage arrears"),
    ("dismissal", "解除劳动关系案件{}", "{} of dismissal"),
    ("injury", "工伤案件{}", "{} of work injury"),
    ("social_insurance", "社会保险案件{}", "{} of social insurance"),
    ("overtime", "工时加班案件{}", "{} of working hours and overtime"),
    ("gig_platform", "新就业形态平台用工纠纷{}", "{} of gig-platform disputes"),
]


def _cases(w: Writer) -> str | None:
    if not w.has("rights.cases"):
        return None
    v = w.v
    kinds = w.pick([(f"rights.cases.by_kind.{k}", zh, en) for k, zh, en in CASE_KINDS], unit="件")
    if w.en:
        text = (
            f"{v.when}, {v.subject} took up "
            f"{w.num('rights.cases', noun=('rights case', 'rights cases'))} for workers"
        )
        if w.has("rights.cases_workers"):
            text += f" concerning {w.num('rights.cases_workers', noun=('worker', 'workers'))}"
        return text + (f": {en_join(kinds)}." if kinds else ".")
    text = (
        f"{v.when}，{v.subject}健全劳动争议调解对接、诉调对接工作机制，"
        f"受理职工维权案件{w.num('rights.cases', '件')}"
    )
    if w.has("rights.cases_workers"):
        text += f"，涉及职工{w.num('rights.cases_workers', '人')}"
    return text + (f"，其中{'、'.join(kinds)}。" if kinds else "。")


def _closed(w: Writer) -> str | None:
    if not w.has("rights.cases_closed"):
        return None
    ways = w.pick(
        [
            ("rights.cases_closed.by_outcome.mediated", "调解成功{}", "{} settled by mediation"),
            (
                "rights.cases_closed.by_outcome.awarded",
                "经仲裁诉讼获得支持{}",
                "{} won at arbitration or in court",
            ),
        ],
        unit="件",
    )
    recovered = w.has("rights.recovered")
    if w.en:
        text = f"{w.num('rights.cases_closed', noun=('case was', 'cases were'))} closed"
        if ways:
            text += f", {en_join(ways)}"
        if recovered:
            text += f", recovering {w.money('rights.recovered')} for workers"
        return cap(text) + "."
    text = f"全年办结维权案件{w.num('rights.cases_closed', '件')}"
    if ways:
        text += f"，其中{'、'.join(ways)}"
    if recovered:
        text += f"，为职工追回经济损失{w.money('rights.recovered')}"
    # 促进劳动争议多元化化解 closes the mediation sentence, once, as in seed 004.
    return text + "。"


paragraph("service", 50, _cases, _closed)


def _percent(part: int, whole: int) -> str:
    """A rate as the seeds print one: 86.5% (one decimal, none when whole)."""
    tenths = (part * 1000 + whole // 2) // whole
    whole_part, tenth = divmod(tenths, 10)
    return f"{whole_part}.{tenth}%" if tenth else f"{whole_part}%"


def _industry_share(industry: int, centres: int) -> str:
    if industry == centres:
        return "an industry centre" if centres == 1 else "all of them industry centres"
    if industry == 1:
        return "1 of them an industry centre"
    return f"{industry:,} of them industry centres"


def _mediation(w: Writer) -> str | None:
    """推动组建省网约车行业协会劳动争议调解中心 … 促进劳动争议多元化化解 (seed 004 §3)."""
    if not w.has("rights.mediation_centres_new", "rights.mediations_closed"):
        return None
    parts = []
    industry = "rights.mediation_centres_new.by_kind.industry"
    if w.has("rights.mediation_centres_new"):
        if w.en:
            text = f"set up {w.num('rights.mediation_centres_new', noun=('labour-dispute mediation centre', 'labour-dispute mediation centres'))}"
            if w.has(industry):
                text += (
                    f" ({_industry_share(w.val(industry), w.val('rights.mediation_centres_new'))})"
                )
        else:
            text = f"推动组建劳动争议调解组织{w.num('rights.mediation_centres_new', '个')}"
            if w.has(industry):
                text += f"，其中行业性劳动争议调解中心{w.num(industry, '个')}"
        parts.append(text)
    if w.has("rights.mediations_closed"):
        closed = w.val("rights.mediations_closed")
        agreed = "rights.mediations_closed.by_status.agreed"
        rate = _percent(w.val(agreed), closed)
        if w.en:
            text = (
                f"concluded {w.num('rights.mediations_closed', noun=('mediation', 'mediations'))}, "
                f"{w.num(agreed)} with an agreement (a success rate of {rate})"
            )
            if w.has("rights.mediation_amount_agreed"):
                text += f" for {w.money('rights.mediation_amount_agreed')}"
        else:
            text = (
                f"工会调解组织调结劳动争议{w.num('rights.mediations_closed', '件')}，"
                f"达成调解协议{w.num(agreed, '件')}，调解成功率{rate}"
            )
            if w.has("rights.mediation_amount_agreed"):
                text += f"，协议金额{w.money('rights.mediation_amount_agreed')}"
        parts.append(text)
    if w.en:
        return f"{cap(w.v.subject)} {en_join(parts)}, resolving labour disputes by many means."
    return "，".join(parts) + "，促进劳动争议多元化化解。"


def _legal(w: Writer) -> str | None:
    """开展“尊法守法·携手筑梦”服务农民工公益法律服务行动，组织活动211场次，惠及农民工13.2万人."""
    zunfa, zunfa_reached = (
        "rights.legal_events.campaign.zunfa",
        "rights.legal_events_reached.campaign.zunfa",
    )
    if w.has(zunfa):
        if w.en:
            text = (
                "The 'Respect and Abide by the Law, Build Dreams Together' legal-service campaign "
                f"for migrant workers held {w.num(zunfa, noun=('event', 'events'))}"
            )
            if w.has(zunfa_reached):
                text += (
                    f", reaching {w.num(zunfa_reached, noun=('migrant worker', 'migrant workers'))}"
                )
            return text + "."
        text = f"开展“尊法守法·携手筑梦”服务农民工公益法律服务行动，组织活动{w.num(zunfa, '场次')}"
        if w.has(zunfa_reached):
            text += f"，惠及农民工{w.num(zunfa_reached, '人')}"
        return text + "。"
    if not w.has("rights.legal_events"):
        return None
    if w.en:
        text = f"Unions held {w.num('rights.legal_events', noun=('legal-service event', 'legal-service events'))}"
        if w.has("rights.legal_events_reached"):
            text += f", reaching {w.num('rights.legal_events_reached', noun=('worker', 'workers'))}"
        return text + "."
    text = f"开展公益法律服务活动{w.num('rights.legal_events', '场次')}"
    if w.has("rights.legal_events_reached"):
        text += f"，惠及职工{w.num('rights.legal_events_reached', '人')}"
    return text + "。"


def _consultations(w: Writer) -> str | None:
    if not w.has("rights.legal_consultations"):
        return None
    if w.en:
        text = f"Lawyers gave {w.num('rights.legal_consultations', noun=('consultation', 'consultations'))} at these events"
        return text + "."
    text = f"律师现场提供法律咨询{w.num('rights.legal_consultations', '人次')}"
    if w.has("rights.legal_lawyers"):
        text += f"，参与律师{w.num('rights.legal_lawyers', '人次')}"
    return text + "。"


paragraph("service", 51, _mediation)
paragraph("service", 52, _legal, _consultations)


def _letters(w: Writer) -> str | None:
    """工会劳动法律监督“一函两书”: letters sent, replies, rectifications."""
    if not w.has("rights.letters"):
        return None
    kinds = w.pick(
        [
            ("rights.letters.by_kind.notice", "提示函{}", "{} reminder letter|{} reminder letters"),
            ("rights.letters.by_kind.opinion", "意见书{}", "{} opinion letter|{} opinion letters"),
            ("rights.letters.by_kind.proposal", "建议书{}", "{} proposal|{} proposals"),
        ],
        unit="份",
    )
    if w.en:
        text = (
            f"Under labour-law supervision, unions sent "
            f"{w.num('rights.letters', noun=('letter', 'letters'))}"
        )
        if kinds:
            text += f" ({en_join(kinds)})"
        if w.has("rights.letters_rectified"):
            text += f", and {w.num('rights.letters_rectified')} led to rectification"
        return text + "."
    text = f"深化工会劳动法律监督，发出“一函两书”{w.num('rights.letters', '份')}"
    if kinds:
        text += f"，其中{'、'.join(kinds)}"
    if w.has("rights.letters_replied"):
        text += f"，收到回复{w.num('rights.letters_replied', '份')}"
    if w.has("rights.letters_rectified"):
        text += f"，推动整改{w.num('rights.letters_rectified', '件')}"
    return text + "。"


paragraph("service", 53, _letters)


from . import summary_democracy  # noqa: E402, F401  (orders 57-59: 职代会、厂务公开)

# ---- collective consultation (集体协商、集中要约), orders 54–56 ----------------------------

CONTRACT_KINDS = [
    (
        "rights.contracts_signed.by_kind.wage",
        "工资专项集体合同{}",
        "{} wage special contract|{} wage special contracts",
    ),
    (
        "rights.contracts_signed.by_kind.women",
        "女职工权益保护专项集体合同{}",
        "{} women workers' special contract|{} women workers' special contracts",
    ),
    (
        "rights.contracts_signed.by_kind.safety",
        "劳动安全卫生专项集体合同{}",
        "{} labour safety and health contract|{} labour safety and health contracts",
    ),
]


def _offers(w: Writer) -> str | None:
    """深化和谐劳动关系创建示范活动，开展“集中要约”行动 (seed 004 §3): offers and answers."""
    if not w.has("rights.offers"):
        return None
    sent, answered = w.val("rights.offers"), w.val("rights.offers_answered")
    if w.en:
        text = (
            f"{w.v.when}, {w.v.subject} deepened the campaign for harmonious labour relations "
            f"with a collective offer campaign, sending "
            f"{w.num('rights.offers', noun=('offer to negotiate', 'offers to negotiate'))} "
            "to enterprises"
        )
        if answered:
            text += (
                f"; {w.num('rights.offers_answered')} were answered "
                f"(a response rate of {_percent(answered, sent)})"
            )
        return text + "."
    text = (
        f"{w.v.when}，{w.v.subject}深化和谐劳动关系创建示范活动，开展“集中要约”行动，"
        f"向企业发出集体协商要约{w.num('rights.offers', '份')}"
    )
    if answered:
        text += (
            f"，收到书面回应{w.num('rights.offers_answered', '份')}，"
            f"要约回应率{_percent(answered, sent)}"
        )
    return text + "。"


def _contracts_signed(w: Writer) -> str | None:
    if not w.has("rights.contracts_signed"):
        return None
    kinds = w.pick(CONTRACT_KINDS, unit="份")
    workers = w.has("rights.contracts_signed_workers")
    if w.en:
        text = (
            f"Unions signed "
            f"{w.num('rights.contracts_signed', noun=('collective contract', 'collective contracts'))}"
        )
        if kinds:
            text += f", including {en_join(kinds)}"
        if workers:
            text += (
                f", covering {w.num('rights.contracts_signed_workers', noun=('worker', 'workers'))}"
            )
        return text + "."
    text = f"全年签订集体合同{w.num('rights.contracts_signed', '份')}"
    if kinds:
        text += f"，其中{'、'.join(kinds)}"
    if workers:
        text += f"，覆盖职工{w.num('rights.contracts_signed_workers', '人')}"
    return text + "。"


def _contracts_in_force(w: Writer) -> str | None:
    if not w.has("rights.contracts_in_force"):
        return None
    if w.en:
        text = (
            f"At the end of the period "
            f"{w.num('rights.contracts_in_force', noun=('collective contract was', 'collective contracts were'))}"
            " in force"
        )
        if w.has("rights.contracts_workers"):
            text += f", covering {w.num('rights.contracts_workers', noun=('worker', 'workers'))}"
        return text + "."
    text = f"期末有效集体合同{w.num('rights.contracts_in_force', '份')}"
    if w.has("rights.contracts_workers"):
        text += f"，覆盖职工{w.num('rights.contracts_workers', '人')}"
    return text + "，集体协商制度建设扎实推进。"


paragraph("service", 54, _offers, _contracts_signed, _contracts_in_force)
