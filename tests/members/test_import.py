"""Bulk import of member registers: reader, checks, modes, idempotence, CLI, staff page."""

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation
from openpyxl import Workbook

from gonghui.core import crypto
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEvent
from gonghui.members import importer
from gonghui.members.models import ImportJob, Membership, MembershipStatus, Person

from ..factories import credit_code, id_number, make_member

CN = [
    "姓名",
    "性别",
    "身份证号",
    "手机号",
    "学历",
    "政治面貌",
    "就业形式",
    "工作单位",
    "所在工会",
    "入会日期",
    "会员编号",
]
EN = [
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
_phones = iter(range(13800000000, 13899999999))


@pytest.fixture(autouse=True)
def english():
    # Reasons are asserted in English, whatever translations are added later.
    with translation.override("en"):
        yield


@pytest.fixture
def union(world):
    world.grassroots.credit_code = credit_code(prefix="81")
    world.grassroots.save()
    return world.grassroots


def person_row(union, name="张伟", *, number=None, male=True, **over) -> list:
    """One register row in the CN column order; keyword arguments override by header."""
    values = {
        "姓名": name,
        "性别": "男" if male else "女",
        "身份证号": number or id_number(male=male),
        "手机号": str(next(_phones)),
        "学历": "本科",
        "政治面貌": "群众",
        "就业形式": "常规就业",
        "工作单位": "沈阳华晨机械有限公司",
        "所在工会": union.name,
        "入会日期": "2020-05-01",
        "会员编号": "",
    }
    values.update(over)
    return [values[h] for h in CN]


def write_csv(
    folder: Path, rows: list[list], *, header=CN, encoding="utf-8-sig", name="register.csv"
) -> Path:
    path = folder / name
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(folder: Path, rows: list[list], *, header=CN) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = folder / "register.xlsx"
    book.save(path)
    return path


def run(actor, path, **kwargs) -> importer.ImportReport:
    return importer.import_members(actor=actor, path=path, **kwargs)


def counts():
    return (
        Person.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.filter(action="members_imported").count(),
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_good_register_imports_people_and_memberships(world, union, tmp_path, fmt):
    zhang, li, wang = id_number(), id_number(male=False, birth="19851120"), id_number()
    rows = [
        person_row(union, "张伟", number=zhang, 就业形式="外卖配送员"),
        person_row(
            union,
            "李娜",
            number=li,
            male=False,
            所在工会=union.credit_code,
            学历="大专",
            政治面貌="中共党员",
            入会日期="2019/3/8",
        ),
        person_row(
            union,
            "王芳",
            number=wang,
            会员编号="HP2020001",
            入会日期=datetime(2018, 1, 2) if fmt == "xlsx" else "2018-01-02",
        ),
    ]
    path = write_xlsx(tmp_path, rows) if fmt == "xlsx" else write_csv(tmp_path, rows)
    seen = []
    report = run(world.county_staff, path, progress=lambda done, total: seen.append((done, total)))

    assert (report.rows, report.imported, report.skipped, report.bad) == (3, 3, 0, [])
    assert seen[-1] == (3, 3)
    zw = Membership.objects.select_related("person").get(person__name="张伟")
    assert zw.union == union and zw.status == MembershipStatus.ACTIVE
    assert zw.number == f"210102{zw.pk:010d}" and zw.joined_on == zw.started_on == date(2020, 5, 1)
    assert zw.person.work_kind == "delivery_rider" and zw.person.gender == "M"
    assert (zw.person.name_pinyin, zw.person.name_initials) == ("zhangwei", "zw")
    assert crypto.decrypt(zw.person.id_cipher) == zhang and zw.person.id_last4 == zhang[-4:]
    assert zw.person.id_index == crypto.blind_index(zhang)
    ln = Membership.objects.select_related("person").get(person__name="李娜")
    assert (ln.person.gender, ln.person.birth_date) == ("F", date(1985, 11, 20))
    assert (ln.person.education, ln.person.political_status) == ("college", "cpc")
    assert ln.joined_on == date(2019, 3, 8) and ln.union == union
    wf = Membership.objects.get(person__name="王芳")
    assert wf.number == "HP2020001" and wf.joined_on == date(2018, 1, 2)

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM members_person")
        stored = " ".join(str(v) for row in cursor.fetchall() for v in row)
    for number in (zhang, li, wang):
        assert number not in stored and number[:14] not in stored
    assert rows[0][3] not in stored  # the phone number

    event = AuditEvent.objects.get(action="members_imported")
    assert event.actor == world.county_staff and event.org_path == world.county.path
    assert event.changes["imported"] == 3 and event.changes["bad"] == 0


def test_english_headers_gbk_csv_and_choice_values(world, union, tmp_path):
    rows = [
        [
            "赵敏",
            "female",
            id_number(male=False),
            "",
            "bachelor",
            "CPC member",
            "courier",
            "",
            union.name,
            "2021-06-30",
            "",
        ]
    ]
    path = write_csv(tmp_path, rows, header=EN, encoding="gbk")
    report = run(world.county_staff, path)
    assert report.bad == [] and report.imported == 1
    person = Person.objects.get(name="赵敏")
    assert (person.gender, person.education, person.political_status, person.work_kind) == (
        "F",
        "bachelor",
        "cpc",
        "courier",
    )
    assert person.phone_cipher == ""


def test_each_kind_of_bad_row_is_reported_with_line_and_reason(world, union, tmp_path):
    first = id_number()
    elsewhere = make_member(world.sibling_grassroots, "孙强")
    renamed = make_member(world.grassroots, "周杰")
    renamed.status = MembershipStatus.LEFT
    renamed.save()
    taken = make_member(world.grassroots, "吴刚").number
    expected = [
        (person_row(union, number=first), None),
        (person_row(union, 姓名=""), "Enter the name"),
        (person_row(union, 身份证号=""), "ID number is missing"),
        (
            person_row(union, 身份证号=first[:17] + ("1" if first[17] != "1" else "2")),
            "not a valid resident ID number",
        ),
        (person_row(union, 性别="女"), "gender does not match"),
        (person_row(union, 手机号="12345"), "mobile number"),
        (person_row(union, 学历="幼儿园"), "学历 “幼儿园” is not one of"),
        (person_row(union, 就业形式="宇航员"), "就业形式 “宇航员” is not one of"),
        (person_row(union, 所在工会="不存在的工会"), "No union named or coded"),
        (person_row(union, 所在工会=world.sibling_grassroots.name), "No union named or coded"),
        (person_row(union, 所在工会=world.county.name), "is a federation"),
        (person_row(union, 所在工会=""), "Give the union"),
        (person_row(union, 入会日期="2020-13-01"), "YYYY-MM-DD"),
        (person_row(union, 入会日期=""), "joining date is missing"),
        (person_row(union, 入会日期="2999-01-01"), "in the future"),
        (person_row(union, 入会日期="1980-01-01"), "before the date of birth"),
        (person_row(union, 会员编号="no spaces allowed"), "at most 20 letters or digits"),
        (person_row(union, number=first), "already appears on line 2"),
        (person_row(union, 会员编号="A1"), None),
        (person_row(union, 会员编号="A1"), "member number already appears on line 20"),
        (
            person_row(union, "孙强", number=crypto.decrypt(elsewhere.person.id_cipher)),
            "already an active member of another union",
        ),
        (
            person_row(union, "周杰伦", number=crypto.decrypt(renamed.person.id_cipher)),
            "registered under another name",
        ),
        (person_row(union, 会员编号=taken), f"member number {taken} is already in use"),
    ]
    path = write_csv(tmp_path, [row for row, _ in expected])
    before = Person.objects.count()
    report = run(world.county_staff, path, mode="good_rows")

    want = [(line, reason) for line, (_, reason) in enumerate(expected, start=2) if reason]
    assert [line for line, _ in report.bad] == [line for line, _ in want]
    for (line, reason), (_, expected_reason) in zip(report.bad, want, strict=True):
        assert expected_reason in reason, (line, reason)
    assert report.imported == 2 and Person.objects.count() == before + 2


def test_joining_today_is_accepted_tomorrow_refused_and_today_asked_once_a_chunk(
    world, union, tmp_path, monkeypatch
):
    """Today (in the federation's time zone) is asked once a chunk, not once a row: the
    time-zone look-up behind it cost 7 % of a million-row import (bench/RESULTS.md)."""
    from datetime import timedelta

    from gonghui.core import cleaning

    asked, today = [], cleaning.today()
    monkeypatch.setattr(cleaning, "today", lambda: asked.append(1) or today)
    tomorrow = (today + timedelta(days=1)).isoformat()
    rows = [person_row(union, name, 入会日期=today.isoformat()) for name in "甲乙丙丁己庚"]
    rows[2] = person_row(union, "戊", 入会日期=tomorrow)
    report = run(world.county_staff, write_csv(tmp_path, rows), mode="good_rows", chunk_size=3)
    assert report.imported == 5
    assert [(line, "in the future" in reason) for line, reason in report.bad] == [(4, True)]
    assert len(asked) <= 3  # the validator's start and each of the 2 chunks


def test_id_number_kept_as_an_excel_number_is_explained(world, union, tmp_path):
    path = write_xlsx(tmp_path, [person_row(union, 身份证号=2.10102199003071e17)])
    [(line, reason)] = run(world.county_staff, path).bad
    assert line == 2 and "stored as a number" in reason


def test_title_rows_excel_serial_dates_and_blank_lines(world, union, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["和平区2021年会员名册"])
    sheet.append([])
    sheet.append(CN)
    sheet.append(person_row(union, 入会日期=44197))
    sheet.append([None] * 11)
    sheet.append(person_row(union, "李四", 手机号="123"))
    book.save(path := tmp_path / "titled.xlsx")
    report = run(world.county_staff, path, mode="good_rows")
    assert report.rows == 2 and [line for line, _ in report.bad] == [6]  # as Excel numbers it
    assert Membership.objects.get(person__name="张伟").joined_on == date(2021, 1, 1)


@pytest.mark.parametrize(
    "problem,message",
    [
        ("register.xls", "Save an old .xls"),
        ("no-id-column", "missing: 身份证号、所在工会"),
        ("not-a-workbook", "could not be read as an Excel workbook"),
    ],
)
def test_unreadable_files_are_refused_whole(world, union, tmp_path, problem, message):
    if problem == "register.xls":
        path = tmp_path / problem
        path.write_bytes(b"\xd0\xcf\x11\xe0")
    elif problem == "no-id-column":
        path = write_csv(tmp_path, [["张伟", "2020-05-01"]], header=["姓名", "入会日期"])
    else:
        path = tmp_path / "fake.xlsx"
        path.write_text("not a zip")
    with pytest.raises(ServiceError, match=message):
        run(world.county_staff, path)
    assert counts() == (0, 0, 0)


def test_all_or_nothing_writes_nothing_when_one_row_is_bad(world, union, tmp_path):
    path = write_csv(
        tmp_path,
        [person_row(union, "甲"), person_row(union, "乙"), person_row(union, "丙", 手机号="123")],
    )
    # One row per chunk: the first two chunks are written before the bad row is met.
    report = run(world.county_staff, path, mode="all_or_nothing", chunk_size=1)
    assert [line for line, _ in report.bad] == [4] and report.imported == 0
    assert counts() == (0, 0, 0)


def test_good_rows_writes_the_good_ones(world, union, tmp_path):
    path = write_csv(
        tmp_path,
        [person_row(union, "甲"), person_row(union, "乙", 手机号="123"), person_row(union, "丙")],
    )
    report = run(world.county_staff, path, mode="good_rows", chunk_size=2)
    assert [line for line, _ in report.bad] == [3] and report.imported == 2
    assert set(Person.objects.values_list("name", flat=True)) == {"甲", "丙"}
    assert AuditEvent.objects.get(action="members_imported").changes["bad"] == 1


@pytest.mark.parametrize("mode", ["all_or_nothing", "good_rows"])
def test_dry_run_writes_nothing(world, union, tmp_path, mode):
    path = write_csv(tmp_path, [person_row(union), person_row(union, "乙", 手机号="123")])
    report = run(world.county_staff, path, mode=mode, dry_run=True)
    assert report.rows == 2 and [line for line, _ in report.bad] == [3]
    assert report.imported == 0 and counts() == (0, 0, 0)


@pytest.mark.parametrize("mode", ["all_or_nothing", "good_rows"])
def test_same_file_twice_creates_no_duplicates(world, union, tmp_path, mode):
    path = write_csv(
        tmp_path,
        [person_row(union, "甲"), person_row(union, "乙"), person_row(union, "丙", 会员编号="HP1")],
    )
    assert run(world.county_staff, path, mode=mode).imported == 3
    again = run(world.county_staff, path, mode=mode)
    assert (again.imported, again.skipped, again.bad) == (0, 3, [])
    assert counts() == (3, 3, 2)


def test_person_who_left_gets_a_new_membership(world, union, tmp_path):
    old = make_member(world.sibling_grassroots, "钱多多", joined_on="2010-01-01")
    old.status, old.ended_on = MembershipStatus.LEFT, date(2015, 1, 1)
    old.save()
    path = write_csv(
        tmp_path, [person_row(union, "钱多多", number=crypto.decrypt(old.person.id_cipher))]
    )
    assert run(world.county_staff, path).imported == 1
    assert Person.objects.count() == 1
    assert old.person.memberships.get(status="active").union == union


def test_union_outside_the_actors_subtree_is_refused(world, union, tmp_path):
    path = write_csv(
        tmp_path,
        [
            person_row(union, "甲"),
            person_row(union, "乙", 所在工会=world.sibling_grassroots.name),
            person_row(union, "丙", 所在工会=world.other_grassroots.name),
        ],
    )
    report = run(world.cadre, path, mode="good_rows")
    assert [line for line, _ in report.bad] == [3, 4]
    assert all("No union named or coded" in reason for _, reason in report.bad)
    assert list(Person.objects.values_list("name", flat=True)) == ["甲"]

    # A target union outside the subtree refuses the whole file, as does a reading role.
    with pytest.raises(ServiceError, match="among your organizations"):
        run(world.sibling_staff, path, union=union)
    with pytest.raises(ServiceError, match="may not change member records"):
        run(world.auditor, path)
    assert Person.objects.count() == 1


def test_target_union_takes_every_row(world, union, tmp_path):
    path = write_csv(
        tmp_path,
        [person_row(union, "甲", 所在工会=""), person_row(union, "乙", 所在工会="whatever")],
    )
    report = run(world.county_staff, path, union=union)
    assert report.imported == 2 and set(Membership.objects.values_list("union", flat=True)) == {
        union.pk
    }
    # Without the union column, a target union is needed.
    path = write_csv(
        tmp_path,
        [["丙", id_number(), "2020-05-01"]],
        header=["姓名", "身份证号", "入会日期"],
        name="short.csv",
    )
    assert run(world.county_staff, path, union=union).imported == 1
    with pytest.raises(ServiceError, match="missing: 所在工会"):
        run(world.county_staff, path)


@pytest.mark.parametrize("mode,survivors", [("good_rows", 2), ("all_or_nothing", 0)])
def test_killed_import_leaves_whole_chunks_and_a_rerun_completes(
    world, union, tmp_path, monkeypatch, mode, survivors
):
    path = write_csv(tmp_path, [person_row(union, name) for name in "甲乙丙丁戊"])
    real_insert, calls = importer.insert, []

    def dying_insert(model, objs, *staging):
        calls.append(model.__name__)
        if calls == ["Person", "Membership", "Person", "Membership"]:
            raise RuntimeError("killed")  # second chunk: its people are in, memberships not
        real_insert(model, objs, *staging)

    monkeypatch.setattr(importer, "insert", dying_insert)
    with pytest.raises(RuntimeError):
        run(world.county_staff, path, mode=mode, chunk_size=2)
    assert Person.objects.count() == Membership.objects.count() == survivors
    assert set(Person.objects.values_list("name", flat=True)) == set("甲乙"[:survivors])

    monkeypatch.setattr(importer, "insert", real_insert)
    report = run(world.county_staff, path, mode=mode, chunk_size=2)
    assert (report.imported, report.skipped) == (5 - survivors, survivors)
    assert Person.objects.count() == Membership.objects.filter(status="active").count() == 5
    assert Membership.objects.values("number").distinct().count() == 5


def test_all_or_nothing_stages_chunks_outside_transactions_then_moves_them_at_once(
    world, union, tmp_path, monkeypatch
):
    """Issue 23: one transaction for the whole file held SQLite's write lock for 24 s.
    Chunks are checked and staged outside any transaction; the real tables receive every
    row in one last transaction, and meanwhile other writers go on (here: a member
    registered between the chunks and the move does not take the ids the rows got)."""
    outer = len(connection.savepoint_ids)  # the test's own transaction
    path = write_csv(tmp_path, [person_row(union, name) for name in "甲乙丙丁戊"])
    writes, real_write = [], importer.Writer.write
    real_publish, published = importer.Staging.publish, []

    def write(self, rows):
        writes.append((tuple(connection.savepoint_ids[outer:]), Person.objects.count()))
        real_write(self, rows)

    def publish(self):
        someone = make_member(world.sibling_grassroots, "另一人")  # another writer meanwhile
        published.append((len(connection.savepoint_ids) - outer, Person.objects.count()))
        real_publish(self)
        assert Person.objects.get(pk=someone.person_id).name == "另一人"

    monkeypatch.setattr(importer.Writer, "write", write)
    monkeypatch.setattr(importer.Staging, "publish", publish)
    report = run(world.county_staff, path, mode="all_or_nothing", chunk_size=2)

    assert report.imported == 5 and report.bad == []
    assert writes == [((), 0)] * 3  # no transaction open, nothing real before the move
    assert published == [(1, 1)]  # the move: one transaction, only the other writer's row yet
    assert Person.objects.count() == Membership.objects.filter(status="active").count() == 6
    assert set(Person.objects.values_list("name", flat=True)) == set("甲乙丙丁戊") | {"另一人"}
    assert AuditEvent.objects.get(action="members_imported").changes["imported"] == 5


def test_all_or_nothing_killed_while_moving_writes_nothing(world, union, tmp_path, monkeypatch):
    path = write_csv(tmp_path, [person_row(union, name) for name in "甲乙丙"])
    real_publish = importer.Staging.publish

    def dying_publish(self):
        real_publish(self)
        raise RuntimeError("killed")  # after the rows were moved, before the commit

    monkeypatch.setattr(importer.Staging, "publish", dying_publish)
    with pytest.raises(RuntimeError):
        run(world.county_staff, path, mode="all_or_nothing", chunk_size=2)
    assert counts() == (0, 0, 0)
    monkeypatch.setattr(importer.Staging, "publish", real_publish)
    assert run(world.county_staff, path, mode="all_or_nothing").imported == 3
    assert counts() == (3, 3, 1)


# ---- the command ------------------------------------------------------------------------


def test_command_imports_and_reports(world, union, tmp_path, capsys):
    path = write_csv(tmp_path, [person_row(union, "甲", 所在工会=""), person_row(union, "乙")])
    call_command(
        "import-members",
        str(path),
        "--as",
        "county_staff",
        "--union",
        union.credit_code,
        "--mode",
        "good_rows",
    )
    out, err = capsys.readouterr()
    assert "2 rows: 2 imported, 0 already imported, 0 bad." in out
    assert "100% 2/2" in err and "\r[" in err
    assert Membership.objects.filter(union=union).count() == 2


def test_command_exits_non_zero_on_bad_rows(world, union, tmp_path, capsys):
    path = write_csv(tmp_path, [person_row(union, "甲"), person_row(union, "乙", 手机号="1")])
    with pytest.raises(CommandError) as exc:
        call_command("import-members", str(path), "--as", "county_staff")
    assert exc.value.returncode == 1
    out = capsys.readouterr().out
    assert "line 3: The mobile number" in out and "Nothing was written" in out
    assert Person.objects.count() == 0

    with pytest.raises(CommandError) as exc:
        call_command("import-members", str(path), "--as", "county_staff", "--dry-run")
    assert exc.value.returncode == 1 and "Dry run" in capsys.readouterr().out

    with pytest.raises(CommandError) as exc:
        call_command("import-members", str(path), "--as", "nobody")
    assert exc.value.returncode == 2
    with pytest.raises(CommandError) as exc:
        call_command("import-members", str(path), "--as", "sibling_staff", "--union", str(union.pk))
    assert exc.value.returncode == 2 and "among your organizations" in str(exc.value)


# ---- the staff page ---------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return settings.MEDIA_ROOT


def _upload(client, folder, rows, **fields):
    content = write_csv(folder, rows).read_bytes()
    return client.post(
        "/members/import/",
        {
            "file": SimpleUploadedFile("名册.csv", content, content_type="text/csv"),
            "mode": "good_rows",
            **fields,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_staff_page_upload_job_status_and_report(
    world, union, tmp_path, media, as_user, django_capture_on_commit_callbacks
):
    client = as_user(world.county_staff)
    assert client.get("/members/import/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(
            client, tmp_path, [person_row(union, "甲"), person_row(union, "乙", 手机号="1")]
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/members/import/{job.pk}/"
    assert job.org_path == world.county.path and job.file_name == "名册.csv"

    status = client.get(f"/members/import/{job.pk}/status", HTTP_ACCEPT_LANGUAGE="en").json()
    assert status == {
        "status": "done",
        "status_label": "done",
        "done": 2,
        "total": 2,
        "imported": 1,
        "skipped": 0,
        "bad": 1,
        "error": "",
        "finished": True,
    }
    page = client.get(f"/members/import/{job.pk}/").content.decode()
    assert "<progress" in page and "The mobile number" in page
    report = client.get(f"/members/import/{job.pk}/bad-rows.csv")
    lines = list(csv.reader(b"".join(report.streaming_content).decode("utf-8-sig").splitlines()))
    assert lines[0][: len(CN)] == CN  # the register's own header, then line and reasons
    assert lines[1][0] == "乙" and lines[1][3] == "1"  # the row as written
    assert lines[1][-2] == "3" and lines[1][-1].startswith("The mobile number")
    assert Person.objects.get().name == "甲"
    assert not list(media.rglob("*.csv"))  # the upload, with its ID numbers, is gone

    # The province sees the county's job; a sibling county and a member do not.
    assert as_user(world.province_staff).get(f"/members/import/{job.pk}/").status_code == 200
    other = as_user(world.sibling_staff)
    for url in ("", "status", "bad-rows.csv"):
        assert other.get(f"/members/import/{job.pk}/{url}").status_code == 404
    assert as_user(world.member).get("/members/import/").status_code == 404
    assert as_user(world.auditor).get("/members/import/").status_code == 404


def test_staff_page_refuses_bad_uploads(world, union, tmp_path, media, as_user):
    client = as_user(world.county_staff)
    response = client.post(
        "/members/import/",
        {
            "file": SimpleUploadedFile(
                "old.xls", b"\xd0\xcf", content_type="application/vnd.ms-excel"
            ),
            "mode": "good_rows",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400 and "Save an old .xls" in response.content.decode()
    response = _upload(
        client, tmp_path, [person_row(union)], union=str(world.sibling_grassroots.pk)
    )
    assert response.status_code == 400 and "among your organizations" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_job_progress_is_read_while_running(world, union, media):
    job = ImportJob.objects.create(
        file="imports/x.csv",
        file_name="x.csv",
        org_path=union.path,
        language="en",
        created_by=world.county_staff,
        status=ImportJob.Status.RUNNING,
    )
    progress = importer._progress_path(job)
    progress.write_text('{"done": 5000, "total": 20000}')
    state = importer.import_job_progress(job)
    assert (state["done"], state["total"], state["finished"]) == (5000, 20000, False)
