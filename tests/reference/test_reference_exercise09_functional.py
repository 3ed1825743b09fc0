"""The reference solution of exercise09, the Keras Functional models, checked directly against the contract
(parameter counts from keras-conventions.md section 5, worked out by hand in the stubs).
"""
import importlib

import pytest

from reference_helpers import compiled_as_contract, rows


@pytest.fixture(scope="module")
def ex08(keras):
    return importlib.import_module("solutions.exercise08_sequential")


@pytest.fixture(scope="module")
def ex09(keras):
    return importlib.import_module("solutions.exercise09_functional")


MLP_DEFAULT_ROWS = [("Flatten", (784,), 0), ("Dense", (64,), 50_240), ("Dense", (128,), 8_320),
                    ("Dense", (10,), 1_290)]


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
