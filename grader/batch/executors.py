"""Where a batch's grading tasks run: grading children on this machine, or on a Dask cluster.

The batch (:mod:`grader.batch.runner`) plans, unpacks the submissions, enforces the per-submission
limit and is the gradebook's only writer; an executor only runs submission × exercise tasks and hands
back what :func:`grader.batch.supervision.collect` returns for each: (Result, seconds, reason, check
durations). Both executors grade a task in the same sandboxed child (:mod:`grader.batch.child`).

An executor has ``jobs`` (tasks it runs at once, for the summary), ``capacity`` (tasks the batch
keeps started), ``open(tmp, limits, entries)`` / ``close()``, ``start(sub, entry)`` returning a task with
``.sub`` and ``.entry``, ``finished(tasks)`` (the tasks that ended, each with its outcome, after
waiting briefly; the per-exercise limit is the executor's to enforce), ``elapsed(task)`` (seconds
to count against the submission's limit so far), ``kill(task)`` (seconds it ran) and ``release(task)``.
"""
import time

from grader import kinds
from grader.batch import supervision
from grader.batch.planning import default_jobs
from grader.i18n import t

LOCAL, DASK = "local", "dask"
NAMES = (LOCAL, DASK)


class ExecutorUnavailable(Exception):
    """The executor cannot run here (a library missing, the cluster unreachable); the message says why."""


def preload_modules(entries):
    """The modules the grading children's server imports ahead for these entries (their kinds' preload)."""
    return tuple(dict.fromkeys(module for entry in entries for module in kinds.of(entry).preload))


class LocalExecutor:
    """Forkserver grading children on this machine, ``jobs`` at a time."""

    def __init__(self, *, jobs=None, child_main=None):
        self.jobs = max(1, int(jobs or default_jobs()))
        self.child_main = child_main
        self.ctx = self.tmp = self.limits = None

    @property
    def capacity(self):
        return self.jobs

    def open(self, tmp, limits, entries):
        self.ctx, self.tmp, self.limits = supervision.context(preload_modules(entries)), tmp, limits

    def close(self):
        pass

    def start(self, sub, entry):
        return supervision.start(self.ctx, sub, entry, tmp=self.tmp, limits=self.limits, child_main=self.child_main)

    def finished(self, tasks):
        done = [(task, supervision.collect(task)) for task in supervision.ready(tasks)]
        now, ended = time.monotonic(), {task for task, _ in done}
        return done + [(task, supervision.exercise_timeout(task, self.limits)) for task in tasks
                       if task not in ended and now - task.started > self.limits.exercise]

    def elapsed(self, task):
        return time.monotonic() - task.started

    def kill(self, task):
        return supervision.kill(task)

    def release(self, task):
        supervision.release(task)


def create(executor=LOCAL, *, jobs=None, scheduler=None, child_main=None):
    """The executor named ``executor`` ('local' or 'dask'; an executor object is returned as it is).

    ``jobs``: local children at once, or the worker processes of the LocalCluster that 'dask' starts
    when no ``scheduler`` address is given. Raises ExecutorUnavailable when Dask is not installed.
    """
    if not isinstance(executor, str):
        return executor
    if executor == DASK:
        from grader.batch.dask_executor import DaskExecutor

        return DaskExecutor(scheduler=scheduler, workers=jobs, child_main=child_main)
    if executor != LOCAL:
        raise ValueError(f"unknown executor {executor!r}; expected one of {', '.join(NAMES)}")
    if scheduler:
        raise ValueError(t("batch.executor.scheduler_without_dask"))
    return LocalExecutor(jobs=jobs, child_main=child_main)
