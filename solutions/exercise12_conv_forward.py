"""Reference solution for exercise12: convolution and pooling forward passes in NumPy."""

import math

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _pair(value, name):
    """Return an int or an (a, b) pair of positive ints as a tuple of two ints."""
    pair = (value, value) if np.ndim(value) == 0 else tuple(value)
    if len(pair) != 2 or any(int(v) != v or v < 1 for v in pair):
        raise ValueError(f"{name} must be a positive int or a pair of them, got {value!r}")
    return int(pair[0]), int(pair[1])


def _same_padding(n, k, s):
    """(before, after) padding of TensorFlow's "same": the odd extra pixel goes after."""
    total = max((math.ceil(n / s) - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def _windows(x, window, stride):
    """Strided (n, out_h, out_w, c, kh, kw) view of every window of an NHWC array."""
    (kh, kw), (sh, sw) = window, stride
    if x.shape[1] < kh or x.shape[2] < kw:
        raise ValueError(f"window {kh}x{kw} does not fit an input of {x.shape[1]}x{x.shape[2]}")
    return sliding_window_view(x, (kh, kw), axis=(1, 2))[:, ::sh, ::sw]


def conv2d_forward(x, W, b, stride=1, padding="valid"):
    """2-D cross-correlation of NHWC x with W (kh, kw, c, f) plus b, as tf.nn.conv2d computes it."""
    x, W, b = np.asarray(x), np.asarray(W), np.asarray(b)
    if x.ndim != 4 or W.ndim != 4:
        raise ValueError(
            f"x must be (n, h, w, c) and W (kh, kw, c, f), got {x.shape} and {W.shape}"
        )
    kh, kw, c, f = W.shape
    if x.shape[3] != c:
        raise ValueError(f"x has {x.shape[3]} channels but W expects {c}")
    if b.shape != (f,):
        raise ValueError(f"b must have shape ({f},), got {b.shape}")
    sh, sw = _pair(stride, "stride")
    mode = str(padding).lower()
    if mode == "same":
        pad_h = _same_padding(x.shape[1], kh, sh)
        pad_w = _same_padding(x.shape[2], kw, sw)
        x = np.pad(x, ((0, 0), pad_h, pad_w, (0, 0)))
    elif mode != "valid":
        raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}")
    windows = _windows(x, (kh, kw), (sh, sw))
    # windows axes (c, kh, kw) meet W axes (c, kh, kw): one matrix product for all outputs.
    return np.tensordot(windows, W, axes=([3, 4, 5], [2, 0, 1])) + b


def _pool_windows(x, pool_size, stride):
    """Validate the pooling arguments and return the window view of x."""
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"x must be (n, h, w, c), got shape {x.shape}")
    window = _pair(pool_size, "pool_size")
    step = window if stride is None else _pair(stride, "stride")
    return _windows(x, window, step)


def max_pool2d(x, pool_size=2, stride=None):
    """Max pooling of NHWC x with valid padding; the stride defaults to pool_size."""
    return _pool_windows(x, pool_size, stride).max(axis=(4, 5))


def avg_pool2d(x, pool_size=2, stride=None):
    """Average pooling of NHWC x with valid padding; the stride defaults to pool_size."""
    return _pool_windows(x, pool_size, stride).mean(axis=(4, 5))
