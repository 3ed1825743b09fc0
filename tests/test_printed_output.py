"""What the learner's code prints during a failing check is shown, bounded, in the panel and in --json."""
import json

import pytest
from click.testing import CliRunner

from conftest import write_submission
from grader.cli import main
from grader.sandbox import wire
from grader.sandbox.printed import MAX_LINES, PrintedLog

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


def test_prints_while_importing_show_when_the_import_fails(tmp_path, monkeypatch):
    folder = write_submission(tmp_path / "ws", "exercise02", 'print("about to fail")\nraise RuntimeError("boom")\n')
    data = json.loads(check_cli(folder, "--json", monkeypatch=monkeypatch).output)
    assert all(c["output"] == "about to fail" for c in data["checks"])


def test_printed_log_keeps_the_last_lines_and_refuses_malformed_records():
    log = PrintedLog()
    log.add(None)
    log.add({"lines": ["a", "b"], "total": 5})
    log.add({"lines": [f"x{i}" for i in range(30)], "total": 30})
    printed = log.printed()
    assert printed.lines == tuple(f"x{i}" for i in range(10, 30)) and printed.omitted == 15
    log.clear()
    assert log.printed().lines == () and log.printed().omitted == 0
    for bad in ("text", {"lines": "a", "total": 1}, {"lines": [1], "total": 1}, {"lines": ["a"], "total": True},
                {"lines": ["a", "b"], "total": 1}):
        with pytest.raises(wire.WireError):
            log.add(bad)


def test_worker_capture_joins_partial_writes_and_cuts_long_lines():
    import importlib.util
    import sys
    from pathlib import Path

    import grader.sandbox as sandbox

    folder = Path(sandbox.__file__).parent
    sys.path.insert(0, str(folder))  # the worker imports its neighbours as top-level modules
    try:
        spec = importlib.util.spec_from_file_location("dlgrade_worker_for_test", folder / "worker.py")
        worker = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(worker)
    finally:
        sys.path.remove(str(folder))
    with worker.printed_output() as printed:
        print("a", end="")
        print("b")
        print("x" * 1000)
        print("tail without newline", end="")
    record = printed.record()
    assert record["lines"] == ["ab", "x" * worker.MAX_LINE_CHARS, "tail without newline"] and record["total"] == 3
    with worker.printed_output() as printed:
        pass
    assert printed.record() is None
