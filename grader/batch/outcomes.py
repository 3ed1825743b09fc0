"""What a batch reports: each task's outcome, progress events, the summary, and error results.

The reason constants fill the gradebook's ``reason`` column when a result was recorded without a
normal ``check()``; :func:`error_result` is the Result recorded then. Some reasons are grading
problems: the grading machinery failed (a child crashed, was killed or outlived its limit, a learner
worker was killed by the host), so the row is no verdict on the learner's work and the next run
grades it again. The others are verdicts on the submission itself (refused, empty).
"""
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from grader.i18n import check_text, exercise_title
from grader.results import ERROR, FAILED, NOT_STARTED, PASSED, CheckResult, Result

# Why a result was recorded without a normal check() (the gradebook's ``reason`` column).
EXERCISE_TIMEOUT, SUBMISSION_TIMEOUT, CRASH, GRADER_ERROR, HOST_KILLED = (
    "exercise_timeout", "submission_timeout", "crash", "grader_error", "host_killed")
BAD_SUBMISSION, EMPTY_SUBMISSION, LAYOUT = "submission", "empty", "layout"
GRADING_PROBLEMS = frozenset({EXERCISE_TIMEOUT, SUBMISSION_TIMEOUT, CRASH, GRADER_ERROR, HOST_KILLED})
# Exit codes of a batch: everything passed, some learner did not pass, the batch itself had problems.
EXIT_ALL_PASSED, EXIT_LEARNERS_FAILED, EXIT_BATCH_PROBLEMS = 0, 1, 2


def is_grading_problem(reason):
    """True when a result with this reason is a failure of the grading machinery, not a grade."""
    return reason in GRADING_PROBLEMS


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

    @property
    def grading_problem(self):
        """True when grading failed here (retried by the next run), so the score is no grade."""
        return is_grading_problem(self.reason)


@dataclass
class Event:
    """Progress of a batch, for a progress bar: 'plan' once, then 'start' and 'done' per task."""

    type: str
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
    notes: list[str] = field(default_factory=list)  # about the batch's input: names, layouts, stale folders

    @property
    def graded(self):
        """The outcomes graded in this run."""
        return [o for o in self.outcomes if not o.skipped]

    @property
    def skipped(self):
        """The outcomes skipped because submission and exercise were unchanged."""
        return [o for o in self.outcomes if o.skipped]

    def counts(self, outcomes=None):
        """``{status: n}`` over ``outcomes`` (default: those graded in this run)."""
        counts = {s: 0 for s in (PASSED, FAILED, NOT_STARTED, ERROR)}
        for o in self.graded if outcomes is None else outcomes:
            counts[o.status] = counts.get(o.status, 0) + 1
        return counts

    @property
    def all_passed(self):
        """True when every outcome, graded or skipped, passed."""
        return all(o.status == PASSED for o in self.outcomes)

    @property
    def grading_problems(self):
        """The outcomes where grading failed (no verdict; the next run retries them)."""
        return [o for o in self.outcomes if o.grading_problem]

    @property
    def refused(self):
        """The outcomes of submissions that could not be graded at all (refused with a reason)."""
        return [o for o in self.outcomes if o.reason == BAD_SUBMISSION]

    @property
    def exit_code(self):
        """2 when the batch itself had problems (grading problems, refused submissions), else 1 when some
        learner did not pass everything, else 0."""
        if self.grading_problems or self.refused:
            return EXIT_BATCH_PROBLEMS
        return EXIT_ALL_PASSED if self.all_passed else EXIT_LEARNERS_FAILED

    def to_dict(self):
        """The summary as JSON-able data."""
        return {"gradebook": str(self.gradebook), "jobs": self.jobs, "wall_time": round(self.wall_time, 3),
                "shard": list(self.shard) if self.shard else None, "submissions": self.submissions,
                "ignored": self.ignored, "notes": self.notes, "counts": self.counts(),
                "skipped": len(self.skipped), "exit_code": self.exit_code,
                "grading_problems": [{"submission": o.submission, "exercise": o.exercise, "reason": o.reason}
                                     for o in self.grading_problems],
                "outcomes": [asdict(o) for o in self.outcomes]}


def error_result(entry, message):
    """A Result with every check of ``entry`` in error with ``message`` (nothing could be graded).

    Titles are in the current language, like those of a normal ``check()``.
    """
    checks = [CheckResult(c.id, check_text(entry, c)[0], ERROR, 0.0, c.points, message, None) for c in entry.checks]
    return Result.from_checks(entry.id, exercise_title(entry), checks)


def hide_paths(result, workspace, name, tmp):
    """``result`` without the grader's temporary paths: the submission's copy in ``workspace`` becomes
    ``name``, anything else under ``tmp`` (a worker's home, a task folder) becomes '…'."""
    def clean(text):
        text = text.replace(str(workspace), name)
        return re.sub(re.escape(str(tmp)) + r"[^\s'\"]*", "…", text)

    checks = [replace(c, message=clean(c.message or ""), hint=c.hint and clean(c.hint)) for c in result.checks]
    return replace(result, checks=checks, integrity=[clean(note) for note in result.integrity])
