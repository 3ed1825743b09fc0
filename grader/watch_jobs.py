"""Checks that watch mode runs in the background, so its keys keep working while one runs.

A job runs in a child process (from a forkserver that has the grader imported, so starting one is quick
and no thread of the watch session is forked; for the current exercise's next check, forked ahead); cancelling it ends the child and, through its
KeyboardInterrupt, the learner's worker. Results come back as Result dicts (trusted data: no learner
code runs in the child's own process) and are recorded by the watch session, so a cancelled check
records nothing. ``InlineJobs`` runs them in place, for tests.
"""
import contextlib
import multiprocessing
import signal
import threading

from grader import catalog, kinds
from grader.results import Result

CANCEL_GRACE = 5.0  # seconds a cancelled check has to close its worker before it is killed


def check_one(workspace, exercise_id):
    """Job: check one exercise; its Result as data (not yet recorded)."""
    entry = catalog.resolve(exercise_id)
    return kinds.of(entry).check(entry, workspace=workspace).to_dict()


def check_every(workspace):
    """Job: check every exercise in course order (rustlings' check-all); their Results as data."""
    return [check_one(workspace, entry.id) for entry in catalog.exercises()]


def decode(payload):
    """A job's answer as Results: one, or a list for check-all."""
    return [Result.from_dict(item) for item in payload] if isinstance(payload, list) else Result.from_dict(payload)


_cancelled = []


def _stop(signum, frame):
    """SIGTERM in a job's child: KeyboardInterrupt stops pytest, and the runner then closes the worker."""
    _cancelled.append(signum)
    raise KeyboardInterrupt


def _prepared(workspace, exercise_id):
    """What the kind of ``exercise_id`` starts ahead for its next check (nothing for a job of many)."""
    if exercise_id is None:
        return contextlib.nullcontext()
    entry = catalog.resolve(exercise_id)
    return kinds.of(entry).prepared(entry, workspace)


def _child(connection, workspace, exercise_id):
    """The child's body: get ready for a check of ``exercise_id``, wait for the job, run it and send its
    answer, unless it was cancelled (pytest swallows the interrupt and returns what it has, which is no
    verdict)."""
    signal.signal(signal.SIGTERM, _stop)
    try:
        with _prepared(workspace, exercise_id):
            job, args = connection.recv()
            payload = job(*args)
        if not _cancelled:
            connection.send(payload)
    except (KeyboardInterrupt, EOFError):
        pass
    finally:
        connection.close()


class ProcessJobs:
    """Runs one job at a time in a child process; ``done(token, payload)`` is called from a waiter thread.

    While the learner edits, ``prepare`` forks the child for the next check of the current exercise
    ahead: it imports what that check needs (TensorFlow for a Keras exercise) and starts its worker
    (grader/sandbox/ahead.py), so a re-check after a save pays no import. Each check still gets a
    child and a worker of its own, forked and started fresh.
    """

    def __init__(self, done):
        self.done, self.process = done, None
        self.ahead = None  # (workspace, exercise id), child process, its end of the pipe
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(["grader.kinds", "grader.runner.check", "grader.watch_jobs",
                                             "grader.sandbox.warm_start"])

    def _fork(self, workspace, exercise_id):
        connection, child_end = self.context.Pipe()
        process = self.context.Process(target=_child, args=(child_end, workspace, exercise_id), daemon=True)
        process.start()
        child_end.close()
        return process, connection

    def prepare(self, workspace, exercise_id):
        """Fork, ahead, the child for the next ``check_one(workspace, exercise_id)`` (kept if already there)."""
        if self.ahead is not None and self.ahead[0] == (workspace, exercise_id) and self.ahead[1].is_alive():
            return
        self._discard_ahead()
        self.ahead = ((workspace, exercise_id), *self._fork(workspace, exercise_id))

    def _take_ahead(self, job, args):
        """The child forked ahead for this job, if it is the check it got ready for; else a new child."""
        key = tuple(args) if job is check_one else (None, None)
        if self.ahead is not None and self.ahead[0] == key and self.ahead[1].is_alive():
            _, process, connection = self.ahead
            self.ahead = None
            return process, connection
        self._discard_ahead()
        return self._fork(*key)

    def start(self, token, job, *args):
        """Cancel any running job and start ``job(*args)``, reported under ``token``."""
        self.cancel()
        self.process, connection = self._take_ahead(job, args)
        connection.send((job, args))
        threading.Thread(target=self._wait, args=(token, self.process, connection), daemon=True).start()

    def _wait(self, token, process, connection):
        try:
            payload = connection.recv()
        except (EOFError, OSError):
            payload = None  # cancelled, or the child died: nothing to show
        process.join()
        connection.close()
        if payload is not None:
            self.done(token, payload)

    @staticmethod
    def _end(process):
        """Terminate a child (its worker with it), killing it if it does not end within the grace."""
        if process is None or not process.is_alive():
            return
        process.terminate()
        process.join(CANCEL_GRACE)
        if process.is_alive():
            process.kill()
            process.join()

    def _discard_ahead(self):
        if self.ahead is not None:
            _, process, connection = self.ahead
            self.ahead = None
            self._end(process)
            connection.close()

    def cancel(self):
        """End the running job, its worker with it."""
        process, self.process = self.process, None
        self._end(process)

    def close(self):
        """End the running job and the child forked ahead."""
        self.cancel()
        self._discard_ahead()

    @property
    def running(self):
        """Whether a job is running."""
        return self.process is not None and self.process.is_alive()


class InlineJobs:
    """Runs each job at once in this process and reports it before ``start`` returns."""

    running = False

    def __init__(self, done):
        self.done = done

    def start(self, token, job, *args):
        """Run ``job(*args)`` now."""
        self.done(token, job(*args))

    def prepare(self, workspace, exercise_id):
        """Nothing is started ahead."""

    def cancel(self):
        """Nothing runs in the background."""

    close = cancel
