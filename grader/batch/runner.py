"""Batch grading: every submission × exercise in its own child process, in parallel and resumable.

``grade(submissions=..., out=...)`` finds the submissions, skips those whose content (and the
exercise's checks) are unchanged since the gradebook last saw them, unpacks each into a temporary
workspace and runs ``check()`` for every exercise in a separate child process, ``jobs`` at a time.
A child that crashes or outlives the per-exercise limit, or a submission that outlives its own
limit, is killed (with its learner workers) and recorded as a grading problem with the reason (the
next run grades it again); nothing stops the batch. Each finished result is committed to the
gradebook at once, with the grader's temporary paths taken out of its messages. Each submission is
graded as its learner (the submission's name or the roster's id); after the batch the learners'
quiz answers are cross-checked for answers that fit another learner's numbers. Temporary folders a
killed batch left behind are removed at the next start.

This module is the scheduling loop; :mod:`grader.batch.planning` decides what to grade and an
executor (:mod:`grader.batch.executors`: children on this machine, or a Dask cluster) runs the tasks.
"""
import shutil
import time
from collections import deque
from pathlib import Path

from grader import catalog, kinds
from grader.batch import executors, hints, identity, layout, supervision
from grader.batch.gradebook import Gradebook
from grader.batch.outcomes import BAD_SUBMISSION, EMPTY_SUBMISSION, LAYOUT, SUBMISSION_TIMEOUT, \
    BatchSummary, Event, Outcome, error_result, hide_paths
from grader.batch.planning import exercise_fingerprint, plan, select_exercises
from grader.batch.submissions import Caps, SubmissionError, discover, in_shard, is_single_workspace, parse_shard, \
    unpack
from grader.batch.supervision import TimeLimits
from grader.i18n import t

NAME = "name"  # the notes kind of a submission name that had to be changed
SUBMISSION_NOTES = (NAME, hints.KIND, layout.LAYOUT, layout.SPECIAL, layout.NOTEBOOK)


class _Batch:
    def __init__(self, book, entries, executor, limits, caps, on_event):
        self.book, self.entries, self.executor, self.limits, self.caps = book, entries, executor, limits, caps
        self.on_event = on_event or (lambda event: None)
        self.fingerprints = {e.id: exercise_fingerprint(e) for e in entries}
        self.queue, self.active, self.running, self.outcomes = deque(), [], [], []
        self.tmp = None

    def plan(self, found, force, learners):
        stored = (lambda name: {}) if force else self.book.done
        self.queue, skipped, total = plan(found, self.entries, self.fingerprints, self.caps, stored, learners)
        self.outcomes.extend(skipped)
        self.on_event(Event("plan", total=total, skipped=len(skipped), submissions=len(found)))

    def run(self):
        if not self.queue:
            return
        self.tmp = supervision.batch_folder()
        try:
            self.executor.open(self.tmp, self.limits, self.entries)
            while self.queue or self.running or any(s.pending for s in self.active):
                self._fill()
                if self.running:
                    self._wait()
        finally:
            for task in list(self.running):  # interrupted: leave nothing running
                self.executor.kill(task)
            self.executor.close()
            shutil.rmtree(self.tmp, ignore_errors=True)

    def _fill(self):
        while len(self.running) < self.executor.capacity:
            sub = next((s for s in self.active if s.pending), None)
            if sub is None:
                if not self.queue:
                    return
                self._open(self.queue.popleft())
                continue
            self._start(sub, sub.pending.popleft())

    def _open(self, sub):
        self.active.append(sub)
        notes = [("", NAME, sub.submission.note)] if sub.submission.note else []
        reason = BAD_SUBMISSION
        if sub.problem is None:
            try:
                unpacked = unpack(sub.submission, self.tmp / f"s{len(self.outcomes)}-{id(sub)}", self.caps,
                                       learner_id=sub.learner_id)
                sub.workspace, sub.special = unpacked.path, unpacked.special
                notes += [("", kind, text) for kind, text in unpacked.notes]
                hints.copy_progress(sub.submission, sub.workspace)
                used = hints.hints_used(sub.workspace, [e.id for e in self.entries])
                notes += [(exercise, hints.KIND, str(count)) for exercise, count in used.items()]
            except SubmissionError as exc:
                sub.problem, reason = str(exc), EMPTY_SUBMISSION if exc.empty else BAD_SUBMISSION
        self.book.set_notes(sub.submission.name, notes, kinds=SUBMISSION_NOTES)
        if sub.problem is not None:
            while sub.pending:
                entry = sub.pending.popleft()
                self._record(sub, entry, error_result(entry, t("batch.not_graded", problem=sub.problem)), 0.0,
                             reason)
            self._close_if_done(sub)
            return
        for entry in list(sub.pending):
            if entry.filename in sub.special:  # a link or pipe where the file should be: nothing to run
                sub.pending.remove(entry)
                message = layout.special_message(entry.filename, sub.special[entry.filename])
                self._record(sub, entry, error_result(entry, message), 0.0, LAYOUT)
            elif (text := kinds.of(entry).answers_text(entry, sub.workspace)) is not None:
                self.book.record_answers(sub.submission.name, entry.id, sub.learner_id,
                                         identity.read_answers(entry, text, sub.learner_id))
        self._close_if_done(sub)

    def _start(self, sub, entry):
        self.running.append(self.executor.start(sub, entry))
        sub.running += 1
        self.on_event(Event("start", submission=sub.submission.name, exercise=entry.id))

    def _wait(self):
        for task, outcome in self.executor.finished(self.running):
            self._done(task, *outcome)
        for sub in list(self.active):
            used = sub.used + sum(self.executor.elapsed(task) for task in self.running if task.sub is sub)
            if (sub.running or sub.pending) and used > self.limits.submission:
                self._stop_submission(sub)

    def _stop_submission(self, sub):
        limit = f"{self.limits.submission:g}"
        for task in [task for task in self.running if task.sub is sub]:
            self._kill(task, SUBMISSION_TIMEOUT, t("batch.submission_timeout", seconds=limit, exercise=task.entry.id))
        while sub.pending:
            entry = sub.pending.popleft()
            problem = t("batch.submission_timeout_before", seconds=limit, exercise=entry.id)
            self._record(sub, entry, error_result(entry, t("batch.not_graded", problem=problem)), 0.0,
                         SUBMISSION_TIMEOUT)
        self._close_if_done(sub)

    def _kill(self, task, reason, message):
        self._done(task, error_result(task.entry, message), self.executor.kill(task), reason, {})

    def _done(self, task, result, duration, reason, durations):
        self.running.remove(task)
        self.executor.release(task)
        sub = task.sub
        sub.running -= 1
        sub.used += duration
        self._record(sub, task.entry, result, duration, reason, durations)
        self._close_if_done(sub)

    def _record(self, sub, entry, result, duration, reason, durations=None):
        name = sub.submission.name
        if sub.workspace is not None:  # the learner knows their files by name, not by our temporary folder
            result = hide_paths(result, sub.workspace, name, self.tmp)
        self.book.record(submission=name, exercise=entry.id, result=result, duration=duration,
                         grader_hash=self.fingerprints[entry.id], content_hash=sub.content_hash,
                         source=sub.source, problem=sub.problem, reason=reason,
                         check_durations=durations)
        outcome = Outcome(name, entry.id, result.status, result.score, result.max_score, duration, False, reason)
        self.outcomes.append(outcome)
        self.on_event(Event("done", submission=name, exercise=entry.id, outcome=outcome))

    def _close_if_done(self, sub):
        if not sub.pending and not sub.running and sub in self.active:
            self.active.remove(sub)
            if sub.workspace is not None:
                shutil.rmtree(sub.workspace, ignore_errors=True)


def grade(*, submissions, out, exercises=None, jobs=None, shard=None, only=(), force=False, roster=None,
          check=False, executor=executors.LOCAL, scheduler=None, limits=TimeLimits(), caps=Caps(), on_event=None,
          _child_main=None) -> BatchSummary:
    """Grade every submission in the folder ``submissions`` into the gradebook in ``out``.

    ``exercises``: catalog entries, ids or a spec string like 'exercise01-exercise03' (default: all).
    ``shard``: (i, n), 'i/n' or 'auto' grades only this shard's submissions. ``force`` regrades unchanged ones.
    ``executor``: 'local' (``jobs`` children at once) or 'dask' (tasks on the Dask cluster at the
    ``scheduler`` address, or on a LocalCluster of ``jobs`` worker processes).
    ``roster``: a CSV file (or a dict) mapping submission names to learner ids (default: the name).
    ``check`` runs SQLite's full integrity check on the gradebook first. ``on_event`` receives
    :class:`Event` objects (progress). Raises FileNotFoundError when the submissions folder is
    missing or holds no submission, ValueError for a bad shard, RosterError for a bad roster,
    GradebookError for a damaged gradebook and ExecutorUnavailable when the executor cannot run.
    ``_child_main`` replaces the child's entry point (tests inject crashing and hanging graders with it).
    """
    started = time.monotonic()
    notes = []
    if removed := supervision.clean_stale():
        notes.append(t("batch.summary.stale", count=removed))
    if isinstance(roster, (str, Path)):
        roster = identity.load_roster(roster)
    if exercises is None or isinstance(exercises, str):
        entries = select_exercises(exercises)
    else:
        entries = [e if isinstance(e, catalog.Exercise) else catalog.resolve(e) for e in exercises]
    if isinstance(shard, str):
        shard = parse_shard(shard)
    executor = executors.create(executor, jobs=jobs, scheduler=scheduler, child_main=_child_main)
    found, ignored = discover(submissions, only=only)
    if not found and not only:
        raise FileNotFoundError(t("batch.submission.none", path=submissions, ignored=", ".join(ignored) or "-"))
    if is_single_workspace(submissions):
        notes.append(t("batch.summary.single", path=submissions))
    notes += [f"{s.name}: {s.note}" for s in found if s.note]
    results = Path(out).resolve()
    found = [s for s in found if in_shard(s.name, shard) and s.path.resolve() != results]  # --out inside it
    with Gradebook.open(out, create=True, check=check) as book:
        batch = _Batch(book, entries, executor, limits, caps, on_event)
        batch.plan(found, force, {s.name: identity.learner_id(s.name, roster) for s in found})
        batch.run()
        copies = identity.flag_copies(book)
        path = book.path
    notes += [f"{c.submission} · {c.quiz}: {identity.copy_note(c)}" for c in copies]
    order = {s.name: i for i, s in enumerate(found)}
    rank = {e.id: i for i, e in enumerate(entries)}
    outcomes = sorted(batch.outcomes, key=lambda o: (order.get(o.submission, 0), rank.get(o.exercise, 0)))
    return BatchSummary(gradebook=path, jobs=executor.jobs, wall_time=time.monotonic() - started,
                        submissions=[s.name for s in found], outcomes=outcomes, ignored=ignored, shard=shard,
                        notes=notes)
