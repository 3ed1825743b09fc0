"""Kinds are plug-ins: every catalog kind has one, each implements the whole protocol, and a third kind
works through the CLI, practice, verify, the batch fingerprint, watch mode, the notebook and doctor
without any of them changing."""
import contextlib
import dataclasses
import inspect

import pytest
from click.testing import CliRunner
from rich.text import Text

from grader import catalog, catalog_schema, doctor, kinds, notebook, practice, verify, watch
from grader.batch.planning import exercise_fingerprint
from grader.cli import main
from grader.results import CheckResult, Result

PROTOCOL = [name for name, _ in inspect.getmembers(kinds.Kind, inspect.isfunction) if not name.startswith("_")]


def test_every_catalog_kind_has_a_kind_with_the_whole_protocol():
    assert set(kinds.registry()) == set(catalog_schema.KINDS)
    assert {"check", "starting_text", "is_untouched", "render_result", "solution_view", "verify",
            "fingerprint_inputs", "files_to_watch", "prepared"} <= set(PROTOCOL)
    for name, kind in kinds.registry().items():
        assert all(callable(getattr(kind, method, None)) for method in PROTOCOL), name
        assert isinstance(kind.group, str) and isinstance(kind.interactive, bool), name
        assert isinstance(kind.preload, tuple) and all(isinstance(m, str) for m in kind.preload), name


def test_an_entry_of_an_unknown_kind_is_named():
    entry = dataclasses.replace(catalog.resolve("exercise01"), kind="poem")
    with pytest.raises(kinds.UnknownKind, match="exercise01: unknown kind 'poem'"):
        kinds.of(entry)


class Essay:
    """A third kind: a Markdown file that passes once it says 'done'."""

    group = "essays"
    interactive = False
    preload = ()

    def __init__(self, reference):
        self.reference = reference

    def check(self, entry, *, workspace=None, module_path=None, checks=None, limits=None, training_log=None):
        path = module_path or f"{workspace}/{entry.filename}"
        done = "done" in open(path, encoding="utf-8").read()
        check = CheckResult("written", "the essay is written", "passed" if done else "not_started",
                            1.0 if done else 0.0, 1.0, "", None)
        return Result.from_checks(entry.id, entry.title, [check])

    def starting_text(self, entry, workspace):
        return "Write your essay here.\n"

    def is_untouched(self, entry, path):
        return open(path, encoding="utf-8").read() == "Write your essay here.\n"

    def render_result(self, result, entry, *, every_failure=False):
        return Text(f"essay {result.exercise}: {result.status}")

    def checks_of(self, entry, name):
        return ("written",) if name == "essay" else ()

    def solution_view(self, entry, workspace):
        return Text("a model essay")

    def verify(self, entry):
        return [("model essay", True, "")]

    def fingerprint_inputs(self, entry):
        return [self.reference]

    def answers_text(self, entry, workspace):
        return None

    def files_to_watch(self, entry):
        return (entry.filename,)

    def prepared(self, entry, workspace):
        return contextlib.nullcontext()


@pytest.fixture
def essay(tmp_path, monkeypatch):
    """essay01 appended to the course, its kind known to the catalog schema and to grader.kinds."""
    reference = tmp_path / "model_essay.md"
    reference.write_text("done, well argued\n", encoding="utf-8")
    monkeypatch.setitem(catalog_schema.KINDS, "essay",
                        catalog_schema.KindSchema(suffix=".md", hint_levels=0, checks_in_bank=False))
    monkeypatch.setitem(kinds.registry(), "essay", Essay(reference))
    entry = dataclasses.replace(catalog.resolve("exercise01"), id="essay01", slug="reflection", title="Reflection",
                                kind="essay", hints=(), checks=(catalog.Check("written", "the essay is written", 1.0),))
    course = (*catalog.exercises(), entry)
    monkeypatch.setattr(catalog, "exercises", lambda: course)
    return entry


def test_a_third_kind_needs_no_change_in_its_callers(essay, tmp_path, monkeypatch):
    folder = tmp_path / "ws"
    assert CliRunner().invoke(main, ["init", str(folder)]).exit_code == 0
    assert (folder / essay.filename).read_text(encoding="utf-8") == "Write your essay here.\n"
    assert practice.status(folder, essay) == ("not_started", 0.0)
    assert essay.filename in watch.watched_names()
    assert "1 essays" in dict(doctor.facts())["exercises"]

    checked = CliRunner().invoke(main, ["check", "essay01", "--workspace", str(folder)])
    assert checked.exit_code == 1 and "essay essay01: not_started" in checked.output
    assert CliRunner().invoke(main, ["solution", "essay01", "--workspace", str(folder)]).exit_code == 2  # locked
    (folder / essay.filename).write_text("done\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    assert repr(notebook.check("essay01")).strip() == "essay essay01: passed"
    assert practice.status(folder, essay) == ("passed", 1.0)
    shown = CliRunner().invoke(main, ["solution", "essay01", "--workspace", str(folder)])
    assert shown.exit_code == 0 and "a model essay" in shown.output

    assert [(r.what, r.ok) for r in verify.verify_exercise(essay)] == [("model essay", True)]
    before = exercise_fingerprint(essay)
    kinds.of(essay).reference.write_text("done, argued better\n", encoding="utf-8")
    assert exercise_fingerprint(essay) != before
