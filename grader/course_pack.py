"""Course packs: the folders that hold a course (catalog, stubs, references, checks, banks, translations).

The built-in course is one pack among many and is found the same way: ``active()`` is the pack that
``DLGRADE_COURSE`` names (the CLI's ``--course`` sets it, so it reaches every process of a run, like the
language), else the built-in one. A pack folder is laid out as::

    catalog.toml   exercises/   solutions/   checks/   quizbank/   locales/<lang>/catalog/

Part of the catalog: it imports nothing of the grader.
"""
import functools
import hashlib
import importlib.metadata
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
GRADER_DIR = PACKAGE_ROOT / "grader"
VARIABLE = "DLGRADE_COURSE"
BUILTIN_NAME = "builtin"


class PackError(ValueError):
    """A course that cannot be used: the folder is missing or holds no catalog."""


@dataclass(frozen=True)
class Pack:
    """Where one course keeps each kind of file."""

    name: str
    catalog_file: Path
    exercises_dir: Path
    solutions_dir: Path
    checks_dir: Path
    quizbank_dir: Path
    locales_dir: Path

    @property
    def is_builtin(self) -> bool:
        """True for the course shipped inside dlgrade."""
        return self == BUILTIN

    @property
    def reference(self) -> str:
        """What finds the pack again (``DLGRADE_COURSE``, a workspace's marker): ``builtin`` or its folder."""
        return BUILTIN_NAME if self.is_builtin else str(self.catalog_file.parent)

    @property
    def proves_checks(self) -> bool:
        """Whether ``verify`` proves its checks with their tables of wrong and alternative implementations (the
        built-in course proves them in tests/checks/)."""
        return not self.is_builtin

    @property
    def import_prefix(self) -> str:
        """The package name its references are imported under in the grader (distinct per pack)."""
        if self.is_builtin:
            return "solutions"
        digest = hashlib.sha256(str(self.solutions_dir).encode()).hexdigest()[:12]
        return f"dlgrade_course_{digest}.solutions"

    def content_files(self) -> list[Path]:
        """Every file whose bytes make up the course, in a fixed order (what its hash covers)."""
        folders = (self.exercises_dir, self.solutions_dir, self.checks_dir, self.quizbank_dir, self.locales_dir)
        files = [self.catalog_file]
        for folder in folders:
            files += sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        return files

    def files(self) -> dict[str, bytes]:
        """``{path relative to the pack's folder: bytes}`` of a folder pack's content (what a remote worker
        is sent to grade with the same course)."""
        root = self.catalog_file.parent
        return {path.relative_to(root).as_posix(): path.read_bytes() for path in self.content_files()}

    def content_hash(self) -> str:
        """SHA-256 over the course's files (names relative to the course, and bytes): its version."""
        digest = hashlib.sha256()
        root = self.catalog_file.parent
        for path in self.content_files():
            name = path.relative_to(root) if path.is_relative_to(root) else path.relative_to(PACKAGE_ROOT)
            digest.update(f"{name}\0".encode() + path.read_bytes() + b"\0")
        return digest.hexdigest()


def folder(root) -> Pack:
    """The pack laid out in the folder ``root``; raises PackError when it holds no ``catalog.toml``."""
    root = Path(root).expanduser().resolve()
    if not (root / "catalog.toml").is_file():
        raise PackError(f"{root}: not a course pack (no catalog.toml in it, and no installed course of that name)")
    return Pack(name=root.name, catalog_file=root / "catalog.toml", exercises_dir=root / "exercises",
                solutions_dir=root / "solutions", checks_dir=root / "checks", quizbank_dir=root / "quizbank",
                locales_dir=root / "locales")


# The built-in course keeps its catalog, checks, banks and translations inside the grader package.
BUILTIN = Pack(name=BUILTIN_NAME, catalog_file=GRADER_DIR / "catalog.toml", exercises_dir=PACKAGE_ROOT / "exercises",
               solutions_dir=PACKAGE_ROOT / "solutions", checks_dir=GRADER_DIR / "checks",
               quizbank_dir=GRADER_DIR / "quizbank", locales_dir=GRADER_DIR / "locales")


ENTRY_POINTS = "dlgrade.courses"  # an installed distribution's packs: name = the package that is the pack's folder


def installed(name):
    """The folder of the pack an installed distribution offers as ``name`` (entry point group
    ``dlgrade.courses``, value a package whose folder holds the pack), or None. The package is found, not run."""
    for entry in importlib.metadata.entry_points(group=ENTRY_POINTS, name=name):
        spec = importlib.util.find_spec(entry.module)
        if spec is not None and spec.submodule_search_locations:
            return Path(list(spec.submodule_search_locations)[0])
    return None


@functools.cache
def named(value) -> Pack:
    """The pack a ``--course`` value or ``DLGRADE_COURSE`` names: ``builtin`` (or nothing), a folder, or the
    name of an installed course."""
    if not value or value == BUILTIN_NAME:
        return BUILTIN
    if not Path(value).expanduser().exists() and (place := installed(value)) is not None:
        return folder(place)
    return folder(value)


def active() -> Pack:
    """The pack of the running command: ``DLGRADE_COURSE``'s, else the built-in one."""
    return named(os.environ.get(VARIABLE, ""))


def reference_for(value) -> str:
    """What a workspace stores to find its pack again (``builtin`` or the folder's absolute path)."""
    return named(value).reference
