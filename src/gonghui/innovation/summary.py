"""The annual summary's 助力发展 sentences on mass innovation (seed 004 §2):

开展“五小”创新活动，覆盖企业9885家、班组（车间）6.58万个、职工84.74万人，“师带徒”结对2.15万对，
“五小”创新成果4.1万个，总结绝招、绝技、绝活及先进操作法9253个，技术革新1.37万个，合理化建议
11.5万多个。培育命名省级劳模和职工创新工作室264个、省级创新工作室联盟23个，扶持88个科技型企业
建立省级职工技能提升平台，推动创新成果转化5220个，创收120.87亿元。
"""

from gonghui.core.writing import Writer, en_join, paragraph


def _five_small(w: Writer) -> str | None:
    cover = []
    for key, zh, unit, noun in (
        ("innovation.enterprises", "企业", "家", ("enterprise", "enterprises")),
        ("innovation.teams", "班组（车间）", "个", ("team or workshop", "teams and workshops")),
        ("innovation.workers", "职工", "人", ("worker", "workers")),
    ):
        if w.has(key):
            cover.append(w.num(key, noun=noun) if w.en else f"{zh}{w.num(key, unit)}")
    results = []
    for key, zh, unit, en in (
        ("innovation.pairs", "“师带徒”结对{}", "对", "{} master-apprentice pairs were formed"),
        ("innovation.five_small", "“五小”创新成果{}", "个", "{} five-small results were made"),
        (
            "innovation.techniques",
            "总结绝招、绝技、绝活及先进操作法{}",
            "个",
            "{} techniques and advanced methods were summed up",
        ),
        ("innovation.technical", "技术革新{}", "个", "{} technical innovations were made"),
    ):
        if w.has(key):
            results.append(en.format(w.num(key, noun="")) if w.en else zh.format(w.num(key, unit)))
    if w.has("innovation.proposals"):
        if w.en:
            text = f"{w.num('innovation.proposals', noun='')} rationalization proposals were made"
            if w.has("innovation.proposals_adopted"):
                text += f" ({w.num('innovation.proposals_adopted', noun='')} adopted)"
        else:
            text = f"合理化建议{w.num('innovation.proposals', '个', kind='approx')}"
            if w.has("innovation.proposals_adopted"):
                text += f"，采纳{w.num('innovation.proposals_adopted', '个')}"
        results.append(text)
    if not cover and not results:
        return None
    if w.en:
        head = f"The five-small innovation activities covered {en_join(cover)}" if cover else ""
        tail = en_join(results) if results else ""
        text = "; ".join(p for p in (head, tail) if p)
        return text[:1].upper() + text[1:] + "."
    head = f"开展“五小”创新活动，覆盖{'、'.join(cover)}" if cover else "开展“五小”创新活动"
    return head + ("，" + "，".join(results) if results else "") + "。"


PROVINCE_NAMED = [
    (
        "innovation.named.province.studio",
        "省级劳模和职工创新工作室{}",
        "个",
        ("model-worker and worker innovation studio", "model-worker and worker innovation studios"),
    ),
    (
        "innovation.named.province.alliance",
        "省级创新工作室联盟{}",
        "个",
        ("studio alliance", "studio alliances"),
    ),
]


def _studios(w: Writer) -> str | None:
    named = []
    for key, zh, unit, noun in PROVINCE_NAMED:
        if w.has(key):
            named.append(w.num(key, noun=noun) if w.en else zh.format(w.num(key, unit)))
    others = []
    if w.has("innovation.named.province.platform"):
        key = "innovation.named.province.platform"
        others.append(
            w.num(key, noun=("skill-improvement platform", "skill-improvement platforms"))
            + " in technology enterprises"
            if w.en
            else f"扶持{w.num(key, '个')}科技型企业建立省级职工技能提升平台"
        )
    if w.has("innovation.named.province.academy"):
        key = "innovation.named.province.academy"
        others.append(
            w.num(key, noun=("craftsman academy", "craftsman academies"))
            if w.en
            else f"建立{w.num(key, '所')}工匠学院"
        )
    city = ""
    if w.has("innovation.named.city.studio"):
        key = "innovation.named.city.studio"
        city = (
            w.num(
                key, noun=("city-level innovation studio was", "city-level innovation studios were")
            )
            + " named"
            if w.en
            else f"命名市级劳模（职工）创新工作室{w.num(key, '个')}"
        )
    use = []
    if w.has("innovation.in_use"):
        use.append(
            f"{w.num('innovation.in_use', noun=('result was', 'results were'))} put into use"
            if w.en
            else f"推动创新成果转化{w.num('innovation.in_use', '个')}"
        )
    if w.has("innovation.revenue"):
        use.append(
            f"making {w.money('innovation.revenue')}"
            if w.en
            else f"创收{w.money('innovation.revenue')}"
        )
    if not (named or others or city or use):
        return None
    if w.en:
        sentences = []
        if named or others:
            sentences.append(f"The province named {en_join(named + others)}.")
        if city:
            sentences.append(f"{city}.")
        if use:
            sentences.append(f"{', '.join(use)}.")
        text = " ".join(sentences)
        return text[:1].upper() + text[1:]
    parts = []
    if named:
        parts.append("培育命名" + "、".join(named))
    parts += others
    if city:
        parts.append(city)
    parts += use
    return "，".join(parts) + "。"


def _upkeep(w: Writer) -> str | None:
    """The studios' members and yearly assessment, in the seed's terse style:
    开展创新工作室年度考核380个，评定优秀95个，工作室成员共4,560人。"""
    parts = []
    if w.has("innovation.studios.assessed"):
        if w.en:
            text = (
                w.num(
                    "innovation.studios.assessed",
                    noun=("studio or platform was", "studios and platforms were"),
                )
                + " assessed for the year"
            )
            if w.has("innovation.studios.excellent"):
                text += f" ({w.num('innovation.studios.excellent', noun='')} rated excellent)"
        else:
            text = f"开展创新工作室年度考核{w.num('innovation.studios.assessed', '个')}"
            if w.has("innovation.studios.excellent"):
                text += f"，评定优秀{w.num('innovation.studios.excellent', '个')}"
        parts.append(text)
    if w.has("innovation.studios.members"):
        parts.append(
            "the named studios and platforms had "
            + w.num("innovation.studios.members", noun=("member", "members"))
            if w.en
            else f"工作室成员共{w.num('innovation.studios.members', '人')}"
        )
    if not parts:
        return None
    if w.en:
        text = "; ".join(parts)
        return text[:1].upper() + text[1:] + "."
    return "，".join(parts) + "。"


paragraph("development", 30, _five_small)
paragraph("development", 40, _studios, _upkeep)
