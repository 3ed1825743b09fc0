"""Reference solution for exercise05: optimization (최적화) algorithms.

Each ``update(w, dw, config=None) -> (next_w, config)`` fills missing hyperparameters
with defaults, keeps its state in ``config`` and never modifies ``w``.
"""

import numpy as np


def _prepare(w, dw, config, defaults):
    """Return w and dw as arrays and the config dict with defaults filled in."""
    config = {} if config is None else config
    for key, value in defaults.items():
        config.setdefault(key, value)
    return np.asarray(w), np.asarray(dw), config


def sgd(w, dw, config=None):
    """Return (w - learning_rate * dw, config)."""
    w, dw, config = _prepare(w, dw, config, {"learning_rate": 1e-2})
    return w - config["learning_rate"] * dw, config


def sgd_momentum(w, dw, config=None):
    """Return (w + v, config) with velocity v = momentum * v - learning_rate * dw."""
    w, dw, config = _prepare(w, dw, config, {"learning_rate": 1e-2, "momentum": 0.9})
    v = config.get("velocity", np.zeros_like(w))
    v = config["momentum"] * v - config["learning_rate"] * dw
    config["velocity"] = v
    return w + v, config


def adagrad(w, dw, config=None):
    """Return the Adagrad step with accumulator cache += dw**2 and eps outside the root."""
    w, dw, config = _prepare(w, dw, config, {"learning_rate": 1e-2, "epsilon": 1e-8})
    cache = config.get("cache", np.zeros_like(w)) + dw**2
    config["cache"] = cache
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config


def rmsprop(w, dw, config=None):
    """Return the RMSprop step with a decaying average of dw**2 and eps outside the root."""
    w, dw, config = _prepare(
        w, dw, config, {"learning_rate": 1e-2, "decay_rate": 0.99, "epsilon": 1e-8}
    )
    decay = config["decay_rate"]
    cache = decay * config.get("cache", np.zeros_like(w)) + (1 - decay) * dw**2
    config["cache"] = cache
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config


def adam(w, dw, config=None):
    """Return the bias-corrected Adam step (t incremented before use)."""
    w, dw, config = _prepare(
        w, dw, config, {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}
    )
    beta1, beta2 = config["beta1"], config["beta2"]
    t = config.get("t", 0) + 1
    m = beta1 * config.get("m", np.zeros_like(w)) + (1 - beta1) * dw
    v = beta2 * config.get("v", np.zeros_like(w)) + (1 - beta2) * dw**2
    config.update(t=t, m=m, v=v)
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"]), config
