"""The Dask executor: each submission × exercise is a task on a Dask cluster (dask.distributed).

The batch stays on this machine: it plans, unpacks each submission, sends its workspace's files
with every task (a worker needs no shared file system) and records each result in the gradebook as
it streams back, one transaction per result, so an interrupted batch resumes as a local one does.
A worker grades the task in the local batch's sandboxed child (:mod:`grader.batch.dask_task`), with
the batch's course: a course pack's files travel with its tasks, so a worker grades against the
same version of the same course without seeing the instructor's folder.
When a worker dies, Dask's scheduler runs its tasks again on another worker: a result is recorded
only when its task returns, so nothing is lost or recorded twice; a task that kills workers
repeatedly (Dask's ``allowed-failures``) or that Dask cannot run is a grading problem, retried by
the next run. The per-exercise limit is enforced on the worker; the per-submission limit counts
the time of the submission's finished tasks.

Without a scheduler address a LocalCluster of ``workers`` processes is started. Workers must allow
their tasks to start processes: ``distributed.worker.daemon: False``
(``DASK_DISTRIBUTED__WORKER__DAEMON=False`` when starting ``dask worker``).
"""
import json
import time
import uuid
from dataclasses import dataclass

from grader import course_pack
from grader.batch import dask_task
from grader.batch.executors import ExecutorUnavailable, preload_modules
from grader.batch.outcomes import GRADER_ERROR, error_result, hide_paths
from grader.batch.planning import default_jobs, exercise_fingerprint
from grader.i18n import language, t
from grader.results import Result

try:
    import dask
    import distributed
except ImportError:  # the optional extra: pip install 'dlgrade[dask]'
    distributed = None

POLL = 0.2
CONNECT_TIMEOUT = "20s"
CAPACITY_REFRESH = 5.0  # seconds between looks at how many worker threads the cluster has


@dataclass(eq=False)
class DaskTask:
    """One submitted task: its submission's tasks, exercise, Dask future and when it was submitted."""

    sub: object
    entry: object
    future: object
    started: float


def workspace_files(folder):
    """``{relative posix path: bytes}`` of every regular file under ``folder``."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file() and not path.is_symlink()}


def shipped_course():
    """What a worker needs to grade with the batch's course: None for the built-in one (every dlgrade has it),
    else the pack's name, content hash and files (its version travels with it; no shared file system)."""
    pack = course_pack.active()
    if pack.is_builtin:
        return None
    return {"name": pack.name, "hash": pack.content_hash(), "files": pack.files()}


class DaskExecutor:
    """Grading tasks on the Dask cluster at ``scheduler``, or on a LocalCluster of ``workers`` processes."""

    def __init__(self, *, scheduler=None, workers=None, child_main=None):
        if distributed is None:
            raise ExecutorUnavailable(t("batch.dask.missing"))
        self.scheduler, self.child_main = scheduler, child_main
        self.workers = max(1, int(workers or default_jobs()))
        self.jobs = 0 if scheduler else self.workers
        self.cluster = self.client = self.limits = self.preload = self.course = None
        self.files, self.fingerprints = {}, {}
        self._capacity, self._looked = 1, 0.0

    def open(self, tmp, limits, entries):
        self.limits, self.preload, self.course = limits, preload_modules(entries), shipped_course()
        self.fingerprints = {entry.id: exercise_fingerprint(entry) for entry in entries}  # what workers must match
        if self.scheduler is None:
            with dask.config.set({"distributed.worker.daemon": False}):
                self.cluster = distributed.LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                                        dashboard_address=None)
            self.client = distributed.Client(self.cluster)
        else:
            try:
                self.client = distributed.Client(self.scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as exc:
                raise ExecutorUnavailable(t("batch.dask.unreachable", address=self.scheduler, error=exc)) from None
        daemons = sorted(address for address, state in self.client.run(dask_task.worker_state).items()
                         if state["daemon"])
        if daemons:
            self.close()
            raise ExecutorUnavailable(t("batch.dask.daemon", workers=", ".join(daemons)))
        self.jobs = max(self.jobs, self._threads())

    def _threads(self):
        return sum(self.client.nthreads().values())

    @property
    def capacity(self):
        """Twice the cluster's worker threads (it may grow or shrink), so no worker waits for the batch."""
        if time.monotonic() - self._looked > CAPACITY_REFRESH:
            self._capacity, self._looked = max(1, 2 * self._threads()), time.monotonic()
        return self._capacity

    def close(self):
        for resource in (self.client, self.cluster):
            if resource is not None:
                resource.close()
        self.client = self.cluster = None

    def start(self, sub, entry):
        if sub.workspace not in self.files:
            self.files = {sub.workspace: workspace_files(sub.workspace)}  # its tasks are started in a row
        future = self.client.submit(dask_task.grade_files, self.files[sub.workspace], sub.submission.name, entry.id,
                                    language(), self.limits, self.preload, self.child_main, self.course, pure=False,
                                    key=f"dlgrade-{entry.id}-{uuid.uuid4().hex}")
        return DaskTask(sub, entry, future, time.monotonic())

    def finished(self, tasks):
        try:
            distributed.wait([task.future for task in tasks], timeout=POLL, return_when="FIRST_COMPLETED")
        except TimeoutError:
            pass
        return [(task, self._collect(task)) for task in tasks if task.future.done()]

    def _collect(self, task):
        entry, waited = task.entry, time.monotonic() - task.started
        try:
            payload = json.loads(task.future.result())
        except Exception as exc:  # noqa: BLE001 - whatever Dask raises, the task was not graded
            error = f"{type(exc).__name__}: {exc}"
            return error_result(entry, t("batch.dask.lost", exercise=entry.id, error=error)), waited, GRADER_ERROR, {}
        if payload["fingerprint"] != self.fingerprints[entry.id]:
            return error_result(entry, t("batch.dask.other_grader", exercise=entry.id)), waited, GRADER_ERROR, {}
        # the worker's copy of the submission becomes the batch's, so the batch hides it like its own
        result = hide_paths(Result.from_dict(payload["result"]), payload["workspace"], str(task.sub.workspace),
                            payload["tmp"])
        return result, payload["duration"], payload["reason"], payload["durations"]

    def elapsed(self, task):
        return 0.0  # the worker's time counts when the task reports it

    def kill(self, task):
        task.future.cancel()
        return time.monotonic() - task.started

    def release(self, task):
        task.future.release()
