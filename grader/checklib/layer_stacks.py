"""Layer stacks for exercise11's checks: short descriptions for messages, and stacks Keras can build.

A stack is an input shape (batch axis left out) and a list of layer dicts such as
{"type": "conv2d", "filters": 16, "kernel_size": 3}. The generated stacks are only ones Keras can
build: every window fits its input, and dense layers follow a flatten or a 1-d input (CURRICULUM.md).
Keys are sometimes left out so that the defaults matter. No TensorFlow here: exercise11 is a
NumPy exercise.
"""
import math

from hypothesis import strategies as st

from grader.i18n import t


def layer_text(layer):
    """A layer dict as a short Keras-like description."""
    args = ", ".join(f"{k}={v!r}" for k, v in layer.items() if k != "type")
    return f"{layer['type']}({args})"


def stack_text(input_shape, layers):
    """A stack as one line for messages: its input shape and its layers."""
    return t("layer_stacks.stack", input_shape=repr(input_shape), layers=", ".join(layer_text(l) for l in layers))


class Stack:
    """(input_shape, layers) with a one-line repr, for the 'smallest failing input' of a message."""

    def __init__(self, input_shape, layers):
        self.input_shape, self.layers = input_shape, layers

    def __iter__(self):
        return iter((self.input_shape, self.layers))

    def __repr__(self):
        return f"Stack({stack_text(self.input_shape, self.layers)})"


@st.composite
def conv_layer(draw, h, w):
    """A conv2d layer dict whose kernel fits an h x w input."""
    kh, kw = draw(st.integers(1, min(h, 5))), draw(st.integers(1, min(w, 5)))
    layer = {"type": "conv2d", "filters": draw(st.integers(1, 8)),
             "kernel_size": kh if kh == kw and draw(st.booleans()) else (kh, kw)}
    strides = draw(st.sampled_from([None, 1, 2, 3, (1, 2), (2, 1), (3, 2)]))
    if strides is not None:
        layer["strides"] = strides
    padding = draw(st.sampled_from([None, "valid", "same"]))
    if padding is not None:
        layer["padding"] = padding
    if draw(st.booleans()):
        layer["activation"] = "relu"
    return layer


@st.composite
def pool_layer(draw, h, w):
    """A maxpool2d or avgpool2d layer dict whose window fits an h x w input."""
    layer = {"type": draw(st.sampled_from(["maxpool2d", "avgpool2d"]))}
    if min(h, w) < 2 or draw(st.booleans()):
        layer["pool_size"] = draw(st.integers(1, min(h, w, 4)))
    strides = draw(st.sampled_from([None, None, 1, 2, 3, (2, 1)]))
    if strides is not None or draw(st.booleans()):
        layer["strides"] = strides
    padding = draw(st.sampled_from([None, "valid", "same"]))
    if padding is not None:
        layer["padding"] = padding
    return layer


def window_size(n, window, stride, padding):
    """The output length along one axis of a sliding window, with 'same' or 'valid' padding."""
    return math.ceil(n / stride) if padding == "same" else (n - window) // stride + 1


def next_shape(shape, layer):
    """The output (h, w, c) of a 2-D layer or dropout, for building valid stacks."""
    h, w, c = shape
    if layer["type"] == "dropout":
        return shape
    padding = layer.get("padding", "valid")
    if layer["type"] == "conv2d":
        k = layer["kernel_size"]
        window = (k, k) if isinstance(k, int) else k
        c = layer["filters"]
        strides = layer.get("strides", 1)
    else:
        p = layer.get("pool_size", 2)
        window = (p, p)
        strides = layer.get("strides") or window
    strides = (strides, strides) if isinstance(strides, int) else strides
    return (window_size(h, window[0], strides[0], padding), window_size(w, window[1], strides[1], padding), c)


@st.composite
def dense_tail(draw):
    """One to three dense layers, some with a dropout before them."""
    layers = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.integers(0, 3)) == 0:
            layers.append({"type": "dropout", "rate": draw(st.sampled_from([0.1, 0.25, 0.5]))})
        layer = {"type": "dense", "units": draw(st.integers(1, 64))}
        if draw(st.booleans()):
            layer["activation"] = "relu"
        layers.append(layer)
    return layers


@st.composite
def valid_stacks(draw):
    """(input_shape, layers) that Keras accepts."""
    if draw(st.integers(0, 7)) == 0:  # dense layers on a 1-d input
        layers = [{"type": "flatten"}] if draw(st.booleans()) else []
        return Stack((draw(st.integers(1, 300)),), layers + draw(dense_tail()))
    shape = (draw(st.integers(1, 32)), draw(st.integers(1, 32)), draw(st.integers(1, 4)))
    layers, current = [], shape
    for _ in range(draw(st.integers(1, 4))):
        layer_type = draw(st.sampled_from(["conv2d", "conv2d", "pool", "dropout"]))
        if layer_type == "conv2d":
            layer = draw(conv_layer(current[0], current[1]))
        elif layer_type == "pool":
            layer = draw(pool_layer(current[0], current[1]))
        else:
            layer = {"type": "dropout", "rate": draw(st.sampled_from([0.2, 0.5]))}
        layers.append(layer)
        current = next_shape(current, layer)
    if draw(st.integers(0, 4)) > 0:
        layers.append({"type": "flatten"})
        layers += draw(dense_tail())
    return Stack(shape, layers)
