"""Loader for ``catalog.toml``, the one list of exercises and quizzes in course order.

Paths are derived from ids here and nowhere else; this module imports nothing of the grader.
"""
import difflib
import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
CATALOG_FILE = Path(__file__).resolve().parent / "catalog.toml"


class UnknownExercise(LookupError):
    """A name that matches no exercise or quiz; the message suggests the closest id."""


@dataclass(frozen=True)
class Check:
    """One graded check of an exercise: the test function ``test_<id>`` in its checks file."""

    id: str
    title: str
    points: float
    hint: str | None = None


@dataclass(frozen=True)
class Exercise:
    """One catalog entry (an exercise or a quiz)."""

    id: str
    slug: str
    title: str
    korean: str
    section: str
    kind: str
    hints: tuple[str, ...]
    checks: tuple[Check, ...]
    timeout: float = 5.0
    import_timeout: float = 20.0
    memory_mb: int = 2048
    check_budget: float = 60.0
    mutable_arguments: tuple[str, ...] = ()  # containers the contract lets functions update in place

    @property
    def number(self) -> int:
        """The exercise's number (3 for exercise03)."""
        return int(re.sub(r"\D", "", self.id))

    @property
    def module_name(self) -> str:
        """File stem shared by the stub, the solution and the checks."""
        return f"{self.id}_{self.slug}"

    @property
    def filename(self) -> str:
        """Name of the learner's file in a workspace."""
        return f"{self.module_name}.py"

    @property
    def stub_path(self) -> Path:
        """The stub shipped in ``exercises/``."""
        return PACKAGE_ROOT / "exercises" / self.filename

    @property
    def solution_path(self) -> Path:
        """The reference solution in ``solutions/``."""
        return PACKAGE_ROOT / "solutions" / self.filename

    @property
    def checks_path(self) -> Path:
        """The pytest module holding this exercise's checks."""
        return PACKAGE_ROOT / "grader" / "checks" / self.filename

    @property
    def max_score(self) -> float:
        """Sum of the points of all checks."""
        return float(sum(c.points for c in self.checks))

    def check(self, check_id: str) -> Check:
        """The check with this id."""
        return next(c for c in self.checks if c.id == check_id)


def _parse(entry: dict) -> Exercise:
    checks = tuple(Check(id=c["id"], title=c["title"], points=float(c.get("points", 1)), hint=c.get("hint"))
                   for c in entry.get("check", []))
    fields = {k: entry[k] for k in ("timeout", "import_timeout", "memory_mb", "check_budget") if k in entry}
    fields["mutable_arguments"] = tuple(entry.get("mutable_arguments", ()))
    return Exercise(id=entry["id"], slug=entry["slug"], title=entry["title"], korean=entry.get("korean", ""),
                    section=entry["section"], kind=entry.get("kind", "numpy"),
                    hints=tuple(entry.get("hints", ())), checks=checks, **fields)


@functools.cache
def exercises() -> tuple[Exercise, ...]:
    """All catalog entries in course order."""
    with open(CATALOG_FILE, "rb") as handle:
        data = tomllib.load(handle)
    return tuple(_parse(e) for e in data["exercise"])


def _aliases(exercise: Exercise) -> set[str]:
    prefix = re.sub(r"\d", "", exercise.id)
    short = {"exercise": "ex", "quiz": "q"}.get(prefix, prefix)
    n = exercise.number
    names = {exercise.id, exercise.slug, exercise.module_name, exercise.filename, f"{prefix}{n}",
             f"{short}{n}", f"{short}{n:02d}"}
    if prefix == "exercise":
        names |= {str(n), f"{n:02d}"}
    return {name.lower() for name in names}


def resolve(name: str) -> Exercise:
    """The exercise or quiz that ``name`` names ('exercise03', 'ex3', '3', 'sgd', ...)."""
    key = name.strip().lower()
    for exercise in exercises():
        if key in _aliases(exercise):
            return exercise
    ids = [e.id for e in exercises()]
    close = difflib.get_close_matches(key, ids, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}?" if close else "run 'dlgrade list' to see them"
    raise UnknownExercise(f"unknown exercise '{name}'; {hint}")
