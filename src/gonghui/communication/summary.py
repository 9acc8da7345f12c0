"""The summary's sentences on reaching people (section "thought", orders 40–59), in the
phrasing of seed 004 §1: notices passed down, the survey of workers' thinking
(思想状况调查), news items submitted and adopted."""

from gonghui.core.writing import Writer, cap, paragraph


def _notices(w: Writer) -> str | None:
    if not w.has("communication.notices"):
        return None
    reports = w.has("communication.notice_reports")
    if w.en:
        text = f"{w.v.when}, {w.v.subject} passed {w.num('communication.notices', noun=('notice', 'notices'))} down to the unions below them"
        if reports:
            text += f", which reported back {w.num('communication.notice_reports', noun=('time', 'times'))}"
        return text + "."
    text = f"{w.v.when}，{w.v.subject}向下级工会下发通知{w.num('communication.notices', '件')}"
    if reports:
        text += f"，各级工会按要求反馈落实情况{w.num('communication.notice_reports', '次')}"
    return text + "。"


def _surveys(w: Writer) -> str | None:
    if not w.has("communication.surveys"):
        return None
    answers = w.has("communication.survey_responses")
    if w.en:
        text = f"They ran {w.num('communication.surveys', noun=('survey', 'surveys'))} of workers' thinking"
        if answers:
            text += f", with {w.num('communication.survey_responses', noun=('questionnaire', 'questionnaires'))} answered"
        return text + "."
    text = f"组织开展职工思想状况调查等问卷调查{w.num('communication.surveys', '项')}"
    if answers:
        text += f"，收回问卷{w.num('communication.survey_responses', '份')}"
    return text + "。"


def _news(w: Writer) -> str | None:
    if not w.has("communication.news_submitted"):
        return None
    adopted = w.has("communication.news_adopted")
    if w.en:
        text = f"Unions submitted {w.num('communication.news_submitted', noun=('news item', 'news items'))}"
        if adopted:
            text += f", of which {w.num('communication.news_adopted', noun=('was', 'were'))} adopted and published"
        return text + "."
    text = f"各级工会报送工作信息{w.num('communication.news_submitted', '篇')}"
    if adopted:
        text += f"，被采用{w.num('communication.news_adopted', '篇')}"
    return text + "。"


paragraph("thought", 40, _notices, _surveys, _news)


def _reading(w: Writer) -> str | None:
    if not w.has("communication.reading_works"):
        return None
    likes = w.has("communication.reading_likes")
    if w.en:
        text = f"In the themed reading for workers, {w.num('communication.reading_works', noun=('work was', 'works were'))} selected"
        if likes:
            text += f", liked {w.num('communication.reading_likes', noun=('time', 'times'))}"
        return text + "."
    text = f"职工主题阅读活动，优选出作品{w.num('communication.reading_works', '篇')}"
    if likes:
        text += f"，点赞数量达到{w.num('communication.reading_likes', '人次')}"
    return text + "。"


def _essays(w: Writer) -> str | None:
    if not w.has("communication.essays"):
        return None
    if w.en:
        return (
            f"{cap(w.num('communication.essay_units', noun=('unit', 'units')))} submitted "
            f"{w.num('communication.essays', noun=('essay', 'essays'))} to the essay and speech contests."
        )
    return (
        f"主题征文演讲比赛共有{w.num('communication.essay_units', '个')}单位推报征文作品"
        f"{w.num('communication.essays', '篇')}。"
    )


paragraph("thought", 50, _reading, _essays)


def _bases(w: Writer) -> str | None:
    """Seed 004: 省总工会与省委宣传部联合命名20家辽宁省职工思想政治教育基地."""
    if not w.has("communication.education_bases"):
        return None
    if w.en:
        return (
            f"{cap(w.v.subject)} named {w.num('communication.education_bases', noun=('base', 'bases'))} "
            "for workers' political education."
        )
    return f"{w.v.subject}命名职工思想政治教育基地{w.num('communication.education_bases', '家')}。"


paragraph("thought", 55, _bases)
