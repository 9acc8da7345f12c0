"""The rights lists, as their pages, the API and the exports show them (core.lists)."""

from datetime import date
from typing import Literal, TypeAlias

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from ninja import Schema

from gonghui.core import cleaning
from gonghui.core.lists import Column, ListSpec, Sort
from gonghui.core.money import yuan

from . import selectors
from .models import CaseKind, CaseStatus, Channel, Outcome, RightsCase, Stage

# Built from the model's choices, checked by pydantic at run time; mypy cannot build a
# Literal from a tuple and takes these aliases as Any.
KindT: TypeAlias = Literal[tuple(CaseKind.values)]  # type: ignore[valid-type]
ChannelT: TypeAlias = Literal[tuple(Channel.values)]  # type: ignore[valid-type]
StageT: TypeAlias = Literal[tuple(Stage.values)]  # type: ignore[valid-type]
StatusT: TypeAlias = Literal[tuple(CaseStatus.values)]  # type: ignore[valid-type]
OutcomeT: TypeAlias = Literal[tuple(Outcome.values)]  # type: ignore[valid-type]


class CaseFilter(Schema):
    q: str = ""
    kind: KindT | Literal[""] = ""
    channel: ChannelT | Literal[""] = ""
    stage: StageT | Literal[""] = ""
    status: StatusT | Literal[""] = ""
    outcome: OutcomeT | Literal[""] = ""
    overdue: bool = False
    mine: bool = False
    date_from: date | None = None
    date_to: date | None = None
    under_id: int | None = None


def _overdue_note(c: RightsCase) -> str:
    return str(_("overdue")) if c.overdue_on(cleaning.today()) else ""


CASES = ListSpec(
    name="rights-cases",
    filters=CaseFilter,
    rows=selectors.case_list,
    aliases={"under": "under_id"},
    sorts={
        "-opened": Sort(_("newest first"), ("-opened_on", "-id")),
        "opened": Sort(_("oldest first"), ("opened_on", "id")),
        "deadline": Sort(_("deadline soonest"), ("deadline", "id")),
        "kind": Sort(_("kind"), ("kind", "-opened_on", "-id")),
        "-recovered": Sort(_("most money recovered"), ("-amount_recovered", "-opened_on", "-id")),
        "union": Sort(_("union (pinyin)"), ("union__name_pinyin", "-opened_on", "-id")),
    },
    columns=(
        Column(_("ID"), lambda c: c.pk, on_page=False),
        Column(
            _("case number"),
            lambda c: c.reference,
            link=lambda c: reverse("rights-case", args=[c.pk]),
        ),
        Column(pgettext_lazy("rights case", "opened on"), lambda c: c.opened_on),
        Column(_("kind"), lambda c: c.get_kind_display(), note=lambda c: c.employer),
        Column(_("employer or platform"), lambda c: c.employer, on_page=False),
        Column(_("worker's name"), lambda c: c.worker_name, narrow=True),
        Column(_("intake channel"), lambda c: c.get_channel_display(), on_page=False),
        Column(_("handling union"), lambda c: c.union.name, narrow=True),
        Column(
            _("handler"),
            lambda c: (c.handler.get_full_name() or c.handler.get_username()) if c.handler else "",
            narrow=True,
        ),
        Column(pgettext_lazy("rights case", "step"), lambda c: c.get_stage_display()),
        Column(_("status"), lambda c: c.get_status_display(), note=_overdue_note),
        Column(_("deadline"), lambda c: c.deadline, narrow=True),
        Column(
            pgettext_lazy("rights case", "outcome"),
            lambda c: c.get_outcome_display(),
            on_page=False,
        ),
        Column(_("closed on"), lambda c: c.closed_on, on_page=False),
        Column(_("workers involved"), lambda c: c.workers_involved, on_page=False),
        Column(_("amount claimed (yuan)"), lambda c: yuan(c.amount_claimed), on_page=False),
        Column(_("money recovered (yuan)"), lambda c: yuan(c.amount_recovered), narrow=True),
    ),
)
