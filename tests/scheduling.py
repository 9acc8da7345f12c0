"""How pytest-xdist hands the suite's files to its workers (`--dist=loadfile`).

A file's tests stay on one worker, so its module- and class-scoped fixtures are built once.
xdist hands out the files with the most tests first; a file of one long test (the API
contract, a demo build) would then come last and keep one worker busy long after the
other has finished. Two lists fix that, and later domains extend them:

- LONG_FILES: files whose tests take minutes together, handed out first (longest first),
  so the other worker fills in around them with the many short files;
- SHARDS: files with many independent, parametrized cases split into that many parts,
  each handed out on its own (a case goes to part crc32(its id) % parts, the same part on
  every run). Module-scoped fixtures are then built once per part, not once per file.

Serial runs (`-n 0`, `-p no:xdist`) are not affected.
"""

from __future__ import annotations

import zlib

from xdist.scheduler import LoadFileScheduling

# Measured 2026-12-01 (see bench/RESULTS.md "CI time"); longest first.
LONG_FILES = [
    "tests/test_api_contract.py",  # schemathesis over the tiny demo: 3-6 min, SQLite only
    "tests/orgs/test_move.py",  # every figure of four years recounted after a move: 3-8 min
    "tests/orgs/test_demo.py",  # builds the demo province
    "tests/test_up.py",  # `gonghui up` with a real server
    "tests/test_contention.py",  # writers against a real server and database file
    "tests/reports/test_rollups.py",  # every figure kept and counted live: 2-4 min
    "tests/test_migrations.py",  # every migration on an empty database: 0.5-2 min
]

# The scope matrix: every persona against every registered thing (tests/scope.py).
SHARDS = {"tests/test_scope_matrix.py": 4}


class FileScheduling(LoadFileScheduling):
    """xdist's loadfile, with LONG_FILES first and the SHARDS files split in parts."""

    _ordered = False

    def _split_scope(self, nodeid: str) -> str:
        path, _, rest = nodeid.partition("::")
        parts = SHARDS.get(path)
        if parts and "[" in rest:
            case = rest[rest.index("[") :]
            return f"{path}::part{zlib.crc32(case.encode()) % parts}"
        return path

    def _assign_work_unit(self, node) -> None:
        if not self._ordered:
            # Once, before the first file is handed out: long files first; otherwise the
            # order xdist chose (most tests first). sorted() keeps ties in that order.
            self._ordered = True
            rank = {path: i for i, path in enumerate(LONG_FILES)}
            units = sorted(
                self.workqueue.items(),
                key=lambda unit: rank.get(unit[0].partition("::")[0], len(rank)),
            )
            self.workqueue.clear()
            self.workqueue.update(units)
        super()._assign_work_unit(node)


def make_scheduler(config, log):
    if config.getvalue("dist") == "loadfile":
        return FileScheduling(config, log)
    return None
