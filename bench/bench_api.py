"""API throughput: a scoped list of 50 members against a hello-world JSON view.

    python bench/bench_api.py [--seconds 10] [--concurrency 8] [--keep] [--db NAME]
                              [--conn-max-age SECONDS] [--floor] [--ceiling]

Builds the small demo (`gonghui demo`) in its own PostgreSQL database, gonghui_bench_api
(or --db NAME) on the server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres);
--keep reuses it. Starts gunicorn with the workers and options of `gonghui serve`
(bench/api_app.py: the same application plus one hello-world view), and drives it from
this process with a small asyncio HTTP/1.1 client (a new connection a request, as
gunicorn's sync workers close each one), --concurrency requests in flight, in turn:

  hello   GET /bench/hello                        (JsonResponse, no database)
  members GET /api/v1/members?limit=50            as the demo's province staff, with a token

each for --seconds after a warm-up, twice, alternating. Prints requests/s of each, and the
ratio beside the goal (issue 13, item 5): members ≥ 0.5 × hello. With --floor, also

  floor   GET /bench/two-round-trips              (two `SELECT 1` through Django's connection)

the rate of a view that only asks PostgreSQL twice, as a list call must (who calls, the
page): the ratio no list API can pass on this machine. With --ceiling, also

  by hand GET /bench/members-by-hand               (the members call's three queries by
                                                    hand-written SQL, rows to JSON by hand)

the same JSON as the members call (the bench compares them) without Django's ORM, ninja
or the route's filters: what the members call would reach on this stack with no
framework in its path.

The server runs with DATABASE_CONN_MAX_AGE=60, as docs/operator-guide.md §2.3 deploys it on
PostgreSQL (a worker keeps its connection); --conn-max-age 0 measures a new connection a
request, the setting's default.

Last, the CPU time a request of each kind cost the server (its gunicorn workers and their
PostgreSQL backends, from /proc), and the ratio of those: what bounds the rates on a
machine with no one else on it, steadier than rates on a shared one. Backends are counted
only when kept (with --conn-max-age 0 each request's backend is gone before it is read).
"""

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent
SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DB = "gonghui_bench_api"
GOAL = 0.5
# `gonghui serve`'s default (core/management/commands/serve.py).
WORKERS = min(4, multiprocessing.cpu_count() + 1)


def gonghui(*args: str, env: dict) -> None:
    subprocess.run([sys.executable, "-m", "gonghui.cli", *args], env=env, check=True)


def setup(keep: bool, env: dict) -> None:
    with psycopg.connect(SERVER, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB,)).fetchone()
        if exists and keep:
            gonghui("migrate", "-v", "0", env=env)  # indexes added since it was built
            return
        if exists:
            conn.execute(f"DROP DATABASE {DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB}")
    print("building the small demo …", flush=True)
    gonghui("migrate", "-v", "0", env=env)
    gonghui("demo", env=env)
    # Statistics, as autovacuum would gather them (CI's PostgreSQL runs without it).
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("ANALYZE")


def token(env: dict) -> str:
    code = (
        "from gonghui.accounts.models import User\n"
        "from gonghui.accounts.services import token_create\n"
        "print(token_create(actor=User.objects.get(username='province'), name='bench'))"
    )
    out = subprocess.run(
        [sys.executable, "-m", "gonghui.cli", "shell", "-c", code],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def fetch(port: int, request: bytes) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    data = await reader.read()  # the sync worker closes the connection after the answer
    writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


async def load(port: int, request: bytes, seconds: float, concurrency: int) -> tuple[int, int]:
    """Requests answered 200 and others, with `concurrency` in flight for `seconds`."""
    end = time.monotonic() + seconds
    counts = [0, 0]

    async def client() -> None:
        while time.monotonic() < end:
            status, _ = await fetch(port, request)
            counts[status != 200] += 1

    await asyncio.gather(*(client() for _ in range(concurrency)))
    return counts[0], counts[1]


def get(path: str, headers: dict[str, str] | None = None) -> bytes:
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User and system CPU time each of these processes has used (Linux /proc)."""
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone
        used[pid] = (int(fields[11]) + int(fields[12])) / TICK  # utime, stime
    return used


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU used between two readings: a process started meanwhile (a backend for a
    connection past DATABASE_CONN_MAX_AGE) counts all its time; one gone meanwhile counts
    nothing (it is missing from `after`, not negative)."""
    return sum(t - before.get(pid, 0) for pid, t in after.items())


def server_pids(server: subprocess.Popen, db: str) -> list[int]:
    """The gunicorn workers and the PostgreSQL backends serving them (kept connections)."""
    workers = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    with psycopg.connect(SERVER, autocommit=True) as conn:
        backends = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (db,),
        ).fetchall()
    return [int(p) for p in workers] + [pid for (pid,) in backends]


def wait_for(port: int, proc: subprocess.Popen) -> None:
    for _ in range(600):
        if proc.poll() is not None:
            sys.exit("gunicorn ended before it served")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit("gunicorn did not start")


def main() -> None:
    global DB  # noqa: PLW0603 (setup() reads it)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="reuse the demo database")
    parser.add_argument("--db", default=DB, help=f"the demo database's name ({DB})")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=60,
        help="the server's DATABASE_CONN_MAX_AGE (60, as the operator guide deploys it)",
    )
    parser.add_argument(
        "--floor", action="store_true", help="also measure two round trips to PostgreSQL"
    )
    parser.add_argument(
        "--ceiling", action="store_true", help="also measure the members call by hand"
    )
    args = parser.parse_args()
    DB = args.db

    data_dir = tempfile.mkdtemp(prefix="gonghui-bench-api-")
    env = {
        **os.environ,
        "DATABASE_URL": SERVER.rsplit("/", 1)[0] + "/" + DB,
        "GONGHUI_DATA_DIR": data_dir,
        "GONGHUI_FIELD_KEY": "bench-api-field-key-bench-api-field-key",
        "SECRET_KEY": "bench-api-secret-key-bench-api-secret-key",
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "DATABASE_CONN_MAX_AGE": str(args.conn_max_age),
    }
    setup(args.keep, env)
    bearer = {"Authorization": f"Bearer {token(env)}"}
    port = free_port()
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "api_app:application"),
            *("--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)),
            *("--access-logfile", "-", "--timeout", "120"),
            *("--logger-class", "gonghui.core.accesslog.MaskingLogger"),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for(port, server)
        hello = get("/bench/hello")
        members = get("/api/v1/members?limit=50", bearer)
        measured = [("hello", hello), ("members", members)]
        if args.floor:
            measured.append(("floor", get("/bench/two-round-trips")))
        status, body = asyncio.run(fetch(port, members))
        items = json.loads(body)["items"] if status == 200 else []
        if status != 200 or len(items) != 50:
            sys.exit(f"the members list answered {status} with {len(items)} rows, not 50")
        if args.ceiling:
            by_hand = get("/bench/members-by-hand", bearer)
            answer = asyncio.run(fetch(port, by_hand))
            if answer[0] != 200 or json.loads(answer[1]) != json.loads(body):
                sys.exit("the view by hand does not answer what the members list does")
            measured.append(("by_hand", by_hand))
        for _, request in measured:  # warm every worker up
            asyncio.run(load(port, request, 2, args.concurrency))
        rates: dict[str, list[float]] = {name: [] for name, _ in measured}
        loads: dict[str, list[float]] = {name: [] for name, _ in measured}
        cpu: dict[str, list[float]] = {name: [] for name, _ in measured}
        for _ in range(2):
            for name, request in measured:
                before = cpu_seconds(server_pids(server, DB))
                ok, failed = asyncio.run(load(port, request, args.seconds, args.concurrency))
                if failed:
                    sys.exit(f"{name}: {failed} answers other than 200")
                after = cpu_seconds(server_pids(server, DB))
                cpu[name].append(cpu_used(before, after) / ok * 1000)
                rates[name].append(ok / args.seconds)
                loads[name].append(os.getloadavg()[0])  # the machine's, as `uptime` says
    finally:
        server.terminate()
        server.wait()

    hello_rate = sum(rates["hello"]) / 2
    members_rate = sum(rates["members"]) / 2
    ratio = members_rate / hello_rate
    print(
        f"gunicorn, {WORKERS} workers, {args.concurrency} requests in flight, "
        f"2 × {args.seconds:g} s each, DATABASE_CONN_MAX_AGE={args.conn_max_age}"
    )
    labels = {
        "hello": "hello-world JSON",
        "members": "50 members, province",
        "floor": "two SELECT 1 (floor)",
        "by_hand": "members by hand",
    }
    for name, runs in rates.items():
        listed = ", ".join(
            f"{r:.0f} at load {a:.1f}" for r, a in zip(runs, loads[name], strict=True)
        )
        print(f"  {labels[name]:<22} {sum(runs) / 2:8.0f} requests/s   (runs: {listed})")
    verdict = "meets" if ratio >= GOAL else "misses"
    print(f"  members / hello        {ratio:8.2f}   goal ≥ {GOAL}: {verdict}")
    if "floor" in rates:
        floor = sum(rates["floor"]) / 2 / hello_rate
        print(f"  floor / hello          {floor:8.2f}   (no list API call can do better)")
    if "by_hand" in rates:
        by_hand = sum(rates["by_hand"]) / 2 / hello_rate
        print(f"  by hand / hello        {by_hand:8.2f}   (the members call with no framework)")
    # CPU a request costs the server (workers and their PostgreSQL backends): what bounds
    # the rate on a machine with no one else on it, and steadier than the rates here.
    print("CPU per request, gunicorn workers + PostgreSQL backends (ms):")
    for name, runs in cpu.items():
        listed = ", ".join(f"{c:.2f}" for c in runs)
        print(f"  {labels[name]:<22} {sum(runs) / 2:8.2f}   (runs: {listed})")
    cpu_ratio = (sum(cpu["hello"]) / 2) / (sum(cpu["members"]) / 2)
    print(f"  hello / members        {cpu_ratio:8.2f}   (the ratio if CPU alone bounded both)")


if __name__ == "__main__":
    main()
