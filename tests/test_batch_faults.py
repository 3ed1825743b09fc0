"""Grader-level faults in a batch: a grading child that crashes, hangs or raises is recorded, never fatal.

The child entry points below replace ``grader.batch.child.main`` through ``grade(_child_main=...)``;
they run in the forkserver's children, which import this module by name.
"""
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import settled, write_submission
from grader.batch import TimeLimits, grade
from grader.batch import child as real_child
from grader.batch.gradebook import load_records


def crash_child(conn, exercise_id, workspace, task_dir, hard_limit):
    real_child._redirect_output(os.path.join(task_dir, "output.log"))
    print("grader state before the crash", flush=True)
    os.kill(os.getpid(), signal.SIGSEGV)


def hang_child(conn, exercise_id, workspace, task_dir, hard_limit):
    """Like a grader stuck while a learner worker runs in its own session."""
    worker = subprocess.Popen(["sleep", "600"], start_new_session=True)
    Path(Path(workspace, "pidfile.txt").read_text().strip()).write_text(str(worker.pid))
    time.sleep(600)


def unknown_exercise_child(conn, exercise_id, workspace, task_dir, hard_limit):
    """The real child, asked for an exercise check() cannot resolve: check() raises inside the child."""
    real_child.main(conn, "no_such_exercise", workspace, task_dir, hard_limit)


def _alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
    except OSError:
        return False
    return state != b"Z"


@pytest.fixture
def submissions(tmp_path):
    folder = tmp_path / "submissions"
    write_submission(folder / "alice", "exercise01")
    write_submission(folder / "bob", "exercise01")
    return folder


def test_crashing_grader_is_recorded_and_the_batch_goes_on(submissions, tmp_path):
    summary = grade(submissions=submissions, out=tmp_path / "out", exercises=["exercise01"], jobs=2,
                    _child_main=crash_child)
    assert [(o.submission, o.status, o.reason) for o in summary.outcomes] == [
        ("alice", "error", "crash"), ("bob", "error", "crash")]
    message = load_records(tmp_path / "out")[0].graded["exercise01"].result.checks[0].message
    assert "SIGSEGV" in message and "the rest of the batch went on" in message
    assert "grader state before the crash" in message


def test_internal_grader_error_is_recorded(submissions, tmp_path):
    summary = grade(submissions=submissions, out=tmp_path / "out", exercises=["exercise01"], jobs=1,
                    only=["alice"], _child_main=unknown_exercise_child)
    assert [(o.status, o.reason) for o in summary.outcomes] == [("error", "grader_error")]
    message = load_records(tmp_path / "out")[0].graded["exercise01"].result.checks[0].message
    assert "internal grader error" in message and "no_such_exercise" in message


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="finding a stopped child's workers needs /proc")
def test_hanging_grader_is_killed_with_its_workers(submissions, tmp_path):
    pidfile = tmp_path / "worker.pid"
    (submissions / "alice" / "pidfile.txt").write_text(str(pidfile))
    summary = grade(submissions=submissions, out=tmp_path / "out", exercises=["exercise01"], jobs=1,
                    only=["alice"], limits=TimeLimits(exercise=1.5, submission=60), _child_main=hang_child)
    outcome, = summary.outcomes
    assert (outcome.status, outcome.reason) == ("error", "exercise_timeout") and outcome.duration >= 1.5
    worker = int(pidfile.read_text())
    assert not settled(lambda: _alive(worker)), "the stuck grader's worker survived"


def test_submission_time_limit_stops_the_rest_of_its_exercises(submissions, tmp_path):
    write_submission(submissions / "alice", "exercise02")
    (submissions / "alice" / "pidfile.txt").write_text(str(tmp_path / "worker.pid"))
    summary = grade(submissions=submissions, out=tmp_path / "out", exercises=["exercise01", "exercise02"], jobs=1,
                    only=["alice"], limits=TimeLimits(exercise=60, submission=1.0), _child_main=hang_child)
    assert [(o.exercise, o.status, o.reason) for o in summary.outcomes] == [
        ("exercise01", "error", "submission_timeout"), ("exercise02", "error", "submission_timeout")]
    record, = load_records(tmp_path / "out")
    assert "while exercise01 was graded" in record.graded["exercise01"].result.checks[0].message
    assert "before exercise02 started" in record.graded["exercise02"].result.checks[0].message
    assert json.loads(json.dumps(summary.to_dict()))["counts"]["error"] == 2


def test_results_folder_inside_the_submissions_is_not_a_submission(submissions):
    summary = grade(submissions=submissions, out=submissions / "results", exercises=["exercise01"], jobs=2,
                    _child_main=crash_child)
    assert summary.submissions == ["alice", "bob"]
