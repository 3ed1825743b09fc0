"""The reference solution of exercise11, convolution arithmetic and parameter counts, cross-checked against
TensorFlow/Keras wherever an equivalent exists (TensorFlow is imported lazily, by a fixture).
"""

import numpy as np
import pytest

import solutions.exercise11_conv_arithmetic as ex11
from reference_helpers import NOTE_CNN


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
