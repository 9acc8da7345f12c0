"""The import writes tuples, not model instances (issue 13 item 2): the rows it stores are
the rows Django's ORM stores for the model instances the import used to make, column by
column, on this engine (COPY on PostgreSQL, INSERT on SQLite), in both modes."""

from datetime import UTC, datetime

import pytest
from django.db import connection

from gonghui.core import crypto
from gonghui.members import importer
from gonghui.members.models import Membership, MembershipStatus, Person
from gonghui.members.services import member_number
from gonghui.orgs.models import name_pinyin

from ..factories import id_number, make_member
from . import test_import as base
from .test_import import person_row, write_csv

english, union = base.english, base.union  # the import tests' fixtures

FIRST_ID = 900_001  # above anything the test world holds
NOW = datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)


class InstanceWriter(importer.Writer):
    """The writer as it was before: a Person and a Membership instance per row, saved by
    the ORM's bulk_create."""

    def write(self, rows):
        new = [r for r in rows if r.person_id is None]
        people = list(map(self._instance, new, importer._reserve_ids(Person, len(new))))
        Person.objects.bulk_create(people)
        ids = importer._reserve_ids(Membership, len(rows))
        Membership.objects.bulk_create(map(self._joined, rows, ids))

    def _instance(self, row, pk):
        person = Person(
            pk=pk,
            name=row.name,
            gender=row.gender,
            birth_date=row.birth_date,
            education=row.education,
            political_status=row.political_status,
            work_kind=row.work_kind,
            employer_name=row.employer_name,
            created_at=self.now,
            updated_at=self.now,
            union_path=row.union.path,  # as a membership's save leaves it (Person.union_path)
        )
        person.name_pinyin, person.name_initials = name_pinyin(row.name)
        person.set_id_number(row.id_number)
        person.set_phone(row.phone)
        row.person_id = pk
        return person

    def _joined(self, row, pk):
        return Membership(
            pk=pk,
            person_id=row.person_id,
            union_id=row.union.pk,
            number=row.number or member_number(row.union, pk),
            status=MembershipStatus.ACTIVE,
            joined_on=row.joined_on,
            started_on=row.joined_on,
            created_at=self.now,
        )


def stored() -> dict[str, list[dict]]:
    """The imported rows as the database holds them, every column; ciphertexts (a fresh
    nonce each time) decrypted."""
    tables = {}
    with connection.cursor() as cursor:
        for table in ("members_person", "members_membership"):
            cursor.execute(f"SELECT * FROM {table} WHERE id >= %s ORDER BY id", [FIRST_ID])
            names = [c[0] for c in cursor.description]
            rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
            for row in rows:
                for name in names:
                    if name.endswith("_cipher") and row[name]:
                        row[name] = ("decrypted", crypto.decrypt(row[name]))
            tables[table] = rows
    return tables


@pytest.fixture
def same_ids_and_time(monkeypatch):
    """Both runs give the same ids and the same clock."""
    counters: dict = {}

    def reserve(model, n):
        start = counters.get(model, FIRST_ID)
        counters[model] = start + n
        return list(range(start, start + n))

    monkeypatch.setattr(importer, "_reserve_ids", reserve)
    monkeypatch.setattr(importer.timezone, "now", lambda: NOW)
    return counters


def register(world, union, tmp_path):
    zhao = id_number(birth="19500301")
    left = make_member(union, "赵磊", number_id=zhao)  # left: the import makes a membership
    Membership.objects.filter(pk=left.pk).update(status=MembershipStatus.LEFT)
    other = world.sibling_grassroots  # another county: another region in the member number
    rows = [
        person_row(union, "张伟", number=id_number(birth="19500601"), 就业形式="外卖配送员"),
        person_row(
            union,
            "李娜",
            number=id_number(birth="20000229", male=False),
            male=False,
            所在工会=union.credit_code,
            学历="",
            政治面貌="中共党员",
            入会日期="2019/3/8",
            手机号="",
        ),
        person_row(union, "王芳", male=False, number=id_number(male=False), 会员编号="HP2020001"),
        person_row(union, "买买提·艾力", number=id_number(birth="19840101"), 工作单位=""),
        person_row(union, "赵磊", number=zhao, 入会日期="2024-01-02"),
        person_row(other, "曾单", 所在工会=other.name, 就业形式="快递员", 学历="研究生"),
    ]
    return write_csv(tmp_path, rows)


@pytest.mark.parametrize("mode", ["good_rows", "all_or_nothing"])
def test_stored_rows_are_the_orms_rows(
    world, union, tmp_path, monkeypatch, same_ids_and_time, mode
):
    path = register(world, union, tmp_path)
    report = importer.import_members(actor=world.province_staff, path=path, mode=mode)
    assert (report.bad, report.imported) == ([], 6)
    ours = stored()

    Membership.objects.filter(pk__gte=FIRST_ID).delete()
    Person.objects.filter(pk__gte=FIRST_ID).delete()
    same_ids_and_time.clear()
    monkeypatch.setattr(importer, "Writer", InstanceWriter)
    report = importer.import_members(actor=world.province_staff, path=path, mode="good_rows")
    assert (report.bad, report.imported) == ([], 6)
    theirs = stored()

    assert (len(ours["members_person"]), len(ours["members_membership"])) == (5, 6)
    for table in ours:
        for mine, orms in zip(ours[table], theirs[table], strict=True):
            assert mine == orms
