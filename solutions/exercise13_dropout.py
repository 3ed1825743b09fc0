"""Reference solution for exercise13: inverted dropout."""

import numpy as np


def _check_rate(rate):
    """Raise ValueError unless 0 <= rate < 1."""
    if not 0 <= rate < 1:
        raise ValueError(f"rate must satisfy 0 <= rate < 1, got {rate}")


def dropout_forward(x, rate, training=True, seed=None):
    """Inverted dropout: zero each unit with probability rate and scale survivors by 1/(1-rate)."""
    _check_rate(rate)
    x = np.asarray(x)
    if not training:
        return x.copy(), np.ones(x.shape, dtype=bool)
    mask = np.random.default_rng(seed).random(x.shape) >= rate
    return x * mask / (1 - rate), mask


def dropout_backward(dout, mask, rate):
    """Gradient of inverted dropout: route dout through the forward mask, scaled by 1/(1-rate)."""
    _check_rate(rate)
    dout, mask = np.asarray(dout), np.asarray(mask, dtype=bool)
    if dout.shape != mask.shape:
        raise ValueError(f"dout has shape {dout.shape} but mask has {mask.shape}")
    return dout * mask / (1 - rate)
