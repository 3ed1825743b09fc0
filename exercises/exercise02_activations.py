"""Exercise 02: activation functions (활성화 함수).

Without a non-linear activation between layers, a stack of dense layers collapses
into a single linear map, however deep it is. Activation functions supply the
non-linearity. The classics are the sigmoid (squashes to (0, 1)), tanh (squashes to
(-1, 1), zero-centred), ReLU (``max(0, z)``, cheap and non-saturating for z > 0) and
softmax (turns a vector of scores into a probability distribution). Back-propagation
also needs their derivatives.

Implement the activations and their gradients with NumPy. They work elementwise on
arrays of any shape, including scalars and empty arrays (softmax works along one
axis and needs at least 1-d input), and return floating-point arrays of the input's
shape: float32 stays float32, integer input gives float64.

They must also be numerically stable. ``np.exp(1000)`` overflows to ``inf`` with a
RuntimeWarning, so the textbook formulas break for large ``|z|``. Your functions
must give finite, correct results without warnings for ``|z|`` up to 1e4:
``sigmoid(-1000) == 0`` and ``softmax([1000, 1000]) == [0.5, 0.5]``. Careful:
``np.where(cond, a, b)`` evaluates both ``a`` and ``b`` on every element, so it does
not protect an ``np.exp`` that overflows.
"""

import numpy as np


def sigmoid(z):
    """Return the logistic sigmoid ``1 / (1 + exp(-z))``, elementwise.

    Parameters
    ----------
    z : array_like or scalar, any shape
        Pre-activations.

    Returns
    -------
    numpy.ndarray of float, same shape as z
        Values in [0, 1]; float32 for float32 input, float64 for integer input.

    Notes
    -----
    For very negative z, ``exp(-z)`` overflows. Use the equivalent form
    ``exp(z) / (1 + exp(z))`` there, or compute with ``exp(-|z|)``, which never
    exceeds 1.

    Examples
    --------
    >>> sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    array([0. , 0.5, 1. ])
    """
    # TODO: a stable sigmoid (no overflow warnings for |z| up to 1e4).
    raise NotImplementedError


def tanh(z):
    """Return the hyperbolic tangent ``(e^z - e^-z) / (e^z + e^-z)``, elementwise.

    Parameters
    ----------
    z : array_like or scalar, any shape
        Pre-activations.

    Returns
    -------
    numpy.ndarray of float, same shape as z
        Values in [-1, 1].

    Notes
    -----
    The quotient of exponentials gives ``inf / inf = nan`` for ``|z| > 710``;
    ``np.tanh`` is stable (so is ``2 * sigmoid(2 * z) - 1``).
    """
    # TODO: a stable tanh.
    raise NotImplementedError


def relu(z):
    """Return the rectified linear unit ``max(0, z)``, elementwise.

    Parameters
    ----------
    z : array_like or scalar, any shape
        Pre-activations.

    Returns
    -------
    numpy.ndarray of float, same shape as z

    Examples
    --------
    >>> relu(np.array([-2.0, 0.0, 3.0]))
    array([0., 0., 3.])
    """
    # TODO: elementwise max(0, z) as a new float array.
    raise NotImplementedError


def softmax(z, axis=-1):
    """Return the softmax of ``z`` along ``axis``.

    ``softmax(z)_i = exp(z_i) / sum_j exp(z_j)``. Subtracting the maximum along
    ``axis`` first does not change the result (it cancels between numerator and
    denominator) but keeps every exponent <= 0, so nothing overflows.

    Parameters
    ----------
    z : array_like, at least 1-d
        Scores (logits).
    axis : int, default -1
        The axis along which the outputs sum to 1.

    Returns
    -------
    numpy.ndarray of float, same shape as z
        Non-negative values that sum to 1 along ``axis``.

    Examples
    --------
    >>> softmax(np.array([1000.0, 1000.0]))
    array([0.5, 0.5])
    >>> softmax(np.array([[0.0, 0.0], [1.0, 1.0]]), axis=0)
    array([[0.26894142, 0.26894142],
           [0.73105858, 0.73105858]])
    """
    # TODO: subtract the max along axis (keepdims=True), exponentiate, normalise.
    raise NotImplementedError


def sigmoid_grad(z):
    """Return the derivative of the sigmoid at ``z``: ``s * (1 - s)`` with ``s = sigmoid(z)``.

    Parameters
    ----------
    z : array_like or scalar, any shape
        Pre-activations (not sigmoid outputs).

    Returns
    -------
    numpy.ndarray of float, same shape as z
        Values in [0, 0.25]; 0.25 at z = 0.
    """
    # TODO: reuse your stable sigmoid.
    raise NotImplementedError


def tanh_grad(z):
    """Return the derivative of tanh at ``z``: ``1 - tanh(z)**2``.

    Parameters
    ----------
    z : array_like or scalar, any shape
        Pre-activations.

    Returns
    -------
    numpy.ndarray of float, same shape as z
        Values in [0, 1]; 1 at z = 0.
    """
    # TODO: reuse tanh.
    raise NotImplementedError


def relu_grad(z):
    """Return the derivative of ReLU at ``z``: 1 where ``z > 0``, else 0.

    ReLU has no derivative at 0; by convention (and as in TensorFlow) we use 0
    there, so ``relu_grad(0) == 0``.

    Parameters
    ----------
    z : array_like or scalar, any shape
        Pre-activations.

    Returns
    -------
    numpy.ndarray of float, same shape as z
        Zeros and ones, as floats.

    Examples
    --------
    >>> relu_grad(np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 1.])
    """
    # TODO: 1.0 where z > 0 (strictly), 0.0 elsewhere.
    raise NotImplementedError
