"""Grading children: start one per submission × exercise, read its verdict, kill it at a time limit.

Each child runs :func:`grader.batch.child.main` and answers with a JSON payload over a pipe. A
child that dies without answering becomes a crash, one that answers with an exception an internal
grader error, one whose learner worker the host killed a grading problem of that kind; killing a
child kills its learner workers too (:mod:`grader.batch.procs`).
"""
import json
import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import wait as wait_any
from pathlib import Path

from grader import course_pack
from grader.batch import procs
from grader.batch.outcomes import CRASH, EXERCISE_TIMEOUT, GRADER_ERROR, HOST_KILLED, error_result
from grader.i18n import language, t
from grader.results import Result

POLL = 0.2
BATCH_PREFIX = "dlgrade-batch-"
OWNER_FILE = "owner.pid"
ORPHAN_AGE = 86400.0  # seconds before a batch folder without an owner file (an older dlgrade's) is stale


@dataclass(frozen=True)
class TimeLimits:
    """Wall-clock limits in seconds: per submission × exercise, and per submission (all its exercises)."""

    exercise: float = 300.0
    submission: float = 1800.0


@dataclass(eq=False)
class Task:
    """One running grading child: its submission's tasks, exercise, process, pipe, start time and folder."""

    sub: object
    entry: object
    process: object
    conn: object
    started: float
    folder: Path


def batch_folder():
    """A new temporary folder for a batch's workspaces and tasks, marked with this process's id."""
    folder = Path(tempfile.mkdtemp(prefix=BATCH_PREFIX))
    (folder / OWNER_FILE).write_text(str(os.getpid()))
    return folder


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(root=None):
    """Remove the temporary folders (learner code inside) of batches killed before they could; returns
    how many. A folder is stale when the process named in it is gone."""
    removed = 0
    for folder in Path(root or tempfile.gettempdir()).glob(BATCH_PREFIX + "*"):
        try:
            pid = int((folder / OWNER_FILE).read_text())
            stale = not _alive(pid)
        except FileNotFoundError:
            stale = time.time() - folder.stat().st_mtime > ORPHAN_AGE
        except (OSError, ValueError):
            continue
        if stale and folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)
            removed += not folder.exists()
    return removed


def context(preload=()):
    """Forkserver children start in milliseconds: the server imported the runner, pytest and NumPy once,
    found out what starting a worker needs here (grader/sandbox/warm_start.py) and imported the modules
    ``preload`` names (TensorFlow for a batch with Keras exercises: each task forks a fresh child that
    never pays its import). The server starts with the first child: a later call cannot add modules
    to it."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["__main__", "grader.batch.child", "grader.sandbox.warm_start", *preload])
        return ctx
    return multiprocessing.get_context("spawn")


def _child_entry(lang, course, child_main, *args):
    """The grading child's entry point; the batch process itself never imports the runner or pytest.

    The child takes the batch's language and course explicitly: it inherits the environment of the
    forkserver, which may have started before DLGRADE_LANG or DLGRADE_COURSE was set.
    """
    os.environ["DLGRADE_LANG"] = lang
    os.environ[course_pack.VARIABLE] = course
    if child_main is None:
        from grader.batch import child  # preloaded in the forkserver: instant

        child_main = child.main
    child_main(*args)


def start(ctx, sub, entry, *, tmp, limits, child_main=None):
    """Start a child grading ``entry`` in ``sub``'s workspace, with its own folder under ``tmp``."""
    folder = Path(tempfile.mkdtemp(prefix="task-", dir=tmp))
    parent_end, child_end = ctx.Pipe(duplex=True)
    hard_limit = min(limits.exercise, limits.submission) + 30.0
    process = ctx.Process(target=_child_entry, daemon=True, name=f"dlgrade {sub.submission.name} {entry.id}",
                          args=(language(), course_pack.active().reference, child_main, child_end, entry.id,
                                str(sub.workspace), str(folder), hard_limit))
    process.start()
    child_end.close()
    return Task(sub, entry, process, parent_end, time.monotonic(), folder)


def ready(tasks, timeout=POLL):
    """The tasks whose child answered or exited, waiting at most ``timeout`` seconds for one."""
    handles = {}
    for task in tasks:
        handles[task.conn] = task
        handles[task.process.sentinel] = task
    return list(dict.fromkeys(handles[handle] for handle in wait_any(list(handles), timeout=timeout)))


def collect(task):
    """Reap a finished child: (its Result, seconds it ran, the reason if in error, check durations)."""
    payload = None
    try:
        if task.conn.poll():
            payload = json.loads(task.conn.recv_bytes().decode("utf-8"))
    except (EOFError, OSError, ValueError):
        payload = None
    duration = time.monotonic() - task.started
    task.process.join(2 if payload else 5)
    if task.process.is_alive():
        procs.kill_tree(task.process.pid)
        task.process.join(5)
    entry = task.entry
    if payload and payload.get("ok"):
        return Result.from_dict(payload["result"]), duration, None, payload.get("durations") or {}
    if payload and payload.get("host_killed"):
        calls = "; ".join(str(call) for call in payload["host_killed"])
        return error_result(entry, t("batch.host_killed", exercise=entry.id, calls=calls)), duration, HOST_KILLED, {}
    if payload and payload.get("setup_failed"):
        return error_result(entry, t("batch.setup_failed", exercise=entry.id)), duration, GRADER_ERROR, {}
    if payload:
        return (error_result(entry, t("batch.internal_error", exercise=entry.id, error=payload.get("error", ""))),
                duration, GRADER_ERROR, {})
    tail = _log_tail(task)
    message = t("batch.crash", how=_signal_words(task.process.exitcode), exercise=entry.id)
    if tail:
        message += f"\n{t('batch.last_output')}\n{tail}"
    return error_result(entry, message), duration, CRASH, {}


def exercise_timeout(task, limits):
    """Kill a child that outlived the per-exercise limit; returns what :func:`collect` returns for it."""
    message = t("batch.exercise_timeout", exercise=task.entry.id, seconds=f"{limits.exercise:g}")
    return error_result(task.entry, message), kill(task), EXERCISE_TIMEOUT, {}


def finish(task, limits):
    """Wait for ``task``'s child to answer or exit, killing it at the per-exercise limit; what
    :func:`collect` returns."""
    while not ready([task]):
        if time.monotonic() - task.started > limits.exercise:
            return exercise_timeout(task, limits)
    return collect(task)


def kill(task):
    """Kill a child with its learner workers; returns the seconds it ran."""
    procs.kill_tree(task.process.pid)
    task.process.join(5)
    return time.monotonic() - task.started


def release(task):
    """Free a reaped child's pipe, process handle and folder."""
    task.conn.close()
    try:
        task.process.close()
    except ValueError:
        pass
    shutil.rmtree(task.folder, ignore_errors=True)


def _log_tail(task, size=1500):
    try:
        text = (task.folder / "output.log").read_bytes()[-size:].decode("utf-8", "replace").strip()
    except OSError:
        return ""
    return text


def _signal_words(code):
    if code is None:
        return t("batch.exit.running")
    if code < 0:
        try:
            return t("batch.exit.signal", signal=signal.Signals(-code).name)
        except ValueError:
            return t("batch.exit.signal_number", signal=-code)
    return t("batch.exit.code", code=code)
