"""Class analytics of a gradebook: the numbers behind ``dlgrade gradebook report``, as plain data.

``analyse(records)`` answers an instructor's questions: who needs help (learners sorted by score),
which checks fail among the learners who attempted the exercise (so a real bug rises above
not-started work), which mistakes are common (grouped by the message template, the diagnosis, not
by the text with its values), and what is wrong with the batch itself (grading problems, integrity
notes, copied quiz files, misplaced layouts), each naming the learners.
"""
import statistics
from collections import Counter
from dataclasses import dataclass, field

from grader.batch import hints
from grader.batch.cells import exercise_columns
from grader.batch.diagnoses import diagnosis, first_line, template_text
from grader.batch.outcomes import is_grading_problem
from grader.i18n import language
from grader.results import ERROR, FAILED, NOT_STARTED, PASSED

BINS = 10
MAX_LINE = 160
# Diagnoses saying the learner's file is not there: that exercise was not attempted, whatever its status.
NOT_SUBMITTED = frozenset({"fault.missing_file", "quiz.score.missing", "quiz.score.missing_here"})


@dataclass
class ExerciseStats:
    id: str
    title: str
    max_score: float
    graded: int = 0
    mean: float = 0.0
    median: float = 0.0
    counts: dict = field(default_factory=dict)  # status -> n


@dataclass
class CheckStats:
    """One check over the learners who attempted its exercise (their result was a grade, not not-started)."""

    exercise: str
    check: str
    title: str
    attempted: int = 0
    counts: dict = field(default_factory=dict)  # status -> n among those who attempted the exercise
    failing: list = field(default_factory=list)  # learners for whom it failed or erred

    @property
    def failure_rate(self):
        """Share of attempts where this check failed or erred (a not-started check is counted apart)."""
        tried = self.attempted - self.counts.get(NOT_STARTED, 0)
        return (self.counts.get(FAILED, 0) + self.counts.get(ERROR, 0)) / tried if tried else 0.0

    @property
    def anchor(self):
        """The HTML id of the check's list of failing learners."""
        return f"check-{self.exercise}-{self.check}"


@dataclass
class Mistake:
    """A diagnosis shared by learners in one exercise: its template, where it occurs and who made it."""

    exercise: str
    key: str | None  # the message template's key; None when no template matched (the first line groups)
    text: str        # the template in the current language, values shown as '…'
    example: str     # one learner's first line
    learners: list = field(default_factory=list)
    checks: list = field(default_factory=list)  # check ids, most frequent first


@dataclass
class LearnerRow:
    """One learner for the 'who needs help' table."""

    name: str
    total: float
    max_total: float
    passed: int
    attempted: int
    status: str
    flags: list = field(default_factory=list)  # (short note, is a grading problem): problems, integrity, layout
    hints: int | None = None  # hints used as the learner's workspace recorded them; None when it did not say

    @property
    def percent(self):
        return 100 * self.total / self.max_total if self.max_total else 0.0


@dataclass
class Analytics:
    submissions: int
    max_total: float
    totals: list          # (name, total) sorted by name
    distribution: list    # (label, count) of totals as percent of max_total, BINS bins
    exercises: list       # ExerciseStats, course order
    checks: list          # CheckStats, highest failure rate first
    mistakes: list        # Mistake, most learners first
    slowest: list         # (name, seconds, slowest exercise, its seconds), slowest first
    learners: list = field(default_factory=list)  # LearnerRow, who needs help first
    problems: list = field(default_factory=list)  # (submission, exercise, reason, first line): grading problems
    notes: list = field(default_factory=list)  # (submission, exercise, kind, note): integrity and batch notes
    courses: list = field(default_factory=list)  # (course <name>@<version> or None: not recorded, results), sorted

    @property
    def mean_percent(self):
        return 100 * statistics.fmean(t for _, t in self.totals) / self.max_total if self.totals and self.max_total \
            else 0.0

    @property
    def median_percent(self):
        return 100 * statistics.median(t for _, t in self.totals) / self.max_total if self.totals and self.max_total \
            else 0.0


def normalise_message(message, limit=MAX_LINE):
    """The first line of a message, whitespace collapsed and cut to ``limit`` characters."""
    line = " ".join(first_line(message).split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


def _bins(percents):
    counts = [0] * BINS
    for p in percents:
        counts[min(BINS - 1, max(0, int(p // (100 / BINS))))] += 1
    width = 100 // BINS
    return [(f"{i * width}–{(i + 1) * width}%", n) for i, n in enumerate(counts)]


def _notes(record):
    """(exercise, kind, note) of a learner: the results' integrity notes, then the batch's notes."""
    found = [(e, "integrity", note) for e, g in record.graded.items() for note in g.result.integrity]
    return found + [(e, kind, note) for e, kind, note in record.notes if kind != hints.KIND]


def _hints(record):
    counts = [int(note) for _, label, note in record.notes if label == hints.KIND and note.isdigit()]
    return sum(counts) if counts else None


def attempted(graded):
    """True when a stored result shows the learner tried the exercise: a grade (no reason recorded), not
    'not started', and their file was there."""
    result = graded.result
    if graded.reason or result.status == NOT_STARTED:
        return False
    return not (result.status == ERROR and result.checks and diagnosis(result.checks[0].message) in NOT_SUBMITTED)


def _learner(record, columns):
    graded = {e: g for e, g in record.graded.items() if not is_grading_problem(g.reason)}
    tried = sum(attempted(g) for g in graded.values())
    passed = sum(g.result.status == PASSED for g in graded.values())
    flags = [(f"{e}: {g.reason}", True) for e, g in record.graded.items() if is_grading_problem(g.reason)]
    flags += [(f"{e}: {kind}" if e else kind, False) for e, kind, _ in _notes(record)]
    return LearnerRow(record.name, record.total, sum(m for _, _, m in columns), passed, tried, record.status,
                      list(dict.fromkeys(flags)), _hints(record))


def _mistakes(failures, top):
    """Group ``failures`` = [(learner, exercise, check id, message)] by exercise and diagnosis."""
    groups = {}
    for learner, exercise, check, message in failures:
        key = diagnosis(message)
        line = normalise_message(message)
        group = groups.setdefault((exercise, key or line), Mistake(
            exercise, key, template_text(key, language()) if key else line, line))
        if learner not in group.learners:
            group.learners.append(learner)
        group.checks.append(check)
    ranked = sorted(groups.values(), key=lambda m: (-len(m.learners), m.exercise, m.text))[:top]
    for mistake in ranked:
        mistake.checks = [c for c, _ in Counter(mistake.checks).most_common()]
    return ranked


def analyse(records, *, top=15):
    """Class analytics of loaded gradebook records."""
    columns = exercise_columns(records)
    max_total = sum(m for _, _, m in columns)
    exercises = {e: ExerciseStats(e, t, m) for e, t, m in columns}
    scores, checks, failures, problems, notes = {}, {}, [], [], []
    for record in records:
        notes += [(record.name, e, kind, note) for e, kind, note in _notes(record)]
        for exercise, graded in record.graded.items():
            result = graded.result
            if is_grading_problem(graded.reason):  # no verdict: kept out of every rate
                problems.append((record.name, exercise, graded.reason,
                                 normalise_message(result.checks[0].message if result.checks else "")))
                continue
            stats = exercises[exercise]
            stats.graded += 1
            stats.counts[result.status] = stats.counts.get(result.status, 0) + 1
            scores.setdefault(exercise, []).append(result.score)
            if not attempted(graded):
                continue
            for check in result.checks:
                entry = checks.setdefault((exercise, check.id), CheckStats(exercise, check.id, check.title))
                entry.attempted += 1
                entry.counts[check.status] = entry.counts.get(check.status, 0) + 1
                if check.status in (FAILED, ERROR):
                    entry.failing.append(record.name)
                    failures.append((record.name, exercise, check.id, check.message))
    for exercise, values in scores.items():
        exercises[exercise].mean = statistics.fmean(values)
        exercises[exercise].median = statistics.median(values)
    totals = [(r.name, r.total) for r in records]
    courses = Counter(graded.course for record in records for graded in record.graded.values())
    slowest = []
    for record in sorted(records, key=lambda r: -r.duration)[:10]:
        worst = max(record.graded.values(), key=lambda g: g.duration, default=None)
        slowest.append((record.name, record.duration, worst.exercise if worst else "", worst.duration if worst else 0))
    learners = sorted((_learner(r, columns) for r in records), key=lambda l: (l.percent, l.passed, l.name))
    percents = [100 * t / max_total for _, t in totals] if max_total else []
    return Analytics(submissions=len(records), max_total=max_total, totals=totals, distribution=_bins(percents),
                     exercises=list(exercises.values()),
                     checks=sorted(checks.values(), key=lambda c: (-c.failure_rate, c.exercise, c.check)),
                     mistakes=_mistakes(failures, top), slowest=slowest, learners=learners, problems=problems,
                     notes=notes, courses=sorted(courses.items(), key=lambda item: (item[0] is None, item[0] or "")))
