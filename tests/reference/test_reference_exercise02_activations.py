"""The reference solution of exercise02, activation functions, checked against the contract in CURRICULUM.md,
hand-unrolled recurrences, finite differences and TensorFlow/Keras where an equivalent exists (TensorFlow is
imported lazily, by a fixture).
"""
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import solutions.exercise02_activations as ref02
from reference_helpers import SETTINGS, assert_unchanged


ELEMENTWISE = [ref02.sigmoid, ref02.tanh, ref02.relu, ref02.sigmoid_grad, ref02.tanh_grad, ref02.relu_grad]
EXTREMES32 = np.array([-1000, -710, -88.7, -20, -1, -0.5, 0, 0.5, 1, 20, 88.7, 710, 1000], np.float32)


@pytest.mark.parametrize(
    "fn, tf_name",
    [(ref02.sigmoid, "sigmoid"), (ref02.tanh, "tanh"), (ref02.relu, "relu")],
)
def test_activations_match_tensorflow(tf, fn, tf_name):
    """sigmoid, tanh and relu agree with tf.nn in float32, including +-1000, and keep float32."""
    z = np.concatenate([EXTREMES32, np.random.default_rng(0).normal(0, 5, 50).astype(np.float32)])
    ours = assert_unchanged(fn, z)
    assert ours.dtype == np.float32
    np.testing.assert_allclose(ours, getattr(tf.nn, tf_name)(z).numpy(), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize(
    "fn, tf_name",
    [(ref02.sigmoid_grad, "sigmoid"), (ref02.tanh_grad, "tanh"), (ref02.relu_grad, "relu")],
)
def test_activation_grads_match_tensorflow_autodiff(tf, fn, tf_name):
    """The derivatives agree with TensorFlow's gradients in float32 (relu's is 0 at 0)."""
    z = tf.constant(EXTREMES32)
    with tf.GradientTape() as tape:
        tape.watch(z)
        out = getattr(tf.nn, tf_name)(z)
    np.testing.assert_allclose(fn(EXTREMES32), tape.gradient(out, z).numpy(), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_softmax_matches_tensorflow(tf, axis):
    """softmax agrees with tf.nn.softmax along every axis, including rows of +-1000."""
    z = np.array(
        [[1000, 0, -1000], [88, 89, 90], [-1000, -1000, -999], [0.5, -0.25, 2.0]], np.float32
    )
    ours = assert_unchanged(ref02.softmax, z, axis)
    assert ours.dtype == np.float32
    np.testing.assert_allclose(ours, tf.nn.softmax(z, axis=axis).numpy(), rtol=1e-4, atol=1e-5)


def test_activations_are_stable_in_float64():
    """No overflow or invalid-value warnings and the exact limits for |z| up to 1e4 in float64."""
    z = np.array([-1e4, -1000.0, -710.0, 0.0, 710.0, 1000.0, 1e4])
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        results = {fn.__name__: fn(z) for fn in ELEMENTWISE}
        assert ref02.sigmoid(-1000.0) == 0.0
        np.testing.assert_array_equal(ref02.softmax([1000.0, 1000.0]), [0.5, 0.5])
        np.testing.assert_array_equal(ref02.softmax([1e4, -1e4, 0.0]), [1.0, 0.0, 0.0])
    assert all(np.all(np.isfinite(out)) for out in results.values())
    np.testing.assert_allclose(results["sigmoid"], [0, 0, 0, 0.5, 1, 1, 1], atol=1e-300)
    np.testing.assert_array_equal(results["tanh"], [-1, -1, -1, 0, 1, 1, 1])
    np.testing.assert_array_equal(results["relu_grad"], [0, 0, 0, 0, 1, 1, 1])


@pytest.mark.parametrize("fn", ELEMENTWISE)
def test_elementwise_shapes_and_dtypes(fn):
    """Scalars give 0-d floats, empty arrays stay empty, ints become float64, float32 stays float32."""
    scalar = fn(3)
    assert np.ndim(scalar) == 0 and np.asarray(scalar).dtype == np.float64
    assert fn(np.zeros((0, 4), np.float32)).shape == (0, 4)
    assert fn(np.arange(-3, 3).reshape(2, 3)).dtype == np.float64
    assert fn(np.ones((2, 1, 3), np.float32)).dtype == np.float32


def test_gradient_formulas_at_known_points():
    """relu_grad(0) == 0, sigmoid_grad(0) == 0.25 and tanh_grad(0) == 1."""
    assert ref02.relu_grad(0) == 0
    assert ref02.relu_grad(0.0) == 0
    assert ref02.sigmoid_grad(0.0) == 0.25
    assert ref02.tanh_grad(0.0) == 1.0


def test_softmax_edge_shapes():
    """softmax handles empty arrays and rejects 0-d input."""
    assert ref02.softmax(np.zeros((3, 0))).shape == (3, 0)
    assert ref02.softmax(np.zeros(0)).shape == (0,)
    with pytest.raises(ValueError):
        ref02.softmax(1.0)


@SETTINGS
@given(
    z=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=5), elements=st.floats(-1e4, 1e4)),
    shift=st.floats(-100, 100),
    data=st.data(),
)
def test_softmax_properties(z, shift, data):
    """softmax sums to 1 along axis, is non-negative and invariant to adding a constant."""
    axis = data.draw(st.integers(-z.ndim, z.ndim - 1))
    p = ref02.softmax(z, axis=axis)
    assert p.shape == z.shape and np.all(p >= 0)
    np.testing.assert_allclose(p.sum(axis=axis), 1.0, rtol=1e-12)
    np.testing.assert_allclose(ref02.softmax(z + shift, axis=axis), p, rtol=1e-6, atol=1e-12)


@SETTINGS
@given(z=hnp.arrays(np.float64, 6, elements=st.floats(-30, 30)))
def test_activation_grads_match_finite_differences(z):
    """sigmoid_grad and tanh_grad are the derivatives of sigmoid and tanh."""
    h = 1e-6
    for fn, grad in [(ref02.sigmoid, ref02.sigmoid_grad), (ref02.tanh, ref02.tanh_grad)]:
        np.testing.assert_allclose(grad(z), (fn(z + h) - fn(z - h)) / (2 * h), rtol=1e-5, atol=1e-8)
