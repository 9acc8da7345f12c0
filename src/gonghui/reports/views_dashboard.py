"""Staff dashboards: an organization's figures for a period, its children compared (bar
chart), one figure by month (line chart), and what is late in its work plans.

Numbers come only from reports.selectors (scope checks, roll-ups); this module shapes
them into tables, chart data and exports. Every chart is drawn from its table's data, so
the tables stand on their own when script is off.
"""

import html
from collections.abc import Callable
from decimal import Decimal
from itertools import groupby
from typing import Any
from urllib.parse import quote_plus

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.formats import localize
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.decorators import staff_required
from gonghui.accounts.models import User
from gonghui.core import numstyle, replica
from gonghui.core.errors import ServiceError
from gonghui.core.exports import EXPORT_FORMATS, export_response
from gonghui.core.figures import REGISTRY, Figure
from gonghui.core.forms import add_service_error
from gonghui.core.lists import Paginator
from gonghui.orgs.selectors import org_ancestors, org_get, org_list, org_roots

from . import selectors

PAGE_SIZE = 50
DEFAULT_KEY = "members.total"
OVERDUE_SHOWN = 10
TABLES = ("figures", "children", "trend")

# The capability each figure belongs to, by the first part of its key.
GROUPS = {
    "members": gettext_lazy("Members"),
    "orgs": gettext_lazy("Organizations"),
    "aid": gettext_lazy("Assistance"),
    "campaigns": gettext_lazy("Campaigns"),
    "funds": gettext_lazy("Union funds"),
    "stations": gettext_lazy("Service positions"),
    "activities": gettext_lazy("Meetings and activities"),
    "workplans": gettext_lazy("Work plans"),
}


def _group(key: str) -> str:
    prefix = key.split(".")[0]
    return str(GROUPS.get(prefix, prefix))


_GROUP_ORDER = {prefix: i for i, prefix in enumerate(GROUPS)}


def _key_order(key: str) -> tuple:
    """Members first, as the capabilities are listed above; then by key."""
    return (_GROUP_ORDER.get(key.split(".")[0], len(_GROUP_ORDER)), key)


def _key_choices() -> list[tuple[str, str]]:
    return [(k, k) for k in sorted(REGISTRY)]


def _key_options(chosen: str | None) -> str:
    """The figure select box's options, grouped by capability, in registry-key order;
    written here, every value escaped (388 options looped over by the template took
    12 ms)."""
    groups: dict[str, list[str]] = {}
    for key in sorted(REGISTRY, key=_key_order):
        selected = " selected" if key == chosen else ""
        groups.setdefault(_group(key), []).append(
            f'<option value="{_e(key)}"{selected}>{_e(REGISTRY[key].label)}</option>'
        )
    return mark_safe(  # every value above is escaped
        "".join(f'<optgroup label="{_e(g)}">{"".join(o)}</optgroup>' for g, o in groups.items())
    )


class DashboardForm(forms.Form):
    org = forms.IntegerField(label=gettext_lazy("Organization"), required=False, min_value=1)
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        required=False,
        min_value=selectors.FIRST_YEAR,
        max_value=selectors.LAST_YEAR,
    )
    month = forms.IntegerField(
        label=gettext_lazy("Month"), required=False, min_value=1, max_value=12
    )
    start = forms.DateField(label=gettext_lazy("From"), required=False)
    end = forms.DateField(label=gettext_lazy("To"), required=False)
    key = forms.ChoiceField(
        label=gettext_lazy("Figure for the charts"), required=False, choices=_key_choices
    )

    def clean(self):
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        data["year"] = data.get("year") or timezone.localdate().year
        data["key"] = data.get("key") or DEFAULT_KEY
        if not self.errors:
            try:
                data["period"] = selectors.dashboard_period(
                    year=data["year"],
                    month=data.get("month"),
                    start=data.get("start"),
                    end=data.get("end"),
                )
            except ServiceError as exc:
                add_service_error(self, exc)
        return data


class RecordsForm(forms.Form):
    org = forms.IntegerField(label=gettext_lazy("Organization"), min_value=1)
    key = forms.ChoiceField(label=gettext_lazy("Figure"), choices=_key_choices)
    start = forms.DateField(label=gettext_lazy("From"))
    end = forms.DateField(label=gettext_lazy("To"))

    def clean(self):
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        if not self.errors:
            try:
                data["period"] = selectors.dashboard_period(
                    year=data["start"].year, start=data["start"], end=data["end"]
                )
            except ServiceError as exc:
                add_service_error(self, exc)
        return data


# ---- numbers as people read them ---------------------------------------------------------


class _Style:
    """How one page writes its numbers, looked up once rather than per row (a province's
    dashboard writes 388 figures; looked up per row, the language, the money test and the
    word for yuan were a third of the view's time)."""

    def __init__(self) -> None:
        self.lang = translation.get_language() or "zh-hans"
        self.yuan = _("yuan")
        self.money = selectors.money_keys()

    def is_money(self, figure: Figure) -> bool:
        return figure.key in self.money

    def unit(self, figure: Figure) -> str:
        return self.yuan if figure.key in self.money else str(figure.unit)

    def exact(self, figure: Figure, n: int) -> int | Decimal:
        """The number for a spreadsheet: money in yuan to the fen, counts as they are."""
        return Decimal(n).scaleb(-2) if figure.key in self.money else n

    def written(self, figure: Figure, n: int) -> str:
        """The number in official style (1.33万个, 2523.63万元) or its English equivalent."""
        if figure.key in self.money:
            return numstyle.say(n, lang=self.lang, kind="money")
        unit = str(figure.unit)
        return numstyle.say(n, unit, lang=self.lang, noun=unit)

    def chart(self, figure: Figure, n: int) -> float | int:
        # Only for drawing: the tables and exports carry the exact numbers.
        return n / 100 if figure.key in self.money else n


# ---- what a dashboard shows --------------------------------------------------------------


def _params(org, data: dict, **changes) -> dict:
    """The dashboard's query parameters, for links that keep the chosen period."""
    params = {
        "org": org.pk,
        "year": data["year"],
        "month": data.get("month"),
        "start": data.get("start"),
        "end": data.get("end"),
        "key": data["key"],
    }
    params.update(changes)
    return {
        k: v.isoformat() if hasattr(v, "isoformat") else v
        for k, v in params.items()
        if v not in (None, "")
    }


def _url(name: str, params: dict, **extra) -> str:
    return f"{reverse(name, **extra)}?{urlencode(params)}"


def _records_urls(org, period) -> Callable[[str], str]:
    """The records page of each figure for one organization and period: the address
    reversed once, only the key written in per row."""
    base = reverse("dashboard-records")
    rest = urlencode(
        {"org": org.pk, "start": period.start.isoformat(), "end": period.end.isoformat()}
    )
    return lambda key: f"{base}?key={quote_plus(key)}&{rest}"


def _figure_rows(actor: User, org, period, style: _Style) -> list[dict]:
    values = selectors.figure_values(actor=actor, org_id=org.pk, period=period)
    records = _records_urls(org, period)
    rows: list[dict[str, Any]] = []
    for key, n in values.items():
        figure = REGISTRY[key]
        rows.append(
            {
                "key": key,
                "group": _group(key),
                "label": str(figure.label),
                "value": n,
                "exact": style.exact(figure, n),
                "text": style.written(figure, n),
                "unit": style.unit(figure),
                "records": records(key),
            }
        )
    rows.sort(key=lambda r: _key_order(r["key"]))
    return rows


def _e(value) -> str:
    # django.utils.html.escape without its lazy-string wrapper (the same text): the two
    # functions below escape a few thousand values a page.
    return html.escape(str(value))


def _figure_table(rows: list[dict], querystring_base: str) -> str:
    """The body of the table of every figure, a <tbody> per capability. Written here,
    every value escaped, rather than looped over by the template: at province scale the
    template's 388 rows took a third of the page's time."""
    title, word, base = _e(_("Chart this figure")), _e(_("list")), _e(querystring_base)
    bodies = []
    for group, grouped in groupby(rows, key=lambda r: r["group"]):
        lines = [f'<tbody><tr class="group"><th colspan="5" scope="rowgroup">{_e(group)}</th></tr>']
        for r in grouped:
            key = _e(r["key"])
            lines.append(
                f'<tr data-key="{key}"><td><a href="?{base}&key={key}#children" '
                f'title="{title}">{_e(r["label"])}</a></td><td class="num">{_e(r["text"])}</td>'
                f'<td class="num hide-sm">{_e(localize(r["exact"]))}</td>'
                f'<td class="hide-sm">{_e(r["unit"])}</td>'
                f'<td><a href="{_e(r["records"])}">{word}</a></td></tr>'
            )
        lines.append("</tbody>")
        bodies.append("\n    ".join(lines))
    return mark_safe("\n    ".join(bodies))  # every value above is escaped


def _child_rows(actor: User, org, data, style: _Style) -> list[dict]:
    figure, period = REGISTRY[data["key"]], data["period"]
    dashboard_url = reverse("dashboard")
    rows = []
    for child, n in selectors.figure_by_children(
        actor=actor, org_id=org.pk, key=data["key"], period=period
    ):
        rows.append(
            {
                "org": child,
                "value": n,
                "exact": style.exact(figure, n),
                "text": style.written(figure, n),
                "chart": style.chart(figure, n),
                "link": f"{dashboard_url}?{urlencode(_params(child, data))}",
                "records": _records_urls(child, period)(data["key"]),
            }
        )
    return rows


def _trend_rows(actor: User, org, data, style: _Style) -> list[dict]:
    figure = REGISTRY[data["key"]]
    rows = []
    for month, n in selectors.figure_trend(
        actor=actor, org_id=org.pk, key=data["key"], year=data["year"]
    ):
        period = selectors.month_period(month.year, month.month)
        rows.append(
            {
                "month": month.strftime("%Y-%m"),
                "value": n,
                "exact": style.exact(figure, n),
                "text": style.written(figure, n),
                "chart": style.chart(figure, n),
                "records": _records_urls(org, period)(data["key"]),
            }
        )
    return rows


def _default_org(actor: User):
    root = org_roots(actor=actor).first()
    if root is None:
        raise Http404
    return root


def _org_choices(actor: User, org) -> list:
    """The select box: the user's own organizations, the path down to this one, its children."""
    orgs = {
        o.pk: o
        for o in [
            *org_roots(actor=actor),
            *org_ancestors(actor=actor, org=org),
            org,
            *org_list(actor=actor, parent_id=org.pk),
        ]
    }
    top = min(o.depth for o in orgs.values())
    return [(o, "\u3000" * (o.depth - top)) for o in sorted(orgs.values(), key=lambda o: o.path)]


def _bound(request, form_class):
    """The form and the organization it names (the user's own by default); 404 outside scope."""
    form = form_class(request.GET)
    form.is_valid()
    org_id = form.cleaned_data.get("org")
    org = org_get(actor=request.user, org_id=org_id) if org_id else _default_org(request.user)
    return form, org


@staff_required
@replica.reads
def dashboard(request):
    form, org = _bound(request, DashboardForm)
    context = _form_context(request, form, org)
    if form.errors:
        return render(request, "reports/dashboard.html", context, status=400)
    data = form.cleaned_data
    actor, figure, style = request.user, REGISTRY[data["key"]], _Style()
    children = _child_rows(actor, org, data, style)
    trend = _trend_rows(actor, org, data, style)
    figures = _figure_rows(actor, org, data["period"], style)
    late = selectors.dashboard_overdue(actor=actor, org_id=org.pk)
    params = _params(org, data)
    context.update(
        {
            "data": data,
            "period": data["period"],
            "figure": figure,
            "unit": style.unit(figure),
            "figures": figures,
            "children": children,
            "trend": trend,
            "late": late[:OVERDUE_SHOWN],
            "late_count": len(late),
            "crumbs": [
                (o, _url("dashboard", _params(o, data)))
                for o in org_ancestors(actor=actor, org=org)
            ],
            "figure_table": _figure_table(
                figures, urlencode({k: v for k, v in params.items() if k != "key"})
            ),
            "exports": {
                t: {
                    fmt: _url("dashboard-export", {**params, "export": fmt}, kwargs={"table": t})
                    for fmt in ("xlsx", "csv")
                }
                for t in TABLES
            },
            "charts": {
                "bar": {
                    "title": str(figure.label),
                    "unit": style.unit(figure),
                    "names": [r["org"].name for r in children],
                    "values": [r["chart"] for r in children],
                    "texts": [r["text"] for r in children],
                    "links": [r["link"] for r in children],
                },
                "line": {
                    "title": str(figure.label),
                    "unit": style.unit(figure),
                    "months": [r["month"] for r in trend],
                    "values": [r["chart"] for r in trend],
                    "texts": [r["text"] for r in trend],
                    "links": [r["records"] for r in trend],
                },
            },
        }
    )
    return render(request, "reports/dashboard.html", context)


def _form_context(request, form, org) -> dict:
    # The year select: the last ten years and the next, plus one typed into the address.
    this = timezone.localdate().year
    years = {*range(this - 9, this + 2), form.cleaned_data.get("year") or this}
    return {
        "form": form,
        "chosen": form.cleaned_data,
        "org": org,
        "years": sorted(years, reverse=True),
        "months": range(1, 13),
        "key_options": _key_options(form.cleaned_data.get("key")),
        "org_choices": _org_choices(request.user, org),
        "crumbs": [(o, f"?org={o.pk}") for o in org_ancestors(actor=request.user, org=org)],
    }


@staff_required
@replica.reads
def dashboard_export(request, table: str):
    """One dashboard table as Excel (default) or CSV: the same rows as on the page."""
    if table not in TABLES:
        raise Http404
    form, org = _bound(request, DashboardForm)
    if form.errors:
        return render(
            request, "reports/dashboard.html", _form_context(request, form, org), status=400
        )
    data, actor, style = form.cleaned_data, request.user, _Style()
    fmt = request.GET.get("export")
    fmt = fmt if fmt in EXPORT_FORMATS else "xlsx"
    figure = REGISTRY[data["key"]]
    label = str(figure.label)
    if table == "figures":
        headers = [
            _("category"),
            _("figure"),
            _("value"),
            _("unit"),
            _("as written"),
            _("figure key"),
        ]
        rows = [
            [r["group"], r["label"], r["exact"], r["unit"], r["text"], r["key"]]
            for r in _figure_rows(actor, org, data["period"], style)
        ]
    elif table == "children":
        headers = [_("ID"), _("organization"), label, _("unit"), _("as written")]
        rows = [
            [r["org"].pk, r["org"].name, r["exact"], style.unit(figure), r["text"]]
            for r in _child_rows(actor, org, data, style)
        ]
    else:
        headers = [_("month"), label, _("unit"), _("as written")]
        rows = [
            [r["month"], r["exact"], style.unit(figure), r["text"]]
            for r in _trend_rows(actor, org, data, style)
        ]
    return export_response(fmt, f"dashboard-{table}-{org.pk}", headers, rows)


@staff_required
@replica.reads
def dashboard_records(request):
    """The records behind one figure: every number on a dashboard can be traced."""
    form = RecordsForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "reports/dashboard_records.html",
            {"form": form, "back": reverse("dashboard")},
            status=400,
        )
    data = form.cleaned_data
    org = org_get(actor=request.user, org_id=data["org"])
    figure, period = REGISTRY[data["key"]], data["period"]
    qs = selectors.figure_records(actor=request.user, org_id=org.pk, key=data["key"], period=period)
    fmt = request.GET.get("export")
    if fmt in EXPORT_FORMATS:
        rows = ([obj.pk, str(obj)] for obj in qs.iterator(chunk_size=2000))
        return export_response(fmt, f"records-{data['key']}-{org.pk}", [_("ID"), _("record")], rows)
    query = request.GET.copy()
    query.pop("page", None)
    n = selectors.figure_value(org=org, key=data["key"], period=period)
    return render(
        request,
        "reports/dashboard_records.html",
        {
            "form": form,
            "org": org,
            "figure": figure,
            "period": period,
            "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
            "querystring": query.urlencode(),
            "text": _Style().written(figure, n),
            "sum_field": figure.sum_field,
            "back": _url(
                "dashboard",
                {
                    "org": org.pk,
                    "start": period.start.isoformat(),
                    "end": period.end.isoformat(),
                    "key": data["key"],
                    "year": period.end.year,
                },
            ),
        },
    )


urlpatterns = [
    path("reports/", dashboard, name="dashboard"),
    path("reports/export/<slug:table>/", dashboard_export, name="dashboard-export"),
    path("reports/records/", dashboard_records, name="dashboard-records"),
]
