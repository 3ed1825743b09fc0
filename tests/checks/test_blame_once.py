"""Blame once: a defect costs one message, not a panel and a misleading hint in every check it touches."""
import pytest
from rich.console import Console

from conftest import write_submission
from grader import catalog
from grader.render import render_result
from grader.runner.check import check


def shown(result, filename):
    console = Console(width=100, record=True, color_system=None)
    console.print(render_result(result, filename))
    return console.export_text()


BROKEN_FILES = {
    "a syntax error": ("def weighted_sum(x, w, b)\n    return x @ w + b\n", "SyntaxError"),
    "an empty file": ("", "defines none of the exercise's functions"),
    "only other functions": ("def helper():\n    return 1\n", "defines none of the exercise's functions"),
}


@pytest.mark.parametrize("name", BROKEN_FILES)
def test_a_file_that_cannot_be_graded_is_one_message(tmp_path, name):
    code, words = BROKEN_FILES[name]
    write_submission(tmp_path, "exercise01", code, base=None)
    result = check(exercise="exercise01", workspace=tmp_path)
    assert {c.status for c in result.checks} == {"error"}
    assert len({c.message for c in result.checks}) == 1 and words in result.checks[0].message
    assert all(c.hint is None for c in result.checks)  # no check's hint is about this
    text = shown(result, "exercise01_perceptron.py")
    assert text.count("╭") == 1 and "exercise01_perceptron.py: all 7 checks" in text
    assert "Hint" not in text


def test_a_file_in_another_encoding_is_one_message(tmp_path):
    path = tmp_path / "exercise01_perceptron.py"
    path.write_bytes(catalog.resolve("exercise01").solution_path.read_text(encoding="utf-8").encode("utf-8")
                     + '\nNAME = "퍼셉트론"\n'.encode("cp949"))
    result = check(exercise="exercise01", workspace=tmp_path)
    assert len({c.message for c in result.checks}) == 1 and result.checks[0].status == "error"
    assert "utf-8" in result.checks[0].message.lower() and shown(result, path.name).count("╭") == 1


def test_a_missing_file_is_one_message(tmp_path):
    result = check(exercise="exercise01", workspace=tmp_path)
    assert len({c.message for c in result.checks}) == 1 and all(c.hint is None for c in result.checks)
    assert shown(result, "exercise01_perceptron.py").count("╭") == 1


def test_checks_that_depend_on_a_failing_one_say_fix_that_first(grade):
    """step with z > 0: step fails with its own hint; predict and perceptron_update, built on it, point to it."""
    result = grade("exercise01", """
        def step(z):
            return (np.asarray(z) > 0).astype(int)
    """)
    step = result.get("step")
    assert step.status == "failed" and step.hint
    for check_id in ("predict", "perceptron_update"):
        outcome = result.get(check_id)
        assert outcome.status == "failed" and outcome.points == 0
        assert outcome.message.startswith("This check depends on check 'step is 1 where z >= 0"), outcome.message
        assert "fix that first" in outcome.message and outcome.hint is None
    for check_id in ("train_learns_gates", "train_matches_reference"):
        outcome = result.get(check_id)
        if outcome.status != "passed":  # training built on a failing perceptron_update points there
            assert "perceptron_update applies one Rosenblatt step" in outcome.message and outcome.hint is None


def test_a_dependency_that_passes_leaves_the_message_alone(grade):
    result = grade("exercise01", """
        def predict(X, w, b):
            return (weighted_sum(X, w, b) > 0).astype(int)
    """)
    assert result.get("step").status == "passed"
    predict = result.get("predict")
    assert predict.status == "failed" and "depends on" not in predict.message and predict.hint


def test_depends_on_names_earlier_checks_only():
    for exercise in catalog.exercises():
        earlier = set()
        for c in exercise.checks:
            assert set(c.depends_on) <= earlier, (exercise.id, c.id)
            earlier.add(c.id)


def test_the_dependencies_the_course_needs_are_in_the_catalog():
    wanted = {("exercise01", "predict"): "step", ("exercise01", "train_matches_reference"): "perceptron_update",
              ("exercise05", "defaults"): "sgd", ("exercise14", "other_arguments"): "conv_layers",
              ("exercise08", "training_lowers_loss"): "compile_settings",
              ("exercise09", "training_lowers_loss"): "compile_settings",
              ("exercise14", "learns_images"): "compile_settings"}
    for (exercise, check_id), dependency in wanted.items():
        assert dependency in catalog.resolve(exercise).check(check_id).depends_on
