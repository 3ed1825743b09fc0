"""Tests of the reference solutions for exercises 06, 07, 11, 12 and 13, and of their stubs.

The references are cross-checked against TensorFlow/Keras wherever an equivalent exists;
TensorFlow is imported lazily, once, by a module-scoped fixture.
"""

import ast
import doctest
import importlib
import inspect
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import solutions.exercise06_losses as ex06
import solutions.exercise07_preprocessing as ex07
import solutions.exercise11_conv_arithmetic as ex11
import solutions.exercise12_conv_forward as ex12
import solutions.exercise13_dropout as ex13

ROOT = Path(__file__).resolve().parents[2]
MODULES = [
    "exercise06_losses",
    "exercise07_preprocessing",
    "exercise11_conv_arithmetic",
    "exercise12_conv_forward",
    "exercise13_dropout",
]
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None)

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


@pytest.fixture(scope="module")
def tf():
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    return pytest.importorskip("tensorflow")


@pytest.fixture(scope="module")
def keras(tf):
    return pytest.importorskip("keras")


def assert_unchanged(before, *arrays):
    """Fail if any array differs from its snapshot (catches in-place edits)."""
    for snapshot, array in zip(before, arrays, strict=True):
        np.testing.assert_array_equal(snapshot, array)


# ---------------------------------------------------------------- exercise06


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
    assert_unchanged(before, y_true, y_pred)


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


# ---------------------------------------------------------------- exercise07


def test_normalize_images_float32():
    images = np.array([[0, 51], [255, 128]], dtype=np.uint8)
    out = ex07.normalize_images(images)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, images / 255.0, rtol=1e-6)
    assert ex07.normalize_images([[255]]).dtype == np.float32


@pytest.mark.parametrize("shape", [(28, 28), (5, 28, 28), (3, 4, 5)])
def test_add_channel_axis(shape):
    images = np.arange(math.prod(shape)).reshape(shape)
    out = ex07.add_channel_axis(images)
    assert out.shape == shape + (1,)
    np.testing.assert_array_equal(out[..., 0], images)


@pytest.mark.parametrize("shape", [(4, 5, 3), (2, 4, 5, 3)])
def test_rgb_to_grayscale_matches_tf(tf, shape):
    images = np.random.default_rng(4).uniform(0, 255, shape)
    before = images.copy()
    out = ex07.rgb_to_grayscale(images)
    assert out.shape == shape[:-1] + (1,)
    np.testing.assert_allclose(out, tf.image.rgb_to_grayscale(images).numpy(), rtol=1e-6)
    assert_unchanged([before], images)


@st.composite
def labelled_data(draw):
    n = draw(st.integers(2, 120))
    n_classes = draw(st.integers(1, 5))
    labels = np.array(draw(st.lists(st.integers(0, n_classes - 1), min_size=n, max_size=n)))
    test_size = draw(st.floats(0.01, 0.99))
    one_hot = draw(st.booleans())
    return labels, test_size, one_hot


@SETTINGS
@given(labelled_data())
def test_stratified_split_properties(data):
    labels, test_size, one_hot = data
    n = labels.size
    n_val = math.ceil(test_size * n)
    X = np.arange(n)[:, None] * 10 + np.arange(2)  # row i identifies sample i
    y = ex06.to_categorical(labels, labels.max() + 1) if one_hot else labels
    if n_val >= n:
        return  # no training sample left; the reference refuses this
    before = (X.copy(), y.copy())
    X_train, X_val, y_train, y_val = ex07.stratified_split(X, y, test_size, seed=7)
    assert len(X_val) == len(y_val) == n_val
    assert len(X_train) == len(y_train) == n - n_val
    assert y_train.shape[1:] == y_val.shape[1:] == y.shape[1:]
    ids_train, ids_val = X_train[:, 0] // 10, X_val[:, 0] // 10
    assert sorted(np.concatenate([ids_train, ids_val]).tolist()) == list(range(n))
    np.testing.assert_array_equal(y_val, y[ids_val])
    np.testing.assert_array_equal(y_train, y[ids_train])
    for cls in np.unique(labels):
        n_class = np.sum(labels == cls)
        assert abs(np.sum(labels[ids_val] == cls) - n_class * n_val / n) < 1 + 1e-9
    again = ex07.stratified_split(X, y, test_size, seed=7)
    for first, second in zip((X_train, X_val, y_train, y_val), again, strict=True):
        np.testing.assert_array_equal(first, second)
    assert_unchanged(before, X, y)


def test_stratified_split_seed_changes_split():
    labels = np.repeat([0, 1, 2], 20)
    X = np.arange(60)
    splits = {tuple(np.sort(ex07.stratified_split(X, labels, 0.25, seed=s)[1])) for s in range(5)}
    assert len(splits) > 1
    assert ex07.stratified_split(X, labels)[1].size == 12  # default test_size 0.2


@pytest.mark.parametrize("test_size", [0, 1, -0.2, 1.5])
def test_stratified_split_rejects_test_size(test_size):
    with pytest.raises(ValueError):
        ex07.stratified_split(np.zeros((10, 2)), np.arange(10) % 2, test_size)


# ---------------------------------------------------------------- exercise11


def keras_layer(keras, spec):
    """Build the Keras layer that a summarize() layer dict describes."""
    kind = spec["type"]
    if kind == "conv2d":
        return keras.layers.Conv2D(
            spec["filters"],
            spec["kernel_size"],
            strides=spec.get("strides", 1),
            padding=spec.get("padding", "valid"),
        )
    if kind in ("maxpool2d", "avgpool2d"):
        cls = keras.layers.MaxPooling2D if kind == "maxpool2d" else keras.layers.AveragePooling2D
        return cls(
            spec.get("pool_size", 2),
            strides=spec.get("strides"),
            padding=spec.get("padding", "valid"),
        )
    if kind == "flatten":
        return keras.layers.Flatten()
    if kind == "dense":
        return keras.layers.Dense(spec["units"])
    return keras.layers.Dropout(spec["rate"])


def keras_summary(keras, input_shape, layers):
    """(type, output_shape, params) rows from a real keras.Sequential, or None if Keras refuses."""
    try:
        model = keras.Sequential(
            [keras.Input(input_shape)] + [keras_layer(keras, s) for s in layers]
        )
    except ValueError:
        return None
    rows = [
        (s["type"], tuple(layer.output.shape[1:]), layer.count_params())
        for s, layer in zip(layers, model.layers, strict=True)
    ]
    assert sum(r[2] for r in rows) == model.count_params()
    return rows


def random_stack(rng):
    """A random layer stack: 2-D layers on an image, or dense layers on a vector."""
    if rng.random() < 0.15:
        return (int(rng.integers(3, 40)),), [{"type": "dense", "units": int(rng.integers(1, 20))}]
    size = int(rng.integers(6, 33))
    shape = (size, size + int(rng.integers(0, 4)), int(rng.integers(1, 4)))
    layers = []
    for _ in range(rng.integers(1, 4)):
        padding = str(rng.choice(["valid", "same"]))
        if rng.random() < 0.6:
            kernel = (
                int(rng.integers(1, 6))
                if rng.random() < 0.7
                else (int(rng.integers(1, 5)), int(rng.integers(1, 5)))
            )
            layers.append(
                {
                    "type": "conv2d",
                    "filters": int(rng.integers(1, 9)),
                    "kernel_size": kernel,
                    "strides": int(rng.integers(1, 4)),
                    "padding": padding,
                }
            )
        else:
            spec = {"type": str(rng.choice(["maxpool2d", "avgpool2d"])), "padding": padding}
            if rng.random() < 0.5:
                spec["pool_size"] = int(rng.integers(1, 4))
            if rng.random() < 0.5:
                spec["strides"] = int(rng.integers(1, 4))
            layers.append(spec)
    layers.append({"type": "flatten"})
    if rng.random() < 0.5:
        layers.append({"type": "dropout", "rate": 0.25})
    layers += [
        {"type": "dense", "units": int(rng.integers(1, 33))} for _ in range(rng.integers(1, 3))
    ]
    return shape, layers


@pytest.mark.parametrize("padding", ["valid", "same"])
def test_output_sizes_match_keras(keras, padding):
    for n in range(5, 10):
        for k in range(1, 6):
            for s in range(1, 4):
                shape = (None, n, n, 1)
                conv = keras.layers.Conv2D(1, k, strides=s, padding=padding).compute_output_shape(
                    shape
                )
                pool = keras.layers.MaxPooling2D(
                    k, strides=s, padding=padding
                ).compute_output_shape(shape)
                assert ex11.conv_output_size(n, k, s, padding) == conv[1], (n, k, s)
                assert ex11.pool_output_size(n, k, s, padding) == pool[1], (n, k, s)
            default = keras.layers.AveragePooling2D(k, padding=padding).compute_output_shape(
                (None, n, n, 1)
            )
            assert ex11.pool_output_size(n, k, padding=padding) == default[1]
    assert ex11.conv_output_size(28, 4) == 25
    assert ex11.pool_output_size(25) == 12


@pytest.mark.parametrize(
    "in_channels, filters, kernel_size, use_bias",
    [(1, 16, 3, True), (16, 32, 4, True), (3, 5, (2, 3), False)],
)
def test_conv2d_param_count_matches_keras(keras, in_channels, filters, kernel_size, use_bias):
    layer = keras.layers.Conv2D(filters, kernel_size, use_bias=use_bias)
    layer.build((None, 9, 9, in_channels))
    assert (
        ex11.conv2d_param_count(in_channels, filters, kernel_size, use_bias) == layer.count_params()
    )


@pytest.mark.parametrize(
    "in_features, units, use_bias", [(9216, 50, True), (784, 64, True), (7, 3, False)]
)
def test_dense_param_count_matches_keras(keras, in_features, units, use_bias):
    layer = keras.layers.Dense(units, use_bias=use_bias)
    layer.build((None, in_features))
    assert ex11.dense_param_count(in_features, units, use_bias) == layer.count_params()


def test_summarize_note_cnn(keras):
    rows = ex11.summarize((28, 28, 1), NOTE_CNN)
    assert [r[2] for r in rows[:3]] == [160, 8224, 32832]
    assert rows[3] == ("maxpool2d", (12, 12, 64), 0)
    assert ex11.total_params((28, 28, 1), NOTE_CNN) == 503296
    assert rows == keras_summary(keras, (28, 28, 1), NOTE_CNN)


def test_summarize_random_stacks_match_keras(keras):
    rng = np.random.default_rng(11)
    checked = 0
    while checked < 20:
        input_shape, layers = random_stack(rng)
        expected = keras_summary(keras, input_shape, layers)
        if expected is None:
            with pytest.raises(ValueError):
                ex11.summarize(input_shape, layers)
            continue
        assert ex11.summarize(input_shape, layers) == expected, (input_shape, layers)
        assert ex11.total_params(input_shape, layers) == sum(r[2] for r in expected)
        checked += 1


INVALID_STACKS = [
    ((8, 8, 1), [{"type": "lstm", "units": 3}]),
    ((8, 8, 1), [{"type": "dense", "units": 3}]),  # Keras would apply it to the last axis
    ((64,), [{"type": "conv2d", "filters": 2, "kernel_size": 3}]),
    ((3, 3, 1), [{"type": "conv2d", "filters": 2, "kernel_size": 5}]),
    ((3, 3, 1), [{"type": "maxpool2d", "pool_size": 4}]),
]


@pytest.mark.parametrize("input_shape, layers", INVALID_STACKS)
def test_summarize_rejects_invalid_stacks(input_shape, layers):
    with pytest.raises(ValueError):
        ex11.summarize(input_shape, layers)


@pytest.mark.parametrize("input_shape, layers", INVALID_STACKS[2:])
def test_keras_refuses_the_same_stacks(keras, input_shape, layers):
    assert keras_summary(keras, input_shape, layers) is None


# ---------------------------------------------------------------- exercise12

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
    assert_unchanged([before], x)


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
    assert_unchanged([before], x)
    default = ex12.max_pool2d(x)
    np.testing.assert_allclose(default, tf.nn.max_pool2d(x, 2, 2, "VALID").numpy())


def test_conv2d_forward_rejects_bad_shapes():
    with pytest.raises(ValueError):
        ex12.conv2d_forward(np.zeros((1, 5, 5, 2)), np.zeros((3, 3, 3, 1)), np.zeros(1))
    with pytest.raises(ValueError):
        ex12.conv2d_forward(
            np.zeros((1, 5, 5, 2)), np.zeros((3, 3, 2, 1)), np.zeros(1), padding="full"
        )


# ---------------------------------------------------------------- exercise13


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
    assert_unchanged([before], x)


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


# ---------------------------------------------------------------- stubs

STUB_CALLS = {
    "to_categorical": ([0, 1],),
    "categorical_crossentropy": ([[1.0, 0.0]], [[0.5, 0.5]]),
    "binary_crossentropy": ([1.0], [0.5]),
    "mean_squared_error": ([1.0], [0.5]),
    "accuracy": ([0], [[0.9, 0.1]]),
    "normalize_images": (np.zeros((2, 3, 3)),),
    "add_channel_axis": (np.zeros((2, 3, 3)),),
    "rgb_to_grayscale": (np.zeros((2, 3, 3, 3)),),
    "stratified_split": (np.zeros((10, 2)), np.arange(10) % 2),
    "conv_output_size": (28, 3),
    "pool_output_size": (28,),
    "conv2d_param_count": (1, 16, 3),
    "dense_param_count": (10, 5),
    "summarize": ((28, 28, 1), NOTE_CNN),
    "total_params": ((28, 28, 1), NOTE_CNN),
    "conv2d_forward": (np.zeros((1, 5, 5, 1)), np.zeros((3, 3, 1, 2)), np.zeros(2)),
    "max_pool2d": (np.zeros((1, 4, 4, 1)),),
    "avg_pool2d": (np.zeros((1, 4, 4, 1)),),
    "dropout_forward": (np.ones(4), 0.5),
    "dropout_backward": (np.ones(4), np.ones(4, dtype=bool), 0.5),
}


def public_functions(module):
    """Name -> function for the functions a module defines and does not mark private."""
    return {
        name: obj
        for name, obj in vars(module).items()
        if inspect.isfunction(obj)
        and obj.__module__ == module.__name__
        and not name.startswith("_")
    }


@pytest.mark.parametrize("name", MODULES)
def test_stub_matches_solution_api(name):
    stub = public_functions(importlib.import_module(f"exercises.{name}"))
    ref = public_functions(importlib.import_module(f"solutions.{name}"))
    assert stub.keys() == ref.keys()
    for fname in stub:
        assert inspect.signature(stub[fname]) == inspect.signature(ref[fname]), fname


@pytest.mark.parametrize("name", MODULES)
def test_stub_functions_raise_not_implemented(name):
    functions = public_functions(importlib.import_module(f"exercises.{name}"))
    assert functions
    for fname, func in functions.items():
        with pytest.raises(NotImplementedError):
            func(*STUB_CALLS[fname])
        # The reference must accept the same call.
        getattr(importlib.import_module(f"solutions.{name}"), fname)(*STUB_CALLS[fname])


@pytest.mark.parametrize("name", MODULES)
def test_stub_shape(name):
    path = ROOT / "exercises" / f"{name}.py"
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) < 300
    tree = ast.parse(source)
    assert ast.get_docstring(tree)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            assert ast.get_docstring(node), node.name
            body = node.body[1:]
            assert len(body) == 1 and isinstance(body[0], ast.Raise), node.name
            assert ast.unparse(body[0]) == "raise NotImplementedError", node.name
            assert "# TODO:" in ast.get_source_segment(source, node), node.name


@pytest.mark.parametrize("name", MODULES)
def test_stub_examples_hold_for_the_solution(name):
    """The doctest examples in a stub's docstrings are true of the reference solution."""
    stub = importlib.import_module(f"exercises.{name}")
    ref = importlib.import_module(f"solutions.{name}")
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    for test in doctest.DocTestFinder().find(stub):
        test.globs = dict(vars(ref))
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def test_numpy_modules_do_not_import_tensorflow():
    imports = "; ".join(
        f"import {tree}.{name}" for tree in ("exercises", "solutions") for name in MODULES
    )
    loaded = "'tensorflow' in sys.modules or 'keras' in sys.modules"
    code = f"import sys; {imports}; assert not ({loaded})"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)
