"""The annual summary's sentences on democratic management (seed 004 §3):

    对114个全国厂务公开民主管理先进单位、12家示范单位进行复查，选树全省企业厂务公开民主管理
    工作质量评估示范点240个。全省企事业单位职代会、厂务公开、职工董事、职工监事等制度建设
    扎实推进，建制率稳步提升。

written from the rights.democracy figures (orders 57–59 of the service section). A sentence
whose figures are all zero is left out."""

from gonghui.core.writing import Writer, en_join, paragraph

ADVANCED = "rights.democracy.assessed.by_kind.advanced"
MODEL = "rights.democracy.assessed.by_kind.model"
QUALITY = "rights.democracy.units_named.by_kind.quality"


def _rate(part: int, whole: int) -> str:
    """86.5% (one decimal, none when whole), as the seeds print a rate."""
    tenths = (part * 1000 + whole // 2) // whole
    whole_part, tenth = divmod(tenths, 10)
    return f"{whole_part}.{tenth}%" if tenth else f"{whole_part}%"


def _units(w: Writer) -> str | None:
    """对114个全国厂务公开民主管理先进单位、12家示范单位进行复查，选树…示范点240个。"""
    if not w.has(ADVANCED, MODEL, QUALITY):
        return None
    rechecked = w.pick(
        [
            (
                ADVANCED,
                "{}全国厂务公开民主管理先进单位",
                "{} national advanced unit|{} national advanced units",
            ),
            (MODEL, "{}示范单位", "{} model unit|{} model units"),
        ],
        unit="个" if not w.en else "",
    )
    if not w.en and len(rechecked) == 2:
        # 114个先进单位、12家示范单位: the seed counts model units in 家.
        rechecked[1] = f"{w.num(MODEL, '家')}示范单位"
    if w.en:
        parts = []
        if rechecked:
            parts.append(
                f"re-checked {en_join(rechecked)} of factory-affairs openness and democratic "
                "management"
            )
        if w.has(QUALITY):
            parts.append(
                f"named {w.num(QUALITY, noun=('quality-assessment demonstration point', 'quality-assessment demonstration points'))} "
                f"across {w.v.area}"
            )
        return f"{w.v.when}, {w.v.subject} {en_join(parts)}."
    parts = []
    if rechecked:
        parts.append(f"对{'、'.join(rechecked)}进行复查")
    if w.has(QUALITY):
        parts.append(f"选树{w.v.area}企业厂务公开民主管理工作质量评估示范点{w.num(QUALITY, '个')}")
    return f"{w.v.when}，{w.v.subject}" + "，".join(parts) + "。"


SESSION_NOUN = ("workers' congress session", "workers' congress sessions")

SYSTEMS = [
    ("rights.democracy.congress", "职代会", "workers' congresses"),
    ("rights.democracy.openness", "厂务公开", "factory-affairs openness"),
    ("rights.democracy.directors", "职工董事", "worker directors"),
    ("rights.democracy.supervisors", "职工监事", "worker supervisors"),
]


def _coverage(w: Writer) -> str | None:
    """全省企事业单位职代会、厂务公开、职工董事、职工监事等制度建设扎实推进，建制率…"""
    whole = w.val("rights.democracy.enterprises")
    present = [(k, zh, en) for k, zh, en in SYSTEMS if w.has(k)]
    if not whole or not present:
        return None
    w.num("rights.democracy.enterprises")  # the rates are written from it
    rates = [(zh, en, _rate(w.val(k), whole), w.num(k)) for k, zh, en in present]
    if w.en:
        said = en_join([f"{en} {rate}" for _zh, en, rate, _n in rates])
        return (
            f"{w.v.at_end}, the systems of workers' congresses, factory-affairs openness, "
            f"worker directors and worker supervisors in the enterprises of {w.v.area} were "
            f"being built up steadily; the coverage rates were: {said}."
        )
    said = "、".join(f"{zh}建制率{rate}" for zh, _en, rate, _n in rates)
    return (
        f"{w.v.area}企事业单位职代会、厂务公开、职工董事、职工监事等制度建设扎实推进，"
        f"{w.v.at_end}，{said}。"
    )


def _sessions(w: Writer) -> str | None:
    """召开职代会…次，审议通过决议…项，落实…项；公开厂务事项…项；选举职工董事、监事…"""
    if not w.has(
        "rights.democracy.sessions",
        "rights.democracy.openness_items",
        "rights.democracy.elected.by_seat.director",
        "rights.democracy.elected.by_seat.supervisor",
    ):
        return None
    parts = []
    if w.has("rights.democracy.sessions"):
        if w.en:
            sessions = w.num("rights.democracy.sessions", noun=SESSION_NOUN)
            text = f"enterprises held {sessions}"
            if w.has("rights.democracy.resolutions"):
                text += f" adopting {w.num('rights.democracy.resolutions', noun=('resolution', 'resolutions'))}"
                if w.has("rights.democracy.resolutions_done"):
                    text += f", {w.num('rights.democracy.resolutions_done')} of them carried out"
        else:
            text = f"各企事业单位召开职代会{w.num('rights.democracy.sessions', '次')}"
            if w.has("rights.democracy.resolutions"):
                text += f"，审议通过决议{w.num('rights.democracy.resolutions', '项')}"
                if w.has("rights.democracy.resolutions_done"):
                    text += f"，已落实{w.num('rights.democracy.resolutions_done', '项')}"
        parts.append(text)
    if w.has("rights.democracy.openness_items"):
        parts.append(
            f"made {w.num('rights.democracy.openness_items', noun=('item', 'items'))} public to workers"
            if w.en
            else f"公开厂务事项{w.num('rights.democracy.openness_items', '项')}"
        )
    seats = w.pick(
        [
            (
                "rights.democracy.elected.by_seat.director",
                "职工董事{}",
                "{} worker director|{} worker directors",
            ),
            (
                "rights.democracy.elected.by_seat.supervisor",
                "职工监事{}",
                "{} worker supervisor|{} worker supervisors",
            ),
        ],
        unit="名",
    )
    if seats:
        parts.append(f"elected {en_join(seats)}" if w.en else f"选举产生{'、'.join(seats)}")
    if w.en:
        return f"{w.v.when}, {en_join(parts)}."
    return f"{w.v.when}，" + "；".join(parts) + "。"


paragraph("service", 57, _units)
paragraph("service", 58, _coverage)
paragraph("service", 59, _sessions)
