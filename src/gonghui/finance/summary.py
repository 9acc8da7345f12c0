"""The finance sentences of the annual summary (夯实基础, orders 50–59):

    2022年，全省各级工会收缴工会经费2.35亿元，其中税务代收1.98亿元；按分成比例留归基层工会1.41亿元。
    向基层工会返还经费1200万元，其中落实科技型中小企业经费返还政策返还860万元。
    各级工会预算执行率为87.5%。经费审查委员会提出审计发现问题36个。

A clause whose figure is zero is left out; nothing is invented."""

from gonghui.core.writing import Writer, paragraph


def _collected(w: Writer) -> str | None:
    if not w.has("finance.collected"):
        return None
    v = w.v
    if w.en:
        text = f"{v.when}, {v.subject} collected {w.money('finance.collected')} of union funds"
        if w.has("finance.collected_tax"):
            text += f", {w.money('finance.collected_tax')} of it through the tax authority"
        if w.has("finance.shared_grassroots"):
            text += (
                f"; under the sharing rule, {w.money('finance.shared_grassroots')} stayed with "
                "grassroots unions"
            )
        return text + "."
    text = f"{v.when}，{v.subject}收缴工会经费{w.money('finance.collected')}"
    if w.has("finance.collected_tax"):
        text += f"，其中税务代收{w.money('finance.collected_tax')}"
    if w.has("finance.shared_grassroots"):
        text += f"；按分成比例留归基层工会{w.money('finance.shared_grassroots')}"
    return text + "。"


def _rebated(w: Writer) -> str | None:
    if not w.has("finance.rebated"):
        return None
    if w.en:
        text = f"Union funds of {w.money('finance.rebated')} were rebated to grassroots unions"
        if w.has("finance.rebated_tech"):
            text += (
                f", {w.money('finance.rebated_tech')} of it under the rebate policy for small "
                "and medium tech enterprises"
            )
        return text + "."
    text = f"向基层工会返还经费{w.money('finance.rebated')}"
    if w.has("finance.rebated_tech"):
        text += f"，其中落实科技型中小企业工会经费返还政策返还{w.money('finance.rebated_tech')}"
    return text + "。"


def _rate(value: int) -> str:
    return f"{value // 10}.{value % 10}%"


def _budgets(w: Writer) -> str | None:
    if not w.has("finance.execution_rate", "finance.findings"):
        return None
    parts_en, parts_zh = [], []
    if w.has("finance.execution_rate"):
        rate = _rate(w.val("finance.execution_rate"))
        w.num("finance.execution_rate")  # the sentence used this figure
        parts_en.append(f"unions at all levels spent {rate} of their budgets")
        parts_zh.append(f"各级工会预算执行率为{rate}")
    if w.has("finance.findings"):
        parts_en.append(
            f"the audit committees raised {w.num('finance.findings', '个', noun=('finding', 'findings'))}"
        )
        parts_zh.append(f"经费审查委员会提出审计发现问题{w.num('finance.findings', '个')}")
    if w.en:
        text = "; ".join(parts_en)
        return text[:1].upper() + text[1:] + "."
    return "；".join(parts_zh) + "。"


paragraph("foundation", 50, _collected, _rebated, _budgets)
