"""`dlgrade check EXERCISE --plot FILE` saves the learning curves of the checks' training runs."""
from click.testing import CliRunner

from conftest import write_submission
from grader import catalog
from grader.cli import main
from grader.runner.check import check


def test_keras_exercise_saves_learning_curves(tmp_path):
    folder = write_submission(tmp_path / "ws", "exercise14")
    target = tmp_path / "curves.png"
    result = CliRunner().invoke(main, ["check", "ex14", "--workspace", str(folder), "--plot", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and target.stat().st_size > 10_000
    assert "Learning curves saved" in result.output


def test_exercise_without_training_says_so(tmp_path):
    folder = write_submission(tmp_path / "ws", "exercise01")
    target = tmp_path / "curves.png"
    result = CliRunner().invoke(main, ["check", "ex1", "--workspace", str(folder), "--plot", str(target)])
    assert result.exit_code == 0
    assert "No learning curves" in result.output and not target.exists()


def test_sequential_mlp_plot_has_validation_curves(tmp_path):
    folder = write_submission(tmp_path / "ws", "exercise08")
    log = []
    result = check(exercise=catalog.resolve("exercise08"), workspace=folder, training_log=log)
    assert result.passed
    assert log and all("val_loss" in history and "val_acc" in history for _, history in log)
