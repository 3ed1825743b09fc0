"""Reference solution for exercise11: convolution arithmetic and parameter counts."""

import math

_PADDINGS = ("valid", "same")


def _check_padding(padding):
    """Return padding in lower case, or raise ValueError if it is not valid/same."""
    mode = str(padding).lower()
    if mode not in _PADDINGS:
        raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}")
    return mode


def _pair(value, name):
    """Return an int or an (a, b) pair of positive ints as a tuple of two ints."""
    try:
        pair = tuple(value)
    except TypeError:
        pair = (value, value)
    if len(pair) != 2 or any(int(v) != v or v < 1 for v in pair):
        raise ValueError(f"{name} must be a positive int or a pair of them, got {value!r}")
    return int(pair[0]), int(pair[1])


def _window_output_size(n, window, stride, padding):
    """Output length of a sliding window along one axis (shared by conv and pooling)."""
    if window < 1 or stride < 1:
        raise ValueError("window size and stride must be positive")
    if _check_padding(padding) == "same":
        out = math.ceil(n / stride)
    else:
        out = (n - window) // stride + 1
    if out < 1:
        raise ValueError(
            f"window {window} does not fit an input of size {n} with {padding!r} padding"
        )
    return int(out)


def conv_output_size(n, kernel_size, stride=1, padding="valid"):
    """Output length of a convolution: valid floor((n-k)/s)+1, same ceil(n/s)."""
    return _window_output_size(n, kernel_size, stride, padding)


def pool_output_size(n, pool_size=2, stride=None, padding="valid"):
    """Output length of a pooling layer; the stride defaults to the pool size."""
    return _window_output_size(n, pool_size, pool_size if stride is None else stride, padding)


def conv2d_param_count(in_channels, filters, kernel_size, use_bias=True):
    """Weights of a Conv2D layer: kh*kw*in_channels*filters (+ filters biases)."""
    kh, kw = _pair(kernel_size, "kernel_size")
    return kh * kw * in_channels * filters + (filters if use_bias else 0)


def dense_param_count(in_features, units, use_bias=True):
    """Weights of a Dense layer: in_features*units (+ units biases)."""
    return in_features * units + (units if use_bias else 0)


def _require(layer, key):
    """Return layer[key], or raise ValueError naming the layer and the missing key."""
    if key not in layer:
        raise ValueError(f"{layer.get('type')!r} layer needs a {key!r} entry: {layer!r}")
    return layer[key]


def _expect_image(shape, kind):
    """Raise ValueError unless shape is (h, w, c), the input a 2-D layer needs."""
    if len(shape) != 3:
        raise ValueError(f"{kind} needs a (height, width, channels) input, got {shape}")


def _layer_summary(shape, layer):
    """Return (output_shape, params) of one layer dict applied to an input shape."""
    kind = layer["type"]
    if kind == "conv2d":
        _expect_image(shape, kind)
        filters = _require(layer, "filters")
        kh, kw = _pair(_require(layer, "kernel_size"), "kernel_size")
        sh, sw = _pair(layer.get("strides", 1), "strides")
        padding = layer.get("padding", "valid")
        out = (
            conv_output_size(shape[0], kh, sh, padding),
            conv_output_size(shape[1], kw, sw, padding),
            filters,
        )
        return out, conv2d_param_count(shape[2], filters, (kh, kw), layer.get("use_bias", True))
    if kind in ("maxpool2d", "avgpool2d"):
        _expect_image(shape, kind)
        ph, pw = _pair(layer.get("pool_size", 2), "pool_size")
        strides = layer.get("strides")
        sh, sw = (ph, pw) if strides is None else _pair(strides, "strides")
        padding = layer.get("padding", "valid")
        out = (
            pool_output_size(shape[0], ph, sh, padding),
            pool_output_size(shape[1], pw, sw, padding),
            shape[2],
        )
        return out, 0
    if kind == "flatten":
        return (math.prod(shape),), 0
    if kind == "dense":
        if len(shape) != 1:
            raise ValueError(f"dense needs a 1-d input (add a flatten first), got {shape}")
        units = _require(layer, "units")
        return (units,), dense_param_count(shape[0], units, layer.get("use_bias", True))
    if kind == "dropout":
        rate = _require(layer, "rate")
        if not 0 <= rate <= 1:
            raise ValueError(f"dropout rate must be in [0, 1], got {rate}")
        return shape, 0
    raise ValueError(f"unknown layer type {kind!r}")


def summarize(input_shape, layers):
    """List (type, output_shape, params) for each layer dict, shapes without the batch axis."""
    shape = tuple(int(d) for d in input_shape)
    rows = []
    for layer in layers:
        if "type" not in layer:
            raise ValueError(f"layer dict without a 'type': {layer!r}")
        shape, params = _layer_summary(shape, layer)
        shape = tuple(int(d) for d in shape)
        rows.append((layer["type"], shape, int(params)))
    return rows


def total_params(input_shape, layers):
    """Total number of parameters of the stack described by summarize."""
    return sum(params for _, _, params in summarize(input_shape, layers))
