"""Exercise 12: convolution (합성곱) and pooling in NumPy.

A Conv2D layer slides each of its f kernels over the image and, at every
position, takes the sum of the elementwise product of the kernel and the
patch under it, plus the filter's bias. Deep-learning libraries call this
"convolution", but the kernel is *not* flipped: mathematically it is
cross-correlation, and ``tf.nn.conv2d`` and Keras's ``Conv2D`` compute exactly
that. Pooling slides a window the same way and keeps the maximum (max
pooling) or the mean (average pooling) of each channel separately.

Layout is NHWC, as in TensorFlow: x has shape (batch, height, width,
channels) and a kernel W has shape (kh, kw, in_channels, filters).

"same" padding adds zeros so that the output has ``ceil(n / s)`` positions.
Along an axis of length n with kernel k and stride s, TensorFlow pads

    P = max((ceil(n / s) - 1) * s + k - n, 0)

zeros in total: ``floor(P / 2)`` on the top/left and the rest on the
bottom/right. When P is odd the extra row or column goes at the bottom/right.

Implement the three functions with NumPy only. Loops over output positions
are fine for correctness, but
``np.lib.stride_tricks.sliding_window_view`` or an im2col reshape plus one
matrix product makes them fast.
"""

import math

import numpy as np


def conv2d_forward(x, W, b, stride=1, padding="valid"):
    """Forward pass of a 2-D convolution layer (no activation).

    Formula, for valid padding and stride s:
    ``out[n, i, j, f] = sum_{p, q, c} x[n, i*s + p, j*s + q, c] * W[p, q, c, f] + b[f]``
    (with "same" padding, apply the formula to the zero-padded x).

    Parameters
    ----------
    x : array-like of float, shape (n, h, w, c)
    W : array-like of float, shape (kh, kw, c, f)
        Kernel; kh and kw may be even.
    b : array-like of float, shape (f,)
    stride : int or (sh, sw)
    padding : {"valid", "same"}

    Returns
    -------
    np.ndarray of float, shape (n, out_h, out_w, f)
        valid: ``out_h = floor((h - kh) / sh) + 1``; same: ``out_h = ceil(h / sh)``
        (likewise for the width).

    Raises
    ------
    ValueError
        If the channel counts of x and W differ or padding is unknown.
    """
    # TODO: pad for "same" (extra on the bottom/right), then take every
    # kernel-sized window with the given stride and contract it with W.
    raise NotImplementedError


def max_pool2d(x, pool_size=2, stride=None):
    """Max pooling with valid padding, channel by channel.

    Parameters
    ----------
    x : array-like of float, shape (n, h, w, c)
    pool_size : int or (ph, pw)
    stride : int, (sh, sw) or None
        None means ``stride = pool_size`` (non-overlapping windows).

    Returns
    -------
    np.ndarray, shape (n, floor((h - ph) / sh) + 1, floor((w - pw) / sw) + 1, c)

    Example
    -------
    >>> x = np.arange(16.0).reshape(1, 4, 4, 1)
    >>> max_pool2d(x)[0, :, :, 0]
    array([[ 5.,  7.],
           [13., 15.]])
    """
    # TODO: take pool-sized windows and reduce them with max.
    raise NotImplementedError


def avg_pool2d(x, pool_size=2, stride=None):
    """Average pooling with valid padding, channel by channel.

    Parameters and shapes as for ``max_pool2d``.

    Returns
    -------
    np.ndarray of float, shape as for ``max_pool2d``

    Example
    -------
    >>> x = np.arange(16.0).reshape(1, 4, 4, 1)
    >>> avg_pool2d(x)[0, :, :, 0]
    array([[ 2.5,  4.5],
           [10.5, 12.5]])
    """
    # TODO: take pool-sized windows and reduce them with mean.
    raise NotImplementedError
