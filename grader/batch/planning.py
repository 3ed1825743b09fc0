"""Planning a batch: which exercises, how many jobs, and which submission × exercise tasks need grading.

A task is skipped when the gradebook already holds its result for the same submission content and
the same exercise fingerprint (checks, reference, catalog entry and dlgrade version), unless that
result is a grading problem: those are graded again without ``--force``.
"""
import hashlib
import json
import os
import re
from collections import deque
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from grader import catalog, kinds
from grader.batch.gradebook import COURSE_MARK
from grader.batch.outcomes import Outcome, is_grading_problem
from grader.batch.submissions import display_name, fingerprint


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


def course_version(pack):
    """``<name>@<first 16 hex digits of its content hash>``: the course and version a result was graded by."""
    return f"{pack.name}@{pack.content_hash()[:16]}"


def exercise_fingerprint(entry):
    """A hash of what decides an exercise's verdicts: the files its kind names (checks and reference, or a
    quiz's bank), its catalog entry, its course's version, dlgrade; followed by ``course <name>@<version>``,
    so each stored result says which course graded it (another version of the course regrades it)."""
    digest = hashlib.sha256()
    for path in kinds.of(entry).fingerprint_inputs(entry):
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing")
    course = course_version(entry.pack)
    # which course and version, not where its folder lies (a Dask worker holds a copy elsewhere)
    fields = {**asdict(entry), "pack": course, "bank_file": entry.bank_file and entry.bank_file.name}
    digest.update(json.dumps(fields, sort_keys=True, default=str).encode())
    try:
        digest.update(metadata.version("dlgrade").encode())
    except metadata.PackageNotFoundError:
        pass
    return f"sha256:{digest.hexdigest()}{COURSE_MARK}{course}"


@dataclass(eq=False)
class SubmissionTasks:
    """A submission's exercises still to grade, and its grading state while the batch runs."""

    submission: object
    content_hash: str | None
    problem: str | None
    pending: deque
    learner_id: str
    workspace: Path | None = None
    special: dict = field(default_factory=dict)  # exercise file name -> 'symlink', 'fifo', ...
    used: float = 0.0
    running: int = 0

    @property
    def source(self):
        """Where the submission is, as the gradebook stores it (valid UTF-8)."""
        return display_name(str(self.submission.path))[0]


def plan(found, entries, fingerprints, caps, stored, learners):
    """Split the ``found`` submissions' tasks into work to do and unchanged results to skip.

    ``stored(name)`` gives the gradebook's rows for a submission by exercise id; ``learners`` the
    learner id of each submission (part of its content: a quiz's numbers depend on it). Returns the
    queue of :class:`SubmissionTasks` with something pending, the skipped Outcomes and the task count.
    """
    queue, skipped, total = deque(), [], 0
    for submission in found:
        content_hash, problem = fingerprint(submission, caps)
        learner = learners.get(submission.name, submission.name)
        if content_hash is not None and learner != submission.name:
            content_hash = "sha256:" + hashlib.sha256(f"{content_hash}\0{learner}".encode()).hexdigest()
        rows = stored(submission.name)
        pending = deque()
        for entry in entries:
            row = rows.get(entry.id)
            if (row and content_hash is not None and row["content_hash"] == content_hash
                    and row["grader_hash"] == fingerprints[entry.id] and not is_grading_problem(row["reason"])):
                skipped.append(Outcome(submission.name, entry.id, row["status"], row["score"],
                                       row["max_score"], row["duration"], True, row["reason"]))
            else:
                pending.append(entry)
        total += len(pending)
        if pending:
            queue.append(SubmissionTasks(submission, content_hash, problem, pending, learner))
    return queue, skipped, total
