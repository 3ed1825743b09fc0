"""What a batch grading child process does: run ``check()`` for one submission × exercise.

The child is forked from a server that imported this module (and with it the runner, pytest and
NumPy) once, so each task starts in milliseconds. It sends back the Result as JSON over a pipe and
never pickles anything. A watchdog thread kills the child and its learner workers when the batch
process disappears (killed, even with SIGKILL) or when a hard deadline passes.
"""
import json
import os
import signal
import sys
import tempfile
import threading
import time
import traceback

from grader.batch import procs, timing
from grader.runner.check import check
from grader.sandbox import process


def _redirect_output(log_path):
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)


FINISHED = threading.Event()


def _watchdog(conn, deadline):
    """Exit (with every descendant killed) when the parent's end of ``conn`` closes or at ``deadline``."""
    while not FINISHED.is_set():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        try:
            if conn.poll(min(1.0, remaining)):
                break  # the batch process only ever closes its end: it is gone
        except (EOFError, OSError):
            break
    if FINISHED.is_set():
        return
    procs.kill_descendants(os.getpid())
    os._exit(70)


def main(conn, exercise_id, workspace, task_dir, hard_limit):
    """Entry point of a grading child (the target of a multiprocessing Process)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.environ["TMPDIR"] = task_dir  # the worker's home and any temp files die with the task folder
    tempfile.tempdir = task_dir
    os.environ["PYTEST_PLUGINS"] = timing.__name__
    _redirect_output(os.path.join(task_dir, "output.log"))
    threading.Thread(target=_watchdog, args=(conn, time.monotonic() + hard_limit), daemon=True).start()
    timing.DURATIONS.clear()
    process.HOST_KILLS.clear()
    process.SETUP_FAILURES.clear()
    try:
        result = check(exercise=exercise_id, workspace=workspace)
        payload = {"ok": True, "result": result.to_dict(), "durations": dict(timing.DURATIONS)}
        if process.HOST_KILLS:  # the verdict lacks what the killed worker would have answered: no grade
            payload = {"ok": False, "host_killed": process.HOST_KILLS[:5]}
        elif process.SETUP_FAILURES:  # no learner code ran: the grader's problem on this machine
            payload = {"ok": False, "setup_failed": process.SETUP_FAILURES[:5]}
    except BaseException:  # noqa: BLE001 - reported as an internal grader error for this task only
        payload = {"ok": False, "error": traceback.format_exc(limit=20)[-4000:]}
    FINISHED.set()
    conn.send_bytes(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    sys.stdout.flush()
    sys.stderr.flush()
