"""Reference solution for exercise03: mini-batch SGD (확률적 경사 하강법)."""

import operator

import numpy as np


def iterations_per_epoch(n_samples, batch_size, drop_last=False):
    """Return ceil(n_samples / batch_size), or the floor with drop_last, in exact integer arithmetic."""
    n_samples = operator.index(n_samples)
    batch_size = operator.index(batch_size)
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    if n_samples < 0:
        raise ValueError(f"n_samples must be non-negative, got {n_samples}")
    if drop_last:
        return n_samples // batch_size
    return -(-n_samples // batch_size)


def _batches(X, y, order, batch_size):
    """Yield the rows of X and y selected by consecutive batch_size-long slices of order."""
    for start in range(0, len(order), batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]


def minibatches(X, y, batch_size, shuffle=True, seed=None):
    """Return a generator of (X_batch, y_batch) covering every sample once, optionally shuffled."""
    X = np.asarray(X)
    y = np.asarray(y)
    # Validating here rather than inside the generator reports bad arguments at the call site.
    if X.ndim == 0 or y.ndim == 0 or len(X) != len(y):
        raise ValueError(f"X and y must have the same length, got shapes {X.shape} and {y.shape}")
    batch_size = operator.index(batch_size)
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    n = len(X)
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    return _batches(X, y, order, batch_size)


def sgd_step(params, grads, lr):
    """Return a new dict {k: params[k] - lr * grads[k]}."""
    if params.keys() != grads.keys():
        raise ValueError(
            f"params and grads must have the same keys, got {sorted(params)} and {sorted(grads)}"
        )
    return {k: np.asarray(params[k]) - lr * np.asarray(grads[k]) for k in params}


def train_linear_regression(X, y, lr=0.01, epochs=100, batch_size=32, seed=0):
    """Fit y ~ X @ w + b by mini-batch SGD on the MSE; return (w, b, per-epoch whole-data losses)."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    params = {"w": np.zeros(X.shape[1]), "b": np.float64(0.0)}
    # One generator for the whole run: each epoch gets a fresh permutation, yet the run
    # is fully determined by seed (default_rng passes a Generator through unchanged).
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        for X_batch, y_batch in minibatches(X, y, batch_size, shuffle=True, seed=rng):
            residual = X_batch @ params["w"] + params["b"] - y_batch
            grads = {
                "w": 2 / len(y_batch) * (X_batch.T @ residual),
                "b": 2 / len(y_batch) * residual.sum(),
            }
            params = sgd_step(params, grads, lr)
        losses.append(float(np.mean((X @ params["w"] + params["b"] - y) ** 2)))
    return params["w"], float(params["b"]), losses
