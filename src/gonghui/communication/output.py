"""A survey's results as an Excel workbook: the counts of every question, then one sheet
per group (region, industry, age band, work kind) with its cross-tabs; groups under
selectors.MIN_GROUP answers are left out there as on the page. Written through
core.exports, so no answer becomes a formula."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from gonghui.core.exports import xlsx_row

from . import selectors
from .models import QuestionKind, Survey

DIMENSION_TITLES = {
    "region": gettext_lazy("region"),
    "industry": gettext_lazy("industry"),
    "age_band": gettext_lazy("age band"),
    "work_kind": gettext_lazy("work kind"),
}


def survey_workbook(survey: Survey) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("results")[:31])
    total, results = selectors.survey_results(survey=survey)
    sheet.append(xlsx_row(sheet, [survey.title]))
    sheet.append(xlsx_row(sheet, [_("answers"), total]))
    sheet.append(xlsx_row(sheet, [_("question"), _("choice"), _("count"), _("share %")]))
    for r in results:
        for label, n in r.rows:
            share = round(100 * n / r.answered, 1) if r.answered else 0
            sheet.append(xlsx_row(sheet, [r.text, label, n, share]))
        if r.mean is not None:
            sheet.append(xlsx_row(sheet, [r.text, _("mean"), r.mean, ""]))
        for text in r.texts:
            sheet.append(xlsx_row(sheet, [r.text, text, "", ""]))
    questions = list(survey.questions.exclude(kind=QuestionKind.TEXT))
    for dimension, title in DIMENSION_TITLES.items():
        tab = book.create_sheet(str(title)[:31])
        for q in questions:
            crosstab = selectors.survey_crosstab(
                survey=survey, question_id=q.pk, dimension=dimension
            )
            tab.append(xlsx_row(tab, [q.text]))
            tab.append(xlsx_row(tab, [str(title), _("answers"), *crosstab.choices]))
            for label, n, counts in crosstab.groups:
                tab.append(xlsx_row(tab, [label, n, *counts]))
            if crosstab.hidden:
                tab.append(
                    xlsx_row(
                        tab,
                        [
                            _("%(n)s groups with fewer than %(min)s answers not shown")
                            % {"n": crosstab.hidden, "min": selectors.MIN_GROUP}
                        ],
                    )
                )
            tab.append([])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
