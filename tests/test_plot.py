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


def test_failed_training_is_said_as_such(tmp_path):
    code = '''
def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
    model = keras.Sequential([keras.Input(shape=(input_size, input_size)), keras.layers.Flatten(),
                              *[keras.layers.Dense(u, activation="relu") for u in hidden_units],
                              keras.layers.Dense(num_classes, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["acc"])
    return model
'''
    folder = write_submission(tmp_path / "ws", "exercise08", code)
    target = tmp_path / "curves.png"
    result = CliRunner().invoke(main, ["check", "ex8", "--workspace", str(folder), "--plot", str(target)])
    assert result.exit_code == 1
    assert "no training run finished" in result.output and "trains a model" not in result.output
    assert not target.exists()
