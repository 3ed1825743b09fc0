"""Checks that watch mode runs in the background, so its keys keep working while one runs.

A job runs in a child process (from a forkserver that has the grader imported, so starting one is quick
and no thread of the watch session is forked); cancelling it ends the child and, through its
KeyboardInterrupt, the learner's worker. Results come back as Result dicts (trusted data: no learner
code runs in the child's own process) and are recorded by the watch session, so a cancelled check
records nothing. ``InlineJobs`` runs them in place, for tests.
"""
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


def _child(connection, job, args):
    """The child's body: run the job and send its answer, unless it was cancelled (pytest swallows the
    interrupt and returns what it has, which is no verdict)."""
    signal.signal(signal.SIGTERM, _stop)
    try:
        payload = job(*args)
        if not _cancelled:
            connection.send(payload)
    except KeyboardInterrupt:
        pass
    finally:
        connection.close()


class ProcessJobs:
    """Runs one job at a time in a child process; ``done(token, payload)`` is called from a waiter thread."""

    def __init__(self, done):
        self.done, self.process = done, None
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(["grader.kinds", "grader.runner.check", "grader.watch_jobs"])

    def start(self, token, job, *args):
        """Cancel any running job and start ``job(*args)``, reported under ``token``."""
        self.cancel()
        receive, send = self.context.Pipe(duplex=False)
        self.process = self.context.Process(target=_child, args=(send, job, args), daemon=True)
        self.process.start()
        send.close()
        threading.Thread(target=self._wait, args=(token, self.process, receive), daemon=True).start()

    def _wait(self, token, process, receive):
        try:
            payload = receive.recv()
        except (EOFError, OSError):
            payload = None  # cancelled, or the child died: nothing to show
        process.join()
        if payload is not None:
            self.done(token, payload)

    def cancel(self):
        """End the running job, its worker with it."""
        process, self.process = self.process, None
        if process is None or not process.is_alive():
            return
        process.terminate()
        process.join(CANCEL_GRACE)
        if process.is_alive():
            process.kill()
            process.join()

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

    def cancel(self):
        """Nothing runs in the background."""
