"""Stubs in the learner's language: Korean instructions over the same code, and workspaces that remember it."""
import ast
import doctest
import json
import re

import pytest
from click.testing import CliRunner

from grader import catalog, kinds, practice, workspace as ws
from grader.cli import main
from grader.exercise_files import code_without_docstrings, structure, translations_differ

EXERCISES = [e for e in catalog.exercises() if e.kind != "quiz"]
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_korean_stub_is_the_english_stub_as_code(exercise):
    assert translations_differ(exercise) == []
    assert code_without_docstrings(exercise.stub_in("ko")) == code_without_docstrings(exercise.stub_path)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_korean_stub_examples_are_the_english_ones(exercise):
    parser = doctest.DocTestParser()

    def examples(path):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = [ast.get_docstring(n, clean=True) or "" for n in ast.walk(tree)
                if isinstance(n, (ast.Module, ast.FunctionDef))]
        return [(e.source, e.want) for doc in docs for e in parser.get_examples(doc)]

    assert examples(exercise.stub_in("ko")) == examples(exercise.stub_path)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_korean_stub_instructions_and_todos_are_korean(exercise):
    text = exercise.stub_in("ko").read_text(encoding="utf-8")
    docstrings = re.findall(r'"""(.*?)"""', text, flags=re.S)
    todos = re.findall(r"# TODO:(.*)", text)
    assert docstrings and todos
    assert all(HANGUL.search(d) for d in docstrings), [d[:60] for d in docstrings if not HANGUL.search(d)]
    assert all(HANGUL.search(todo) for todo in todos), todos


def test_a_changed_line_of_code_is_reported(tmp_path, monkeypatch):
    exercise = catalog.resolve("exercise01")
    changed = tmp_path / "ko" / exercise.filename
    changed.parent.mkdir()
    text = exercise.stub_in("ko").read_text(encoding="utf-8")
    changed.write_text(text.replace("def step(z):", "def step(z, threshold=0.0):"), encoding="utf-8")
    monkeypatch.setattr(type(exercise), "stub_in", lambda self, lang: changed if lang == "ko" else self.stub_path)
    assert translations_differ(exercise) == ["ko"]
    assert any("ko" in problem for problem in structure(exercise))
    changed.write_text(text.replace("# TODO:", "# 할 일:"), encoding="utf-8")  # comments are not code
    assert translations_differ(exercise) == []


def test_code_without_docstrings_drops_docstrings_only(tmp_path):
    first, second = tmp_path / "a.py", tmp_path / "b.py"
    first.write_text('"""One."""\n\ndef f(x):\n    """Doc."""\n    return x  # why\n')
    second.write_text('"""하나."""\n\ndef f(x):\n    """문서."""\n    return x\n')
    assert code_without_docstrings(first) == code_without_docstrings(second)
    second.write_text('"""하나."""\n\ndef f(x):\n    """문서."""\n    return "x"\n')
    assert code_without_docstrings(first) != code_without_docstrings(second)


def init(folder, *args, env_lang=None, monkeypatch):
    if env_lang:
        monkeypatch.setenv("DLGRADE_LANG", env_lang)
    else:
        monkeypatch.delenv("DLGRADE_LANG", raising=False)
    result = CliRunner().invoke(main, [*args, "init", str(folder), "--learner-id", "kim"])
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("how", ["env", "flag"])
def test_init_in_korean_writes_korean_stubs_and_remembers_the_language(tmp_path, monkeypatch, how):
    folder = tmp_path / "ws"
    init(folder, *(["--lang", "ko"] if how == "flag" else []), env_lang="ko" if how == "env" else None,
         monkeypatch=monkeypatch)
    for exercise in EXERCISES:
        assert (folder / exercise.filename).read_bytes() == exercise.stub_in("ko").read_bytes()
    marker = json.loads((folder / ".dlgrade" / "workspace.json").read_text(encoding="utf-8"))
    assert marker["format"] == ws.FORMAT and marker["lang"] == "ko" and marker["learner_id"] == "kim"
    assert ws.language(folder) == "ko"
    assert practice.status(folder, catalog.resolve("exercise01")) == ("not_started", 0.0)


def test_english_workspace_and_old_workspaces_are_english(tmp_path, monkeypatch):
    folder = tmp_path / "ws"
    init(folder, monkeypatch=monkeypatch)
    assert ws.language(folder) == "en"
    assert (folder / "exercise03_sgd.py").read_bytes() == catalog.resolve("exercise03").stub_path.read_bytes()
    marker = folder / ".dlgrade" / "workspace.json"
    old = json.loads(marker.read_text())
    del old["lang"]
    old["format"] = 1
    marker.write_text(json.dumps(old))
    assert ws.language(folder) == "en"


def test_reset_restores_the_stub_in_the_workspace_language(tmp_path, monkeypatch):
    folder = tmp_path / "ws"
    init(folder, env_lang="ko", monkeypatch=monkeypatch)
    monkeypatch.setenv("DLGRADE_LANG", "en")
    exercise = catalog.resolve("exercise02")
    (folder / exercise.filename).write_text("def sigmoid(z):\n    return z\n", encoding="utf-8")
    assert kinds.of(exercise).starting_text(exercise, folder) == exercise.stub_in("ko").read_text(encoding="utf-8")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_workspace_language_is_remembered_and_overridden(tmp_path, monkeypatch):
    monkeypatch.delenv("DLGRADE_LANG", raising=False)
    folder = tmp_path / "ws"
    assert run("init", folder, "--lang", "ko").exit_code == 0
    assert "DLGRADE_LANG" not in __import__("os").environ  # the choice lasts one command
    assert (folder / "exercise01_perceptron.py").read_bytes() == catalog.resolve("exercise01").stub_in("ko").read_bytes()
    korean = run("list", "-w", folder).output
    assert "제목" in korean and "단층 퍼셉트론" in korean and "Title" not in korean
    monkeypatch.chdir(folder)
    assert "시작 안 함" in run("check", "ex2").output  # found around the cwd, no flag
    assert "Title" in run("--lang", "en", "list").output  # --lang overrides
    monkeypatch.setenv("DLGRADE_LANG", "en")
    assert "Title" in run("list").output  # so does the environment


def test_click_usage_errors_speak_the_workspace_language(tmp_path, monkeypatch):
    monkeypatch.delenv("DLGRADE_LANG", raising=False)
    folder = tmp_path / "ws"
    run("init", folder, "--lang", "ko")
    monkeypatch.chdir(folder)
    bogus = run("check", "--bogus")
    assert bogus.exit_code == 2
    assert "'--bogus' 옵션은 없습니다." in bogus.output and "도움말을 보려면 'main check --help'" in bogus.output
    assert "Error" not in bogus.output and "Try" not in bogus.output
    assert "'chek' 명령은 없습니다. 'check' 말인가요?" in run("chek").output
    assert "인수가 빠졌습니다: 'EXERCISE'." in run("reset").output
    english = run("--lang", "en", "check", "--bogus").output
    assert "No such option '--bogus'." in english and "Try 'main check --help' for help." in english


def test_hint_without_an_id_is_for_the_current_exercise(tmp_path, monkeypatch):
    monkeypatch.delenv("DLGRADE_LANG", raising=False)
    folder = tmp_path / "ws"
    run("init", folder)
    monkeypatch.chdir(folder)
    shown = run("hint")
    assert shown.exit_code == 0 and "Hint 1/3 · exercise01" in shown.output


def test_korean_list_wraps_titles_and_sections_without_cutting_them(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    folder = tmp_path / "ws"
    run("init", folder, "--lang", "ko")
    shown = run("list", "-w", folder).output
    assert "…" not in shown and "갱신" in shown
