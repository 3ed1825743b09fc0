"""The reference solution of exercise06, losses, one-hot and metrics, cross-checked against TensorFlow/Keras
wherever an equivalent exists (TensorFlow is imported lazily, by a fixture).
"""
import math

import numpy as np
import pytest

import solutions.exercise06_losses as ex06
from reference_helpers import assert_arrays_unchanged


@pytest.mark.parametrize(
    "y, num_classes",
    [
        ([0, 2, 1, 2], None),
        ([[1], [2], [0]], None),
        ([3.0, 1.0], None),
        (np.array([0, 1, 1], dtype=np.int32), 5),
        ([4], None),
    ],
)
def test_to_categorical_matches_keras(keras, y, num_classes):
    got = ex06.to_categorical(y, num_classes)
    expected = keras.utils.to_categorical(y, num_classes)
    assert got.dtype.kind == "f"
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize(
    "y, num_classes", [([0, -1, 2], None), ([0, 3], 3), ([[5]], 2), ([0.5, 1], None)]
)
def test_to_categorical_rejects_bad_labels(y, num_classes):
    with pytest.raises(ValueError):
        ex06.to_categorical(y, num_classes)


def test_categorical_crossentropy_matches_keras(keras):
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(32, 6)) * 3
    y_pred = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    y_pred[0] = [0, 1, 0, 0, 0, 0]  # p_true = 0 must be clipped, not give inf
    y_true = ex06.to_categorical(rng.integers(0, 6, 32), 6)
    y_true[0] = [1, 0, 0, 0, 0, 0]
    before = (y_true.copy(), y_pred.copy())
    got = ex06.categorical_crossentropy(y_true, y_pred)
    expected = float(np.mean(keras.losses.categorical_crossentropy(y_true, y_pred)))
    assert got == pytest.approx(expected, rel=1e-5)
    assert ex06.categorical_crossentropy([[1.0, 0.0]], [[0.0, 1.0]]) == pytest.approx(
        -math.log(1e-7)
    )
    assert_arrays_unchanged(before, y_true, y_pred)


def test_binary_crossentropy_matches_keras(keras):
    rng = np.random.default_rng(1)
    y_true = rng.integers(0, 2, (20, 3)).astype(float)
    y_pred = rng.uniform(0, 1, (20, 3))
    y_pred[0] = [0.0, 1.0, 1e-9]  # saturated predictions exercise the clipping
    y_pred[1] = [1.0, 0.0, 1 - 1e-12]
    expected = float(np.mean(keras.losses.binary_crossentropy(y_true, y_pred)))
    assert ex06.binary_crossentropy(y_true, y_pred) == pytest.approx(expected, rel=1e-5)
    assert ex06.binary_crossentropy([1.0, 0.0], [0.0, 1.0]) == pytest.approx(-math.log(1e-7))
    assert np.isfinite(ex06.binary_crossentropy([1.0, 0.0], [1.0, 0.0]))


def test_mean_squared_error_matches_keras(keras):
    rng = np.random.default_rng(2)
    a, b = rng.normal(size=(7, 4)), rng.normal(size=(7, 4))
    expected = float(np.mean(keras.losses.mean_squared_error(a, b)))
    assert ex06.mean_squared_error(a, b) == pytest.approx(expected, rel=1e-6)
    assert ex06.mean_squared_error([1, 2, 3], [1, 2, 5]) == pytest.approx(4 / 3)


def test_accuracy_labels_and_one_hot(keras):
    rng = np.random.default_rng(3)
    y_pred = rng.random((50, 4))
    labels = rng.integers(0, 4, 50)
    one_hot = ex06.to_categorical(labels, 4)
    metric = keras.metrics.CategoricalAccuracy()
    metric.update_state(one_hot, y_pred)
    expected = float(metric.result())
    assert ex06.accuracy(labels, y_pred) == pytest.approx(expected)
    assert ex06.accuracy(one_hot, y_pred) == pytest.approx(expected)
    assert ex06.accuracy([0, 1], [[0.9, 0.1], [0.8, 0.2]]) == 0.5
