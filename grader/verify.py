"""``verify()``: every entry's kind vouches for it (for exercises: the reference passes, the stub is
'not started', the files agree; for quizzes: the bank grades its own answers right)."""
from dataclasses import dataclass

from grader import catalog, kinds
from grader.course_texts import to_translate_rows


@dataclass(frozen=True)
class Row:
    """One verification outcome."""

    exercise: str
    what: str
    ok: bool
    detail: str = ""


def verify_exercise(exercise):
    """The verification rows of one catalog entry: its kind's, then the texts its translations still lack."""
    rows = [*kinds.of(exercise).verify(exercise), *to_translate_rows(exercise)]
    return [Row(exercise.id, what, ok, detail) for what, ok, detail in rows]


def verify(*, exercises=None):
    """Verify the named exercises (all by default); returns the rows."""
    chosen = [catalog.resolve(e) for e in exercises] if exercises else list(catalog.exercises())
    return [row for exercise in chosen for row in verify_exercise(exercise)]
