"""Self-paced practice through the CLI: hints, progress, solution, reset, default check, watch."""
import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from grader import catalog, progress
from grader.cli import main
from grader.watch import Event, Watcher, file_events


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A fresh workspace, also the current directory."""
    folder = tmp_path / "ws"
    assert CliRunner().invoke(main, ["init", str(folder)]).exit_code == 0
    monkeypatch.chdir(folder)
    return folder


def run(*args):
    return CliRunner().invoke(main, list(args))


def solve(folder, exercise_id):
    exercise = catalog.resolve(exercise_id)
    (folder / exercise.filename).write_bytes(exercise.solution_path.read_bytes())


def test_hints_advance_one_level_per_call_and_are_recorded(workspace):
    assert "Hint 1/3" in run("hint", "ex1").output
    assert "Hint 2/3" in run("hint", "ex1").output
    assert "Hint 3/3" in run("hint", "ex1").output
    assert "Hint 3/3" in run("hint", "ex1").output
    assert progress.entry(progress.load(workspace), "exercise01")["hints_used"] == 3
    assert "Hint 1/3" in run("hint", "ex2", "--level", "1").output


def test_progress_shows_scores_hints_and_attempts(workspace):
    solve(workspace, "exercise01")
    assert run("check", "ex1").exit_code == 0
    run("hint", "ex2")
    out = run("progress").output
    row = next(line for line in out.splitlines() if line.startswith("exercise01"))
    assert "9/9" in row and "passed" in row
    assert "1 hints used" in out
    assert progress.entry(progress.load(workspace), "exercise01")["attempts"] == 1


def test_progress_survives_a_corrupt_state_file(workspace):
    (workspace / ".dlgrade" / "progress.json").write_text("{not json")
    assert run("progress").exit_code == 0


def test_solution_only_after_passing_unless_forced(workspace):
    refused = run("solution", "ex1")
    assert refused.exit_code == 2 and "--force" in refused.output
    forced = run("solution", "ex1", "--force")
    assert forced.exit_code == 0 and "def train_perceptron" in forced.output
    assert progress.entry(progress.load(workspace), "exercise01")["solution_forced"] is True
    solve(workspace, "exercise02")
    run("check", "ex2")
    shown = run("solution", "ex2")
    assert shown.exit_code == 0 and "def softmax" in shown.output
    assert progress.entry(progress.load(workspace), "exercise02")["solution_forced"] is False


def test_reset_restores_the_stub_and_keeps_a_backup(workspace):
    exercise = catalog.resolve("exercise03")
    (workspace / exercise.filename).write_text("# my attempt\n")
    out = run("reset", "ex3").output
    assert (workspace / exercise.filename).read_bytes() == exercise.stub_path.read_bytes()
    backups = list((workspace / ".dlgrade" / "backups").glob("exercise03_sgd-*.py"))
    assert len(backups) == 1 and backups[0].read_text() == "# my attempt\n"
    assert str(backups[0].relative_to(workspace)) in out.replace("\n", "")


def test_check_without_an_exercise_takes_the_first_unfinished(workspace):
    solve(workspace, "exercise01")
    first = run("check", "--json")
    assert json.loads(first.output)["exercise"] == "exercise01"
    second = run("check", "--json")
    assert json.loads(second.output)["exercise"] == "exercise02"


def test_watcher_rechecks_on_save_and_moves_on(workspace):
    console = Console(record=True, width=100)
    watcher = Watcher(workspace, console)
    watcher.run_check()
    assert watcher.current.id == "exercise01"
    solve(workspace, "exercise01")
    assert watcher.handle(Event("change", str(workspace / "exercise02_activations.py")))
    assert watcher.current.id == "exercise01"  # another file's save changes nothing
    assert watcher.handle(Event("change", str(workspace / "exercise01_perceptron.py")))
    assert watcher.current.id == "exercise02"
    assert watcher.handle(Event("key", "h"))
    assert watcher.handle(Event("key", "n")) and watcher.current.id == "exercise03"
    assert not watcher.handle(Event("key", "q"))
    text = console.export_text()
    assert "exercise01 passed! Next: exercise02" in text and "Hint 1/3" in text


def test_watcher_on_a_quiz_speaks_of_answers_not_code(workspace):
    console = Console(record=True, width=100)
    Watcher(workspace, console, catalog.resolve("quiz01")).run_check()
    text = " ".join(console.export_text().split())
    assert "NotImplementedError" not in text and "write your answers after the '=' signs" in text


def test_saving_a_quiz_answers_file_is_a_watched_change(workspace):
    quiz = catalog.resolve("quiz01")
    events, stop = queue.Queue(), threading.Event()
    watching = threading.Thread(target=file_events, args=(str(workspace), events, stop, True), daemon=True)
    watching.start()
    try:
        deadline = time.monotonic() + 60
        while events.empty():  # saves go on until the poller, whenever it took its first snapshot, sees one
            assert time.monotonic() < deadline, "no change event in 60 s"
            (workspace / "notes.md").write_text("not an exercise")
            (workspace / quiz.filename).write_text((workspace / quiz.filename).read_text() + "\n")
            time.sleep(0.5)
        event = events.get()
    finally:
        stop.set()
        watching.join(timeout=30)
    assert event.type == "change" and Path(event.value).name == quiz.filename


def test_watch_command_end_to_end(workspace):
    env = dict(os.environ, DLGRADE_POLL="1", COLUMNS="100")
    proc = subprocess.Popen([sys.executable, "-m", "grader", "watch"], cwd=workspace, env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        time.sleep(3)
        solve(workspace, "exercise01")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not progress.entry(progress.load(workspace), "exercise01")["passed"]:
            time.sleep(0.5)
        proc.stdin.write("q\n")
        proc.stdin.flush()
        out, _ = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0
    assert "exercise01 passed! Next: exercise02" in out
    assert "Stopped watching" in out


def test_quiz_reset_and_answer_key(workspace):
    quiz = catalog.resolve("quiz02")
    original = (workspace / quiz.filename).read_text()
    (workspace / quiz.filename).write_text(original.replace("q01 =", "q01 = a", 1))
    assert run("reset", "quiz02").exit_code == 0
    assert (workspace / quiz.filename).read_text() == original
    assert list((workspace / ".dlgrade" / "backups").glob(f"{quiz.module_name}-*.txt"))
    shown = run("solution", "quiz02", "--force")
    assert shown.exit_code == 0 and "q01" in shown.output
