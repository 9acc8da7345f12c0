"""The embedded database under contention: how long the nightly roll-up and an
all-or-nothing member import hold SQLite's write lock, and what a user logging in and
browsing meanwhile waits.

    python bench/bench_contention.py [--rows 40000] [--base DIR]

Builds the demo province (`gonghui up --no-serve`) in --base the first time (default
/tmp/gonghui-bench-contention) and works on a fresh copy of it in each run, so runs
compare. Starts the web server (gunicorn, 2 workers) on the copy, then in turn:

  1. the roll-up as `gonghui serve` runs it every night (last year and this one),
  2. an all-or-nothing import of --rows valid register rows into 和平区's unions,

each while the demo cadre logs in, reads four pages and logs out, again and again, and a
probe takes the write lock every 50 ms. Prints per phase: the writer's time, the longest
wait for the write lock (the longest transaction a writer held), the requests and their
slowest, the longest login, and every answer other than 200/302. Goal: no error, no
lock held over 1 s, every request under 2 s.
"""

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_contention import (  # noqa: E402  the test's own helpers
    free_port,
    gonghui,
    register_csv,
    run_under_load,
    wait_for_server,
    web_server,
)

DEMO_PASSWORD = "gonghui-demo-2026"


def demo(base: Path, env: dict) -> None:
    if (base / "gonghui.sqlite3").exists():
        return
    print(f"building the demo province in {base} …", flush=True)
    subprocess.run(
        [sys.executable, "-m", "gonghui.cli", "up", "--no-serve"],
        env={**env, "GONGHUI_DATA_DIR": str(base)},
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def heping_unions(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        (path,) = conn.execute(
            "SELECT path FROM orgs_organization WHERE name = '和平区总工会'"
        ).fetchone()
        return [
            code
            for (code,) in conn.execute(
                "SELECT credit_code FROM orgs_organization WHERE kind = 'grassroots' AND is_active "
                "AND credit_code IS NOT NULL AND path LIKE ? ORDER BY id",
                [path + "%"],
            )
        ]


def report(name: str, seconds: float, log: list, longest_lock: float) -> None:
    times = [s for _r, _status, s in log]
    logins = [s for request, _status, s in log if request == "POST /login/"]
    errors = [(r, status) for r, status, _s in log if status not in (200, 302)]
    slowest = max(log, key=lambda entry: entry[2])
    print(
        f"{name}: {seconds:.1f} s; longest wait for the write lock {longest_lock:.2f} s; "
        f"{len(log)} requests, median {statistics.median(times) * 1000:.0f} ms, slowest "
        f"{slowest[2]:.2f} s ({slowest[0]}); longest login {max(logins, default=0):.2f} s; "
        f"errors: {len(errors)} {sorted(set(errors))[:5]}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=40_000)
    parser.add_argument("--base", default="/tmp/gonghui-bench-contention")
    args = parser.parse_args()
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    base = Path(args.base)
    demo(base, env)
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data"
        shutil.copytree(base, data)
        env["GONGHUI_DATA_DIR"] = str(data)
        db = data / "gonghui.sqlite3"
        register = Path(scratch) / "register.csv"
        register_csv(register, args.rows, heping_unions(db))
        port = free_port()
        server = web_server(env, port)
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_for_server(base_url, server)
            for name, command in [
                ("roll-up (last year and this)", ["rollup"]),
                (
                    f"import of {args.rows:,} rows, all_or_nothing",
                    ["import-members", str(register), "--as", "heping", "--mode", "all_or_nothing"],
                ),
            ]:
                started = time.monotonic()
                writer = gonghui(
                    *command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
                )
                log, longest = run_under_load(env, db, base_url, [writer], "cadre", DEMO_PASSWORD)
                out = writer.communicate()[0]
                report(name, time.monotonic() - started, log, longest)
                if writer.returncode:
                    print(f"  the writer failed ({writer.returncode}): {out[-2000:]}")
        finally:
            server.terminate()
            out = server.communicate(timeout=60)[0]
        print(f"server log lines with 'database is locked': {out.count('database is locked')}")


if __name__ == "__main__":
    main()
