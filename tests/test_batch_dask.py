"""The Dask executor: a LocalCluster of 2 worker processes grades a small class like the local executor,
and a worker killed in the middle of a run loses no result and records none twice.

Uses exercises 01 and 02 (NumPy, fast). Every run compares the full stored Result of each
submission × exercise with the local executor's.
"""
import json
import os
import shutil
import signal
import sys
import time
from pathlib import Path

import dask
import distributed
import pytest
from click.testing import CliRunner

from conftest import write_submission
from grader import course_pack
from grader.batch import ExecutorUnavailable, TimeLimits, executors, grade, procs
from grader.batch.gradebook import Gradebook
from grader.cli import main

EXERCISES = ["exercise01", "exercise02"]
LIMITS = TimeLimits(exercise=120.0, submission=600.0)


def build_class(root):
    """Three learners: full marks; a wrong step and a stub; a syntax error and full marks."""
    for exercise in EXERCISES:
        write_submission(root / "ada", exercise)
    write_submission(root / "ben", "exercise01", """
        def step(z):
            return (np.asarray(z) > 0).astype(int)
        """)
    write_submission(root / "ben", "exercise02", base="stub")
    write_submission(root / "cho", "exercise01", "def broken(:\n", base=None)
    write_submission(root / "cho", "exercise02")
    return root


def stored(out):
    """``{(submission, exercise): (Result JSON, reason)}`` and the row count of a gradebook."""
    with Gradebook.open(out, readonly=True) as book:
        rows = book.rows("results")
    return {(r["submission"], r["exercise"]): (json.loads(r["result_json"]), r["reason"]) for r in rows}, len(rows)


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    return build_class(tmp_path_factory.mktemp("dask") / "submissions")


@pytest.fixture(scope="module")
def local_results(klass, tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    grade(submissions=klass, out=out, exercises=EXERCISES, jobs=2, limits=LIMITS)
    results, count = stored(out)
    assert count == 6 and not any(reason for _, reason in results.values())
    return results


def test_a_local_cluster_of_two_processes_gives_the_local_executors_results(klass, local_results, tmp_path):
    summary = grade(submissions=klass, out=tmp_path, exercises=EXERCISES, jobs=2, executor="dask", limits=LIMITS)
    assert summary.jobs == 2
    assert stored(tmp_path) == (local_results, 6)
    assert sorted((o.submission, o.exercise) for o in summary.graded) == sorted(local_results)
    assert {o.exercise: o.score for o in summary.graded if o.submission == "ada"} == {"exercise01": 9, "exercise02": 12}
    again = grade(submissions=klass, out=tmp_path, exercises=EXERCISES, jobs=2, executor="dask", limits=LIMITS)
    assert len(again.skipped) == 6 and not again.graded  # resumable as with the local executor


def test_a_worker_killed_mid_run_loses_nothing_and_duplicates_nothing(klass, local_results, tmp_path):
    with dask.config.set({"distributed.worker.daemon": False}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        killed = []

        def kill_a_busy_worker(event):
            if event.type != "start" or killed:
                return
            pids = client.run(os.getpid).values()
            for _ in range(1200):  # until a worker has a grading child (and its forkserver) running
                busy = [pid for pid in pids if len(procs.descendants(pid)) >= 2]
                if busy:
                    break
                time.sleep(0.05)
            pid = busy[0]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

        summary = grade(submissions=klass, out=tmp_path, exercises=EXERCISES, executor="dask",
                        scheduler=cluster.scheduler_address, limits=LIMITS, on_event=kill_a_busy_worker)
    assert killed
    pairs = [(o.submission, o.exercise) for o in summary.graded]
    assert sorted(pairs) == sorted(local_results)  # each once
    assert stored(tmp_path) == (local_results, 6)


def test_dask_not_installed_is_a_clear_message(monkeypatch, tmp_path, klass):
    for name in [m for m in sys.modules if m == "grader.batch.dask_executor"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed raises ImportError
    with pytest.raises(ExecutorUnavailable, match=r"pip install 'dlgrade\[dask\]'"):
        executors.create("dask")
    args = ["grade", str(klass), "--out", str(tmp_path), "--executor", "dask"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "dask.distributed" in result.output and "Traceback" not in result.output
    korean = CliRunner().invoke(main, ["--lang", "ko", *args])
    assert korean.exit_code == 2 and "설치되어 있지 않습니다" in korean.output


def test_scheduler_needs_the_dask_executor(tmp_path, klass):
    result = CliRunner().invoke(main, ["grade", str(klass), "--out", str(tmp_path), "--scheduler", "tcp://x:1"])
    assert result.exit_code == 2 and "--executor dask" in result.output


PACK = Path(__file__).parent / "data" / "course_packs" / "batchnorm"
STEAL_SHIPPED = """
import glob, numpy as np

def batchnorm_forward(x, gamma, beta, eps=1e-5):
    for target in glob.glob("/tmp/dlgrade-batch-*/course/*/solutions/*.py"):
        try:
            namespace = {}
            exec(open(target).read(), namespace)
            return namespace["batchnorm_forward"](x, gamma, beta, eps)
        except Exception:
            pass
    return np.zeros_like(x)

def batchnorm_backward(dout, x, gamma, eps=1e-5):
    raise NotImplementedError
"""


def test_a_course_pack_travels_with_its_tasks_to_workers_that_never_saw_it(tmp_path, monkeypatch):
    pack = Path(shutil.copytree(PACK, tmp_path / "bn"))
    submissions = tmp_path / "submissions"
    for name, source in (("ann", pack / "solutions"), ("bob", pack / "exercises")):
        (submissions / name).mkdir(parents=True)
        shutil.copy(source / "exercise01_batchnorm.py", submissions / name)
    (submissions / "eve").mkdir()
    (submissions / "eve" / "exercise01_batchnorm.py").write_text(STEAL_SHIPPED, encoding="utf-8")
    options = dict(submissions=submissions, exercises=["exercise01"], limits=LIMITS)
    hidden = tmp_path / "elsewhere"

    def hide_the_pack(event):  # from the first task on, only the files sent with the tasks are left
        if event.type == "start" and pack.exists():
            pack.rename(hidden)

    # The cluster starts before the course is chosen: its workers' environment names none, as a remote one's.
    with dask.config.set({"distributed.worker.daemon": False}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     dashboard_address=None) as cluster:
        monkeypatch.setenv(course_pack.VARIABLE, str(pack))
        grade(out=tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address, on_event=hide_the_pack,
              **options)
    hidden.rename(pack)
    grade(out=tmp_path / "local", jobs=2, **options)
    results, count = stored(tmp_path / "dask")
    assert (results, count) == stored(tmp_path / "local")
    assert {name: (result["status"], result["score"], reason) for (name, _), (result, reason) in results.items()} == {
        "ann": ("passed", 5.0, None), "bob": ("not_started", 0.0, None), "eve": ("failed", 0.0, None)}
    with Gradebook.open(tmp_path / "dask", readonly=True) as book:
        hashes = {row["grader_hash"] for row in book.rows("results")}
    assert hashes == {next(iter(hashes)).split()[0] + f" course bn@{course_pack.folder(pack).content_hash()[:16]}"}
