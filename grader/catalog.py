"""The course catalog (``catalog.toml``): every exercise and quiz in course order, loaded and validated.

Every per-exercise path (stub, solution, checks module, translations, ...) is derived here, from the
entry's id and slug, and nowhere else. The schema lives in ``grader/catalog_schema.py``; a catalog
that breaks it does not load. This module imports nothing else of the grader.
"""
import ast
import difflib
import functools
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from grader import course_pack
from grader.catalog_schema import DEFAULT_KIND, KINDS, CatalogError, validate
from grader.course_pack import BUILTIN, GRADER_DIR, PACKAGE_ROOT, Pack

CATALOG_FILE = BUILTIN.catalog_file
CHECKS_DIR = BUILTIN.checks_dir

__all__ = ["CatalogError", "Check", "Exercise", "UnknownExercise", "exercises", "load", "resolve",
           "source_language"]


class UnknownExercise(LookupError):
    """A name that matches no exercise or quiz; ``suggestion`` is the closest id or None."""

    def __init__(self, name, suggestion):
        hint = f"did you mean {suggestion}?" if suggestion else "run 'dlgrade list' to see them"
        super().__init__(f"unknown exercise '{name}'; {hint}")
        self.name, self.suggestion = name, suggestion


@dataclass(frozen=True)
class Check:
    """One graded check of an exercise: the test function ``test_<id>`` in its checks module."""

    id: str
    title: str
    points: float
    hint: str | None = None
    depends_on: tuple[str, ...] = ()  # checks of the same exercise that must pass first


@dataclass(frozen=True)
class Exercise:
    """One catalog entry (an exercise or a quiz)."""

    id: str
    slug: str
    title: str
    term: str  # the seed note's own term for the topic
    section: str
    kind: str
    hints: tuple[str, ...]
    checks: tuple[Check, ...]
    source_language: str  # the language of the catalog's texts
    check_budget: float = 60.0  # seconds for all the learner calls of one check
    worker_limits: tuple[tuple[str, float], ...] = ()  # the entry's overrides of the worker's default limits
    mutable_arguments: tuple[str, ...] = ()  # containers the contract lets functions update in place
    messages: dict = field(default_factory=dict, hash=False, compare=False)  # its checks' sentences
    pack: Pack = BUILTIN  # the course it belongs to, which holds its files
    bank_file: Path | None = None  # a quiz bank that an extending course puts in place of its own

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
        return self.module_name + KINDS[self.kind].suffix

    @property
    def bank_path(self) -> Path:
        """A quiz's question bank in its course's ``quizbank/``: its questions are its checks."""
        return self.bank_file or self.pack.quizbank_dir / f"{self.module_name}.toml"

    @property
    def stub_path(self) -> Path:
        """The stub shipped in ``exercises/`` (instructions in the catalog's language)."""
        return self.pack.exercises_dir / self.filename

    def stub_in(self, lang: str) -> Path:
        """The stub whose docstrings and TODOs are in ``lang`` (``exercises/<lang>/``); the catalog-language
        stub while the exercise has no such translation."""
        translated = self.pack.exercises_dir / lang / self.filename
        return translated if lang != self.source_language and translated.is_file() else self.stub_path

    @property
    def solution_path(self) -> Path:
        """The reference solution in its course's ``solutions/``."""
        return self.pack.solutions_dir / self.filename

    @property
    def reference_module(self) -> str:
        """The import name of the reference solution in the grader (distinct per course)."""
        return f"{self.pack.import_prefix}.{self.module_name}"

    @property
    def checks_path(self) -> Path:
        """The pytest module holding this exercise's checks."""
        return self.pack.checks_dir / self.filename

    @property
    def pytest_ini(self) -> Path:
        """The pytest configuration its checks run under (the grader's, whichever course they belong to)."""
        return CHECKS_DIR / "pytest.ini"

    @property
    def check_helpers(self) -> tuple[Path, ...]:
        """The shared modules checks may use (``grader/checklib/``, ``grader/checks/_*.py``, its course's
        ``checks/_*.py``), in a fixed order."""
        folders = dict.fromkeys((BUILTIN.checks_dir, self.pack.checks_dir))
        return tuple(sorted((GRADER_DIR / "checklib").glob("*.py")) + [p for f in folders for p in sorted(f.glob("_*.py"))])

    @property
    def guarded_dirs(self) -> tuple[Path, ...]:
        """Folders the learner's code must never read: the references and the checks of its course and of the
        built-in one."""
        return tuple(dict.fromkeys((self.pack.solutions_dir, self.pack.checks_dir, BUILTIN.solutions_dir,
                                    BUILTIN.checks_dir)))

    def translation_path(self, lang: str) -> Path:
        """Its texts in ``lang`` (title, hints, checks, its checks' sentences): ``locales/<lang>/catalog/``."""
        return self.pack.locales_dir / lang / "catalog" / f"{self.module_name}.toml"

    @property
    def max_score(self) -> float:
        """Sum of the points of all checks."""
        return float(sum(c.points for c in self.checks))

    @property
    def functions(self) -> frozenset[str]:
        """The public functions the stub defines: the names a learner's file must keep (none for a quiz)."""
        return frozenset(public_functions(self.stub_path)) if self.stub_path.suffix == ".py" else frozenset()

    def check(self, check_id: str) -> Check:
        """The check with this id."""
        return next(c for c in self.checks if c.id == check_id)


def public_functions(path) -> set[str]:
    """Names of the top-level public functions defined in a Python file."""
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")}


@dataclass(frozen=True)
class Catalog:
    """A loaded catalog: its language and its entries in course order."""

    language: str
    exercises: tuple[Exercise, ...]


def _quiz_checks(bank: Path) -> tuple[Check, ...]:
    """A quiz's checks: the ids, titles and points of the questions in its bank (the only list of them)."""
    try:
        with open(bank, "rb") as handle:
            questions = tomllib.load(handle)["question"]
        return tuple(Check(id=q["id"], title=q["title"], points=float(q["points"])) for q in questions)
    except (OSError, ValueError, KeyError, TypeError):
        return ()  # grader.quiz.bank reports what is wrong with the bank


def _exercise(entry: dict, language: str, pack: Pack) -> Exercise:
    kind = entry.get("kind", DEFAULT_KIND)
    checks = tuple(Check(id=c["id"], title=c["title"], points=float(c.get("points", 1)), hint=c.get("hint"),
                         depends_on=tuple(c.get("depends_on", ()))) for c in entry.get("check", []))
    exercise = Exercise(
        id=entry["id"], slug=entry["slug"], title=entry["title"], term=entry.get("term", ""),
        section=entry["section"], kind=kind, hints=tuple(entry.get("hints", ())), checks=checks,
        source_language=language, **({"check_budget": float(entry["check_budget"])} if "check_budget" in entry else {}),
        worker_limits=tuple(sorted((k, entry[k]) for k in ("timeout", "import_timeout", "memory_mb") if k in entry)),
        mutable_arguments=tuple(entry.get("mutable_arguments", ())), messages=dict(entry.get("messages", {})),
        pack=pack)
    if KINDS[kind].checks_in_bank:
        exercise = replace(exercise, checks=_quiz_checks(exercise.bank_path))
    return exercise


def load(path: Path | None = None, *, pack: Pack | None = None) -> Catalog:
    """The catalog of ``pack`` (or the one in the file ``path``, whose folder is a pack; default: the built-in
    course), validated; raises CatalogError (one line naming the file and entry)."""
    if pack is None:
        pack = BUILTIN if path is None or Path(path) == BUILTIN.catalog_file else course_pack.folder(Path(path).parent)
    path = pack.catalog_file
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CatalogError(f"{path}: {error}") from None
    entries = validate(data, path, checks_dir=pack.checks_dir)
    own = tuple(_exercise(e, data["language"], pack) for e in entries)
    if "extends" not in data:
        return Catalog(data["language"], own)
    return Catalog(data["language"], _extended(data["extends"], data["language"], own, pack, path))


def _extended(base_name, language, own, pack, path):
    """The base course's entries (each quiz with this course's bank where it has one) followed by its own."""
    try:
        base = of_pack(_base_pack(base_name, pack))
    except course_pack.PackError as error:
        raise CatalogError(f"{path}: top level: extends: {error}") from None
    if base.language != language:
        raise CatalogError(f"{path}: top level: language '{language}' differs from the extended course's "
                           f"'{base.language}'")
    taken = {e.id for e in base.exercises} & {e.id for e in own}
    if taken:
        raise CatalogError(f"{path}: exercise '{sorted(taken)[0]}': duplicate id: the extended course has it")
    inherited = []
    for entry in base.exercises:
        bank = pack.quizbank_dir / f"{entry.module_name}.toml"
        if KINDS[entry.kind].checks_in_bank and bank.is_file():
            entry = replace(entry, bank_file=bank, checks=_quiz_checks(bank))
        inherited.append(entry)
    return (*inherited, *own)


def _base_pack(value, pack):
    """The pack ``extends = value`` names: a folder read from the extending pack's own folder (wherever the
    command runs), else what ``--course value`` names (``builtin``, an installed course)."""
    beside = pack.catalog_file.parent / Path(value).expanduser()
    if value != course_pack.BUILTIN_NAME and beside.is_dir():
        return course_pack.folder(beside)
    return course_pack.named(value)


@functools.cache
def of_pack(pack: Pack) -> Catalog:
    """The catalog of ``pack``, loaded once per process."""
    return load(pack=pack)


def _catalog() -> Catalog:
    """The catalog of the running command's course (``course_pack.active()``)."""
    try:
        return of_pack(course_pack.active())
    except course_pack.PackError as error:
        raise CatalogError(str(error)) from None


def exercises() -> tuple[Exercise, ...]:
    """All catalog entries in course order."""
    return _catalog().exercises


def source_language() -> str:
    """The language the catalog's titles, hints and check sentences are written in."""
    return _catalog().language


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
