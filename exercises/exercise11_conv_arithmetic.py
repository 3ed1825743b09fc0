"""Exercise 11: convolution (합성곱) arithmetic and parameter counts.

Before training a CNN it pays to know, on paper, what shape every layer
produces and how many weights it holds; ``model.summary()`` prints exactly
that, and this exercise rebuilds it from the formulas.

A kernel of size k sliding with stride s over n positions fits
``floor((n - k) / s) + 1`` times with "valid" padding (no padding at all).
With "same" padding the input is padded just enough that the output has
``ceil(n / s)`` positions (so n positions when s = 1). Pooling layers use the
same arithmetic, except that their stride defaults to the pool size.

A Conv2D layer with a (kh, kw) kernel, c input channels and f filters holds
``kh * kw * c * f`` weights plus f biases; a Dense layer from d features to u
units holds ``d * u + u``. Pooling, Flatten and Dropout hold none.

Implement the six functions below; the math module is all you need.
"""

import math

import numpy as np


def conv_output_size(n, kernel_size, stride=1, padding="valid"):
    """Number of output positions of a convolution along one axis.

    Formulas: valid ``floor((n - k) / s) + 1``; same ``ceil(n / s)``.

    Parameters
    ----------
    n : int
        Input length along this axis (height or width).
    kernel_size : int
        Kernel length k along this axis.
    stride : int
        Step s between neighbouring windows.
    padding : {"valid", "same"}

    Returns
    -------
    int

    Example
    -------
    >>> conv_output_size(28, 4, 1, "valid")
    25
    """
    # TODO: one formula per padding mode.
    raise NotImplementedError


def pool_output_size(n, pool_size=2, stride=None, padding="valid"):
    """Number of output positions of a pooling layer along one axis.

    Same formulas as ``conv_output_size`` with k = pool_size; a stride of
    None means ``stride = pool_size`` (Keras's default).

    Parameters
    ----------
    n : int
    pool_size : int
    stride : int or None
    padding : {"valid", "same"}

    Returns
    -------
    int

    Example
    -------
    >>> pool_output_size(25, 2)
    12
    """
    # TODO: resolve the default stride, then reuse the convolution arithmetic.
    raise NotImplementedError


def conv2d_param_count(in_channels, filters, kernel_size, use_bias=True):
    """Number of trainable parameters of a Conv2D layer.

    Formula: ``kh * kw * in_channels * filters + (filters if use_bias else 0)``

    Parameters
    ----------
    in_channels : int
    filters : int
    kernel_size : int or (kh, kw)
        An int k means a square k x k kernel.
    use_bias : bool

    Returns
    -------
    int

    Example
    -------
    >>> conv2d_param_count(1, 16, 3)
    160
    """
    # TODO: unpack kernel_size, then apply the formula.
    raise NotImplementedError


def dense_param_count(in_features, units, use_bias=True):
    """Number of trainable parameters of a Dense layer.

    Formula: ``in_features * units + (units if use_bias else 0)``

    Returns
    -------
    int
    """
    # TODO: apply the formula.
    raise NotImplementedError


def summarize(input_shape, layers):
    """Shapes and parameter counts of a stack of layers, like ``model.summary()``.

    Parameters
    ----------
    input_shape : tuple of int
        Shape of one sample without the batch axis, e.g. (28, 28, 1) for
        (height, width, channels).
    layers : list of dict
        One dict per layer, keys and defaults as Keras names them:

        - ``{"type": "conv2d", "filters": f, "kernel_size": k or (kh, kw),
          "strides": 1, "padding": "valid"}``
        - ``{"type": "maxpool2d"}`` or ``{"type": "avgpool2d"}`` with
          ``"pool_size": 2, "strides": None, "padding": "valid"``
        - ``{"type": "flatten"}``
        - ``{"type": "dense", "units": u}`` (needs a 1-d input: flatten first)
        - ``{"type": "dropout", "rate": r}``

        Keys left out take the defaults shown; other keys (such as
        "activation") do not change shapes or counts. Strides may be an
        int or an (sh, sw) pair.

    Returns
    -------
    list of (str, tuple of int, int)
        One ``(type, output_shape, params)`` per layer; output_shape has no
        batch axis, e.g. ``("conv2d", (28, 28, 16), 160)``.

    Raises
    ------
    ValueError
        For an unknown layer type or an invalid stack (a 2-D layer on a
        non-image input, a dense layer on a multi-dimensional input, a
        window that does not fit its input).

    Example
    -------
    >>> summarize((28, 28, 1), [{"type": "conv2d", "filters": 16,
    ...                          "kernel_size": 3, "padding": "same"},
    ...                         {"type": "flatten"}])
    [('conv2d', (28, 28, 16), 160), ('flatten', (12544,), 0)]
    """
    # TODO: walk the layers, tracking the current shape.
    raise NotImplementedError


def total_params(input_shape, layers):
    """Total parameter count of the stack (the "Total params" line of summary()).

    Parameters and Raises as for ``summarize``.

    Returns
    -------
    int
    """
    # TODO: add up the counts from summarize.
    raise NotImplementedError
