"""The Result of checking one exercise: plain data with a stable JSON form (DESIGN.md)."""
import json
from dataclasses import asdict, dataclass, field

PASSED, FAILED, NOT_STARTED, ERROR = "passed", "failed", "not_started", "error"
STATUSES = (PASSED, FAILED, NOT_STARTED, ERROR)


@dataclass
class CheckResult:
    """The outcome of one check."""

    id: str
    title: str
    status: str
    points: float
    max_points: float
    message: str = ""
    hint: str | None = None
    output: str | None = None  # the last lines the learner's code printed during a check that did not pass
    output_omitted: int = 0  # how many lines printed before those were left out


@dataclass
class Result:
    """The outcome of checking one exercise or quiz."""

    exercise: str
    title: str
    status: str
    score: float
    max_score: float
    checks: list[CheckResult] = field(default_factory=list)
    integrity: list[str] = field(default_factory=list)

    @classmethod
    def from_checks(cls, exercise, title, checks, integrity=()):
        """Build a Result, deriving the score and the overall status from the checks."""
        return cls(exercise=exercise, title=title, status=overall_status(checks),
                   score=float(sum(c.points for c in checks)), max_score=float(sum(c.max_points for c in checks)),
                   checks=list(checks), integrity=sorted(set(integrity)))

    @classmethod
    def from_dict(cls, data):
        """Inverse of :meth:`to_dict`."""
        checks = [CheckResult(**c) for c in data.get("checks", [])]
        return cls(**{**data, "checks": checks})

    def to_dict(self):
        """The Result as JSON-able data."""
        return asdict(self)

    def to_json(self, indent=2):
        """The Result as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def get(self, check_id):
        """The CheckResult with this id."""
        return next(c for c in self.checks if c.id == check_id)

    @property
    def passed(self):
        """True when every check passed."""
        return self.status == PASSED


def overall_status(checks):
    """passed when all passed, not_started when none was attempted, error when any check errs, else failed."""
    statuses = {c.status for c in checks}
    if not statuses:
        return ERROR
    if statuses == {PASSED}:
        return PASSED
    if statuses == {NOT_STARTED}:
        return NOT_STARTED
    return ERROR if ERROR in statuses else FAILED
