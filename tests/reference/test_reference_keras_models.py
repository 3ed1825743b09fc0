"""The reference Keras models of exercises 08, 09 and 14, checked directly against the contract.

Parameter counts come from keras-conventions.md section 5 (59,850 for the MLP; 160, 8,224 and
32,832 for the note's convolutions and 503,296 in total), worked out by hand in the stubs.
"""
import ast
import importlib
import inspect
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# module: the Korean term its prompt names once
MODULES = {"exercise08_sequential": "순차 API", "exercise09_functional": "함수형 API",
           "exercise14_cnn": "합성곱 신경망"}


@pytest.fixture(scope="module")
def keras():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from grader.keras_rebuild import keras as quiet_keras

    return quiet_keras()


@pytest.fixture(scope="module")
def ex08(keras):
    return importlib.import_module("solutions.exercise08_sequential")


@pytest.fixture(scope="module")
def ex09(keras):
    return importlib.import_module("solutions.exercise09_functional")


@pytest.fixture(scope="module")
def ex14(keras):
    return importlib.import_module("solutions.exercise14_cnn")


def rows(model):
    """(type, output shape without batch, parameters) per layer, Input layers left out."""
    return [(type(layer).__name__, tuple(layer.output.shape[1:]), layer.count_params())
            for layer in model.layers if type(layer).__name__ != "InputLayer"]


def compiled_as_contract(model, learning_rate):
    config = model.get_compile_config()
    assert config["optimizer"]["class_name"] == "Adam"
    assert config["optimizer"]["config"]["learning_rate"] == pytest.approx(learning_rate, rel=1e-6)
    assert config["loss"] == "categorical_crossentropy"
    assert config["metrics"] == ["acc"]


MLP_DEFAULT_ROWS = [("Flatten", (784,), 0), ("Dense", (64,), 50_240), ("Dense", (128,), 8_320),
                    ("Dense", (10,), 1_290)]


def test_sequential_mlp_defaults(ex08):
    model = ex08.build_sequential_mlp()
    assert type(model).__name__ == "Sequential"
    assert tuple(model.inputs[0].shape) == (None, 28, 28)
    assert rows(model) == MLP_DEFAULT_ROWS
    assert model.count_params() == 59_850
    assert [layer.activation.__name__ for layer in model.layers[1:]] == ["relu", "relu", "softmax"]
    compiled_as_contract(model, 0.001)


@pytest.mark.parametrize("builder", ["build_sequential_mlp", "build_functional_mlp"])
def test_mlp_other_arguments(ex08, ex09, builder):
    module = ex08 if builder == "build_sequential_mlp" else ex09
    model = getattr(module, builder)(input_size=16, hidden_units=(32,), num_classes=5, learning_rate=0.01)
    assert rows(model) == [("Flatten", (256,), 0), ("Dense", (32,), 256 * 32 + 32), ("Dense", (5,), 32 * 5 + 5)]
    compiled_as_contract(model, 0.01)
    bare = getattr(module, builder)(input_size=4, hidden_units=(), num_classes=3)
    assert rows(bare) == [("Flatten", (16,), 0), ("Dense", (3,), 16 * 3 + 3)]


def test_functional_mlp_defaults(ex09):
    model = ex09.build_functional_mlp()
    assert type(model).__name__ == "Functional"
    assert tuple(model.inputs[0].shape) == (None, 28, 28)
    assert rows(model) == MLP_DEFAULT_ROWS
    assert model.count_params() == 59_850
    compiled_as_contract(model, 0.001)


@pytest.mark.parametrize("kwargs", [{}, dict(image_size=12, n_features=5, num_classes=3)])
def test_two_input_model(ex09, keras, kwargs):
    import numpy as np

    size, features, classes = kwargs.get("image_size", 28), kwargs.get("n_features", 8), kwargs.get("num_classes", 10)
    model = ex09.build_two_input_model(**kwargs)
    assert type(model).__name__ == "Functional"
    assert [tuple(t.shape) for t in model.inputs] == [(None, size, size), (None, features)]
    assert "Concatenate" in [type(layer).__name__ for layer in model.layers]
    last = model.layers[-1]
    assert type(last).__name__ == "Dense" and last.units == classes and last.activation.__name__ == "softmax"
    compiled_as_contract(model, 0.001)
    out = np.asarray(model([np.zeros((2, size, size), "float32"), np.ones((2, features), "float32")]))
    assert out.shape == (2, classes) and np.allclose(out.sum(axis=1), 1.0, atol=1e-6)


def test_cnn_defaults(ex14):
    model = ex14.build_cnn()
    assert tuple(model.inputs[0].shape) == (None, 28, 28, 1)
    assert rows(model) == [
        ("Conv2D", (28, 28, 16), 160), ("Conv2D", (28, 28, 32), 8_224), ("Conv2D", (25, 25, 64), 32_832),
        ("MaxPooling2D", (12, 12, 64), 0), ("Flatten", (9216,), 0), ("Dropout", (9216,), 0),
        ("Dense", (50,), 460_850), ("Dense", (20,), 1_020), ("Dense", (10,), 210)]
    assert model.count_params() == 503_296
    convs = [layer for layer in model.layers if type(layer).__name__ == "Conv2D"]
    assert [(c.kernel_size, c.padding) for c in convs] == [((3, 3), "same"), ((4, 4), "same"), ((4, 4), "valid")]
    assert [layer.activation.__name__ for layer in model.layers if hasattr(layer, "activation")] == \
        ["relu"] * 5 + ["softmax"]
    assert model.layers[5].rate == 0.5
    compiled_as_contract(model, 0.001)


def test_cnn_other_arguments(ex14):
    model = ex14.build_cnn(input_shape=(20, 20, 3), num_classes=4, dropout_rate=0.25, learning_rate=0.0005)
    # 20 -> 20 -> 20 -> 17 (valid 4x4) -> 8 (pool); 8 * 8 * 64 = 4096 features.
    assert rows(model) == [
        ("Conv2D", (20, 20, 16), 3 * 3 * 3 * 16 + 16), ("Conv2D", (20, 20, 32), 8_224),
        ("Conv2D", (17, 17, 64), 32_832), ("MaxPooling2D", (8, 8, 64), 0), ("Flatten", (4096,), 0),
        ("Dropout", (4096,), 0), ("Dense", (50,), 4096 * 50 + 50), ("Dense", (20,), 1_020), ("Dense", (4,), 84)]
    assert model.layers[5].rate == 0.25
    compiled_as_contract(model, 0.0005)


def test_cnn_learns_the_grader_images(ex14, keras):
    """The reference clears the learns_images threshold with a wide margin (measured: 100%)."""
    import numpy as np

    from grader.checklib.keras_checks import image_dataset, train
    from grader.checks import exercise14_cnn as checks
    from grader.keras_rebuild import LearnerModel

    model = ex14.build_cnn()
    x, y = image_dataset(checks.TRAIN_SIZE, size=28, classes=10, channels=1, seed=14)
    x_val, y_val = image_dataset(checks.VALIDATION_SIZE, size=28, classes=10, channels=1, seed=15)
    trained, _ = train(LearnerModel(model, "Sequential", model.get_compile_config()), x, y, epochs=checks.EPOCHS)
    accuracy = np.mean(np.argmax(trained.predict(x_val, verbose=0), 1) == np.argmax(y_val, 1))
    assert accuracy >= 0.98 > checks.MIN_ACCURACY


# ---------------------------------------------------------------- stubs

def public_functions(module):
    return {name: obj for name, obj in vars(module).items()
            if inspect.isfunction(obj) and obj.__module__ == module.__name__ and not name.startswith("_")}


@pytest.mark.parametrize("name", MODULES)
def test_stub_matches_solution_api(keras, name):
    stub = public_functions(importlib.import_module(f"exercises.{name}"))
    ref = public_functions(importlib.import_module(f"solutions.{name}"))
    assert stub.keys() == ref.keys() and stub
    for fname, func in stub.items():
        assert inspect.signature(func) == inspect.signature(ref[fname]), fname
        with pytest.raises(NotImplementedError):
            func()


@pytest.mark.parametrize("name", MODULES)
def test_stub_shape(name):
    source = (ROOT / "exercises" / f"{name}.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    docstring = ast.get_docstring(tree)
    assert docstring and docstring.count(MODULES[name]) == 1
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            assert ast.get_docstring(node), node.name
            body = node.body[1:]
            assert len(body) == 1 and ast.unparse(body[0]) == "raise NotImplementedError", node.name
            assert "# TODO:" in ast.get_source_segment(source, node), node.name
