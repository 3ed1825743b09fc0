"""What a batch reports: each task's outcome, progress events, the summary, and error results.

The reason constants fill the gradebook's ``reason`` column when a result was recorded without a
normal ``check()``; :func:`error_result` is the Result recorded then.
"""
from dataclasses import asdict, dataclass, field
from pathlib import Path

from grader.i18n import check_text, exercise_title
from grader.results import ERROR, FAILED, NOT_STARTED, PASSED, CheckResult, Result

# Why a result was recorded without a normal check() (the gradebook's ``reason`` column).
EXERCISE_TIMEOUT, SUBMISSION_TIMEOUT, CRASH, GRADER_ERROR, BAD_SUBMISSION = (
    "exercise_timeout", "submission_timeout", "crash", "grader_error", "submission")


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

    def to_dict(self):
        """The summary as JSON-able data."""
        return {"gradebook": str(self.gradebook), "jobs": self.jobs, "wall_time": round(self.wall_time, 3),
                "shard": list(self.shard) if self.shard else None, "submissions": self.submissions,
                "ignored": self.ignored, "counts": self.counts(), "skipped": len(self.skipped),
                "outcomes": [asdict(o) for o in self.outcomes]}


def error_result(entry, message):
    """A Result with every check of ``entry`` in error with ``message`` (nothing could be graded).

    Titles are in the current language, like those of a normal ``check()``.
    """
    checks = [CheckResult(c.id, check_text(entry, c)[0], ERROR, 0.0, c.points, message, None) for c in entry.checks]
    return Result.from_checks(entry.id, exercise_title(entry), checks)
