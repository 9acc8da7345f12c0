"""The shared test world: a small tree and the named personas every capability reuses.

辽宁省总工会 (province)                      吉林省总工会 (another province)
  └ 沈阳市总工会 (city)                          └ outsider's grassroots union
      ├ 和平区总工会 (county)    ← county staff
      │   └ 南湖街道工会 (township)
      │       └ 华晨机械有限公司工会 (grassroots) ← cadre
      └ 沈河区总工会 (sibling county) ← sibling staff
          └ 沈河某商贸公司工会 (grassroots)
"""

import fcntl
import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection

from gonghui.accounts.models import RoleKind
from gonghui.core import append_only
from gonghui.orgs.models import Region

from .factories import EnterpriseFactory, OrgKind, make_org, make_user

SCOPE_ATTEMPTS = {"n": 0}
ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser, pluginmanager):
    # addopts asks pytest-xdist for workers; with `-p no:xdist` the run is serial and these
    # two options are accepted and ignored.
    if not pluginmanager.hasplugin("xdist"):
        group = parser.getgroup("xdist", "pytest-xdist is not loaded: the run is serial")
        group.addoption("--numprocesses", dest="numprocesses", default=None)
        group.addoption("--dist", dest="dist", default="no")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    # Runs of the suite side by side on one PostgreSQL server (CI beside a developer's
    # run) must not drop each other's test database.
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        db.setdefault("TEST", {})["NAME"] = f"test_gonghui_{os.getpid()}"


@pytest.fixture(scope="session", autouse=True)
def _media_per_process(tmp_path_factory):
    # Uploads, generated documents and import progress files (named by row id, which each
    # worker's database numbers from 1) go to a folder of this process, not the user's data
    # directory shared by pytest-xdist's workers and by other runs.
    from django.test import override_settings

    # The cache (throttle counts) is this process's memory, not the data directory's files.
    with override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    ):
        yield


# The rows the migrations put into an empty database, by the migrations' own functions:
# the test databases are made from the models (settings: TEST MIGRATE False), and these
# put the rows in. tests/test_migrations.py fails when a migration fills a table that
# these do not fill alike.
SEEDS = [("gonghui.orgs.migrations.0002_load_regions", "load")]


def seed() -> None:
    """The seeds' rows, unless they are there (a transactional test's flush empties them)."""
    from django.apps import apps

    if not Region.objects.exists():
        for module, function in SEEDS:
            getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # The audit tables refuse DELETE; the test database must be emptied between
    # transactional tests, so the triggers are lifted here and checked on their own
    # in tests/core/test_audit.py. (Made from the models, the database has none yet;
    # a database kept with --reuse-db from an older run may.)
    with django_db_blocker.unblock():
        append_only.uninstall(connection)
        seed()


@pytest.fixture(scope="session")
def migrated_data_dir(tmp_path_factory) -> Path:
    """A data directory whose SQLite file the real migrations made, once per run: the
    first worker to ask runs `gonghui migrate`, the other waits for it. Tests that run
    `gonghui` processes on a database file of their own start from a copy
    (`copy_migrated`), not from a migrate each (~30 s of CPU)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # shared by pytest-xdist's workers
    folder = root / "migrated"
    with (root / "migrated.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "migrated.done").exists():
            shutil.rmtree(folder, ignore_errors=True)
            env = {**os.environ, "GONGHUI_DATA_DIR": str(folder)}
            env.pop("DATABASE_URL", None)
            env.pop("DJANGO_SETTINGS_MODULE", None)
            subprocess.run(
                [sys.executable, "-m", "gonghui.cli", "migrate", "-v0"],
                env=env,
                cwd=ROOT,
                check=True,
            )
            (root / "migrated.done").touch()
    return folder


@pytest.fixture
def copy_migrated(migrated_data_dir):
    """copy_migrated(data_dir): the migrated data directory copied to `data_dir`."""

    def copy(data_dir: Path) -> Path:
        assert not (migrated_data_dir / "gonghui.sqlite3-wal").exists()  # closed cleanly
        shutil.copytree(migrated_data_dir, data_dir)
        return data_dir

    return copy


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    # Background tasks run inside the test, so their effects can be asserted.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _chinese_first():
    # A request in English leaves English active in the thread (LocaleMiddleware does not
    # reset it), and a later test that calls a service directly would write English notes.
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _throttles_start_empty():
    # Per-address counts (core.throttle) live in the cache, which outlives a test; every
    # test client comes from 127.0.0.1.
    from django.conf import settings
    from django.core.cache import caches

    caches[settings.THROTTLE_CACHE].clear()


# Roll-ups count every registered figure (~400) for every closed period: ~5,000 grouped
# queries a year, 15-40 s of a test on a loaded machine. A test of what a refresh does with
# whatever it counts (which federations and years, its transactions, a back-dated record)
# counts these instead: a count and a stock of members, a sum, a stock of stations, a
# figure without a path to group by (counted per federation) and one with a value() of its
# own (a rate). Every figure is compared with its live count in tests/reports/test_rollups.py
# and, after a move, in tests/orgs/test_move.py.
FEW_FIGURES = (
    "members.new",
    "members.total",
    "activities.attendance",
    "stations.total",
    "campaigns.sent_down",
    "finance.execution_rate",
)


@pytest.fixture
def few_figures(monkeypatch) -> dict:
    """Roll-ups (reports.rollups) count only FEW_FIGURES; returns the registry they count."""
    from gonghui.core.figures import REGISTRY
    from gonghui.reports import rollups

    few = {key: REGISTRY[key] for key in FEW_FIGURES}
    assert any(f.path_field is None for f in few.values())  # both ways of rollups._count()
    monkeypatch.setattr(rollups, "REGISTRY", few)
    return few


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """The same world for every test of a module, built once. It lives in a transaction
    rolled back after the module's last test; each test (asking for `db` too) runs in a
    savepoint inside it, so a test's writes are undone before the next one. Not for
    transactional tests (`transaction=True` empties the database between tests)."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer._from_testcase = True  # type: ignore[attr-defined]  # as TestCase's own
        with outer:
            yield build_world()
            transaction.set_rollback(True)


def build_world() -> SimpleNamespace:
    seed()  # a transactional test's flush empties them
    w = SimpleNamespace()
    w.province = make_org("辽宁省总工会", OrgKind.PROVINCIAL, None, "210000")
    w.city = make_org("沈阳市总工会", OrgKind.CITY, w.province, "210100")
    w.county = make_org("和平区总工会", OrgKind.COUNTY, w.city, "210102")
    w.township = make_org("南湖街道工会", OrgKind.TOWNSHIP, w.county, "210102")
    w.enterprise = EnterpriseFactory(name="沈阳华晨机械有限公司", keeper=w.township)
    w.grassroots = make_org(
        "沈阳华晨机械有限公司工会委员会",
        OrgKind.GRASSROOTS,
        w.township,
        "210102",
        enterprise=w.enterprise,
    )
    w.sibling = make_org("沈河区总工会", OrgKind.COUNTY, w.city, "210103")
    w.sibling_grassroots = make_org(
        "沈阳沈河商贸有限公司工会委员会", OrgKind.GRASSROOTS, w.sibling, "210103"
    )
    w.other_province = make_org("吉林省总工会", OrgKind.PROVINCIAL, None, "220000")
    w.other_grassroots = make_org(
        "长春一汽配件有限公司工会委员会",
        OrgKind.GRASSROOTS,
        make_org("长春市总工会", OrgKind.CITY, w.other_province, "220100"),
        "220102",
    )

    w.member = make_user("member", phone="13900000001")
    w.cadre = make_user("cadre", RoleKind.GRASSROOTS_CADRE, w.grassroots, phone="13900000002")
    w.county_staff = make_user("county_staff", RoleKind.FEDERATION_STAFF, w.county)
    w.sibling_staff = make_user("sibling_staff", RoleKind.FEDERATION_STAFF, w.sibling)
    w.province_staff = make_user("province_staff", RoleKind.FEDERATION_STAFF, w.province)
    w.city_leader = make_user("city_leader", RoleKind.FEDERATION_LEADER, w.city)
    w.auditor = make_user("auditor", RoleKind.AUDITOR, w.province)
    w.outsider = make_user("outsider", RoleKind.FEDERATION_STAFF, w.other_province)
    return w


PERSONAS = [
    "member",
    "cadre",
    "county_staff",
    "sibling_staff",
    "province_staff",
    "city_leader",
    "auditor",
    "outsider",
]


@pytest.fixture
def as_user(client):
    """as_user(user) -> a test client logged in as that user (second factor done)."""

    def login(user):
        client.force_login(user)
        return client

    return login


def pytest_sessionfinish(session):
    # Under pytest-xdist each worker counts its own attempts; it hands them to the controller.
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["scope_attempts"] = SCOPE_ATTEMPTS["n"]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    # Long files first, the scope matrix in parts (tests/scheduling.py).
    from .scheduling import make_scheduler

    return make_scheduler(config, log)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    # The controller adds up what each worker counted (see pytest_sessionfinish).
    SCOPE_ATTEMPTS["n"] += getattr(node, "workeroutput", {}).get("scope_attempts", 0)


def pytest_terminal_summary(terminalreporter):
    if SCOPE_ATTEMPTS["n"]:
        terminalreporter.write_line(
            f"scope matrix: {SCOPE_ATTEMPTS['n']} access attempts checked (role x endpoint x "
            "object placement)"
        )
