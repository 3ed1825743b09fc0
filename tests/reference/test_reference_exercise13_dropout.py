"""The reference solution of exercise13, dropout, cross-checked against TensorFlow/Keras wherever an equivalent
exists (TensorFlow is imported lazily, by a fixture).
"""

import numpy as np
import pytest

import solutions.exercise13_dropout as ex13
from reference_helpers import assert_arrays_unchanged


@pytest.mark.parametrize("rate", [0.1, 0.5, 0.8])
def test_dropout_keep_fraction_and_expectation(rate):
    x = np.ones((400, 500))
    out, mask = ex13.dropout_forward(x, rate, seed=0)
    assert mask.dtype == bool and mask.shape == x.shape
    assert abs(mask.mean() - (1 - rate)) < 0.005
    np.testing.assert_allclose(out, np.where(mask, 1 / (1 - rate), 0.0))
    assert abs(out.mean() - 1.0) < 0.02  # inverted dropout preserves the expectation


def test_dropout_mask_comes_from_default_rng():
    x = np.arange(12.0).reshape(3, 4)
    out, mask = ex13.dropout_forward(x, 0.3, seed=42)
    np.testing.assert_array_equal(mask, np.random.default_rng(42).random(x.shape) >= 0.3)
    out2, mask2 = ex13.dropout_forward(x, 0.3, seed=42)
    np.testing.assert_array_equal(mask, mask2)
    np.testing.assert_array_equal(out, out2)


def test_dropout_seeds_differ():
    masks = {ex13.dropout_forward(np.ones(64), 0.5, seed=s)[1].tobytes() for s in range(4)}
    assert len(masks) == 4


def test_dropout_inference_is_identity():
    x = np.random.default_rng(0).normal(size=(5, 6))
    before = x.copy()
    out, mask = ex13.dropout_forward(x, 0.5, training=False, seed=0)
    np.testing.assert_array_equal(out, x)
    assert mask.dtype == bool and mask.all() and mask.shape == x.shape
    out, mask = ex13.dropout_forward(x, 0.0, seed=0)
    np.testing.assert_array_equal(out, x)
    assert_arrays_unchanged([before], x)


def test_dropout_backward_reuses_mask():
    rng = np.random.default_rng(9)
    x = rng.normal(size=(6, 7))
    dout = rng.normal(size=(6, 7))
    _, mask = ex13.dropout_forward(x, 0.4, seed=3)
    dx = ex13.dropout_backward(dout, mask, 0.4)
    np.testing.assert_allclose(dx, np.where(mask, dout / 0.6, 0.0))
    # The backward pass is the same linear map as the forward pass.
    np.testing.assert_allclose(
        ex13.dropout_backward(x, mask, 0.4), ex13.dropout_forward(x, 0.4, seed=3)[0]
    )


def test_dropout_scale_matches_keras(keras):
    x = np.ones((100, 100), dtype=np.float32)
    kept = np.asarray(keras.layers.Dropout(0.25, seed=0)(x, training=True))
    ours, _ = ex13.dropout_forward(x, 0.25, seed=0)
    assert np.unique(kept[kept != 0]) == pytest.approx(np.unique(ours[ours != 0]))
    np.testing.assert_array_equal(
        np.asarray(keras.layers.Dropout(0.25)(x, training=False)),
        ex13.dropout_forward(x, 0.25, training=False)[0],
    )


@pytest.mark.parametrize("rate", [-0.1, 1.0, 1.5])
def test_dropout_rejects_rate(rate):
    with pytest.raises(ValueError):
        ex13.dropout_forward(np.ones(3), rate)
    with pytest.raises(ValueError):
        ex13.dropout_backward(np.ones(3), np.ones(3, dtype=bool), rate)
