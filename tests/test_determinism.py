"""Deterministic scores: every exercise's solution and a failing submission, graded 3 times (each in a
fresh worker), give byte-identical Result JSON. Three runs, not more: the Keras exercises cost ~10 s each."""
import ast
import json

import pytest

from conftest import write_submission
from grader import catalog
from grader.runner.check import check

EXERCISES = [e.id for e in catalog.exercises() if e.kind != "quiz"]


def breaking_code(exercise_id):
    """Code that replaces the solution's last public function with one returning None."""
    tree = ast.parse(catalog.resolve(exercise_id).solution_path.read_text(encoding="utf-8"))
    name = [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")][-1]
    return f"def {name}(*args, **kwargs):\n    return None\n"


@pytest.mark.parametrize("variant", ["solution", "failing"])
@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_three_gradings_give_identical_json(tmp_path, exercise_id, variant):
    code = breaking_code(exercise_id) if variant == "failing" else ""
    folder = write_submission(tmp_path, exercise_id, code)
    runs = [json.dumps(check(exercise=exercise_id, workspace=folder).to_dict(), sort_keys=True) for _ in range(3)]
    assert len(set(runs)) == 1
    status = json.loads(runs[0])["status"]
    assert status == "passed" if variant == "solution" else status in ("failed", "error")
