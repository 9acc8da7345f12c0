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


def _studios(w: Writer) -> str | None:
    named = []
    for key, zh, en in (
        (
            "innovation.named.province.studio",
            "培育命名省级劳模和职工创新工作室{}",
            "{} provincial model-worker and worker innovation studios were named",
        ),
        (
            "innovation.named.province.alliance",
            "省级创新工作室联盟{}",
            "{} provincial studio alliances",
        ),
        (
            "innovation.named.province.platform",
            "扶持{}科技型企业建立省级职工技能提升平台",
            "{} skill-improvement platforms in technology enterprises",
        ),
        ("innovation.named.province.academy", "建立{}工匠学院", "{} craftsman academies"),
        (
            "innovation.named.city.studio",
            "命名市级劳模（职工）创新工作室{}",
            "{} city-level innovation studios",
        ),
    ):
        if w.has(key):
            unit = "所" if key.endswith("academy") else "个"
            named.append(en.format(w.num(key, noun="")) if w.en else zh.format(w.num(key, unit)))
    use = []
    if w.has("innovation.in_use"):
        use.append(
            f"{w.num('innovation.in_use', noun='')} results were put into use"
            if w.en
            else f"推动创新成果转化{w.num('innovation.in_use', '个')}"
        )
    if w.has("innovation.revenue"):
        use.append(
            f"making {w.money('innovation.revenue')}"
            if w.en
            else f"创收{w.money('innovation.revenue')}"
        )
    if not named and not use:
        return None
    if w.en:
        parts = named + ([" ".join(use)] if use else [])
        text = en_join(parts)
        return text[:1].upper() + text[1:] + "."
    first = named[0] if named else ""
    if first and not first.startswith(("培育", "扶持", "建立", "命名")):
        first = "培育命名" + first
    return "，".join([first, *named[1:], *use] if first else use) + "。"


paragraph("development", 30, _five_small)
paragraph("development", 40, _studios)
