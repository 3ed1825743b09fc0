"""The reference solution of exercise08, the Keras Sequential MLP, checked directly against the contract
(parameter counts from keras-conventions.md section 5, worked out by hand in the stubs).
"""
import importlib

import pytest

from reference_helpers import compiled_as_contract, rows


@pytest.fixture(scope="module")
def ex08(keras):
    return importlib.import_module("solutions.exercise08_sequential")


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
