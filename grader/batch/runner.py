"""Batch grading: every submission × exercise in its own child process, in parallel and resumable.

``grade(submissions=..., out=...)`` finds the submissions, skips those whose content (and the
exercise's checks) are unchanged since the gradebook last saw them, unpacks each into a temporary
workspace and runs ``check()`` for every exercise in a separate child process, ``jobs`` at a time.
A child that crashes or outlives the per-exercise limit, or a submission that outlives its own
limit, is killed (with its learner workers) and recorded as an error with the reason; nothing stops
the batch. Each finished result is committed to the gradebook at once.
"""
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import signal
import tempfile
import time
from collections import deque
from dataclasses import asdict, dataclass, field
from importlib import metadata
from multiprocessing.connection import wait as wait_any
from pathlib import Path

from grader import catalog
from grader.batch import procs
from grader.batch.gradebook import Gradebook
from grader.batch.submissions import Caps, SubmissionError, discover, fingerprint, in_shard, materialize, \
    parse_shard
from grader.results import ERROR, FAILED, NOT_STARTED, PASSED, CheckResult, Result

# Why a result was recorded without a normal check() (the gradebook's ``reason`` column).
EXERCISE_TIMEOUT, SUBMISSION_TIMEOUT, CRASH, GRADER_ERROR, BAD_SUBMISSION = (
    "exercise_timeout", "submission_timeout", "crash", "grader_error", "submission")
POLL = 0.2


@dataclass(frozen=True)
class TimeLimits:
    """Wall-clock limits in seconds: per submission × exercise, and per submission (all its exercises)."""

    exercise: float = 300.0
    submission: float = 1800.0


@dataclass
class Outcome:
    """One submission × exercise of a batch: graded now, or skipped because it was unchanged."""

    submission: str
    exercise: str
    status: str
    score: float
    max_score: float
    duration: float
    skipped: bool = False
    reason: str | None = None


@dataclass
class Event:
    """Progress of a batch, for a progress bar: 'plan' once, then 'start' and 'done' per task."""

    kind: str
    total: int = 0
    skipped: int = 0
    submissions: int = 0
    submission: str | None = None
    exercise: str | None = None
    outcome: Outcome | None = None


@dataclass
class BatchSummary:
    """What a batch did."""

    gradebook: Path
    jobs: int
    wall_time: float
    submissions: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    shard: tuple[int, int] | None = None

    @property
    def graded(self):
        return [o for o in self.outcomes if not o.skipped]

    @property
    def skipped(self):
        return [o for o in self.outcomes if o.skipped]

    def counts(self, outcomes=None):
        """``{status: n}`` over ``outcomes`` (default: those graded in this run)."""
        counts = {s: 0 for s in (PASSED, FAILED, NOT_STARTED, ERROR)}
        for o in self.graded if outcomes is None else outcomes:
            counts[o.status] = counts.get(o.status, 0) + 1
        return counts

    @property
    def all_passed(self):
        return all(o.status == PASSED for o in self.outcomes)

    def to_dict(self):
        return {"gradebook": str(self.gradebook), "jobs": self.jobs, "wall_time": round(self.wall_time, 3),
                "shard": list(self.shard) if self.shard else None, "submissions": self.submissions,
                "ignored": self.ignored, "counts": self.counts(), "skipped": len(self.skipped),
                "outcomes": [asdict(o) for o in self.outcomes]}


def default_jobs():
    """One job per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def select_exercises(spec=None):
    """The catalog entries named by ``spec``: 'exercise01-exercise07,quiz02' (ranges in course order).

    None or '' means all. Raises ``catalog.UnknownExercise`` for a name the catalog lacks.
    """
    entries = list(catalog.exercises())
    if not spec or not spec.strip():
        return entries
    ids = [e.id for e in entries]
    chosen = set()
    for item in (i for i in re.split(r"[,\s]+", spec.strip()) if i):
        try:
            chosen.add(catalog.resolve(item).id)
            continue
        except catalog.UnknownExercise:
            if "-" not in item:
                raise
        first, last = (catalog.resolve(part).id for part in item.split("-", 1))
        lo, hi = sorted((ids.index(first), ids.index(last)))
        chosen.update(ids[lo:hi + 1])
    return [e for e in entries if e.id in chosen]


def exercise_fingerprint(entry):
    """A hash of what decides an exercise's verdicts: its checks, its reference, its catalog entry, dlgrade."""
    digest = hashlib.sha256()
    for path in (entry.checks_path, entry.solution_path):
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing")
    digest.update(json.dumps(asdict(entry), sort_keys=True, default=str).encode())
    try:
        digest.update(metadata.version("dlgrade").encode())
    except metadata.PackageNotFoundError:
        pass
    return "sha256:" + digest.hexdigest()


def error_result(entry, message):
    """A Result with every check of ``entry`` in error with ``message`` (nothing could be graded)."""
    checks = [CheckResult(c.id, c.title, ERROR, 0.0, c.points, message, None) for c in entry.checks]
    return Result.from_checks(entry.id, entry.title, checks)


def _signal_words(code):
    if code is None:
        return "did not exit"
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with code {code}"


def _context():
    """Forkserver children start in milliseconds: the server imported the runner, pytest and NumPy once."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["__main__", "grader.batch.child"])
        return context
    return multiprocessing.get_context("spawn")


def _child_entry(*args):
    """The grading child's entry point; the batch process itself never imports the runner or pytest."""
    from grader.batch import child  # preloaded in the forkserver: instant

    child.main(*args)


@dataclass(eq=False)
class _Sub:
    submission: object
    content_hash: str | None
    problem: str | None
    pending: deque
    workspace: Path | None = None
    used: float = 0.0
    running: int = 0


@dataclass(eq=False)
class _Task:
    sub: _Sub
    entry: object
    process: object
    conn: object
    started: float
    folder: Path


class _Batch:
    def __init__(self, book, entries, jobs, limits, caps, on_event, child_main=None):
        self.book, self.entries, self.jobs, self.limits, self.caps = book, entries, jobs, limits, caps
        self.child_main = child_main
        self.on_event = on_event or (lambda event: None)
        self.fingerprints = {e.id: exercise_fingerprint(e) for e in entries}
        self.queue, self.active, self.running, self.outcomes = deque(), [], [], []
        self.tmp = None

    # ---- planning ------------------------------------------------------------------------------
    def plan(self, found, force):
        total = skipped = 0
        for submission in found:
            content_hash, problem = fingerprint(submission, self.caps)
            stored = {} if force else self.book.done(submission.name)
            pending = deque()
            for entry in self.entries:
                row = stored.get(entry.id)
                if (row and content_hash is not None and row["content_hash"] == content_hash
                        and row["grader_hash"] == self.fingerprints[entry.id]):
                    skipped += 1
                    self.outcomes.append(Outcome(submission.name, entry.id, row["status"], row["score"],
                                                 row["max_score"], row["duration"], True, row["reason"]))
                else:
                    pending.append(entry)
            total += len(pending)
            if pending:
                self.queue.append(_Sub(submission, content_hash, problem, pending))
        self.on_event(Event("plan", total=total, skipped=skipped, submissions=len(found)))

    # ---- the loop ------------------------------------------------------------------------------
    def run(self):
        if not self.queue:
            return
        context = _context()
        self.tmp = Path(tempfile.mkdtemp(prefix="dlgrade-batch-"))
        try:
            while self.queue or self.running or any(s.pending for s in self.active):
                self._fill(context)
                if self.running:
                    self._wait()
        finally:
            for task in list(self.running):  # interrupted: leave nothing running
                procs.kill_tree(task.process.pid)
                task.process.join(5)
            shutil.rmtree(self.tmp, ignore_errors=True)

    def _fill(self, context):
        while len(self.running) < self.jobs:
            sub = next((s for s in self.active if s.pending), None)
            if sub is None:
                if not self.queue:
                    return
                self._open(self.queue.popleft())
                continue
            self._start(context, sub, sub.pending.popleft())

    def _open(self, sub):
        self.active.append(sub)
        if sub.problem is None:
            try:
                sub.workspace = materialize(sub.submission, self.tmp / f"s{len(self.outcomes)}-{id(sub)}",
                                            self.caps)
            except SubmissionError as exc:
                sub.problem = str(exc)
        if sub.problem is not None:
            while sub.pending:
                entry = sub.pending.popleft()
                self._record(sub, entry, error_result(entry, f"not graded: {sub.problem}"), 0.0, BAD_SUBMISSION)
            self._close_if_done(sub)

    def _start(self, context, sub, entry):
        folder = Path(tempfile.mkdtemp(prefix="task-", dir=self.tmp))
        parent_end, child_end = context.Pipe(duplex=True)
        hard_limit = min(self.limits.exercise, self.limits.submission) + 30.0
        process = context.Process(target=self.child_main or _child_entry, daemon=True,
                                  name=f"dlgrade {sub.submission.name} {entry.id}",
                                  args=(child_end, entry.id, str(sub.workspace), str(folder), hard_limit))
        process.start()
        child_end.close()
        self.running.append(_Task(sub, entry, process, parent_end, time.monotonic(), folder))
        sub.running += 1
        self.on_event(Event("start", submission=sub.submission.name, exercise=entry.id))

    def _wait(self):
        handles = {}
        for task in self.running:
            handles[task.conn] = task
            handles[task.process.sentinel] = task
        for handle in wait_any(list(handles), timeout=POLL):
            task = handles[handle]
            if task in self.running:
                self._finish(task)
        now = time.monotonic()
        for task in list(self.running):
            if now - task.started > self.limits.exercise:
                self._kill(task, EXERCISE_TIMEOUT,
                           f"grading stopped: {task.entry.id} took longer than the per-exercise limit of "
                           f"{self.limits.exercise:g} s (--exercise-timeout); the code may hang where the "
                           f"per-call timeouts cannot see it")
        for sub in list(self.active):
            used = sub.used + sum(now - t.started for t in self.running if t.sub is sub)
            if (sub.running or sub.pending) and used > self.limits.submission:
                self._stop_submission(sub)

    def _stop_submission(self, sub):
        limit = f"{self.limits.submission:g} s"
        for task in [t for t in self.running if t.sub is sub]:
            self._kill(task, SUBMISSION_TIMEOUT, f"grading stopped: the submission used up its time limit of {limit} "
                                                 f"(--submission-timeout) while {task.entry.id} was graded")
        while sub.pending:
            entry = sub.pending.popleft()
            self._record(sub, entry, error_result(entry, f"not graded: the submission used up its time limit of "
                                                         f"{limit} (--submission-timeout) before {entry.id} started"),
                         0.0, SUBMISSION_TIMEOUT)
        self._close_if_done(sub)

    def _finish(self, task):
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
        entry, durations, reason = task.entry, {}, None
        if payload and payload.get("ok"):
            result, durations = Result.from_dict(payload["result"]), payload.get("durations") or {}
        elif payload:
            reason = GRADER_ERROR
            result = error_result(entry, f"internal grader error while grading {entry.id} (the batch went on); "
                                         f"please report it:\n{payload.get('error', '')}")
        else:
            reason = CRASH
            tail = self._log_tail(task)
            result = error_result(entry, f"the grading process {_signal_words(task.process.exitcode)} while "
                                         f"grading {entry.id}; the rest of the batch went on."
                                         + (f"\nLast output:\n{tail}" if tail else ""))
        self._done(task, result, duration, reason, durations)

    def _kill(self, task, reason, message):
        procs.kill_tree(task.process.pid)
        task.process.join(5)
        self._done(task, error_result(task.entry, message), time.monotonic() - task.started, reason, {})

    @staticmethod
    def _log_tail(task, size=1500):
        try:
            text = (task.folder / "output.log").read_bytes()[-size:].decode("utf-8", "replace").strip()
        except OSError:
            return ""
        return text

    def _done(self, task, result, duration, reason, durations):
        self.running.remove(task)
        task.conn.close()
        try:
            task.process.close()
        except ValueError:
            pass
        shutil.rmtree(task.folder, ignore_errors=True)
        sub = task.sub
        sub.running -= 1
        sub.used += duration
        self._record(sub, task.entry, result, duration, reason, durations)
        self._close_if_done(sub)

    def _record(self, sub, entry, result, duration, reason, durations=None):
        name = sub.submission.name
        self.book.record(submission=name, exercise=entry.id, result=result, duration=duration,
                         grader_hash=self.fingerprints[entry.id], content_hash=sub.content_hash,
                         source=str(sub.submission.path), problem=sub.problem, reason=reason,
                         check_durations=durations)
        outcome = Outcome(name, entry.id, result.status, result.score, result.max_score, duration, False, reason)
        self.outcomes.append(outcome)
        self.on_event(Event("done", submission=name, exercise=entry.id, outcome=outcome))

    def _close_if_done(self, sub):
        if not sub.pending and not sub.running and sub in self.active:
            self.active.remove(sub)
            if sub.workspace is not None:
                shutil.rmtree(sub.workspace, ignore_errors=True)


def grade(*, submissions, out, exercises=None, jobs=None, shard=None, only=(), force=False,
          limits=TimeLimits(), caps=Caps(), on_event=None, _child_main=None) -> BatchSummary:
    """Grade every submission in the folder ``submissions`` into the gradebook in ``out``.

    ``exercises``: catalog entries, ids or a spec string like 'exercise01-exercise03' (default: all).
    ``shard``: (i, n) or 'i/n' grades only this shard's submissions. ``force`` regrades unchanged ones.
    ``on_event`` receives :class:`Event` objects (progress). Raises FileNotFoundError when the
    submissions folder is missing and ValueError for a bad shard. ``_child_main`` replaces the
    child's entry point (tests inject crashing and hanging graders with it).
    """
    started = time.monotonic()
    if exercises is None or isinstance(exercises, str):
        entries = select_exercises(exercises)
    else:
        entries = [e if isinstance(e, catalog.Exercise) else catalog.resolve(e) for e in exercises]
    if isinstance(shard, str):
        shard = parse_shard(shard)
    jobs = max(1, int(jobs or default_jobs()))
    found, ignored = discover(submissions, only=only)
    results = Path(out).resolve()
    found = [s for s in found if in_shard(s.name, shard) and s.path.resolve() != results]  # --out inside it
    with Gradebook.open(out, create=True) as book:
        batch = _Batch(book, entries, jobs, limits, caps, on_event, _child_main)
        batch.plan(found, force)
        batch.run()
        path = book.path
    order = {s.name: i for i, s in enumerate(found)}
    rank = {e.id: i for i, e in enumerate(entries)}
    outcomes = sorted(batch.outcomes, key=lambda o: (order.get(o.submission, 0), rank.get(o.exercise, 0)))
    return BatchSummary(gradebook=path, jobs=jobs, wall_time=time.monotonic() - started,
                        submissions=[s.name for s in found], outcomes=outcomes, ignored=ignored, shard=shard)
