"""Hostile and broken submissions: the grader survives, scores nothing unearned and says what happened."""
import json

import pytest

from conftest import write_submission
from grader import catalog
from grader.runner.check import check

RELU_CHECKS = ["relu", "relu_grad"]


def test_infinite_loop_is_a_timeout_and_other_checks_still_run(grade):
    result = grade("exercise02", """
        def relu(z):
            while True:
                pass
    """, checks=RELU_CHECKS)
    relu = result.get("relu")
    assert relu.status == "error"
    assert "took longer than 5 s" in relu.message and "relu(" in relu.message
    assert result.get("relu_grad").status == "passed"


@pytest.mark.parametrize("exit_call", ["sys.exit(0)", "os._exit(0)", "raise SystemExit(0)"])
def test_exit_in_a_call_is_an_error(grade, exit_call):
    result = grade("exercise02", f"""
        import os, sys
        def relu(z):
            {exit_call}
    """, checks=RELU_CHECKS)
    assert result.get("relu").status == "error"
    assert result.get("relu").points == 0
    assert result.get("relu_grad").status == "passed"


@pytest.mark.parametrize("exit_call", ["sys.exit(0)", "os._exit(0)"])
def test_exit_at_import_scores_zero(grade, exit_call):
    result = grade("exercise02", f"import os, sys\n{exit_call}\n")
    assert result.status == "error" and result.score == 0
    assert all(c.status == "error" for c in result.checks)
    assert "exercise02_activations.py" in result.checks[0].message


def test_patching_numpy_comparisons_changes_nothing(grade):
    result = grade("exercise02", """
        import numpy, numpy.testing
        numpy.allclose = lambda *a, **k: True
        numpy.array_equal = lambda *a, **k: True
        numpy.isclose = lambda a, b, **k: numpy.ones(numpy.shape(a), bool)
        numpy.testing.assert_allclose = lambda *a, **k: None
        def relu(z):
            return z * 0 + 7.0
    """, checks=["relu"])
    assert result.get("relu").status == "failed"
    assert result.score == 0


def test_patching_builtins_in_the_worker_earns_nothing(grade):
    result = grade("exercise02", """
        import builtins
        builtins.isinstance = lambda *a: True
        builtins.len = lambda *a: 0
        def relu(z):
            return z * 0 + 7.0
    """, checks=["relu"])
    assert result.get("relu").status in ("failed", "error")
    assert result.score == 0


def test_lying_eq_is_failed(grade):
    result = grade("exercise02", """
        class Liar:
            def __eq__(self, other):
                return True
            __array_priority__ = 1000
            def __array__(self, *a, **k):
                return np.zeros(1)
        def relu(z):
            return Liar()
    """, checks=["relu"])
    relu = result.get("relu")
    assert relu.status == "failed"
    assert "Liar" in relu.message


def test_importing_the_reference_is_refused_and_flagged(grade):
    result = grade("exercise02", """
        def relu(z):
            from solutions.exercise02_activations import relu as real
            return real(z)
    """, checks=["relu"])
    assert result.get("relu").status == "error"
    assert "not allowed" in result.get("relu").message
    assert any("solutions" in note for note in result.integrity)


def test_reading_the_reference_file_is_refused_and_flagged(grade):
    path = catalog.resolve("exercise02").solution_path
    result = grade("exercise02", f"""
        def relu(z):
            namespace = {{}}
            exec(open({str(path)!r}).read(), namespace)
            return namespace["relu"](z)
    """, checks=["relu"])
    assert result.get("relu").status == "error"
    assert "PermissionError" in result.get("relu").message
    assert "tried to read solutions/exercise02_activations.py" in result.integrity


def test_syntax_error_names_the_line(grade):
    result = grade("exercise02", "def broken(:\n    pass\n", base=None)
    assert result.status == "error" and result.score == 0
    message = result.checks[0].message
    assert "SyntaxError" in message and "line 3" in message and "exercise02_activations.py" in message


def test_learner_traceback_shows_their_lines_only(grade):
    result = grade("exercise02", """
        def relu(z):
            helper = 1
            return undefined_name + z
    """, checks=["relu"])
    relu = result.get("relu")
    assert relu.status == "error"
    assert "NameError" in relu.message and "exercise02_activations.py" in relu.message
    assert "return undefined_name + z" in relu.message
    assert "grader" not in relu.message and "site-packages" not in relu.message


def test_memory_bomb_is_an_error(grade):
    result = grade("exercise02", """
        def relu(z):
            return np.ones((1 << 40,))
    """, checks=["relu"])
    assert result.get("relu").status == "error"
    assert "memory" in result.get("relu").message


def test_missing_file_is_an_error_not_a_crash(tmp_path):
    result = check(exercise="exercise02", workspace=tmp_path)
    assert result.status == "error" and result.score == 0
    assert "missing" in result.checks[0].message


def test_missing_function(grade):
    result = grade("exercise02", "import numpy as np\n\ndef sigmoid(z):\n    return z\n", base=None, checks=["relu"])
    assert result.get("relu").status == "error"
    assert "has no function relu()" in result.get("relu").message


def test_same_submission_gives_identical_json(tmp_path):
    folder = write_submission(tmp_path, "exercise02", """
        def softmax(z, axis=-1):
            e = np.exp(z)
            return e / e.sum(axis=axis, keepdims=True)
        def relu(z):
            return undefined
    """)
    runs = {json.dumps(check(exercise="exercise02", workspace=folder).to_dict(), sort_keys=True) for _ in range(5)}
    assert len(runs) == 1
    assert json.loads(runs.pop())["status"] == "error"


def test_workspace_stays_clean(grade, tmp_path):
    grade("exercise02", checks=["relu"])
    leftovers = [p.name for p in (tmp_path / "ws0").iterdir()]
    assert leftovers == ["exercise02_activations.py"]
