"""Bulk import of member registers: Excel (.xlsx) or CSV, with Chinese column headers.

One reader (`read_register`: the file as numbered rows of raw cells), one validator
(`Validator`: a raw row becomes a clean row or the reason it is bad), one writer
(`Writer`: clean rows become people and memberships, in bulk). `import_members` ties
them together; `import_job_*` run it in the background for the staff page (tasks.py
queues the job: `import_job_create`).

A killed import leaves nothing half-written: rows are written in atomic chunks, and a
person already active in the same union counts as already imported, so running the same
file again finishes the job without duplicates. All or nothing writes its chunks to
staging tables of its own connection and moves them into the real tables in one short
final transaction: no transaction lasts longer than a chunk or that move, so on SQLite
the rest of the platform never waits long for the write lock (issue 23).
"""

import csv
import io
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, lru_cache
from itertools import islice
from operator import itemgetter
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet, TextChoices
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel
from psycopg.copy import QueuedLibpqWriter

from gonghui.accounts.models import User
from gonghui.core import audit, cleaning, crypto, uploads
from gonghui.core.errors import NotFound, ServiceError
from gonghui.core.scoping import get_visible_or_404, path_visible
from gonghui.orgs.models import Organization, OrgKind, name_pinyin

from .codes import Action, Code
from .models import (
    Education,
    Gender,
    ImportJob,
    Membership,
    MembershipStatus,
    Person,
    PoliticalStatus,
    WorkKind,
    refresh_union_paths,
)
from .services import check_id_number, member_number

logger = logging.getLogger(__name__)

MODES = ImportJob.Mode.values
CHUNK_SIZE = 5000
# SQLite has one write lock for everyone: a good_rows chunk (checked and written in one
# transaction) of 1,000 rows holds it under 1 s even on a 2 vCPU machine at load 16.
SQLITE_CHUNK_SIZE = 1000
BAD_ROWS_SHOWN = 200  # on the job page; the bad rows' CSV has them all
# Unions that have members of their own; federations above them do not.
MEMBER_UNION_KINDS = {OrgKind.GRASSROOTS, OrgKind.JOINT, OrgKind.INDUSTRY}

# Column headers as registers have them; the English field names are accepted too.
HEADERS = {
    "姓名": "name",
    "性别": "gender",
    "身份证号": "id_number",
    "身份证号码": "id_number",
    "手机号": "phone",
    "手机号码": "phone",
    "学历": "education",
    "政治面貌": "political_status",
    "就业形式": "work_kind",
    "工作单位": "employer_name",
    "所在工会": "union",
    "入会日期": "joined_on",
    "会员编号": "number",
}
FIELDS = [
    "name",
    "gender",
    "id_number",
    "phone",
    "education",
    "political_status",
    "work_kind",
    "employer_name",
    "union",
    "joined_on",
    "number",
]
COLUMN = {f: next(h for h, v in HEADERS.items() if v == f) for f in FIELDS}  # for messages

# Chinese labels of the choices, as registers write them.
CHOICE_LABELS: dict[str, tuple[type[TextChoices], dict[str, str]]] = {
    "gender": (Gender, {"男": Gender.MALE, "女": Gender.FEMALE}),
    "education": (
        Education,
        {
            "小学": Education.PRIMARY,
            "小学及以下": Education.PRIMARY,
            "初中": Education.JUNIOR,
            "高中": Education.SENIOR,
            "中专": Education.SENIOR,
            "职高": Education.SENIOR,
            "技校": Education.SENIOR,
            "大专": Education.COLLEGE,
            "专科": Education.COLLEGE,
            "本科": Education.BACHELOR,
            "研究生": Education.POSTGRADUATE,
            "硕士": Education.POSTGRADUATE,
            "博士": Education.POSTGRADUATE,
        },
    ),
    "political_status": (
        PoliticalStatus,
        {
            "中共党员": PoliticalStatus.CPC,
            "中共预备党员": PoliticalStatus.CPC_PROBATIONARY,
            "共青团员": PoliticalStatus.CYL,
            "民主党派": PoliticalStatus.DEMOCRATIC_PARTY,
            "民主党派成员": PoliticalStatus.DEMOCRATIC_PARTY,
            "群众": PoliticalStatus.MASSES,
        },
    ),
    "work_kind": (
        WorkKind,
        {
            "常规就业": WorkKind.REGULAR,
            "货车司机": WorkKind.TRUCK_DRIVER,
            "网约车司机": WorkKind.RIDE_HAIL,
            "快递员": WorkKind.COURIER,
            "外卖配送员": WorkKind.DELIVERY_RIDER,
            "其他新就业形态": WorkKind.OTHER_GIG,
        },
    ),
}

_PHONE = re.compile(r"^1[3-9]\d{9}$")
_PHONE_SEPARATORS = re.compile(r"[\s-]")
_NUMBER = re.compile(r"^[0-9A-Za-z-]{1,20}$")
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
# Most names recur in a register: a name seen before costs a look-up, not a conversion.
_pinyin = lru_cache(maxsize=100_000)(name_pinyin)


class RowError(Exception):
    """Why one row cannot be imported, in the user's language."""


@dataclass
class ImportReport:
    mode: str
    dry_run: bool
    rows: int = 0  # data rows, blank ones not counted
    imported: int = 0
    skipped: int = 0  # already imported: active in the same union
    bad: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    # For the bad-rows file, ready to fix and import again: the header row as written and
    # each bad row's cells as written, by line.
    header: list[str] = field(default_factory=list)
    originals: dict[int, list[str]] = field(default_factory=dict)


# ---- reader ----------------------------------------------------------------------------


@dataclass
class Register:
    fields: list[str | None]  # the field each column holds, None when not imported
    header: list  # the header row's cells as written
    header_line: int
    lines: int  # data lines below the header, for progress (blank lines included)
    rows: Iterator[tuple[int, list]]  # (line as the spreadsheet shows it, cells)


def read_register(path: str | Path, *, needs_union: bool = True, max_rows: int = 0) -> Register:
    """The register's rows; past `max_rows` data rows (0: no limit) reading stops with the
    limit named (core.uploads.cap_rows)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        lines, rows = _read_xlsx(path)
    elif suffix == ".csv":
        lines, rows = _read_csv(path)
    else:
        raise ServiceError(
            _(
                "Upload an Excel workbook (.xlsx) or a CSV file. Save an old .xls "
                "workbook as .xlsx first."
            ),
            field="file",
        )
    header_line, header = _find_header(rows)
    return Register(
        fields=_header_fields(header, needs_union),
        header=header,
        header_line=header_line,
        lines=max(lines - header_line, 0),
        rows=uploads.cap_rows((row for row in rows if any(_text(v) for v in row[1])), max_rows),
    )


def _find_header(rows: Iterator[tuple[int, list]]) -> tuple[int, list]:
    """The row naming the columns: registers often have a title row or two above it."""
    first = None
    for line, cells in islice(rows, 5):
        first = first or (line, cells)
        if sum(_field(cell) is not None for cell in cells) >= 2:
            return line, cells
    if first is None:
        raise ServiceError(_("The file is empty."), field="file")
    return first


def _read_xlsx(path: Path) -> tuple[int, Iterator[tuple[int, list]]]:
    uploads.check_workbook(path)  # a zip bomb is refused before openpyxl inflates it
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ServiceError(
            _("This file could not be read as an Excel workbook (.xlsx)."), field="file"
        ) from exc
    sheet = book.worksheets[0]
    lines = sheet.max_row or 0
    # The stored dimension is only an estimate for progress: some writers get it wrong,
    # and a read-only sheet would stop at it.
    sheet.reset_dimensions()

    def rows():
        try:
            for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield line, list(cells)
        finally:
            book.close()

    return lines, rows()


def _read_csv(path: Path) -> tuple[int, Iterator[tuple[int, list]]]:
    # One counting pass finds the encoding and the number of rows: UTF-8 (with or without
    # Excel's BOM) or else GB18030, the superset of GBK that Chinese Excel saves.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            with open(path, encoding=encoding, newline="") as f:
                head = f.readline()
                f.seek(0)
                dialect = "excel-tab" if "\t" in head and "," not in head else "excel"
                lines = sum(1 for _row in csv.reader(f, dialect))
            break
        except (UnicodeDecodeError, csv.Error):
            continue
    else:
        raise ServiceError(
            _("This CSV file is neither UTF-8 nor GBK text. Save it again as “CSV UTF-8”."),
            field="file",
        )

    def rows():
        with open(path, encoding=encoding, newline="") as f:
            yield from enumerate(csv.reader(f, dialect), start=1)

    return lines, rows()


def _field(cell) -> str | None:
    name = str(cell or "").strip().strip("*").strip()
    return HEADERS.get(name) or (name.lower() if name.lower() in FIELDS else None)


def _header_fields(header: list, needs_union: bool) -> list[str | None]:
    fields: list[str | None] = []
    for cell in header:
        known = _field(cell)
        if known and known in fields:
            raise ServiceError(
                _("The column %(column)s appears twice.") % {"column": cell}, field="file"
            )
        fields.append(known)
    required = ["name", "id_number", "joined_on"] + (["union"] if needs_union else [])
    missing = [COLUMN[f] for f in required if f not in fields]
    if missing:
        raise ServiceError(
            _("The header row must name the columns; missing: %(columns)s.")
            % {"columns": "、".join(missing)},
            field="file",
        )
    return fields


# ---- validator -------------------------------------------------------------------------


@dataclass(slots=True)
class CleanRow:
    line: int
    name: str
    id_number: str
    id_index: str
    gender: str
    birth_date: date
    phone: str
    education: str
    political_status: str
    work_kind: str
    employer_name: str
    union: Organization
    joined_on: date
    number: str
    person_id: int | None = None  # an existing person who gets a new membership


@cache
def _choice_maps() -> dict[str, dict[str, str]]:
    """Label -> value: the Chinese labels above, the values, and the labels in each language."""
    maps = {}
    for name, (choices, chinese) in CHOICE_LABELS.items():
        labels = {value.lower(): value for value in choices.values}
        for language, _language_name in settings.LANGUAGES:
            with translation.override(language):
                labels.update({str(label).lower(): value for value, label in choices.choices})
        labels.update(chinese)
        maps[name] = labels
    return maps


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel keeps numbers as floats: 13912345678.0
    return str(value).strip()


class Validator:
    """Checks rows one by one, then each chunk against the database."""

    def __init__(self, actor: User, target: Organization | None = None):
        self.actor = actor
        self.target = target
        self.unions: dict[str, Organization | str] = {}  # cell -> union, or why not
        # First line of each ID number and member number, to report duplicates in the file.
        # An ID number is keyed by its first 17 digits, as an int: they decide the 18th.
        self.seen_ids: dict[int, int] = {}
        self.seen_numbers: dict[str, int] = {}
        # Asked once a chunk (import_members), not once a row: the time zone look-up
        # behind it cost 7 % of an import.
        self.today = cleaning.today()

    def row(self, line: int, cells: dict) -> CleanRow:
        """The clean row, or RowError naming every fault of the row (one after another,
        so that the person fixing the register sees them all at once)."""
        errors: list[str] = []

        def check(step: Callable[[], object], default=None):
            try:
                return step()
            except RowError as exc:
                errors.append(str(exc))
                return default

        name = _text(cells.get("name"))
        if not name or len(name) > 50:
            errors.append(_("Enter the name as on the ID card (at most 50 characters)."))
        gender = check(lambda: self._choice("gender", cells.get("gender")), "")
        checked = check(lambda: self._id_number(cells.get("id_number"), gender))
        number, gender, birth = checked if checked else ("", gender, None)
        phone = _PHONE_SEPARATORS.sub("", _text(cells.get("phone")))
        if phone and not _PHONE.match(phone):
            errors.append(_("The mobile number must have 11 digits and start with 1."))
        employer_name = _text(cells.get("employer_name"))
        if len(employer_name) > 120:
            errors.append(_("The employer's name is too long (at most 120 characters)."))
        joined_on = check(lambda: self._date(cells.get("joined_on"), birth))
        given_number = _text(cells.get("number"))
        if given_number and not _NUMBER.match(given_number):
            errors.append(_("A member number has at most 20 letters or digits."))
        education = check(lambda: self._choice("education", cells.get("education")), "")
        political = check(
            lambda: self._choice("political_status", cells.get("political_status")), ""
        )
        work_kind = check(lambda: self._choice("work_kind", cells.get("work_kind")), "")
        union = check(lambda: self._union(cells.get("union")))
        if errors:
            sep = "；" if (translation.get_language() or "zh").startswith("zh") else "; "
            raise RowError(sep.join(errors))
        assert birth is not None and joined_on is not None and union is not None
        row = CleanRow(
            line=line,
            name=name,
            id_number=number,
            id_index=crypto.blind_index(number),
            gender=gender,
            birth_date=birth,
            phone=phone,
            education=education,
            political_status=political,
            work_kind=work_kind or WorkKind.REGULAR,
            employer_name=employer_name,
            union=union,
            joined_on=joined_on,
            number=given_number,
        )
        # Duplicates last, so that a bad row does not hide a later good one.
        first = self.seen_ids.setdefault(int(number[:17]), line)
        if first != line:
            raise RowError(_("This ID number already appears on line %(line)s.") % {"line": first})
        if given_number:
            first = self.seen_numbers.setdefault(given_number, line)
            if first != line:
                raise RowError(
                    _("This member number already appears on line %(line)s.") % {"line": first}
                )
        return row

    def _choice(self, name: str, value) -> str:
        text = _text(value)
        if not text:
            return ""
        found = _choice_maps()[name].get(text.lower())
        if found is None:
            raise RowError(
                _("%(column)s “%(value)s” is not one of: %(labels)s.")
                % {
                    "column": COLUMN[name],
                    "value": text[:20],
                    "labels": "、".join(CHOICE_LABELS[name][1]),
                }
            )
        return found

    def _id_number(self, value, gender: str) -> tuple[str, str, date]:
        if isinstance(value, float):
            raise RowError(
                _(
                    "The ID number is stored as a number and has lost its last digits. "
                    "Format the column as text and enter the numbers again."
                )
            )
        text = _text(value)
        if not text:
            raise RowError(_("The ID number is missing."))
        try:
            return check_id_number(text, gender=gender)
        except ServiceError as exc:
            raise RowError(exc.message) from exc

    def _date(self, value, birth: date | None) -> date:
        if value is None or value == "":
            raise RowError(_("The joining date is missing."))
        try:
            if isinstance(value, datetime):
                day = value.date()
            elif isinstance(value, date):
                day = value
            elif isinstance(value, int | float) or str(value).strip().isdigit():
                day = from_excel(float(value)).date()  # an Excel serial day number
            else:
                m = _DATE.match(str(value).strip())
                if not m:
                    raise ValueError
                day = date(int(m[1]), int(m[2]), int(m[3]))
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            raise RowError(
                _("Write the joining date as YYYY-MM-DD, for example 2021-05-01.")
            ) from exc
        if day > self.today:
            raise RowError(_("The joining date is in the future."))
        if birth is not None and day < birth:
            raise RowError(_("The joining date is before the date of birth."))
        return day

    def _union(self, value) -> Organization:
        if self.target is not None:
            return self.target
        key = _text(value)
        if not key:
            raise RowError(
                _("Give the union (%(column)s): its name or its credit code.")
                % {"column": COLUMN["union"]}
            )
        if key not in self.unions:
            self.unions[key] = self._find_union(key)
        found = self.unions[key]
        if isinstance(found, str):
            raise RowError(found)
        return found

    def _find_union(self, key: str) -> Organization | str:
        # Unions outside the actor's subtree are not mentioned: outsiders learn nothing.
        candidates = list(
            Organization.objects.visible_to(self.actor, write=True)
            .select_related("region")
            .filter(Q(credit_code=key.upper()) | Q(name=key), is_active=True)[:2]
        )
        if not candidates:
            return _("No union named or coded “%(union)s” is among your organizations.") % {
                "union": key
            }
        if len(candidates) > 1:
            return _(
                "Several of your organizations are named “%(union)s”; give the union's "
                "credit code instead."
            ) % {"union": key}
        union = candidates[0]
        if union.kind not in MEMBER_UNION_KINDS:
            return _(
                "%(union)s is a federation; members belong to a grassroots, joint or "
                "industry union under it."
            ) % {"union": union.name}
        return union

    def against_database(self, rows: list[CleanRow], report: ImportReport) -> list[CleanRow]:
        """The rows to write: people already registered are matched; conflicts are bad rows."""
        people = {
            index: (pk, name)
            for index, pk, name in _where_in(
                Person, "id_index", [r.id_index for r in rows], ("id_index", "id", "name")
            )
        }
        active = {
            person_id: (union_id, union_name, union_path)
            for person_id, union_id, union_name, union_path in Membership.objects.filter(
                person_id__in=[pk for pk, _name in people.values()], status=MembershipStatus.ACTIVE
            ).values_list("person_id", "union_id", "union__name", "union__path")
        }
        taken = {
            number
            for (number,) in _where_in(
                Membership, "number", [r.number for r in rows if r.number], ("number",)
            )
        }
        to_write = []
        for row in rows:
            person_id, name = people.get(row.id_index, (None, None))
            if person_id is not None:
                if name != row.name:
                    report.bad.append(
                        (
                            row.line,
                            _(
                                "This ID number is registered under another name. Check the name and "
                                "the number."
                            ),
                        )
                    )
                    continue
                if person_id in active:
                    union_id, union_name, union_path = active[person_id]
                    if union_id == row.union.pk:
                        report.skipped += 1
                        continue
                    report.bad.append(
                        (
                            row.line,
                            _(
                                "This person is already an active member of %(union)s; to move them, "
                                "request a transfer."
                            )
                            % {
                                "union": union_name
                                if path_visible(self.actor, union_path)
                                else _("another union")
                            },
                        )
                    )
                    continue
                row.person_id = person_id
            if row.number in taken:
                report.bad.append(
                    (
                        row.line,
                        _("The member number %(number)s is already in use.")
                        % {"number": row.number},
                    )
                )
                continue
            to_write.append(row)
        return to_write


def _where_in(model, field: str, values: list, columns: tuple[str, ...]) -> Iterable[tuple]:
    """The `columns` of the model's rows whose `field` is one of `values` (a chunk's
    thousands). On PostgreSQL as one array parameter (`= ANY(%s)`): psycopg's parsing of a
    query of 5,000 placeholders a chunk cost 7 % of an import (bench/RESULTS.md, Import)."""
    if not values:
        return []
    if connection.vendor != "postgresql":
        return model.objects.filter(**{f"{field}__in": values}).values_list(*columns)
    qn = connection.ops.quote_name
    column = qn(model._meta.get_field(field).column)
    selected = ", ".join(qn(model._meta.get_field(c).column) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {selected} FROM {qn(model._meta.db_table)} WHERE {column} = ANY(%s)",
            [values],
        )
        return cursor.fetchall()


# ---- writer ----------------------------------------------------------------------------


class Columns:
    """A row of a model's table as a tuple, in the order of its columns, from the values
    named by field (attname); a field not named takes its default, as a new instance would.
    The import writes these tuples, never model instances: at a million rows,
    Model.__init__ cost about a tenth of the import (bench/RESULTS.md, Import)."""

    def __init__(self, model):
        fields = model._meta.concrete_fields
        self._pick = itemgetter(*(f.attname for f in fields))
        self.defaults = {f.attname: f.get_default() for f in fields}
        # A default made by a function (a time, a random key) is made again for each row.
        self.made = [f for f in fields if f.has_default() and callable(f.default)]

    def row(self, values: dict) -> tuple:
        merged = self.defaults | values
        # A misspelt name would add a key and store the field's default silently.
        assert len(merged) == len(self.defaults), values.keys() - self.defaults.keys()
        for f in self.made:
            if f.attname not in values:
                merged[f.attname] = f.get_default()
        return self._pick(merged)


class Writer:
    """Computes what the database stores in Python, then inserts in bulk.

    Ids are reserved first, so that memberships can point at new people and a member
    number can be made from its membership's id in the same insert. Rows are made while
    they are inserted: on PostgreSQL the server indexes one row while Python prepares the
    next. With a Staging, rows go to its tables instead of the real ones.
    """

    def __init__(self, staging: "Staging | None" = None):
        self.now = timezone.now()
        self.staging = staging
        # The model's own methods encrypt and index the ID number and phone, on one
        # scratch instance: the values are the ones a saved Person would have.
        self.scratch = Person()
        self.people, self.memberships = Columns(Person), Columns(Membership)
        self.rejoined: list[int] = []

    def write(self, rows: list[CleanRow]) -> None:
        new = [r for r in rows if r.person_id is None]
        # People on file who join again: their copy of the union's path (Person.union_path)
        # is refreshed once their memberships are in the real table.
        self.rejoined += [r.person_id for r in rows if r.person_id is not None]
        stage = self.staging.tables if self.staging else {}
        insert(Person, map(self._person, new, _reserve_ids(Person, len(new))), stage.get(Person))
        insert(
            Membership,
            map(self._membership, rows, _reserve_ids(Membership, len(rows))),
            stage.get(Membership),
        )
        if not self.staging:
            self.refresh_rejoined()

    def refresh_rejoined(self) -> None:
        """Person.union_path of the people on file who joined again (after `publish`, when
        staged)."""
        for at in range(0, len(self.rejoined), 5000):
            refresh_union_paths(Person.objects.filter(pk__in=self.rejoined[at : at + 5000]))
        self.rejoined = []

    def _person(self, row: CleanRow, pk: int) -> tuple:
        scratch = self.scratch
        scratch.set_id_number(row.id_number, index=row.id_index)
        scratch.set_phone(row.phone)
        pinyin, initials = _pinyin(row.name)
        row.person_id = pk  # the people are all inserted before any membership is made
        return self.people.row(
            {
                "id": pk,
                "name": row.name,
                "name_pinyin": pinyin,
                "name_initials": initials,
                "gender": row.gender,
                "birth_date": row.birth_date,
                "education": row.education,
                "political_status": row.political_status,
                "work_kind": row.work_kind,
                "employer_name": row.employer_name,
                "id_cipher": scratch.id_cipher,
                "id_index": scratch.id_index,
                "id_last4": scratch.id_last4,
                "phone_cipher": scratch.phone_cipher,
                "phone_index": scratch.phone_index,
                "created_at": self.now,
                "updated_at": self.now,
                "union_path": row.union.path,  # a new person's one membership is active
            }
        )

    def _membership(self, row: CleanRow, pk: int) -> tuple:
        assert row.person_id is not None  # set when the person was made or found
        return self.memberships.row(
            {
                "id": pk,
                "person_id": row.person_id,
                "union_id": row.union.pk,
                "number": row.number or member_number(row.union, pk),
                "status": MembershipStatus.ACTIVE.value,
                "joined_on": row.joined_on,
                "started_on": row.joined_on,
                "created_at": self.now,
            }
        )


def _reserve_ids(model, n: int) -> list[int]:
    """N ids nobody else will take, even after this transaction: staged rows are
    inserted with them in a later one."""
    if n == 0:
        return []
    table = model._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, n],
            )
            return [pk for (pk,) in cursor.fetchall()]
        # SQLite (AUTOINCREMENT): inside the write transaction (BEGIN IMMEDIATE), move
        # sqlite_sequence past the ids taken; later inserts by anyone start above them.
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")
        top = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        seq = cursor.fetchone()
        start = max(top, seq[0] if seq else 0) + 1
        if seq:
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [start + n - 1, table]
            )
        else:
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start + n - 1]
            )
        return list(range(start, start + n))


def insert(model, rows: Iterable[tuple], table: str | None = None) -> None:
    """INSERT the rows (tuples in the order of the model's concrete fields, as `Columns`
    makes them) into the model's table, or into `table`, a staging table, when given:
    COPY on PostgreSQL, INSERT of batches of 500 elsewhere, each value prepared by its
    field as the ORM would."""
    qn = connection.ops.quote_name
    fields = model._meta.concrete_fields
    columns = ", ".join(qn(f.column) for f in fields)
    target = qn(table or model._meta.db_table)
    if connection.vendor != "postgresql":
        sql = f"INSERT INTO {target} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        rows = iter(rows)
        with connection.cursor() as cursor:
            while batch := list(islice(rows, 500)):
                cursor.executemany(
                    sql,
                    [
                        [
                            f.get_db_prep_save(v, connection)
                            for f, v in zip(fields, row, strict=True)
                        ]
                        for row in batch
                    ],
                )
        return
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {target} ({columns}) FROM STDIN", writer=QueuedLibpqWriter(cursor.cursor)
        ) as copy,
    ):
        for row in rows:
            copy.write_row(row)


class Staging:
    """Temporary tables shaped like the people and membership tables, private to this
    connection (a killed import leaves nothing behind): all or nothing stages every
    chunk there, then `publish` moves them all in one statement per table."""

    MODELS = (Person, Membership)  # in the order they are published: memberships need people

    def __init__(self):
        self.tables = {model: f"import_stage_{model._meta.model_name}" for model in self.MODELS}
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            for model, table in self.tables.items():
                cursor.execute(f"DROP TABLE IF EXISTS {qn(table)}")
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {qn(table)} AS SELECT * FROM "
                    f"{qn(model._meta.db_table)} WHERE 1 = 0"
                )

    def publish(self) -> None:
        """Move the staged rows into the real tables (inside the caller's transaction)."""
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            for model in self.MODELS:
                # A concrete field always has a column; the stubs allow None.
                columns = ", ".join(
                    qn(f.column)  # type: ignore[arg-type]
                    for f in model._meta.concrete_fields
                )
                cursor.execute(
                    f"INSERT INTO {qn(model._meta.db_table)} ({columns}) "
                    f"SELECT {columns} FROM {qn(self.tables[model])}"
                )

    def drop(self) -> None:
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            for table in self.tables.values():
                cursor.execute(f"DROP TABLE IF EXISTS {qn(table)}")


# ---- the import ------------------------------------------------------------------------


def resolve_union(*, actor: User, ref: str) -> Organization:
    """The target union, by id or credit code, if the actor may write there."""
    ref = ref.strip()
    lookup = Q(pk=int(ref)) if ref.isdigit() and len(ref) < 18 else Q(credit_code=ref.upper())
    union = (
        Organization.objects.visible_to(actor, write=True)
        .select_related("region")
        .filter(lookup, is_active=True)
        .first()
    )
    if union is None:
        raise NotFound(
            _("No union with this id or credit code is among your organizations."), field="union"
        )
    if union.kind not in MEMBER_UNION_KINDS:
        raise ServiceError(
            _(
                "%(union)s is a federation; members belong to a grassroots, joint "
                "or industry union under it."
            )
            % {"union": union.name},
            field="union",
        )
    return union


def scope_path(actor: User, target: Organization | None) -> str:
    """Where an import belongs: the target union, else the actor's own subtree."""
    if target is not None:
        return target.path
    common = os.path.commonprefix(actor.writable_paths())
    return common[: common.rfind("/") + 1] or "/"


def import_members(
    *,
    actor: User,
    path: str | Path,
    union: Organization | None = None,
    mode: str = ImportJob.Mode.ALL_OR_NOTHING,
    dry_run: bool = False,
    file_name: str = "",
    progress: Callable[[int, int], None] | None = None,
    chunk_size: int | None = None,
    max_rows: int = 0,
) -> ImportReport:
    """Read, check and (unless dry_run) write a register; report each bad row.

    all_or_nothing writes only if no row is bad: chunk by chunk into staging tables, outside
    any transaction of the shared database, then into the real tables in one short
    transaction. good_rows writes each chunk of good rows in its own transaction. Refusals
    of the whole file (unreadable, a target union outside the actor's subtree) raise
    ServiceError and change nothing.
    """
    if mode not in MODES:
        raise ServiceError(_("Choose the mode all_or_nothing or good_rows."), field="mode")
    if not actor.writable_paths():
        raise ServiceError(_("Your account may not change member records."), code=Code.FORBIDDEN)
    if union is not None:
        union = resolve_union(actor=actor, ref=str(union.pk))
    register = read_register(path, needs_union=union is None, max_rows=max_rows)
    report = ImportReport(mode=mode, dry_run=dry_run, header=[_text(c) for c in register.header])
    all_or_nothing = mode == ImportJob.Mode.ALL_OR_NOTHING
    write = not dry_run
    staging = Staging() if write and all_or_nothing else None
    validator, writer = Validator(actor, union), Writer(staging)
    chunk_size = chunk_size or (
        CHUNK_SIZE if connection.vendor == "postgresql" else SQLITE_CHUNK_SIZE
    )
    try:
        for chunk in _chunks(register, chunk_size):
            rows = []
            bad_before = len(report.bad)
            validator.today = cleaning.today()
            for line, cells, _raw in chunk:
                report.rows += 1
                try:
                    rows.append(validator.row(line, cells))
                except RowError as exc:
                    report.bad.append((line, str(exc)))
            # good_rows: one short transaction a chunk, the checks against the database and
            # the rows they let through together. Staging needs none: it writes only this
            # connection's tables (the ids it takes are kept in a transaction of their own),
            # and the constraints check the rows again when they are moved.
            with transaction.atomic(durable=True) if write and not staging else nullcontext():
                good = validator.against_database(rows, report)
                # all_or_nothing stops writing at its first bad row: nothing will be moved.
                write = write and not (all_or_nothing and report.bad)
                if write:
                    writer.write(good)
                    report.imported += len(good)
            if len(report.bad) > bad_before:  # keep the cells of this chunk's bad rows
                raw = {line: cells for line, _cells, cells in chunk}
                for line, _reason in report.bad[bad_before:]:
                    report.originals[line] = [_text(c) for c in raw.get(line, [])]
            if progress:
                progress(chunk[-1][0] - register.header_line, register.lines)
        if all_or_nothing and report.bad and not dry_run:
            report.imported = 0
        elif not dry_run:
            with transaction.atomic(durable=True):
                if staging:
                    staging.publish()
                    writer.refresh_rejoined()
                audit.record(
                    actor=actor,
                    action=Action.MEMBERS_IMPORTED,
                    org_path=scope_path(actor, union),
                    changes={
                        "file": file_name or Path(path).name,
                        "mode": mode,
                        "union": union.pk if union else None,
                        "rows": report.rows,
                        "imported": report.imported,
                        "skipped": report.skipped,
                        "bad": len(report.bad),
                    },
                )
    except IntegrityError as exc:
        # Only a concurrent writer can get here: the checks above saw no conflict.
        raise ServiceError(
            _(
                "Someone else registered some of these people while the import "
                "ran. Run it again: rows already written are skipped."
            ),
            code=Code.CONFLICT,
        ) from exc
    finally:
        if staging:
            staging.drop()
    if progress:
        progress(register.lines, register.lines)
    report.bad.sort()
    return report


def _chunks(register: Register, size: int) -> Iterator[list[tuple[int, dict, list]]]:
    rows = (
        (line, dict(zip(register.fields, cells, strict=False)), cells)
        for line, cells in register.rows
    )
    while chunk := list(islice(rows, size)):
        yield chunk


# ---- background jobs for the staff page ------------------------------------------------


def import_job_run(job_id: int) -> None:
    """Run a queued job (called by the background task)."""
    job = ImportJob.objects.select_related("created_by", "union").get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return  # a task delivered twice runs once
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])
    progress_file = _progress_path(job)

    def progress(done: int, total: int) -> None:
        # Beside the job row, not in it: a file, written between the import's transactions
        # open, and on SQLite no other connection may write until it ends.
        tmp = progress_file.with_suffix(".tmp")
        tmp.write_text(json.dumps({"done": done, "total": total}))
        tmp.replace(progress_file)

    try:
        with translation.override(job.language):
            report = import_members(
                actor=job.created_by,
                path=job.file.path,
                union=job.union,
                mode=job.mode,
                dry_run=job.dry_run,
                file_name=job.file_name,
                progress=progress,
                max_rows=uploads.row_limit(),
            )
    except ServiceError as exc:
        job.status, job.error = ImportJob.Status.FAILED, str(exc.message)
    except Exception:
        logger.exception("member import job %s failed", job.pk)
        with translation.override(job.language):
            job.status, job.error = (
                ImportJob.Status.FAILED,
                _(
                    "The import stopped on an unexpected error; no unfinished part was written. Run "
                    "it again: rows already written are skipped."
                ),
            )
    else:
        job.status = ImportJob.Status.DONE
        job.total = job.done = report.rows
        job.imported, job.skipped = report.imported, report.skipped
        _keep_bad_rows(job, report.bad, report)
    job.finished_at = timezone.now()
    # The upload holds ID numbers in plain text: keep it no longer than the import.
    job.file.delete(save=False)
    progress_file.unlink(missing_ok=True)
    job.save()


def import_job_interrupted(job_id: int) -> None:
    """The worker ended while this job ran (core.jobs): say how far it got and what to do.
    The upload is kept, so that the job can be run again (`tasks.import_job_run_again`)."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).first()
    if job is None:
        return
    try:
        live = json.loads(_progress_path(job).read_text())
        job.done, job.total = live["done"], live["total"]
    except (OSError, ValueError, KeyError):
        pass
    with translation.override(job.language):
        if job.dry_run or job.mode == ImportJob.Mode.ALL_OR_NOTHING:
            message = _(
                "The import was interrupted at row %(done)s of %(total)s (the server's "
                "worker stopped); nothing was written. Run it again."
            )
        else:
            message = _(
                "The import was interrupted at row %(done)s of %(total)s (the server's "
                "worker stopped). The rows written before are kept; run it again to "
                "finish: rows already written are skipped."
            )
        job.error = message % {"done": f"{job.done:,}", "total": f"{job.total:,}"}
    job.status, job.finished_at = ImportJob.Status.INTERRUPTED, timezone.now()
    job.save(update_fields=["status", "done", "total", "error", "finished_at"])


def _keep_bad_rows(
    job: ImportJob, bad: list[tuple[int, str]], report: ImportReport | None = None
) -> None:
    """The count and the first rows on the job; all of them in a file beside the uploads,
    not in one database value (a bad file can have hundreds of thousands): each bad row's
    line, reasons and cells as written, with the header row."""
    job.bad_count, job.bad_rows = len(bad), bad[:BAD_ROWS_SHOWN]
    if bad:
        originals = report.originals if report else {}
        data = {
            "header": report.header if report else [],
            "rows": [[line, reason, originals.get(line, [])] for line, reason in bad],
        }
        # Cells of people's records: sealed like aid evidence.
        job.bad_rows_file.save(
            f"job-{job.pk}.json.sealed",
            ContentFile(crypto.encrypt_bytes(json.dumps(data, ensure_ascii=False).encode())),
            save=False,
        )


def _bad_rows_data(job: ImportJob) -> dict:
    if not job.bad_rows_file:  # none, or a job from before the file
        return {"header": [], "rows": [[line, reason, []] for line, reason in job.bad_rows]}
    with job.bad_rows_file.open("rb") as f:
        text = crypto.decrypt_bytes(f.read()).decode()
    if text.startswith("{"):
        return json.loads(text)
    # A file of an earlier version: lines and reasons only.
    return {"header": [], "rows": [[int(ln), why, []] for ln, why in csv.reader(io.StringIO(text))]}


def import_job_bad_rows(job: ImportJob) -> Iterator[tuple[int, str]]:
    """Every bad row of a finished job, (line, reason)."""
    for line, reason, _cells in _bad_rows_data(job)["rows"]:
        yield int(line), reason


def import_job_bad_rows_table(job: ImportJob) -> tuple[list[str], Iterator[list]]:
    """The bad-rows file to fix and import again: the original header and each bad row's
    cells as written, every column, then its line and its reasons (columns the import
    ignores)."""
    data = _bad_rows_data(job)
    header = list(data["header"])
    width = max([len(header), *(len(cells) for _l, _r, cells in data["rows"])])
    header += [""] * (width - len(header))
    columns = [*header, _("line (ignored on import)"), _("reasons (ignored on import)")]

    def rows():
        for line, reason, cells in data["rows"]:
            yield [*cells, *[""] * (width - len(cells)), line, reason]

    return columns, rows()


def _progress_path(job: ImportJob) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder / f"job-{job.pk}.progress"


def import_job_progress(job: ImportJob) -> dict:
    """What the job page shows while it polls."""
    done, total = job.done, job.total
    if job.status == ImportJob.Status.RUNNING:
        try:
            live = json.loads(_progress_path(job).read_text())
            done, total = live["done"], live["total"]
        except (OSError, ValueError, KeyError):
            done, total = 0, 0
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "done": done,
        "total": total,
        "imported": job.imported,
        "skipped": job.skipped,
        "bad": job.bad_count,
        "error": job.error,
        "finished": job.status
        in (ImportJob.Status.DONE, ImportJob.Status.FAILED, ImportJob.Status.INTERRUPTED),
    }


def import_job_list(*, actor: User) -> QuerySet[ImportJob]:
    """Jobs in the actor's subtree, and their own."""
    return ImportJob.objects.visible_to(actor, own=True)


def import_target_unions(*, actor: User, limit: int = 200) -> QuerySet[Organization]:
    """Unions the actor may import into, for the upload form's suggestions."""
    return (
        Organization.objects.visible_to(actor, write=True)
        .filter(kind__in=MEMBER_UNION_KINDS, is_active=True)
        .order_by("path")[:limit]
    )


def import_job_get(*, actor: User, job_id: int) -> ImportJob:
    # Outsiders learn nothing, not even that the job exists (404).
    return get_visible_or_404(ImportJob.objects.all(), actor, own=True, pk=job_id)


# ---- the template to fill in -----------------------------------------------------------

REQUIRED = {"name", "id_number", "joined_on", "union"}


def register_template() -> bytes:
    """An .xlsx to fill in: the headers the import reads (required ones marked *), one
    sample row, the ID number and date columns as text, and drop-down lists of the
    choices (gender, education, political status, employment form)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "会员名册"
    sheet.append([COLUMN[f] + ("*" if f in REQUIRED else "") for f in FIELDS])
    sample = {
        "name": "张伟",
        "gender": "男",
        "id_number": "210102197506011233",
        "phone": "13800000000",
        "education": "本科",
        "political_status": "群众",
        "work_kind": "外卖配送员",
        "employer_name": "沈阳某某网络科技有限公司",
        "union": "（所在工会的全称或统一社会信用代码）",
        "joined_on": "2021-05-01",
        "number": "",
    }
    sheet.append([sample[f] for f in FIELDS])
    rows = 2000
    for index, name in enumerate(FIELDS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[letter].width = 22 if name in {"employer_name", "union"} else 14
        if name in {"id_number", "phone", "joined_on", "number"}:
            for row in range(2, rows + 2):  # text: 18 digits keep their last ones
                sheet.cell(row=row, column=index).number_format = "@"
        if name in CHOICE_LABELS:
            by_value: dict[str, str] = {}
            for label, value in CHOICE_LABELS[name][1].items():
                by_value.setdefault(value, label)  # the first label of each value
            shown = list(by_value.values())
            check = DataValidation(
                type="list", formula1='"' + ",".join(shown) + '"', allow_blank=True
            )
            check.error = _("Choose one of the list.")
            check.add(f"{letter}2:{letter}{rows + 1}")
            sheet.add_data_validation(check)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
