"""What a Dask worker runs for one submission × exercise: the local batch's grading child, nothing more.

The task receives the submission's unpacked workspace as ``{relative path: bytes}`` (the batch
unpacked and capped it), writes it into a temporary folder on the worker, and, for a course other
than the built-in one, the course pack's files too: a worker needs neither a shared file system nor
the instructor's folder, and grades against exactly the course the batch chose (written once per
worker process and content hash, in a folder no learner worker can see). It grades the submission in a forkserver
child under the per-exercise limit exactly as a local batch does, and answers with JSON text, so
nothing but a string comes back from the worker. Dask adds no isolation: learner code runs only in
the child's sandboxed worker. This module imports no Dask; workers import it by name.
"""
import functools
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from grader import catalog, course_pack
from grader.batch import supervision
from grader.batch.planning import exercise_fingerprint
from grader.batch.submissions import FOLDER, Submission


@dataclass(frozen=True)
class _Copy:
    """The submission as this worker holds it (what supervision.start reads)."""

    submission: Submission
    workspace: Path


@functools.cache
def _context(preload):
    return supervision.context(preload)  # the worker's first task decides the server's preload


@functools.cache
def fingerprint(course, exercise_id):
    """The exercise's fingerprint in ``course`` (the DLGRADE_COURSE value it was resolved with) as this worker's
    dlgrade computes it."""
    return exercise_fingerprint(catalog.resolve(exercise_id))


_COURSES = {}  # content hash -> the folder this worker process wrote that course into


def course_folder(course):
    """The folder holding the shipped course ``{"name", "hash", "files"}`` on this worker, written on first use
    into a batch-style temporary folder (removed by the next batch's stale clean-up once this process is gone)."""
    if course["hash"] not in _COURSES:
        folder = supervision.batch_folder() / "course"
        write_files({f"{course['name']}/{name}": data for name, data in course["files"].items()}, folder)
        _COURSES[course["hash"]] = folder / course["name"]
    return _COURSES[course["hash"]]


def write_files(files, folder):
    """Write ``{relative posix path: bytes}`` under ``folder``, refusing paths that leave it."""
    for name, data in files.items():
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise ValueError(f"unsafe path in a task's workspace: {name!r}")
        path = folder.joinpath(*relative.parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def worker_state():
    """What the batch checks on each worker before sending it tasks: can it start grading children?"""
    import multiprocessing

    return {"daemon": bool(multiprocessing.current_process().daemon), "pid": os.getpid()}


def grade_files(files, name, exercise_id, lang, limits, preload=(), child_main=None, course=None):
    """Grade ``exercise_id`` of ``course`` (shipped files, or None: the built-in one) in a workspace holding
    ``files``; JSON text of (Result, seconds, reason, check durations) with the worker's folders and
    fingerprint, so the batch can map and verify them."""
    os.environ["DLGRADE_LANG"] = lang  # messages written here (timeouts, crashes) in the batch's language
    os.environ[course_pack.VARIABLE] = str(course_folder(course)) if course else course_pack.BUILTIN_NAME
    entry = catalog.resolve(exercise_id)
    tmp = supervision.batch_folder()
    try:
        workspace = tmp / "workspace"
        workspace.mkdir()
        write_files(files, workspace)
        copy = _Copy(Submission(name, workspace, FOLDER), workspace)
        task = supervision.start(_context(tuple(preload)), copy, entry, tmp=tmp, limits=limits, child_main=child_main)
        try:
            result, duration, reason, durations = supervision.finish(task, limits)
        finally:
            supervision.release(task)
        return json.dumps({"result": result.to_dict(), "duration": duration, "reason": reason,
                           "durations": durations, "workspace": str(workspace), "tmp": str(tmp),
                           "fingerprint": fingerprint(os.environ[course_pack.VARIABLE], exercise_id)},
                          ensure_ascii=False)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
