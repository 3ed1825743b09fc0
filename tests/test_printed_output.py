"""What the learner's code prints during a failing check is shown, bounded, in the panel and in --json."""
import ctypes
import json

import pytest
from click.testing import CliRunner

from conftest import write_submission
from grader.cli import main
from grader.runner.check import check
from grader.sandbox.printed import MAX_LINE_CHARS, MAX_LINES
from grader.sandbox.process import Limits

DEBUG_RELU = """
def relu(z):
    print("relu got shape", np.shape(z))
    return np.maximum(np.asarray(z, dtype=float), 0.0) + 1.0
"""


def check_cli(folder, *args, lang="en", monkeypatch):
    monkeypatch.setenv("DLGRADE_LANG", lang)
    return CliRunner().invoke(main, ["check", "ex2", "--workspace", str(folder), *args])


def test_prints_of_a_failing_check_are_in_json_bounded(tmp_path, monkeypatch):
    folder = write_submission(tmp_path / "ws", "exercise02", DEBUG_RELU)
    result = check_cli(folder, "--json", monkeypatch=monkeypatch)
    assert result.exit_code == 1, result.output
    checks = {c["id"]: c for c in json.loads(result.output)["checks"]}
    relu = next(c for c in checks.values() if c["status"] == "failed" and c["output"])
    lines = relu["output"].splitlines()
    assert 0 < len(lines) <= MAX_LINES and all(line.startswith("relu got shape") for line in lines)
    assert relu["output_omitted"] >= 0
    passed = [c for c in checks.values() if c["status"] == "passed"]
    assert passed and all(c["output"] is None and c["output_omitted"] == 0 for c in passed)


def test_many_printed_lines_show_the_last_twenty_with_a_note(tmp_path, monkeypatch):
    code = DEBUG_RELU.replace('    print("relu got shape", np.shape(z))',
                              '    for i in range(50):\n        print("line", i)')
    folder = write_submission(tmp_path / "ws", "exercise02", code)
    data = json.loads(check_cli(folder, "--json", monkeypatch=monkeypatch).output)
    relu = next(c for c in data["checks"] if c["output"])
    assert relu["output"].splitlines() == [f"line {i}" for i in range(30, 50)]
    assert relu["output_omitted"] >= 30
    panel = check_cli(folder, monkeypatch=monkeypatch).output
    assert f"Your code printed {relu['output_omitted'] + 20} lines; the last 20:" in panel
    assert "line 49" in panel and "line 29\n" not in panel


@pytest.mark.parametrize("lang, heading", [("en", "Your code printed:"), ("ko", "여러분의 코드가 출력한 내용:")])
def test_panel_shows_the_prints_in_the_learners_language(tmp_path, monkeypatch, lang, heading):
    code = """
    def softmax(z, axis=-1):
        print("max of z:", np.max(z))
        e = np.exp(z)
        return e / e.sum(axis=axis, keepdims=True)
    """
    folder = write_submission(tmp_path / "ws", "exercise02", code)
    panel = check_cli(folder, lang=lang, monkeypatch=monkeypatch).output
    assert heading in panel and "max of z: 1000.0" in panel


def test_colours_and_progress_bars_reach_the_panel_as_plain_text(tmp_path, monkeypatch):
    code = """
    import sys
    def relu(z):
        print("\\x1b[2J\\x1b[1;32mPASSED\\x1b[0m all checks")
        sys.stdout.write("training: 10%\\rtraining: 60%\\rtraining: 100%\\n")  # how tqdm redraws its bar
        return np.maximum(np.asarray(z, dtype=float), 0.0) + 1.0
    """
    folder = write_submission(tmp_path / "ws", "exercise02", code)
    panel = check_cli(folder, monkeypatch=monkeypatch).output
    assert "PASSED all checks" in panel and "training: 100%" in panel
    assert "\x1b" not in panel and "\r" not in panel and "60%" not in panel
    relu = next(c for c in json.loads(check_cli(folder, "--json", monkeypatch=monkeypatch).output)["checks"]
                if c["output"])
    assert relu["output"].splitlines()[:2] == ["PASSED all checks", "training: 100%"]


def test_prints_while_importing_show_when_the_import_fails(tmp_path, monkeypatch):
    folder = write_submission(tmp_path / "ws", "exercise02", 'print("about to fail")\nraise RuntimeError("boom")\n')
    data = json.loads(check_cli(folder, "--json", monkeypatch=monkeypatch).output)
    assert all(c["output"] == "about to fail" for c in data["checks"])


WRONG_RELU = "    return np.maximum(np.asarray(z, dtype=float), 0.0) + 1.0\n"


def relu_output(folder, **limits):
    """The relu check's result when graded through the library (the worker limits overridden by ``limits``)."""
    result = check(exercise="exercise02", workspace=folder, checks=["relu"], limits=Limits(**limits) if limits else None)
    return result.checks[0]


BELOW_PYTHON = """
import ctypes, os
def relu(z):
    os.write(1, b"written to fd 1\\n")
    os.write(2, "written to fd 2: 한국어\\n".encode())
    ctypes.CDLL(None).printf(b"printf says %d\\n", 42)
    child = os.fork()
    if child == 0:
        os.write(1, b"a child process says hi\\n")
        os._exit(0)
    os.waitpid(child, 0)
    print("python print")
""" + WRONG_RELU


def test_writes_below_python_are_shown_in_order(tmp_path, isolation_mode):
    # The child is forked, not a program: whether a program may start depends on the machine's allow-list.
    if not hasattr(ctypes.CDLL(None), "printf"):
        pytest.skip("no C library with printf here")
    result = relu_output(write_submission(tmp_path / "ws", "exercise02", BELOW_PYTHON))
    assert result.status == "failed"
    assert result.output.splitlines() == ["written to fd 1", "written to fd 2: 한국어", "printf says 42",
                                               "a child process says hi", "python print"]
    assert result.output_omitted == 0  # the first example already fails the check


STARTS_A_PROGRAM = """
import subprocess, sys
def relu(z):
    subprocess.run([sys.executable, "-c", "print('a started program says hi')"])
    print("after the program")
""" + WRONG_RELU


def test_what_a_started_program_writes_is_shown(tmp_path, isolation_mode):
    # Python is the one program the allow-list has. Where the worker's user cannot read Python's own
    # library (a Python under /root in process isolation), the program fails: what it wrote then is
    # Python's start-up error, which is shown just the same.
    result = relu_output(write_submission(tmp_path / "ws", "exercise02", STARTS_A_PROGRAM))
    *program, last = result.output.splitlines()
    assert last == "after the program"
    assert program == ["a started program says hi"] or "Fatal Python error" in "\n".join(program), program


HUGE = """
import os, sys
_calls = []
def relu(z):
    if not _calls:
        os.write(1, b"".join(b"%d\\n" % i for i in range(200000)))
        os.write(2, "긴줄".encode() * 1_000_000 + b"\\n")
        sys.stdout.write("끝\\n")
    _calls.append(1)
""" + WRONG_RELU


def test_huge_output_keeps_the_last_lines_cut_and_counts_the_rest(tmp_path):
    result = relu_output(write_submission(tmp_path / "ws", "exercise02", HUGE))
    lines = result.output.splitlines()
    assert lines == [str(i) for i in range(199982, 200000)] + ["긴줄" * (MAX_LINE_CHARS // 2), "끝"]
    assert result.output_omitted == 200002 - MAX_LINES


@pytest.mark.parametrize("ending, words", [("while True:\n        pass", "took longer"),
                                           ("ctypes.string_at(0)", "segmentation fault")])
def test_what_was_printed_before_a_hang_or_a_crash_is_shown(tmp_path, ending, words):
    code = f"import ctypes, os\ndef relu(z):\n    print('got', np.shape(z))\n    os.write(1, b'about to stop')\n" \
           f"    {ending}\n"
    result = relu_output(write_submission(tmp_path / "ws", "exercise02", code), timeout=2.0)
    assert result.status == "error" and words in result.message
    first, last = result.output.splitlines()  # the one call, cut short
    assert first.startswith("got (") and last == "about to stop"
