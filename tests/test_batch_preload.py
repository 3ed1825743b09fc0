"""A batch that grades Keras exercises forks its grading children from a server that imported TensorFlow
once (the Keras kind's ``preload``), so no Keras task imports it again; a NumPy-only batch's server
never imports TensorFlow. Either way the server worked out the allow-list and bubblewrap's probe, once.

Each batch runs in a fresh interpreter: a process has one forkserver, started by its first batch.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import write_submission
from grader.batch import child as real_child

HERE = Path(__file__).resolve().parent
SCRIPT = """
import sys
from grader.batch import TimeLimits, grade
import test_batch_preload

grade(submissions=sys.argv[1], out=sys.argv[2], exercises=sys.argv[3], jobs=1,
      limits=TimeLimits(exercise=900, submission=1800), _child_main=test_batch_preload.probe_child)
"""


def machine_known():
    """Whether the allow-list and (where bubblewrap is wanted) its probe were worked out before the task began."""
    from grader.sandbox import allowlist, isolation
    from grader.sandbox.levels.bubblewrap import bwrap_path

    probed = bwrap_path.cache_info().currsize == 1 or os.environ.get(isolation.MODE_VARIABLE) in ("process", "portable")
    return allowlist.readable_paths.cache_info().currsize == 1 and probed


def probe_child(conn, exercise_id, workspace, task_dir, hard_limit):
    """The real child, noting first whether TensorFlow was imported before the task began."""
    with open(os.environ["PROBE_OUT"], "a", encoding="utf-8") as out:
        out.write(json.dumps({"exercise": exercise_id, "tensorflow": "tensorflow" in sys.modules,
                              "machine_known": machine_known()}) + "\n")
    real_child.main(conn, exercise_id, workspace, task_dir, hard_limit)


def run_batch(tmp_path, exercises):
    """Grade a class of one solution per exercise in a fresh interpreter; the probes and the scores."""
    for exercise in exercises:
        write_submission(tmp_path / "submissions" / "ada", exercise)
    probe = tmp_path / "probe.jsonl"
    env = {**os.environ, "PROBE_OUT": str(probe), "PYTHONPATH": os.pathsep.join([str(HERE), *sys.path])}
    subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "submissions"), str(tmp_path / "out"),
                    ",".join(exercises)], env=env, check=True, cwd=HERE)
    from grader.batch.gradebook import load_records

    record, = load_records(tmp_path / "out")
    scores = {e: (g.result.score, g.result.max_score) for e, g in record.graded.items()}
    return [json.loads(line) for line in probe.read_text().splitlines()], scores


def test_keras_tasks_start_with_tensorflow_imported_and_grade_as_usual(tmp_path):
    probes, scores = run_batch(tmp_path, ["exercise01", "exercise08"])
    assert sorted(p["exercise"] for p in probes) == ["exercise01", "exercise08"]
    assert all(p["tensorflow"] and p["machine_known"] for p in probes)
    assert all(score == top for score, top in scores.values()), scores


def test_a_numpy_only_batch_never_imports_tensorflow(tmp_path):
    probes, scores = run_batch(tmp_path, ["exercise01"])
    assert probes == [{"exercise": "exercise01", "tensorflow": False, "machine_known": True}]
    assert scores == {"exercise01": (9.0, 9.0)}
