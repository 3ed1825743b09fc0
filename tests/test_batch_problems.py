"""Grading problems are not grades: a killed child or a worker killed by the host is retried, never a 0.

The child entry points below replace ``grader.batch.child.main`` through ``grade(_child_main=...)``;
they run in the forkserver's children, which import this module by name.
"""
import os
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import write_submission
from grader.batch import grade
from grader.batch import child as real_child
from grader.batch import procs
from grader.batch.gradebook import load_records
from grader.cli import main


def killed_once_child(conn, exercise_id, workspace, task_dir, hard_limit):
    """Killed (SIGKILL, like the OOM killer) the first time it grades a submission, the real child after."""
    marker = Path(Path(workspace, "marker.txt").read_text().strip())
    if not marker.exists():
        marker.write_text("killed once")
        os.kill(os.getpid(), signal.SIGKILL)
    real_child.main(conn, exercise_id, workspace, task_dir, hard_limit)


def _kill_workers(parent):
    """SIGKILL the learner workers below ``parent`` as soon as they start, as a host's OOM killer would."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for pid in procs.descendants(parent):
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
                name = Path(f"/proc/{pid}/comm").read_bytes().strip()
            except OSError:
                continue
            if b"worker.py" in command and name != b"bwrap":  # the worker itself, not its sandbox wrapper
                os.kill(pid, signal.SIGKILL)
                return
        time.sleep(0.01)


def host_kills_worker_child(conn, exercise_id, workspace, task_dir, hard_limit):
    """The real child, while something outside the grader kills its learner worker."""
    threading.Thread(target=_kill_workers, args=(os.getpid(),), daemon=True).start()
    real_child.main(conn, exercise_id, workspace, task_dir, hard_limit)


@pytest.fixture
def submissions(tmp_path):
    folder = tmp_path / "submissions"
    write_submission(folder / "alice", "exercise01")
    write_submission(folder / "bob", "exercise01")
    for name in ("alice", "bob"):
        (folder / name / "marker.txt").write_text(str(tmp_path / f"{name}.killed"))
    return folder


def test_a_killed_grading_child_is_a_grading_problem_retried_without_force(submissions, tmp_path):
    first = grade(submissions=submissions, out=tmp_path / "out", exercises=["exercise01"], jobs=2,
                  _child_main=killed_once_child)
    assert [(o.submission, o.status, o.reason, o.grading_problem) for o in first.outcomes] == [
        ("alice", "error", "crash", True), ("bob", "error", "crash", True)]
    assert first.exit_code == 2 and [o.submission for o in first.grading_problems] == ["alice", "bob"]
    message = load_records(tmp_path / "out")[0].graded["exercise01"].result.checks[0].message
    assert "grading problem" in message and "SIGKILL" in message and "next run grades it again" in message
    second = grade(submissions=submissions, out=tmp_path / "out", exercises=["exercise01"], jobs=2,
                   _child_main=killed_once_child)  # no --force: the problems are retried, and graded right
    assert [(o.submission, o.status, o.reason, o.skipped) for o in second.outcomes] == [
        ("alice", "passed", None, False), ("bob", "passed", None, False)]
    assert second.exit_code == 0
    third = grade(submissions=submissions, out=tmp_path / "out", exercises=["exercise01"], jobs=2)
    assert all(o.skipped for o in third.outcomes)  # real grades are kept


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="finding the learner worker needs /proc")
def test_a_learner_worker_killed_by_the_host_is_a_grading_problem_not_the_learners_fault(submissions, tmp_path):
    summary = grade(submissions=submissions, out=tmp_path / "out", exercises=["exercise01"], jobs=1,
                    only=["alice"], _child_main=host_kills_worker_child)
    outcome, = summary.outcomes
    assert (outcome.status, outcome.reason) == ("error", "host_killed") and summary.exit_code == 2
    message = load_records(tmp_path / "out")[0].graded["exercise01"].result.checks[0].message
    assert "killed the learner's worker from outside" in message and "out of memory?" not in message


def test_summary_names_the_learners_with_grading_problems_and_exits_2(submissions, tmp_path, monkeypatch):
    from grader.batch import executors

    create = executors.create
    monkeypatch.setattr(executors, "create",  # the command builds its executor: give it the killed child
                        lambda *args, **kw: create(*args, **{**kw, "child_main": killed_once_child}))
    result = CliRunner().invoke(main, ["grade", str(submissions), "--out", str(tmp_path / "out"), "-e", "exercise01",
                                       "--jobs", "2"])
    assert result.exit_code == 2, result.output
    assert "not grades" in result.output and "alice · exercise01 (crash)" in result.output


def test_grader_temporary_paths_never_reach_the_gradebook(tmp_path):
    folder = tmp_path / "submissions"
    write_submission(folder / "carol", "exercise01", """
        import os, tempfile

        def step(z):
            raise ValueError(f"cwd {os.getcwd()} tmp {tempfile.gettempdir()} file {__file__}")
    """)
    grade(submissions=folder, out=tmp_path / "out", exercises=["exercise01"], jobs=1)
    record, = load_records(tmp_path / "out")
    text = record.graded["exercise01"].result.to_json()
    assert "ValueError: cwd " in text and "exercise01_perceptron.py" in text
    assert "dlgrade-batch-" not in text and "dlgrade-worker-" not in text and tempfile.gettempdir() not in text


def test_temporary_folders_of_a_killed_batch_are_removed_at_the_next_start(submissions, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / "dlgrade-batch-stale"
    (stale / "s0" / "exercise01_perceptron.py").parent.mkdir(parents=True)
    (stale / "s0" / "exercise01_perceptron.py").write_text("learner code")
    (stale / "owner.pid").write_text(str(dead.pid))
    alive = tmp_path / "dlgrade-batch-running"
    alive.mkdir()
    (alive / "owner.pid").write_text(str(os.getpid()))
    summary = grade(submissions=submissions, out=tmp_path / "out", exercises=["exercise01"], jobs=1, only=["alice"])
    assert not stale.exists() and alive.exists()
    assert any("Removed 1 temporary folder" in note for note in summary.notes)
    assert sorted(p.name for p in tmp_path.glob("dlgrade-batch-*")) == ["dlgrade-batch-running"]
