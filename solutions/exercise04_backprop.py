"""Reference solution for exercise04: MLP (다층 퍼셉트론) and back-propagation (역전파)."""

import numpy as np


def dense_forward(x, W, b):
    """Return (x @ W + b, cache) for a dense layer."""
    x = np.asarray(x)
    W = np.asarray(W)
    return x @ W + np.asarray(b), (x, W)


def dense_backward(dout, cache):
    """Return (dx, dW, db) of a dense layer given the upstream gradient."""
    x, W = cache
    dout = np.asarray(dout)
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)


def relu_forward(x):
    """Return (max(0, x), cache) for a ReLU."""
    x = np.asarray(x)
    return np.maximum(x, 0), x


def relu_backward(dout, cache):
    """Return dout where the ReLU's input was positive and 0 elsewhere."""
    return np.where(cache > 0, dout, 0)


def softmax_cross_entropy(logits, y):
    """Return (batch-mean cross-entropy, dlogits) for logits and one-hot y, computed stably."""
    logits = np.asarray(logits)
    y = np.asarray(y)
    if logits.ndim != 2 or logits.shape != y.shape:
        raise ValueError(
            f"logits and y must both have shape (n, c), got {logits.shape} and {y.shape}"
        )
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -np.sum(y * log_probs) / n
    return float(loss), (np.exp(log_probs) - y) / n


def _num_layers(params):
    """Return L for params holding exactly W1, b1, ..., WL, bL, else raise ValueError."""
    n_layers = len(params) // 2
    expected = {f"{name}{l}" for l in range(1, n_layers + 1) for name in ("W", "b")}
    if n_layers < 1 or set(params) != expected:
        raise ValueError(f"params must hold W1, b1, ..., WL, bL; got keys {sorted(params)}")
    return n_layers


def mlp_loss_and_grads(X, y, params):
    """Return (loss, grads) of a ReLU MLP with a softmax cross-entropy output."""
    n_layers = _num_layers(params)
    h = np.asarray(X)
    caches = []
    for l in range(1, n_layers + 1):
        h, dense_cache = dense_forward(h, params[f"W{l}"], params[f"b{l}"])
        relu_cache = None
        if l < n_layers:
            h, relu_cache = relu_forward(h)
        caches.append((dense_cache, relu_cache))

    loss, dh = softmax_cross_entropy(h, y)
    grads = {}
    for l in range(n_layers, 0, -1):
        dense_cache, relu_cache = caches[l - 1]
        if relu_cache is not None:
            dh = relu_backward(dh, relu_cache)
        dh, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(dh, dense_cache)
    return loss, grads
