"""What the reference tests share: hypothesis settings, the note's CNN, and assertions on unchanged inputs,
gradients and compiled Keras models."""
import copy
import inspect

import numpy as np
import pytest
from hypothesis import settings

# Deterministic and without an example database, like the grader's own checks.
SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=60)

X_LOGIC = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])

NOTE_CNN = [
    {"type": "conv2d", "filters": 16, "kernel_size": 3, "padding": "same", "activation": "relu"},
    {"type": "conv2d", "filters": 32, "kernel_size": 4, "padding": "same", "activation": "relu"},
    {"type": "conv2d", "filters": 64, "kernel_size": 4, "padding": "valid", "activation": "relu"},
    {"type": "maxpool2d", "pool_size": 2},
    {"type": "flatten"},
    {"type": "dropout", "rate": 0.5},
    {"type": "dense", "units": 50},
    {"type": "dense", "units": 20},
    {"type": "dense", "units": 10},
]


def public_functions(module):
    """Return {name: function} for the public functions defined in module."""
    return {
        name: obj for name, obj in vars(module).items()
        if inspect.isfunction(obj) and obj.__module__ == module.__name__ and not name.startswith("_")
    }


def assert_same(new, old):
    """Assert new equals old, recursing into dicts, tuples and lists of arrays."""
    if isinstance(old, dict):
        assert new.keys() == old.keys()
        for key in old:
            assert_same(new[key], old[key])
    elif isinstance(old, (tuple, list)):
        assert len(new) == len(old)
        for new_item, old_item in zip(new, old):
            assert_same(new_item, old_item)
    else:
        np.testing.assert_array_equal(new, old)


def assert_unchanged(fn, *args):
    """Call fn(*args), assert it left every argument equal to a deep copy taken before, return the result."""
    before = copy.deepcopy(args)
    result = fn(*args)
    assert_same(args, before)
    return result


def numerical_grad(f, x, h=1e-6):
    """Return the centred finite-difference gradient of the scalar function f at the float64 array x."""
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[idx] = h
        grad[idx] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


def assert_arrays_unchanged(before, *arrays):
    """Fail if any array differs from its snapshot (catches in-place edits)."""
    for snapshot, array in zip(before, arrays, strict=True):
        np.testing.assert_array_equal(snapshot, array)


def rows(model):
    """(type, output shape without batch, parameters) per layer, Input layers left out."""
    return [(type(layer).__name__, tuple(layer.output.shape[1:]), layer.count_params())
            for layer in model.layers if type(layer).__name__ != "InputLayer"]


def compiled_as_contract(model, learning_rate):
    """Assert the model is compiled as the contract says: Adam(learning_rate), categorical cross-entropy, acc."""
    config = model.get_compile_config()
    assert config["optimizer"]["class_name"] == "Adam"
    assert config["optimizer"]["config"]["learning_rate"] == pytest.approx(learning_rate, rel=1e-6)
    assert config["loss"] == "categorical_crossentropy"
    assert config["metrics"] == ["acc"]
