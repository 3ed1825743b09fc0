"""`dlgrade check ID --all-failures` (-v) shows every failing panel; `--only FUNCTION` runs one function's checks."""
import json

import pytest
from click.testing import CliRunner

from conftest import write_submission
from grader import catalog
from grader.check_selection import checks_of
from grader.cli import main

# Four failing checks: more than the three panels shown by default.
BROKEN = """
def sigmoid(z):
    return np.asarray(z, dtype=float) * 0.0 + 0.4

def tanh(z):
    return np.asarray(z, dtype=float) * 0.0 + 0.3
"""


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def broken(tmp_path, monkeypatch):
    monkeypatch.setenv("DLGRADE_LANG", "en")
    return write_submission(tmp_path / "ws", "exercise02", BROKEN)


def panels(output):
    return output.count("╭─")


def test_all_failures_shows_every_failing_panel(broken):
    short = run("check", "ex2", "-w", broken)
    failing = [c for c in json.loads(run("check", "ex2", "-w", broken, "--json").output)["checks"]
               if c["status"] != "passed"]
    assert len(failing) > 3 and panels(short.output) == 3 and "--all-failures shows them" in short.output
    for flag in ("--all-failures", "-v"):
        full = run("check", "ex2", "-w", broken, flag)
        assert full.exit_code == 1 and panels(full.output) == len(failing) and "more not shown" not in full.output


def test_only_runs_the_checks_of_one_function_and_records_nothing(broken):
    recorded = broken / ".dlgrade" / "results" / "exercise02.json"
    data = json.loads(run("check", "ex2", "-w", broken, "--only", "tanh", "--json").output)
    assert [c["id"] for c in data["checks"]] == ["tanh"] and data["checks"][0]["status"] == "failed"
    assert not recorded.exists()
    relu = run("check", "ex2", "-w", broken, "--only", "relu")
    assert relu.exit_code == 0 and "relu" in relu.output and "sigmoid" not in relu.output
    unknown = run("check", "ex2", "-w", broken, "--only", "sigmoidd")
    assert unknown.exit_code == 2 and "no check of exercise02 is about 'sigmoidd'" in unknown.output


def test_only_on_a_quiz_takes_a_question(tmp_path, monkeypatch):
    monkeypatch.setenv("DLGRADE_LANG", "en")
    folder = tmp_path / "ws"
    run("init", folder)
    data = json.loads(run("check", "quiz01", "-w", folder, "--only", "q05", "--json").output)
    assert [c["id"] for c in data["checks"]] == ["q05"]


@pytest.mark.parametrize("exercise, function, expected", [
    ("exercise02", "softmax", ("softmax", "softmax_stable")),
    ("exercise05", "adam", ("adam", "resume_state")),  # not sgd's check, which only compares a name with "adam"
    ("exercise09", "build_two_input_model", ("two_input_architecture", "two_input_predictions", "compile_settings",
                                             "training_lowers_loss")),
])
def test_checks_of_a_function_are_read_from_the_checks_module(exercise, function, expected):
    assert checks_of(catalog.resolve(exercise), function) == expected


@pytest.mark.parametrize("lang, expected", [
    ("en", "exercise01_perceptron.py is not saved as UTF-8: it looks like CP949/EUC-KR (a Korean Windows "
           "encoding) from line 2 on. Save the file as UTF-8"),
    ("ko", "exercise01_perceptron.py 파일이 UTF-8로 저장되어 있지 않습니다. 2번째 줄부터 CP949/EUC-KR"),
])
def test_a_file_saved_as_cp949_is_told_to_save_as_utf8(tmp_path, monkeypatch, lang, expected):
    monkeypatch.setenv("DLGRADE_LANG", lang)
    folder = write_submission(tmp_path / "ws", "exercise01")
    path = folder / "exercise01_perceptron.py"
    path.write_bytes(("import numpy as np\n# 퍼셉트론: 가중합과 계단 함수\n" + path.read_text()).encode("cp949"))
    result = run("check", "ex1", "-w", folder, "--json")
    data = json.loads(result.output)
    assert result.exit_code == 1 and all(c["status"] == "error" for c in data["checks"])
    assert " ".join(data["checks"][0]["message"].split()).startswith(expected)
    assert "codec" not in result.output and "SyntaxError" not in result.output


def test_solution_wraps_long_lines_instead_of_cutting_them(tmp_path, monkeypatch):
    monkeypatch.setenv("DLGRADE_LANG", "en")
    monkeypatch.setenv("COLUMNS", "60")
    folder = tmp_path / "ws"
    run("init", folder)
    entry = max((e for e in catalog.exercises() if e.kind != "quiz"),
                key=lambda e: max(map(len, e.solution_path.read_text().splitlines())))
    source = entry.solution_path.read_text()
    assert max(map(len, source.splitlines())) > 100
    shown = run("solution", entry.id, "-w", folder, "--force").output
    assert max(map(len, shown.splitlines())) <= 60
    remaining = iter("".join(shown.split()))  # every character of the code is shown, in order
    assert all(char in remaining for char in "".join(source.split()))


def test_piped_output_is_a_hundred_columns_unless_columns_says(tmp_path, monkeypatch):
    monkeypatch.setenv("DLGRADE_LANG", "en")
    monkeypatch.delenv("COLUMNS", raising=False)
    folder = tmp_path / "ws"
    run("init", folder)
    widths = [len(line) for line in run("list", "-w", folder).output.splitlines()]
    assert max(widths) == 100
    monkeypatch.setenv("COLUMNS", "72")
    assert max(len(line) for line in run("list", "-w", folder).output.splitlines()) <= 72
