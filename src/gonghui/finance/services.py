"""Every write of union finance: atomic, checked, audited, and every money move posted on
the one ledger (campaigns.ledger) with a Voucher that dates it. Who may act is said at
each step; the one who entered a rebate or an expenditure never approves it."""

import csv
import hashlib
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import groupby
from operator import itemgetter

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from gonghui.accounts.models import User
from gonghui.campaigns import ledger
from gonghui.campaigns.errors import Conflict
from gonghui.campaigns.ledger import Leg, PostingSpec
from gonghui.campaigns.models import Posting
from gonghui.core import audit, cleaning, uploads
from gonghui.core.bulk import insert_rows
from gonghui.core.errors import Code as CoreCode
from gonghui.core.errors import ServiceError
from gonghui.core.money import check_fen, parse_yuan, yuan
from gonghui.core.once import once_per_key
from gonghui.core.scoping import get_visible_or_404
from gonghui.core.validators import clean_credit_code
from gonghui.orgs.models import FEDERATION_KINDS, Enterprise, Organization, OrgKind
from gonghui.orgs.services import writable_org

from . import sharing
from .codes import Action, Code
from .models import (
    Budget,
    Cycle,
    Declaration,
    Due,
    Exemption,
    Expense,
    ExpenseStatus,
    Finding,
    FindingStatus,
    Item,
    Level,
    Method,
    Payer,
    Payment,
    Rebate,
    RebateKind,
    RebateStatus,
    Reminder,
    Review,
    ReviewStatus,
    Share,
    ShareRule,
    TaxImport,
    Voucher,
)

COLLECTOR_KINDS = {OrgKind.CITY, OrgKind.COUNTY}
UNION_KINDS = {OrgKind.GRASSROOTS, OrgKind.JOINT}
MAX_PAYROLL = 10**14  # fen: a payroll of a trillion yuan is a typing error
# 科技型中小企业 (seed 000, task 6): the upper levels' shares of the year are returned in full.
TECH_SME_RATE = 10_000


def _int(value, *, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ServiceError(
            _("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high},
            field=field,
        )
    return value


def _date(value, *, field: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ServiceError(_("Enter a date."), field=field)
    return value


def _year(value, field: str = "year") -> int:
    return _int(value, field=field, low=2000, high=2100)


def _book(
    specs: Sequence[PostingSpec], days: Sequence[date], *, actor: User | None
) -> list[Posting]:
    """Post on the ledger and date each posting with a voucher."""
    postings = ledger.post_many(specs, actor=actor)
    Voucher.objects.bulk_create(
        Voucher(posting=p, organization_id=s.organization_id, booked_on=d)
        for p, s, d in zip(postings, specs, days, strict=True)
    )
    return postings


def _federation_above(org: Organization) -> Organization:
    """The nearest federation at or above `org` (the one that pays its rebates)."""
    ids = [int(p) for p in org.path.strip("/").split("/")]
    by_id = {o.pk: o for o in Organization.objects.filter(pk__in=ids)}
    for pk in reversed(ids):
        if by_id[pk].kind in FEDERATION_KINDS:
            return by_id[pk]
    raise ServiceError(_("This union has no federation above it."), field="union_id")


# ---- 1. collection ------------------------------------------------------------------


def set_payer(
    *,
    actor: User,
    enterprise_id: int,
    collector_id: int,
    method: str,
    cycle: str = Cycle.MONTH,
    union_id: int | None = None,
    tech_sme: bool = False,
) -> Payer:
    """Enter an enterprise as a payer of union funds (or change how it pays)."""
    collector = writable_org(actor, collector_id, "collector_id", active=True)
    if collector.kind not in COLLECTOR_KINDS:
        raise ServiceError(
            _("Union funds are collected by a county or city federation."),
            code=Code.NOT_COLLECTOR,
            field="collector_id",
        )
    method = cleaning.choice(method, Method, field="method")
    cycle = cleaning.choice(cycle, Cycle, field="cycle")
    enterprise = Enterprise.objects.filter(
        pk=enterprise_id, keeper_path__startswith=collector.path
    ).first()
    if enterprise is None:
        raise ServiceError(
            _("No such enterprise is kept in this federation's area."), field="enterprise_id"
        )
    union = None
    if union_id is not None:
        union = Organization.objects.filter(pk=union_id, kind__in=UNION_KINDS).first()
        if union is None or not (
            union.enterprise_id == enterprise.pk or union.path.startswith(collector.path)
        ):
            raise ServiceError(_("Choose the enterprise's own union."), field="union_id")
    if not isinstance(tech_sme, bool):
        raise ServiceError(_("Enter yes or no."), field="tech_sme")
    with transaction.atomic(durable=True):
        payer, created = Payer.objects.select_for_update().get_or_create(
            enterprise=enterprise,
            defaults={
                "collector": collector,
                "union": union,
                "method": method,
                "cycle": cycle,
                "tech_sme": tech_sme,
                "created_by": actor,
            },
        )
        if not created:
            if not payer.collector.path.startswith(tuple(actor.writable_paths())):
                raise ServiceError(
                    _("Another federation collects this enterprise's funds."),
                    code=Code.NOT_COLLECTOR,
                    field="enterprise_id",
                )
            before = audit.snapshot(payer, ["collector", "union", "method", "cycle", "tech_sme"])
            payer.collector, payer.union, payer.method = collector, union, method
            payer.cycle, payer.tech_sme = cycle, tech_sme
            payer.save()
            changes: dict = audit.diff(
                before, audit.snapshot(payer, ["collector", "union", "method", "cycle", "tech_sme"])
            )
        else:
            changes = {"method": method, "cycle": cycle}
        audit.record(actor=actor, action=Action.PAYER_SET, obj=payer, changes=changes)
    return payer


def _period_days(year: int, cycle: str, period: int) -> tuple[date, date]:
    first_month = period if cycle == Cycle.MONTH else 3 * period - 2
    months = 1 if cycle == Cycle.MONTH else 3
    start = date(year, first_month, 1)
    end_month = first_month + months
    end = (date(year + 1, 1, 1) if end_month > 12 else date(year, end_month, 1)) - timedelta(1)
    return start, end


def _exempt(payer: Payer, start: date, end: date) -> bool:
    return payer.exemptions.filter(starts_on__lte=start, ends_on__gte=end).exists()


def _payroll(payroll) -> int:
    # A month's payroll of a big enterprise passes a payment's bound (100 million yuan).
    return check_fen(payroll, field="payroll", allow_zero=True, most=MAX_PAYROLL)


def declare_payroll(*, actor: User, payer_id: int, year: int, period: int, payroll: int) -> Due:
    """The payroll of a month (or quarter) and the 2 % due on it, by the 15th after. A
    period is declared once; a later figure is a correction (correct_declaration)."""
    payer = get_visible_or_404(
        Payer.objects.select_related("collector"), actor, write=True, pk=payer_id
    )
    year = _year(year)
    period = _int(period, field="period", low=1, high=12 if payer.cycle == Cycle.MONTH else 4)
    payroll = _payroll(payroll)
    start, end = _period_days(year, payer.cycle, period)
    exempt = _exempt(payer, start, end)
    with transaction.atomic(durable=True):
        due, created = Due.objects.select_for_update().get_or_create(
            payer=payer,
            year=year,
            cycle=payer.cycle,
            period=period,
            defaults={
                "collector": payer.collector,
                "starts_on": start,
                "payroll": payroll,
                "amount": sharing.due_of(payroll),
                "exempt": exempt,
                "due_on": end + timedelta(days=15),
                "declared_by": actor,
            },
        )
        if not created:
            raise ServiceError(
                _(
                    "The payroll of %(period)s is already declared; correct the declaration "
                    "instead, with the reason."
                )
                % {"period": f"{year}-{period:02d}"},
                code=Code.DUPLICATE,
                field="period",
            )
        Declaration.objects.create(due=due, payroll=payroll, amount=due.amount, declared_by=actor)
        audit.record(
            actor=actor,
            action=Action.PAYROLL_DECLARED,
            obj=due,
            changes={"payroll": payroll, "amount": due.amount},
        )
    return due


def correct_declaration(*, actor: User, due_id: int, payroll: int, reason: str) -> Due:
    """A declared payroll corrected (更正申报): the due takes the new payroll and 2 % of
    it, a Declaration row keeps the new figure with its reason beside every earlier one,
    and the audit names both. The same figure again, or no reason, is refused."""
    payroll = _payroll(payroll)
    reason = cleaning.text(reason, field="reason", max_length=200, required=True)
    with transaction.atomic(durable=True):
        due = get_visible_or_404(
            Due.objects.select_for_update(of=("self",)), actor, write=True, pk=due_id
        )
        if payroll == due.payroll:
            raise ServiceError(
                _("This is the payroll already declared; a correction changes it."),
                field="payroll",
            )
        if not due.declarations.exists():  # declared before declarations were kept
            Declaration.objects.create(
                due=due, payroll=due.payroll, amount=due.amount, declared_by=due.declared_by
            )
        before = {"payroll": due.payroll, "amount": due.amount}
        due.payroll, due.amount = payroll, sharing.due_of(payroll)
        due.save(update_fields=["payroll", "amount"])
        Declaration.objects.create(
            due=due, payroll=payroll, amount=due.amount, reason=reason, declared_by=actor
        )
        audit.record(
            actor=actor,
            action=Action.PAYROLL_CORRECTED,
            obj=due,
            changes={
                **audit.diff(before, {"payroll": due.payroll, "amount": due.amount}),
                "reason": reason,
            },
        )
    return due


def grant_exemption(
    *, actor: User, payer_id: int, starts_on: date, ends_on: date, reason: str
) -> Exemption:
    payer = get_visible_or_404(Payer.objects.all(), actor, write=True, pk=payer_id)
    starts_on = _date(starts_on, field="starts_on").replace(day=1)
    ends_on = _date(ends_on, field="ends_on")
    if ends_on < starts_on:
        raise ServiceError(_("The end comes before the start."), field="ends_on")
    reason = cleaning.text(reason, field="reason", max_length=200, required=True)
    with transaction.atomic(durable=True):
        exemption = Exemption.objects.create(
            payer=payer, starts_on=starts_on, ends_on=ends_on, reason=reason, granted_by=actor
        )
        for due in payer.dues.filter(exempt=False):
            start, end = _period_days(due.year, due.cycle, due.period)
            if starts_on <= start and end <= ends_on:
                due.exempt = True
                due.save(update_fields=["exempt"])
        audit.record(
            actor=actor,
            action=Action.EXEMPTION_GRANTED,
            obj=exemption,
            changes={"from": str(starts_on), "until": str(ends_on), "reason": reason},
        )
    return exemption


def _collection(payer: Payer, amount: int, reference: str) -> PostingSpec:
    return PostingSpec(
        kind="fin_collection",
        organization_id=payer.collector_id,
        legs=[
            Leg(payer.collector_id, "fin_bank", amount),
            Leg(payer.collector_id, "fin_unshared", -amount),
        ],
        memo=f"{payer.enterprise.name} {reference}",
    )


def _apply(payer: Payer, amount: int, due: Due | None) -> Due | None:
    """The due a payment settles: the one named, else the oldest one still owing."""
    if due is None:
        owing = [
            d
            for d in payer.dues.select_for_update().filter(exempt=False).order_by("year", "period")
            if d.owing
        ]
        due = owing[0] if owing else None
    if due is not None:
        due.paid += amount
        due.save(update_fields=["paid"])
    return due


def receive_payment(
    *,
    actor: User,
    payer_id: int,
    amount: int,
    paid_on: date,
    reference: str,
    due_id: int | None = None,
) -> Payment:
    """Union funds paid straight to the collecting federation's account."""
    payer = get_visible_or_404(
        Payer.objects.select_related("enterprise"), actor, write=True, pk=payer_id
    )
    amount = check_fen(amount)
    paid_on = _date(paid_on, field="paid_on")
    if paid_on > cleaning.today():
        raise ServiceError(_("A payment cannot be dated in the future."), field="paid_on")
    reference = cleaning.text(reference, field="reference", max_length=40, required=True)
    due = None
    if due_id is not None:
        due = payer.dues.filter(pk=due_id).first()
        if due is None:
            raise ServiceError(_("No such due of this payer."), field="due_id")
    with transaction.atomic(durable=True):
        if Payment.objects.filter(collector_id=payer.collector_id, reference=reference).exists():
            raise ServiceError(
                _("A payment with this voucher number is already recorded."),
                code=Code.DUPLICATE,
                field="reference",
            )
        (posting,) = _book([_collection(payer, amount, reference)], [paid_on], actor=actor)
        payment = Payment.objects.create(
            payer=payer,
            collector_id=payer.collector_id,
            due=_apply(payer, amount, due),
            paid_on=paid_on,
            amount=amount,
            method=Method.DIRECT,
            reference=reference,
            posting=posting,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action=Action.PAYMENT_RECEIVED,
            obj=payment,
            changes={"amount": amount, "paid_on": str(paid_on), "reference": reference},
        )
    return payment


MAX_REPORTED = 20  # bad rows named in a refusal; the job keeps them all

# The tax bureau's file (税务代收工会经费明细): these headings, in any order.
TAX_HEADERS = {
    "纳税人识别号": "credit_code",
    "统一社会信用代码": "credit_code",
    "credit_code": "credit_code",
    "税票号码": "reference",
    "电子税票号码": "reference",
    "reference": "reference",
    "入库日期": "paid_on",
    "缴款日期": "paid_on",
    "paid_on": "paid_on",
    "实缴金额": "amount",
    "实缴金额（元）": "amount",
    "amount": "amount",
}


def _tax_rows(name: str, content: bytes) -> Iterator[tuple[int, list]]:
    if name.lower().endswith(".xlsx"):
        uploads.check_workbook(io.BytesIO(content))
        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a file that is no workbook
            raise ServiceError(
                _("This file could not be read as an Excel workbook (.xlsx)."),
                code=Code.BAD_FILE,
                field="file",
            ) from exc
        yield from enumerate((list(r) for r in book.worksheets[0].iter_rows(values_only=True)), 1)
        return
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ServiceError(
            _("This CSV file is neither UTF-8 nor GBK text. Save it again as “CSV UTF-8”."),
            code=Code.BAD_FILE,
            field="file",
        )
    yield from enumerate(csv.reader(io.StringIO(text)), 1)


@dataclass
class _TaxRow:
    line: int
    payer: Payer
    reference: str
    paid_on: date
    amount: int


def _tax_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip().replace("/", "-").replace(".", "-")
    return date.fromisoformat(text[:10] if len(text) >= 10 else text)


def _read_tax_file(
    collector: Organization, name: str, content: bytes
) -> tuple[list[_TaxRow], list[dict], int]:
    rows = uploads.cap_rows(_tax_rows(name, content))
    header = next(rows, None)
    if header is None:
        raise ServiceError(_("The file is empty."), code=Code.BAD_FILE, field="file")
    fields = [TAX_HEADERS.get(str(c or "").strip()) for c in header[1]]
    missing = {"credit_code", "reference", "paid_on", "amount"} - set(fields)
    if missing:
        raise ServiceError(
            _(
                "The file lacks the columns 纳税人识别号, 税票号码, 入库日期 and 实缴金额 (missing: %(m)s)."
            )
            % {"m": ", ".join(sorted(missing))},
            code=Code.BAD_FILE,
            field="file",
        )
    raw: list[tuple[int, dict]] = []
    for line, cells in rows:
        if not any(str(c or "").strip() for c in cells):
            continue
        raw.append((line, {f: c for f, c in zip(fields, cells, strict=False) if f}))
    payers = {
        p.enterprise.credit_code: p
        for p in Payer.objects.select_related("enterprise").filter(
            collector=collector,
            enterprise__credit_code__in={
                str(r.get("credit_code") or "").strip().upper() for _l, r in raw
            },
        )
    }
    good, errors = [], []
    today = cleaning.today()
    for line, r in raw:
        try:
            code = clean_credit_code(str(r.get("credit_code") or "").strip().upper())
            payer = payers.get(code)
            if payer is None:
                raise ValueError(
                    _("no payer with credit code %(c)s is collected here") % {"c": code}
                )
            reference = str(r.get("reference") or "").strip()
            if not reference or len(reference) > 40:
                raise ValueError(_("the voucher number is empty or too long"))
            try:
                paid_on = _tax_date(r.get("paid_on"))
            except ValueError:
                raise ValueError(_("the date is not a date (2022-03-15)")) from None
            if paid_on > today:
                raise ValueError(_("the date is in the future"))
            value = r.get("amount")
            amount = (
                parse_yuan(str(value))
                if not isinstance(value, float)
                else parse_yuan(f"{value:.2f}")
            )
            good.append(_TaxRow(line, payer, reference, paid_on, amount))
        except ServiceError as exc:
            errors.append({"line": line, "reason": str(exc.message)})
        except Exception as exc:  # noqa: BLE001  a bad cell is the row's error, not the file's
            errors.append({"line": line, "reason": str(exc.args[0] if exc.args else exc)})
    return good, errors, len(raw)


def import_tax_file(
    *,
    actor: User,
    collector_id: int,
    name: str,
    content: bytes,
    all_or_nothing: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> TaxImport:
    """Read the tax bureau's file of union funds it collected for this federation. Good
    rows become payments (posted as collected); rows already recorded (by voucher number)
    are skipped and bad rows reported with their line. The same file twice changes
    nothing: the second import answers with the first."""
    collector = writable_org(actor, collector_id, "collector_id", active=True)
    if collector.kind not in COLLECTOR_KINDS:
        raise ServiceError(
            _("Union funds are collected by a county or city federation."),
            code=Code.NOT_COLLECTOR,
            field="collector_id",
        )
    name = cleaning.text(name, field="file", max_length=200, required=True)
    digest = hashlib.sha256(content).hexdigest()
    earlier = TaxImport.objects.filter(collector=collector, sha256=digest).first()
    if earlier is not None:
        return earlier
    good, errors, total = _read_tax_file(collector, name, content)
    if progress:
        progress(total, total)
    if errors and all_or_nothing:
        # The page's import: one bad row stops the file, so it is corrected and sent again.
        raise ServiceError(
            _("Nothing was imported: %(n)s rows are wrong. %(rows)s")
            % {
                "n": len(errors),
                "rows": "; ".join(_("row %(line)s: %(reason)s") % e for e in errors[:MAX_REPORTED]),
            },
            code=Code.BAD_FILE,
            field="file",
        )
    with transaction.atomic(durable=True):
        batch, created = TaxImport.objects.get_or_create(
            collector=collector,
            sha256=digest,
            defaults={"filename": name, "rows": total, "errors": errors, "created_by": actor},
        )
        if not created:  # the same file, imported meanwhile
            return batch
        known = set(
            Payment.objects.filter(
                collector=collector, reference__in=[r.reference for r in good]
            ).values_list("reference", flat=True)
        )
        fresh, seen = [], set()
        for row in good:
            if row.reference in known or row.reference in seen:
                continue
            seen.add(row.reference)
            fresh.append(row)
        postings = _book(
            [_collection(r.payer, r.amount, r.reference) for r in fresh],
            [r.paid_on for r in fresh],
            actor=actor,
        )
        for row, posting in zip(fresh, postings, strict=True):
            Payment.objects.create(
                payer=row.payer,
                collector=collector,
                due=_apply(row.payer, row.amount, None),
                paid_on=row.paid_on,
                amount=row.amount,
                method=Method.TAX,
                reference=row.reference,
                tax_import=batch,
                posting=posting,
                created_by=actor,
            )
        batch.added, batch.skipped = len(fresh), len(good) - len(fresh)
        batch.save(update_fields=["added", "skipped"])
        audit.record(
            actor=actor,
            action=Action.TAX_FILE_IMPORTED,
            obj=batch,
            changes={
                "file": name,
                "added": batch.added,
                "skipped": batch.skipped,
                "refused": len(errors),
            },
        )
    return batch


def send_reminder(*, actor: User, due_id: int, note: str = "") -> Reminder:
    due = get_visible_or_404(Due.objects.all(), actor, write=True, pk=due_id)
    note = cleaning.text(note, field="note", max_length=200)
    if not due.owing:
        raise ServiceError(
            _("Nothing is owed on this due."), code=Code.WRONG_STATUS, field="due_id"
        )
    with transaction.atomic(durable=True):
        reminder = Reminder.objects.create(due=due, note=note, sent_by=actor)
        audit.record(
            actor=actor, action=Action.REMINDER_SENT, obj=reminder, changes={"owing": due.owing}
        )
    return reminder


# ---- 2. sharing between levels -------------------------------------------------------


def set_share_rule(
    *,
    actor: User,
    province_id: int,
    year: int,
    national: int,
    provincial: int,
    city: int,
    county: int,
    grassroots: int,
    remainder_to: str = Level.COUNTY,
) -> ShareRule:
    """A province's sharing of a year's union funds, in basis points summing to 10000."""
    province = writable_org(actor, province_id, "province_id")
    if province.kind != OrgKind.PROVINCIAL:
        raise ServiceError(
            _("Sharing rules are set by a provincial federation."), field="province_id"
        )
    year = _year(year)
    values = {
        name: _int(v, field=name, low=0, high=10_000)
        for name, v in {
            "national": national,
            "provincial": provincial,
            "city": city,
            "county": county,
            "grassroots": grassroots,
        }.items()
    }
    if sum(values.values()) != sharing.FULL:
        raise ServiceError(
            _("The shares must add up to 100 %% (10000 basis points); they add up to %(n)s.")
            % {"n": sum(values.values())},
            field="grassroots",
        )
    remainder_to = cleaning.choice(remainder_to, Level, field="remainder_to")
    with transaction.atomic(durable=True):
        # The rule's row locked first, as share_month locks it: a sharing under way
        # finishes before this looks whether the rule has been used.
        ShareRule.objects.select_for_update().filter(province=province, year=year).first()
        if Share.objects.filter(rule__province=province, rule__year=year).exists():
            raise ServiceError(
                _(
                    "Payments of this year have been shared under the rule; it can no longer change."
                ),
                code=Code.ALREADY_SHARED,
                field="year",
            )
        rule, _created = ShareRule.objects.update_or_create(
            province=province,
            year=year,
            defaults={**values, "remainder_to": remainder_to, "set_by": actor},
        )
        audit.record(
            actor=actor,
            action=Action.RULE_SET,
            obj=rule,
            changes={**values, "remainder_to": remainder_to},
        )
    return rule


def level_orgs(collector: Organization) -> sharing.LevelOrgs:
    """Who keeps each level's share of this collector's payments."""
    return _level_orgs_many([collector])[collector.pk]


def _level_orgs_many(collectors: Iterable[Organization]) -> dict[int, sharing.LevelOrgs]:
    """level_orgs of several collectors, their ancestors read in one query."""
    paths = {c.pk: [int(p) for p in c.path.strip("/").split("/")] for c in collectors}
    kinds = dict(
        Organization.objects.filter(pk__in={i for ids in paths.values() for i in ids}).values_list(
            "pk", "kind"
        )
    )
    found = {}
    for pk, ids in paths.items():
        by_kind = {kinds[i]: i for i in ids}
        if OrgKind.PROVINCIAL not in by_kind or OrgKind.CITY not in by_kind:
            raise ServiceError(
                _("The collector is not under a city and a province."), code=Code.NOT_COLLECTOR
            )
        found[pk] = sharing.LevelOrgs(
            collector=pk,
            province=by_kind[OrgKind.PROVINCIAL],
            city=by_kind[OrgKind.CITY],
            county=by_kind.get(OrgKind.COUNTY, pk),
            national=by_kind.get(OrgKind.NATIONAL),
        )
    return found


def share_month(*, actor: User, org_id: int, year: int, month: int) -> int:
    """Share every payment of the month in this federation's subtree not yet shared:
    each split by the province's rule for the year (a Share row per payment), and posted
    as transfers between the levels' funds, one voucher per collector and day that nets
    the day's payments (汇总记账凭证: a level's account takes one leg, not one per
    payment). Run twice, the second run finds nothing to do. Returns the payments shared."""
    org = writable_org(actor, org_id, "org_id")
    year = _year(year)
    month = _int(month, field="month", low=1, high=12)
    start, end = _period_days(year, Cycle.MONTH, month)
    with transaction.atomic(durable=True):
        # One sharing of a province's year at a time: the rules of the provinces above
        # and under this federation are locked (primary-key order) before the payments
        # are read, so a concurrent run waits, then finds its payments shared, and no
        # rule changes meanwhile (set_share_rule takes the same lock). Payments are never
        # changed once written: locking each of a month's 200,000 cost more than the rest.
        above = [int(p) for p in org.path.strip("/").split("/")]
        list(
            ShareRule.objects.select_for_update(of=("self",))
            .filter(Q(province_id__in=above) | Q(province__path__startswith=org.path), year=year)
            .order_by("pk")
            .values_list("pk")
        )
        rows = list(
            Payment.objects.filter(
                collector__path__startswith=org.path,
                paid_on__gte=start,
                paid_on__lte=end,
                share__isnull=True,
            )
            .order_by("collector_id", "paid_on", "pk")
            .values_list("pk", "collector_id", "amount", "paid_on", "payer__union_id")
        )
        if not rows:
            return 0
        levels = _level_orgs_many(Organization.objects.filter(pk__in={r[1] for r in rows}))
        by_province = {
            r.province_id: r
            for r in ShareRule.objects.filter(
                province_id__in={lv.province for lv in levels.values()}, year=year
            )
        }
        rules, cuts = {}, {}
        for pk, lv in levels.items():
            if lv.province not in by_province:
                raise ServiceError(
                    _("%(org)s has no sharing rule for %(year)s: set it first.")
                    % {"org": Organization.objects.get(pk=lv.province).name, "year": year},
                    code=Code.NO_RULE,
                    field="year",
                )
            rules[pk] = rule = by_province[lv.province]
            cuts[pk] = sharing.splitter(rule.bps(), rule.remainder_to)
        # The payments of one collector and day, split and netted into one posting; all
        # of them posted in one round of the ledger (its accounts locked once, in order).
        specs: list[PostingSpec] = []
        days: list[tuple[int, date]] = []
        shares: list[tuple] = []
        for (collector, paid_on), payments in groupby(rows, key=itemgetter(1, 3)):
            cut, rule_id, i = cuts[collector], rules[collector].pk, len(specs)
            splits = []
            for pk, _c, amount, _on, union in payments:
                split = cut(amount)
                splits.append((amount, split, union))
                shares.append((pk, collector, rule_id, paid_on, amount, *split, i))
            specs.append(
                PostingSpec(
                    kind="fin_share",
                    organization_id=collector,
                    legs=sharing.netted_legs(splits, levels[collector]),
                    memo=f"{paid_on}: {len(splits)} payments",
                )
            )
            days.append((collector, paid_on))
        # Many rows: ids back from the ledger, vouchers and shares inserted as rows.
        posting_ids = ledger.post_bulk(specs, actor=actor)
        insert_rows(
            Voucher._meta.db_table,
            ["posting_id", "organization_id", "booked_on"],
            ((p, c, on) for p, (c, on) in zip(posting_ids, days, strict=True)),
        )
        now = timezone.now()
        insert_rows(
            Share._meta.db_table,
            ["payment_id", "collector_id", "rule_id", "paid_on", "amount", "national",
             "provincial", "city", "county", "grassroots", "posting_id", "created_at"],
            ((*row[:-1], posting_ids[row[-1]], now) for row in shares),
        )  # fmt: skip
        audit.record(
            actor=actor,
            action=Action.SHARED,
            obj=org,
            changes={"year": year, "month": month, "payments": len(rows)},
        )
    return len(rows)


# ---- 3. rebates -------------------------------------------------------------------------


def _upper_shares(payer: Payer, year: int) -> int:
    got = Share.objects.filter(payment__payer=payer, paid_on__year=year).aggregate(
        n=Sum("national"), p=Sum("provincial"), c=Sum("city"), k=Sum("county")
    )
    return sum(v or 0 for v in got.values())


def apply_rebate(
    *,
    actor: User,
    kind: str,
    union_id: int,
    year: int,
    amount: int | None = None,
    reason: str = "",
) -> Rebate:
    """Apply for a rebate to a grassroots union: under the tech-enterprise policy the
    amount is the upper levels' shares of its enterprise's payments of the year (the
    policy returns them in full); a plain rebate names its amount."""
    kind = cleaning.choice(kind, RebateKind, field="kind")
    union = Organization.objects.filter(pk=union_id, kind__in=UNION_KINDS).first()
    if union is None:
        raise ServiceError(_("Choose a grassroots union."), field="union_id")
    federation = _federation_above(union)
    paths = tuple(actor.writable_paths())
    if not paths or not (union.path.startswith(paths) or federation.path.startswith(paths)):
        raise ServiceError(_("No such union in your subtree."), field="union_id")
    year = _year(year)
    reason = cleaning.text(reason, field="reason", max_length=200)
    payer = None
    if kind == RebateKind.TECH_SME:
        payer = Payer.objects.filter(union=union).select_related("collector").first()
        if payer is None or not payer.tech_sme:
            raise ServiceError(
                _("The union's enterprise is not registered as a small or medium tech enterprise."),
                code=Code.NOT_ELIGIBLE,
                field="union_id",
            )
        federation = payer.collector
        base = _upper_shares(payer, year)
        rate = TECH_SME_RATE
        if not base:
            raise ServiceError(
                _("The enterprise's union funds of %(year)s have not been shared yet.")
                % {"year": year},
                code=Code.NOT_ELIGIBLE,
                field="year",
            )
        amount = base * rate // sharing.FULL
    else:
        amount = check_fen(amount)
        base, rate = amount, sharing.FULL
        # A rebate returns funds the union's enterprise paid: never more than that.
        paid = Payment.objects.filter(payer__union=union, paid_on__year=year).aggregate(
            n=Sum("amount")
        )["n"]
        if amount > (paid or 0):
            raise ServiceError(
                _(
                    "The rebate (%(amount)s yuan) is more than the union funds its enterprise "
                    "paid in %(year)s (%(paid)s yuan). Lower the amount."
                )
                % {"amount": yuan(amount), "year": year, "paid": yuan(paid or 0)},
                code=Code.NOT_ELIGIBLE,
                field="amount",
            )
    with transaction.atomic(durable=True):
        if (
            Rebate.objects.filter(kind=kind, union=union, year=year)
            .exclude(status=RebateStatus.REJECTED)
            .exists()
        ):
            raise ServiceError(
                _("This union already has such a rebate for the year."),
                code=Code.DUPLICATE,
                field="year",
            )
        rebate = Rebate.objects.create(
            kind=kind,
            federation=federation,
            union=union,
            payer=payer,
            year=year,
            base=base,
            rate=rate,
            amount=amount,
            reason=reason,
            applied_by=actor,
        )
        audit.record(
            actor=actor,
            action=Action.REBATE_APPLIED,
            obj=rebate,
            changes={"amount": amount, "kind": kind},
        )
    return rebate


def _checker(actor: User, maker: User, field: str = "status") -> None:
    if actor.pk == maker.pk:
        raise ServiceError(
            _("Someone other than the one who entered it must approve it."),
            code=Code.OWN_ENTRY,
            field=field,
        )


def _federation_writer(actor: User, org: Organization) -> None:
    if not org.path.startswith(tuple(actor.writable_paths()) or ("\0",)):
        raise ServiceError(
            _("Only the paying federation decides this."), code=CoreCode.FORBIDDEN, field="status"
        )


def decide_rebate(*, actor: User, rebate_id: int, approve: bool) -> Rebate:
    with transaction.atomic(durable=True):
        rebate = get_visible_or_404(
            Rebate.objects.select_for_update(of=("self",)).select_related(
                "federation", "applied_by"
            ),
            actor,
            pk=rebate_id,
        )
        _federation_writer(actor, rebate.federation)
        if rebate.status != RebateStatus.APPLIED:
            raise ServiceError(
                _("This rebate has been decided."), code=Code.WRONG_STATUS, field="status"
            )
        _checker(actor, rebate.applied_by)
        rebate.status = RebateStatus.APPROVED if approve else RebateStatus.REJECTED
        rebate.decided_by, rebate.decided_at = actor, timezone.now()
        rebate.save(update_fields=["status", "decided_by", "decided_at"])
        audit.record(
            actor=actor, action=Action.REBATE_DECIDED, obj=rebate, changes={"status": rebate.status}
        )
    return rebate


def pay_rebate(*, actor: User, rebate_id: int, paid_on: date) -> Rebate:
    """Pay an approved rebate from the federation's bank to the union's: once."""
    paid_on = _date(paid_on, field="paid_on")
    with transaction.atomic(durable=True):
        rebate = get_visible_or_404(
            Rebate.objects.select_for_update(of=("self",)).select_related("federation", "union"),
            actor,
            pk=rebate_id,
        )
        _federation_writer(actor, rebate.federation)
        if rebate.status != RebateStatus.APPROVED:
            raise ServiceError(
                _("Only an approved rebate is paid, and only once."),
                code=Code.WRONG_STATUS,
                field="status",
            )
        f, u, n = rebate.federation_id, rebate.union_id, rebate.amount
        (posting,) = _book(
            [
                PostingSpec(
                    kind="fin_rebate",
                    organization_id=f,
                    legs=[
                        Leg(f, "fin_rebate_out", n),
                        Leg(f, "fin_bank", -n),
                        Leg(u, "fin_bank", n),
                        Leg(u, "fin_subsidy_in", -n),
                    ],
                    memo=str(rebate)[:200],
                )
            ],
            [paid_on],
            actor=actor,
        )
        rebate.status, rebate.posting, rebate.paid_on = RebateStatus.PAID, posting, paid_on
        rebate.save(update_fields=["status", "posting", "paid_on"])
        audit.record(actor=actor, action=Action.REBATE_PAID, obj=rebate, changes={"amount": n})
    return rebate


# ---- 4. budgets and spending --------------------------------------------------------------


def set_budget(
    *, actor: User, union_id: int, year: int, item: str, amount: int, warn_at: int = 90
) -> Budget:
    union = writable_org(actor, union_id, "union_id", active=True)
    year = _year(year)
    item = cleaning.choice(item, Item, field="item")
    amount = check_fen(amount)
    warn_at = _int(warn_at, field="warn_at", low=1, high=100)
    # Plain atomic: set_budget_lines writes several in one transaction.
    with transaction.atomic():
        budget, created = Budget.objects.select_for_update().get_or_create(
            union=union,
            year=year,
            item=item,
            defaults={"amount": amount, "warn_at": warn_at, "set_by": actor},
        )
        before = {} if created else {"amount": budget.amount, "warn_at": budget.warn_at}
        if not created:
            budget.amount, budget.warn_at, budget.set_by = amount, warn_at, actor
            budget.save(update_fields=["amount", "warn_at", "set_by"])
        audit.record(
            actor=actor,
            action=Action.BUDGET_SET,
            obj=budget,
            changes=audit.diff(before, {"amount": amount, "warn_at": warn_at})
            if before
            else {"amount": amount},
        )
    return budget


def set_budget_lines(
    *, actor: User, union_id: int, year: int, lines: Sequence[tuple[str, int]], warn_at: int = 90
) -> list[Budget]:
    """A union's budget of a year, item by item, from one form: every line is checked
    before any is written, and an item given twice is refused."""
    seen: set[str] = set()
    for n, (item, amount) in enumerate(lines, 1):
        item = cleaning.choice(item, Item, field="item")
        check_fen(amount)
        if item in seen:
            raise ServiceError(
                _("Line %(n)s repeats the item “%(item)s”: give each item once.")
                % {"n": n, "item": Item(item).label},
                code=Code.DUPLICATE,
                field="item",
            )
        seen.add(item)
    if not lines:
        raise ServiceError(_("Enter at least one budget item."), field="item")
    with transaction.atomic(durable=True):
        return [
            set_budget(
                actor=actor,
                union_id=union_id,
                year=year,
                item=item,
                amount=amount,
                warn_at=warn_at,
            )
            for item, amount in lines
        ]


def enter_expense(
    *,
    actor: User,
    union_id: int,
    item: str,
    amount: int,
    spent_on: date,
    memo: str,
    idempotency_key: str = "",
) -> tuple[Expense, bool]:
    """A union's spending entered for another to approve. With a request key (the entry
    form's, or the API caller's idempotency key) it is entered once: the same request
    again returns the expenditure already entered (True: replayed); the key with other
    figures is refused."""
    union = writable_org(actor, union_id, "union_id", active=True)
    item = cleaning.choice(item, Item, field="item")
    amount = check_fen(amount)
    spent_on = _date(spent_on, field="spent_on")
    if spent_on > cleaning.today():
        raise ServiceError(_("Spending cannot be dated in the future."), field="spent_on")
    memo = cleaning.text(memo, field="memo", max_length=200, required=True)
    key = cleaning.request_key(idempotency_key) if idempotency_key else ""

    def make() -> Expense:
        return Expense.objects.create(
            union=union,
            item=item,
            amount=amount,
            spent_on=spent_on,
            memo=memo,
            entered_by=actor,
            idempotency_key=key,
        )

    def refused() -> Conflict:
        return Conflict(  # 409, as every reused key (core.replay)
            _(
                "This request was already used for another expenditure; reload the form to "
                "enter a new one."
            ),
            code=CoreCode.CONFLICT,
            field="idempotency_key",
        )

    with transaction.atomic(durable=True):
        expense, replayed = once_per_key(
            lambda: (
                Expense.objects.filter(union=union, idempotency_key=key).first() if key else None
            ),
            make,
            same=lambda done: (
                (done.item, done.amount, done.spent_on, done.memo) == (item, amount, spent_on, memo)
            ),
            refused=refused,
        )
        if not replayed:
            audit.record(
                actor=actor,
                action=Action.EXPENSE_ENTERED,
                obj=expense,
                changes={"amount": amount, "item": item},
            )
    return expense, replayed


def decide_expense(*, actor: User, expense_id: int, approve: bool) -> Expense:
    """Approve (and pay from the union's bank) or reject an entered expenditure."""
    with transaction.atomic(durable=True):
        expense = get_visible_or_404(
            Expense.objects.select_for_update(of=("self",)).select_related("entered_by"),
            actor,
            write=True,
            pk=expense_id,
        )
        if expense.status != ExpenseStatus.ENTERED:
            raise ServiceError(
                _("This expenditure has been decided."), code=Code.WRONG_STATUS, field="status"
            )
        _checker(actor, expense.entered_by)
        if approve:
            u, n = expense.union_id, expense.amount
            (expense.posting,) = _book(
                [
                    PostingSpec(
                        kind="fin_expense",
                        organization_id=u,
                        legs=[Leg(u, expense.item, n), Leg(u, "fin_bank", -n)],
                        memo=expense.memo,
                    )
                ],
                [expense.spent_on],
                actor=actor,
            )
        expense.status = ExpenseStatus.PAID if approve else ExpenseStatus.REJECTED
        expense.decided_by = actor
        expense.save(update_fields=["status", "decided_by", "posting"])
        audit.record(
            actor=actor,
            action=Action.EXPENSE_DECIDED,
            obj=expense,
            changes={"status": expense.status},
        )
    return expense


# ---- 5. audit committee -----------------------------------------------------------------------


def open_review(*, actor: User, union_id: int, committee_id: int, year: int, title: str) -> Review:
    committee = writable_org(actor, committee_id, "committee_id")
    union = Organization.objects.filter(pk=union_id, path__startswith=committee.path).first()
    if union is None:
        raise ServiceError(
            _("The union reviewed is the committee's own or one below it."), field="union_id"
        )
    year = _year(year)
    title = cleaning.text(title, field="title", max_length=120, required=True)
    with transaction.atomic(durable=True):
        review = Review.objects.create(
            union=union,
            committee=committee,
            year=year,
            title=title,
            opened_by=actor,
            opened_on=cleaning.today(),
        )
        audit.record(actor=actor, action=Action.REVIEW_OPENED, obj=review, changes={"title": title})
    return review


def _committee_writer(actor: User, review: Review) -> None:
    if not review.committee.path.startswith(tuple(actor.writable_paths()) or ("\0",)):
        raise ServiceError(
            _("Only the audit committee's union does this."),
            code=CoreCode.FORBIDDEN,
            field="status",
        )


def record_finding(
    *, actor: User, review_id: int, text: str, rectify_by: date, amount: int = 0
) -> Finding:
    with transaction.atomic(durable=True):
        review = get_visible_or_404(
            Review.objects.select_for_update(of=("self",)).select_related("committee"),
            actor,
            pk=review_id,
        )
        _committee_writer(actor, review)
        if review.status != ReviewStatus.OPEN:
            raise ServiceError(_("The review is closed."), code=Code.WRONG_STATUS, field="status")
        text = cleaning.text(text, field="text", max_length=500, required=True)
        rectify_by = _date(rectify_by, field="rectify_by")
        amount = check_fen(amount, field="amount", allow_zero=True)
        finding = Finding.objects.create(
            review=review, text=text, rectify_by=rectify_by, amount=amount, recorded_by=actor
        )
        audit.record(
            actor=actor, action=Action.FINDING_RECORDED, obj=finding, changes={"text": text}
        )
    return finding


def rectify_finding(*, actor: User, finding_id: int, rectification: str) -> Finding:
    """The union reviewed says what it did about a finding."""
    rectification = cleaning.text(
        rectification, field="rectification", max_length=500, required=True
    )
    with transaction.atomic(durable=True):
        finding = get_visible_or_404(
            Finding.objects.select_for_update(of=("self",)).select_related("review__union"),
            actor,
            pk=finding_id,
        )
        if not finding.review.union.path.startswith(tuple(actor.writable_paths()) or ("\0",)):
            raise ServiceError(
                _("The union reviewed reports its rectification."),
                code=CoreCode.FORBIDDEN,
                field="status",
            )
        if finding.status == FindingStatus.VERIFIED:
            raise ServiceError(
                _("This finding has been verified."), code=Code.WRONG_STATUS, field="status"
            )
        finding.status, finding.rectification, finding.rectified_by = (
            FindingStatus.RECTIFIED,
            rectification,
            actor,
        )
        finding.save(update_fields=["status", "rectification", "rectified_by"])
        audit.record(
            actor=actor,
            action=Action.FINDING_RECTIFIED,
            obj=finding,
            changes={"rectification": rectification},
        )
    return finding


def verify_finding(*, actor: User, finding_id: int, accept: bool = True) -> Finding:
    """The committee checks a rectification: accepted, or sent back to be done again."""
    with transaction.atomic(durable=True):
        finding = get_visible_or_404(
            Finding.objects.select_for_update(of=("self",)).select_related(
                "review__committee", "rectified_by"
            ),
            actor,
            pk=finding_id,
        )
        _committee_writer(actor, finding.review)
        if finding.status != FindingStatus.RECTIFIED:
            raise ServiceError(
                _("Only a rectified finding is verified."), code=Code.WRONG_STATUS, field="status"
            )
        assert finding.rectified_by is not None
        _checker(actor, finding.rectified_by)
        if accept:
            finding.status, finding.verified_by, finding.verified_on = (
                FindingStatus.VERIFIED,
                actor,
                cleaning.today(),
            )
        else:
            finding.status = FindingStatus.OPEN
        finding.save(update_fields=["status", "verified_by", "verified_on"])
        audit.record(
            actor=actor,
            action=Action.FINDING_VERIFIED,
            obj=finding,
            changes={"status": finding.status},
        )
    return finding


def close_review(*, actor: User, review_id: int) -> Review:
    with transaction.atomic(durable=True):
        review = get_visible_or_404(
            Review.objects.select_for_update(of=("self",)).select_related("committee"),
            actor,
            pk=review_id,
        )
        _committee_writer(actor, review)
        if review.status != ReviewStatus.OPEN:
            raise ServiceError(_("The review is closed."), code=Code.WRONG_STATUS, field="status")
        if review.findings.exclude(status=FindingStatus.VERIFIED).exists():
            raise ServiceError(
                _("Every finding must be rectified and verified before the review closes."),
                code=Code.OPEN_FINDINGS,
                field="status",
            )
        review.status, review.closed_on = ReviewStatus.CLOSED, cleaning.today()
        review.save(update_fields=["status", "closed_on"])
        audit.record(
            actor=actor, action=Action.REVIEW_CLOSED, obj=review, changes={"status": "closed"}
        )
    return review
