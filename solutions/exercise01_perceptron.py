"""Reference solution for exercise01: the single-layer perceptron (단층 퍼셉트론)."""

import numpy as np


def weighted_sum(x, w, b):
    """Return ``x @ w + b``: a float for one sample, an array of shape (n,) for a batch."""
    z = np.asarray(x) @ np.asarray(w) + b
    if z.ndim == 0:
        return float(z)
    # Integer features with integer weights would otherwise give an integer pre-activation.
    return z if np.issubdtype(z.dtype, np.floating) else z.astype(np.float64)


def step(z):
    """Return 1 where ``z >= 0`` and 0 elsewhere, as an integer array of z's shape."""
    # np.asarray keeps a scalar's result a 0-d array rather than a NumPy scalar.
    return np.asarray(np.asarray(z) >= 0, dtype=np.int64)


def predict(X, w, b):
    """Return the integer labels ``step(weighted_sum(X, w, b))``."""
    return step(weighted_sum(X, w, b))


def perceptron_update(w, b, x, y, lr):
    """Return ``(w + lr * error * x, b + lr * error)`` with ``error = y - step(x @ w + b)``."""
    x = np.asarray(x)
    # A Python int keeps float32 weights float32 under NumPy's promotion rules.
    error = int(y) - int(step(weighted_sum(x, w, b)))
    return np.asarray(w) + lr * error * x, float(b + lr * error)


def train_perceptron(X, y, lr=0.1, epochs=100):
    """Train with Rosenblatt's rule from zeros, in sample order, until an epoch has no mistakes."""
    X = np.asarray(X)
    y = np.asarray(y)
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(epochs):
        mistakes = 0
        for xi, yi in zip(X, y):
            if step(weighted_sum(xi, w, b)) != yi:
                mistakes += 1
                w, b = perceptron_update(w, b, xi, yi, lr)
        if mistakes == 0:
            break
    return w, b
