"""Kinds of catalog entry (a Python exercise, a quiz, ...): what differs between them, behind one protocol.

Callers never test an entry's kind; they ask :func:`of` for the object that knows it. A new kind is
one more module in this package whose ``KINDS`` maps the catalog ``kind`` values it serves to an
object with the methods of :class:`Kind`, plus the kind's row in ``catalog_schema.KINDS`` (its file
suffix and hint levels, which the catalog validates without importing the grader); no caller changes
(tests/test_kinds.py adds one). The kind modules import the heavy
parts (the runner, the quiz package) inside their methods, so looking a kind up stays cheap.
"""
import functools
import importlib
import pkgutil
from pathlib import Path
from typing import Protocol


class Kind(Protocol):
    """What one kind of catalog entry does; ``entry`` is always a ``catalog.Exercise`` of that kind."""

    group: str  # the plural noun it is counted under ('exercises', 'quizzes')
    interactive: bool  # its questions can be answered one by one in the terminal (``dlgrade quiz``)
    preload: tuple[str, ...]  # modules a batch's grading children import ahead, once, in their forkserver

    def check(self, entry, *, workspace=None, module_path=None, checks=None, limits=None, training_log=None):
        """The Result of the learner's file (``workspace/<entry file>`` or ``module_path``)."""

    def prepared(self, entry, workspace):
        """A context manager in which the next ``check`` of ``entry`` in ``workspace`` starts faster (watch
        mode enters it while the learner edits): what the check will need is imported or started ahead,
        and what it did not use is stopped on leaving."""

    def starting_text(self, entry, workspace) -> str | None:
        """What a new (or reset) workspace file holds; None when the kind ships no file for ``entry``."""

    def is_untouched(self, entry, path) -> bool:
        """True when the learner's file at ``path`` is still as the workspace was given it."""

    def render_result(self, result, entry, *, every_failure=False):
        """The rich renderable that shows ``result`` to the learner (``every_failure``: no failure left out)."""

    def checks_of(self, entry, name) -> tuple[str, ...]:
        """Ids of the checks about ``name`` (a function of an exercise, a question of a quiz), in order."""

    def solution_view(self, entry, workspace):
        """The rich renderable of the reference (for the workspace's learner)."""

    def verify(self, entry) -> list[tuple[str, bool, str]]:
        """``dlgrade verify``'s rows for ``entry``: (what, ok, detail)."""

    def fingerprint_inputs(self, entry) -> list[Path]:
        """The files whose bytes decide ``entry``'s verdicts (a batch regrades when one changes)."""

    def answers_text(self, entry, workspace) -> str | None:
        """The text of the learner's answers, compared across a class to flag copies; None for a kind
        without answers to compare (or when the file is missing or unreadable)."""

    def files_to_watch(self, entry) -> tuple[str, ...]:
        """Names of the workspace files whose saving should re-check ``entry``."""


class UnknownKind(LookupError):
    """A catalog entry whose kind no module in grader/kinds serves."""


@functools.cache
def registry() -> dict[str, Kind]:
    """{catalog kind: Kind} from every module of this package."""
    kinds = {}
    for module in pkgutil.iter_modules(__path__):
        kinds.update(importlib.import_module(f"{__name__}.{module.name}").KINDS)
    return kinds


def of(entry) -> Kind:
    """The Kind of a catalog entry."""
    try:
        return registry()[entry.kind]
    except KeyError:
        raise UnknownKind(f"{entry.id}: unknown kind '{entry.kind}' (known: {', '.join(sorted(registry()))})") \
            from None
