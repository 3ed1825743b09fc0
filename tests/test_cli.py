"""The dlgrade command line: exit codes, JSON schema, id aliases, workspace discovery, help in both languages."""
import json
import re

import click
import pytest
from click.testing import CliRunner

from grader import catalog
from grader.cli import main

RESULT_KEYS = {"exercise", "title", "status", "score", "max_score", "checks", "integrity"}
CHECK_KEYS = {"id", "title", "status", "points", "max_points", "message", "hint", "output", "output_omitted"}


@pytest.fixture
def workspace(tmp_path):
    """A fresh workspace made by `dlgrade init`."""
    folder = tmp_path / "ws"
    result = CliRunner().invoke(main, ["init", str(folder), "--learner-id", "learner-1"])
    assert result.exit_code == 0, result.output
    return folder


def run(*args):
    """Invoke the CLI; returns click's Result."""
    return CliRunner().invoke(main, [str(a) for a in args])


def test_init_copies_every_stub_and_keeps_existing_files(workspace):
    for exercise in catalog.exercises():
        if exercise.kind == "quiz":
            assert "learner-1" in (workspace / exercise.filename).read_text()
        else:
            assert (workspace / exercise.filename).read_bytes() == exercise.stub_path.read_bytes()
    (workspace / "exercise01_perceptron.py").write_text("# my work\n")
    again = run("init", workspace)
    assert again.exit_code == 0
    assert (workspace / "exercise01_perceptron.py").read_text() == "# my work\n"
    assert "kept" in again.output


def test_check_stub_is_not_started_with_exit_1(workspace):
    result = run("check", "exercise02", "--workspace", workspace)
    assert result.exit_code == 1
    assert "not started" in result.output and "Score 0/" in result.output


def test_check_json_schema(workspace):
    result = run("check", "exercise02", "--workspace", workspace, "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert set(data) == RESULT_KEYS
    assert data["exercise"] == "exercise02" and data["status"] == "not_started" and data["score"] == 0
    assert data["max_score"] == catalog.resolve("exercise02").max_score
    for item in data["checks"]:
        assert set(item) == CHECK_KEYS
        assert item["status"] == "not_started"
    assert data["integrity"] == []


def test_check_passing_solution_exits_0(workspace):
    exercise = catalog.resolve("exercise01")
    (workspace / exercise.filename).write_bytes(exercise.solution_path.read_bytes())
    result = run("check", "1", "--workspace", workspace, "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["status"] == "passed"


@pytest.mark.parametrize("alias", ["exercise03", "ex03", "ex3", "3", "03", "sgd", "EX3"])
def test_aliases_name_the_same_exercise(alias):
    assert catalog.resolve(alias).id == "exercise03"


def test_unknown_exercise_suggests_the_closest(workspace):
    result = run("check", "exercize03", "--workspace", workspace)
    assert result.exit_code == 2
    assert "unknown exercise 'exercize03'; did you mean exercise03?" in result.output


def test_missing_workspace_is_a_usage_error(tmp_path):
    result = run("check", "exercise01", "--workspace", tmp_path / "nope")
    assert result.exit_code == 2
    assert "does not exist" in result.output and "dlgrade init" in result.output


def test_workspace_found_by_walking_up(workspace, monkeypatch):
    inner = workspace / "notes" / "deeper"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    result = CliRunner().invoke(main, ["check", "ex2", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["status"] == "not_started"


def test_outside_a_workspace_check_says_how_to_make_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "ex2"])
    assert result.exit_code == 2
    assert "dlgrade init" in result.output


def test_list_shows_status_after_a_check(workspace, monkeypatch):
    exercise = catalog.resolve("exercise01")
    (workspace / exercise.filename).write_bytes(exercise.solution_path.read_bytes())
    run("check", "exercise01", "--workspace", workspace)
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.output.splitlines() if line.startswith("exercise")}
    assert "passed" in lines["exercise01"] and "9/9" in lines["exercise01"]
    assert "not started" in lines["exercise02"]
    (workspace / exercise.filename).write_text("# edited\n")
    assert "changed" in CliRunner().invoke(main, ["list"]).output


def test_hint_levels():
    first = run("hint", "exercise02")
    assert first.exit_code == 0 and "Hint 1/3" in first.output
    assert "Hint 3/3" in run("hint", "ex2", "--level", "3").output
    assert run("hint", "nonsense").exit_code == 2


def test_verify_one_exercise():
    result = run("verify", "exercise01")
    assert result.exit_code == 0, result.output
    assert "All solutions pass" in result.output


def test_no_color_output_has_no_escape_codes(workspace, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    result = run("check", "exercise02", "--workspace", workspace)
    assert "\x1b[" not in result.output


def test_doctor_reports_the_isolation_level():
    result = run("doctor")
    assert result.exit_code == 0
    assert "isolation" in result.output and ("bubblewrap" in result.output or "process" in result.output)
    assert "numpy" in result.output


def test_verify_rows_in_korean():
    result = run("--lang", "ko", "verify", "exercise01")
    assert result.exit_code == 0, result.output
    assert "모범 답안 통과" in result.output and "스텁은 '시작 안 함'" in result.output and "세부 내용" in result.output


# ------------------------------------------------------------------------------------------- help

def command_paths(command=main, path=()):
    """(words after 'dlgrade', command) for dlgrade itself and every command and group below it."""
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from command_paths(sub, (*path, name))


COMMANDS = dict(command_paths())


def english_sentences(command):
    """The sentences and clauses (of two words or more) of the command's description and option help, in English."""
    params = command.get_params(command.context_class(command))
    texts = [command.help, *(p.help for p in params if isinstance(p, click.Option))]
    return [s for text in texts for s in re.split(r"(?<=[.;])\s+", text) if len(s.split()) >= 2]


def flat(text):
    return " ".join(text.split())


@pytest.mark.parametrize("switch", ["option", "environment"])
@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(path) or "dlgrade")
def test_every_help_in_korean(path, switch, monkeypatch):
    english = english_sentences(COMMANDS[path])
    assert english
    if switch == "option":
        result = run("--lang", "ko", *path, "--help")
    else:
        monkeypatch.setenv("DLGRADE_LANG", "ko")
        result = run(*path, "--help")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("사용법: ") and "[옵션]" in result.output
    assert re.search("[가-힣]{2}", result.output.split("\n\n", 2)[1]), result.output  # the description
    shown = flat(result.output)
    assert [s for s in english if s in shown] == [], result.output


def test_english_help_is_unchanged():
    result = run("check", "--help")
    assert result.output.startswith("Usage: main check [OPTIONS] [EXERCISE]\n")
    shown = flat(result.output)
    for sentence in ("Check your solution to EXERCISE (e.g. exercise03, ex3 or 3); default: the first unfinished one.",
                     "Options: -w, --workspace PATH Workspace folder (default: the one around the current directory).",
                     "--json Print the Result as JSON instead of a report.", "-h, --help Show this message and exit."):
        assert sentence in shown, result.output
    assert "Grade every learner in SUBMISSIONS" in flat(run("--help").output)
