"""``verify()``: every entry's kind vouches for it (for exercises: the reference passes, the stub is
'not started', the files agree; for quizzes: the bank grades its own answers right)."""
from dataclasses import dataclass

from grader import catalog, kinds


@dataclass(frozen=True)
class Row:
    """One verification outcome."""

    exercise: str
    what: str
    ok: bool
    detail: str = ""


def verify_exercise(exercise):
    """The verification rows of one catalog entry."""
    return [Row(exercise.id, what, ok, detail) for what, ok, detail in kinds.of(exercise).verify(exercise)]


def verify(*, exercises=None):
    """Verify the named exercises (all by default); returns the rows."""
    chosen = [catalog.resolve(e) for e in exercises] if exercises else list(catalog.exercises())
    return [row for exercise in chosen for row in verify_exercise(exercise)]
