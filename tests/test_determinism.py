"""Deterministic scores: every exercise's reference, graded 3 times, and a failing submission, graded twice
(each in a fresh worker), give byte-identical Result JSON. No more runs: a Keras grading costs ~6 s, most of
it the worker's TensorFlow import.

The reference's three runs are one in each isolation mode, so they also prove that every reference earns full
marks, with nothing flagged, under each mode's confinement: the read allow-list of process isolation (Landlock)
and of bubblewrap, and the portable level (what macOS gets) forced on Linux so it never rots."""
import ast
import json

import pytest

from conftest import ISOLATION_MODES, assert_accepted, isolation_forced, write_submission
from grader import catalog
from grader.runner.check import check

EXERCISES = [e.id for e in catalog.exercises() if e.kind != "quiz"]
RUNS = 3  # the reference's: one per isolation mode
FAILING_RUNS = 2


def breaking_code(exercise_id):
    """Code that replaces the solution's last public function with one returning None."""
    tree = ast.parse(catalog.resolve(exercise_id).solution_path.read_text(encoding="utf-8"))
    name = [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")][-1]
    return f"def {name}(*args, **kwargs):\n    return None\n"


def modes_here():
    """The isolation modes this machine offers (portable always), the last repeated up to RUNS runs."""
    modes = []
    for mode in ISOLATION_MODES:
        with isolation_forced(mode) as missing:
            if not missing:
                modes.append(mode)
    return modes + modes[-1:] * (RUNS - len(modes))


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_the_reference_earns_identical_full_marks_in_every_isolation_mode(exercise_id):
    entry = catalog.resolve(exercise_id)
    runs = []
    for mode in modes_here():
        with isolation_forced(mode):
            result = check(exercise=entry, module_path=entry.solution_path)
        assert_accepted(result)
        assert result.integrity == [], (mode, result.integrity)
        runs.append(json.dumps(result.to_dict(), sort_keys=True))
    assert len(set(runs)) == 1


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_gradings_of_a_failing_submission_give_identical_json(tmp_path, exercise_id):
    folder = write_submission(tmp_path, exercise_id, breaking_code(exercise_id))
    runs = [json.dumps(check(exercise=exercise_id, workspace=folder).to_dict(), sort_keys=True)
            for _ in range(FAILING_RUNS)]
    assert len(set(runs)) == 1
    assert json.loads(runs[0])["status"] in ("failed", "error")
