"""The reference solution of exercise01, the perceptron, checked against the contract in CURRICULUM.md, hand-
unrolled recurrences, finite differences and TensorFlow/Keras where an equivalent exists (TensorFlow is
imported lazily, by a fixture).
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import solutions.exercise01_perceptron as ref01
from reference_helpers import SETTINGS, X_LOGIC, assert_unchanged


def test_weighted_sum_single_sample_and_batch():
    """One sample gives a Python float including the bias; a batch gives one value per row."""
    single = ref01.weighted_sum(np.array([1.0, 2.0]), np.array([0.5, -1.0]), 0.25)
    assert type(single) is float and single == -1.25
    batch = assert_unchanged(ref01.weighted_sum, np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0.5, -1.0]), 0.25)
    assert batch.shape == (2,)
    np.testing.assert_array_equal(batch, [-1.25, -2.25])
    assert ref01.weighted_sum([[1, 2]], [3, 4], 1).dtype.kind == "f"


def test_step_uses_greater_equal_and_returns_integers():
    """step is 1 at and above zero, 0 below, as an integer array of z's shape."""
    out = ref01.step(np.array([[-1e-12, 0.0], [-0.0, 3.0]]))
    assert out.dtype.kind == "i" and out.shape == (2, 2)
    np.testing.assert_array_equal(out, [[0, 1], [1, 1]])
    scalar = ref01.step(-2)
    assert np.ndim(scalar) == 0 and scalar == 0


def test_predict_returns_integer_labels():
    """predict thresholds the batch pre-activations into integer labels of shape (n,)."""
    labels = ref01.predict(X_LOGIC, np.array([1.0, 1.0]), -1.5)
    assert labels.dtype.kind == "i"
    np.testing.assert_array_equal(labels, [0, 0, 0, 1])


@SETTINGS
@given(
    w=hnp.arrays(np.float64, 3, elements=st.floats(-4, 4)),
    b=st.floats(-4, 4),
    x=hnp.arrays(np.float64, 3, elements=st.floats(-4, 4)),
    y=st.integers(0, 1),
    lr=st.sampled_from([0.1, 0.5, 1.0]),
)
def test_perceptron_update_is_rosenblatt_rule(w, b, x, y, lr):
    """The update moves w and b by lr * (y - step(x @ w + b)) and leaves w untouched."""
    error = y - (1 if x @ w + b >= 0 else 0)
    new_w, new_b = assert_unchanged(ref01.perceptron_update, w, b, x, y, lr)
    assert new_w is not w
    np.testing.assert_allclose(new_w, w + lr * error * x)
    assert type(new_b) is float
    assert new_b == pytest.approx(b + lr * error)


@pytest.mark.parametrize(
    "epochs, expected_w, expected_b",
    # Traced by hand: AND with lr=1 takes five epochs with mistakes, the sixth is clean.
    [(1, [1.0, 1.0], 0.0), (2, [2.0, 1.0], -1.0), (100, [2.0, 1.0], -3.0)],
)
def test_train_perceptron_trajectory_on_and(epochs, expected_w, expected_b):
    """Training from zeros in sample order reproduces the hand-traced AND trajectory."""
    y = np.array([0, 0, 0, 1])
    w, b = assert_unchanged(ref01.train_perceptron, X_LOGIC, y, 1.0, epochs)
    assert isinstance(w, np.ndarray) and w.dtype == np.float64 and type(b) is float
    np.testing.assert_array_equal(w, expected_w)
    assert b == expected_b


@pytest.mark.parametrize("y", [[0, 0, 0, 1], [0, 1, 1, 1], [1, 1, 1, 0], [0, 0, 1, 1]])
def test_train_perceptron_learns_separable_functions(y):
    """AND, OR, NAND and a projection are linearly separable, so they are learned exactly."""
    w, b = ref01.train_perceptron(X_LOGIC, np.array(y))
    np.testing.assert_array_equal(ref01.predict(X_LOGIC, w, b), y)


def test_train_perceptron_cannot_learn_xor():
    """XOR is not linearly separable: after all epochs at least one sample is still wrong."""
    y = np.array([0, 1, 1, 0])
    w, b = ref01.train_perceptron(X_LOGIC, y, lr=0.5, epochs=200)
    assert np.any(ref01.predict(X_LOGIC, w, b) != y)
