"""Background jobs whose worker died (issue 22 item 6).

A worker killed in the middle of a job (kill -9, out of memory, the machine restarted)
leaves its task "running" for ever, and the job page with it. `gonghui worker` calls
`recover_interrupted()` before it takes work: every task still running under a worker of
this machine whose process is gone is marked failed, and the capability that queued it is
told (`on_interrupted`), so its job says what happened and can be run again.

Workers name themselves "<host>:<pid>" (`worker_id()`); a task claimed by a worker of
another machine is left alone, since from here nobody can tell whether it still runs.
"""

import logging
import os
import socket
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger("gonghui.jobs")

# task path ("gonghui.members.tasks.run_import_job") -> handler(*task args, **task kwargs)
_HANDLERS: dict[str, Callable[..., None]] = {}


def on_interrupted(task: Any, handler: Callable[..., None]) -> None:
    """Call `handler` with the task's arguments when a run of `task` is found interrupted."""
    _HANDLERS[task.module_path] = handler


def worker_id() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def _gone(worker: str) -> bool:
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname()[:40] or not pid.isdigit():
        return False  # another machine's worker, or not one of ours: cannot tell
    if int(pid) == os.getpid():
        return True  # the number came back after a restart: that worker is not us
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # a live process of another user
    return _is_zombie(int(pid))


def _is_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(") ", 1)[1].startswith("Z")
    except OSError:
        return False


def recover_interrupted() -> int:
    """Mark the tasks of dead workers of this machine failed and tell their capabilities;
    returns how many were found."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    found = 0
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        worker = result.worker_ids[-1] if result.worker_ids else ""
        if not _gone(worker):
            continue
        found += 1
        with transaction.atomic():
            DBTaskResult.objects.filter(pk=result.pk).update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path="gonghui.core.jobs.Interrupted",
                traceback=f"interrupted: worker {worker} ended while the task ran",
            )
            handler = _HANDLERS.get(result.task_path)
            if handler:
                handler(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        logger.warning(
            "task %s (%s) of worker %s was interrupted", result.pk, result.task_path, worker
        )
    return found
