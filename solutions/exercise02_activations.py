"""Reference solution for exercise02: activation functions (활성화 함수)."""

import numpy as np

# Ufuncs turn 0-d results into NumPy scalars; wrapping them in np.asarray keeps every
# result an ndarray (0-d for scalar input), as the contract's return types promise.


def _as_float(z):
    """Return z as a floating-point array, keeping float32 and converting integers to float64."""
    z = np.asarray(z)
    return z if np.issubdtype(z.dtype, np.floating) else z.astype(np.float64)


def sigmoid(z):
    """Return the logistic sigmoid of z, stable for large |z|."""
    z = _as_float(z)
    # exp(-|z|) lies in (0, 1], so neither branch of np.where can overflow.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def tanh(z):
    """Return tanh(z) as a float array."""
    return np.asarray(np.tanh(_as_float(z)))


def relu(z):
    """Return max(0, z) elementwise as a float array."""
    return np.asarray(np.maximum(_as_float(z), 0))


def softmax(z, axis=-1):
    """Return the max-subtracted softmax of z along axis."""
    z = _as_float(z)
    if z.ndim == 0:
        raise ValueError("softmax needs an array with at least one dimension")
    if z.size == 0:
        # max() of an empty slice has no identity; there is nothing to normalise anyway.
        return z.copy()
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def sigmoid_grad(z):
    """Return s * (1 - s) with s = sigmoid(z)."""
    s = sigmoid(z)
    return np.asarray(s * (1 - s))


def tanh_grad(z):
    """Return 1 - tanh(z)**2."""
    return np.asarray(1 - tanh(z) ** 2)


def relu_grad(z):
    """Return 1 where z > 0 and 0 elsewhere (0 at z == 0), as floats."""
    z = _as_float(z)
    return np.asarray(z > 0, dtype=z.dtype)
