"""The reference solution of exercise12, convolution and pooling in NumPy, cross-checked against
TensorFlow/Keras wherever an equivalent exists (TensorFlow is imported lazily, by a fixture).
"""

import numpy as np
import pytest

import solutions.exercise12_conv_forward as ex12
from reference_helpers import assert_arrays_unchanged


KERNELS = [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (2, 3), (4, 1), (3, 5)]


@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize("stride", [1, 2, 3])
def test_conv2d_forward_matches_tf(tf, padding, stride):
    rng = np.random.default_rng(stride)
    x = rng.normal(size=(2, 9, 8, 3))
    before = x.copy()
    for kh, kw in KERNELS:
        W = rng.normal(size=(kh, kw, 3, 4))
        b = rng.normal(size=4)
        got = ex12.conv2d_forward(x, W, b, stride=stride, padding=padding)
        expected = tf.nn.conv2d(x, W, strides=stride, padding=padding.upper()).numpy() + b
        assert got.shape == expected.shape, (kh, kw)
        np.testing.assert_allclose(
            got, expected, rtol=1e-10, atol=1e-10, err_msg=f"kernel {kh}x{kw}"
        )
    assert_arrays_unchanged([before], x)


def test_conv2d_forward_tuple_stride_and_lists(tf):
    rng = np.random.default_rng(5)
    x = rng.normal(size=(1, 7, 10, 2))
    W = rng.normal(size=(3, 2, 2, 3))
    b = np.zeros(3)
    expected = tf.nn.conv2d(x, W, strides=[1, 2, 3, 1], padding="SAME").numpy()
    np.testing.assert_allclose(ex12.conv2d_forward(x, W, b, (2, 3), "same"), expected, rtol=1e-10)
    got = ex12.conv2d_forward(x.tolist(), W.tolist(), b.tolist())
    np.testing.assert_allclose(got, tf.nn.conv2d(x, W, 1, "VALID").numpy(), rtol=1e-10)


def test_conv2d_forward_is_not_flipped():
    x = np.zeros((1, 3, 3, 1))
    x[0, 0, 0, 0] = 1.0
    W = np.arange(9.0).reshape(3, 3, 1, 1)
    # A 1 in the top-left corner, "same" padding: the centre output sees W[0, 0], not W[2, 2].
    out = ex12.conv2d_forward(x, W, [0.0], padding="same")
    assert out[0, 1, 1, 0] == W[0, 0, 0, 0]


@pytest.mark.parametrize(
    "pool_size, stride", [(1, None), (2, None), (3, None), (2, 1), (3, 2), (2, 3), (4, 1)]
)
def test_pooling_matches_tf(tf, pool_size, stride):
    # tf.nn.max_pool2d rounds float64 input through float32, so use float32-representable values.
    x = (
        np.random.default_rng(pool_size)
        .normal(size=(2, 9, 7, 3))
        .astype(np.float32)
        .astype(np.float64)
    )
    before = x.copy()
    tf_stride = pool_size if stride is None else stride
    for ours, theirs in ((ex12.max_pool2d, tf.nn.max_pool2d), (ex12.avg_pool2d, tf.nn.avg_pool2d)):
        got = ours(x, pool_size, stride)
        expected = theirs(x, pool_size, tf_stride, "VALID").numpy()
        assert got.shape == expected.shape
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)
    assert_arrays_unchanged([before], x)
    default = ex12.max_pool2d(x)
    np.testing.assert_allclose(default, tf.nn.max_pool2d(x, 2, 2, "VALID").numpy())


def test_conv2d_forward_rejects_bad_shapes():
    with pytest.raises(ValueError):
        ex12.conv2d_forward(np.zeros((1, 5, 5, 2)), np.zeros((3, 3, 3, 1)), np.zeros(1))
    with pytest.raises(ValueError):
        ex12.conv2d_forward(
            np.zeros((1, 5, 5, 2)), np.zeros((3, 3, 2, 1)), np.zeros(1), padding="full"
        )
