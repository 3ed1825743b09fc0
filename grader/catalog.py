"""Loader for ``catalog.toml``, the one list of exercises and quizzes in course order.

Paths are derived from ids here and nowhere else; this module imports nothing of the grader.
"""
import difflib
import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
CATALOG_FILE = Path(__file__).resolve().parent / "catalog.toml"
QUIZBANK_DIR = Path(__file__).resolve().parent / "quizbank"


class UnknownExercise(LookupError):
    """A name that matches no exercise or quiz; ``suggestion`` is the closest id or None."""

    def __init__(self, name, suggestion):
        hint = f"did you mean {suggestion}?" if suggestion else "run 'dlgrade list' to see them"
        super().__init__(f"unknown exercise '{name}'; {hint}")
        self.name, self.suggestion = name, suggestion


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
    messages: dict = field(default_factory=dict, hash=False, compare=False)  # its checks' sentences (English)

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
        """Name of the learner's file in a workspace (for a quiz, its plain-text answers file)."""
        return f"{self.module_name}.txt" if self.kind == "quiz" else f"{self.module_name}.py"

    @property
    def bank_path(self) -> Path:
        """A quiz's question bank in ``grader/quizbank/``: its questions are its checks."""
        return QUIZBANK_DIR / f"{self.module_name}.toml"

    @property
    def stub_path(self) -> Path:
        """The stub shipped in ``exercises/`` (English instructions)."""
        return PACKAGE_ROOT / "exercises" / self.filename

    def stub_in(self, lang: str) -> Path:
        """The stub whose docstrings and TODOs are in ``lang``: ``exercises/<lang>/`` beside the English one."""
        return self.stub_path if lang == "en" else PACKAGE_ROOT / "exercises" / lang / self.filename

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


def _quiz_checks(entry: dict) -> tuple[Check, ...]:
    """A quiz's checks: the ids, titles and points of the questions in its bank (the only list of them)."""
    try:
        with open(QUIZBANK_DIR / f"{entry['id']}_{entry['slug']}.toml", "rb") as handle:
            questions = tomllib.load(handle)["question"]
        return tuple(Check(id=q["id"], title=q["title"], points=float(q["points"])) for q in questions)
    except (OSError, ValueError, KeyError, TypeError):
        return ()  # grader.quiz.bank reports what is wrong with the bank


def _parse(entry: dict) -> Exercise:
    checks = _quiz_checks(entry) if entry.get("kind") == "quiz" else \
        tuple(Check(id=c["id"], title=c["title"], points=float(c.get("points", 1)), hint=c.get("hint"))
              for c in entry.get("check", []))
    fields = {k: entry[k] for k in ("timeout", "import_timeout", "memory_mb", "check_budget") if k in entry}
    fields["mutable_arguments"] = tuple(entry.get("mutable_arguments", ()))
    fields["messages"] = dict(entry.get("messages", {}))
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
    raise UnknownExercise(name, close[0] if close else None)
