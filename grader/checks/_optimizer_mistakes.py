"""Trusted textbook optimizers for exercise05's checks, with switches for the usual mistakes, and their words.

A learner's wrong trajectory is compared with the trajectory of each mistake (``MISTAKES`` from a
fresh start, ``RESUME_MISTAKES`` when resuming from saved state), so a failure can say which it is.
All of them compute in float64 and never change their arguments.
"""
import functools

import numpy as np

# The contract's default hyperparameters, filled in when the caller's config lacks them.
DEFAULTS = {
    "sgd": {"learning_rate": 1e-2},
    "sgd_momentum": {"learning_rate": 1e-2, "momentum": 0.9},
    "adagrad": {"learning_rate": 1e-2, "epsilon": 1e-8},
    "rmsprop": {"learning_rate": 1e-2, "decay_rate": 0.99, "epsilon": 1e-8},
    "adam": {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
}


def _setup(name, w, dw, config):
    """w and dw in float64 and a copy of config (its arrays copied too) with the defaults filled in."""
    c = {k: (np.array(v, dtype=np.float64) if isinstance(v, np.ndarray) else v) for k, v in (config or {}).items()}
    for key, value in DEFAULTS[name].items():
        c.setdefault(key, value)
    return np.asarray(w, dtype=np.float64), np.asarray(dw, dtype=np.float64), c


def sgd_impl(w, dw, config, sign=-1.0, lr=None):
    """SGD: w - learning_rate * dw (``sign``: +1 adds the step; ``lr``: a rate used instead of config's)."""
    w, dw, c = _setup("sgd", w, dw, config)
    return w + sign * (c["learning_rate"] if lr is None else lr) * dw, c


def momentum_impl(w, dw, config, w_sign=1.0, v_sign=-1.0, carry=True, momentum=None):
    """Momentum: v = momentum * v - learning_rate * dw, w + v (signs, carrying v and momentum switchable)."""
    w, dw, c = _setup("sgd_momentum", w, dw, config)
    mu = c["momentum"] if momentum is None else momentum
    v = mu * c.get("velocity", np.zeros_like(w)) + v_sign * c["learning_rate"] * dw
    if carry:
        c["velocity"] = v
    return w + w_sign * v, c


def _denominator(cache, eps, eps_inside, root):
    """sqrt(cache) + eps, or one of the usual mistakes: eps inside the root, no root at all."""
    if not root:
        return cache + eps
    return np.sqrt(cache + eps) if eps_inside else np.sqrt(cache) + eps


def adagrad_impl(w, dw, config, eps_inside=False, carry=True, root=True, initial=0.0):
    """Adagrad: cache += dw**2, w - learning_rate * dw / (sqrt(cache) + eps), with switches for mistakes."""
    w, dw, c = _setup("adagrad", w, dw, config)
    cache = c.get("cache", np.full_like(w, initial)) + dw**2
    if carry:
        c["cache"] = cache
    return w - c["learning_rate"] * dw / _denominator(cache, c["epsilon"], eps_inside, root), c


def rmsprop_impl(w, dw, config, swapped=False, eps_inside=False, carry=True, root=True, decays=True):
    """RMSprop: a decaying average of dw**2 in cache, eps outside the root, with switches for mistakes."""
    w, dw, c = _setup("rmsprop", w, dw, config)
    d = c["decay_rate"]
    keep, add = ((1 - d, d) if swapped else (d, 1 - d)) if decays else (1.0, 1.0)
    cache = keep * c.get("cache", np.zeros_like(w)) + add * dw**2
    if carry:
        c["cache"] = cache
    return w - c["learning_rate"] * dw / _denominator(cache, c["epsilon"], eps_inside, root), c


def adam_impl(w, dw, config, correct_m=True, correct_v=True, t_mode="before", eps_mode="hat", carry=True,
              swap_betas=False, t_offset=0):
    """Adam with bias correction, t incremented before use, with switches for the usual mistakes."""
    w, dw, c = _setup("adam", w, dw, config)
    b1, b2 = (c["beta2"], c["beta1"]) if swap_betas else (c["beta1"], c["beta2"])
    t0 = int(c.get("t", 0)) + t_offset
    t = t0 if t_mode == "after" else t0 + 1
    m = b1 * c.get("m", np.zeros_like(w)) + (1 - b1) * dw
    v = b2 * c.get("v", np.zeros_like(w)) + (1 - b2) * dw**2
    if carry:
        c.update(m=m, v=v)
    c["t"] = t0 + 1 - t_offset if t_mode != "fixed" else t0 - t_offset
    lr, eps = c["learning_rate"], c["epsilon"]
    with np.errstate(all="ignore"):
        m_hat = m / (1 - b1**t) if correct_m else m
        v_hat = v / (1 - b2**t) if correct_v else v
        if eps_mode == "keras":  # the paper's efficient form with epsilon added to sqrt(v), not sqrt(v_hat)
            return w - lr * np.sqrt(1 - b2**t) / (1 - b1**t) * m / (np.sqrt(v) + eps), c
        if eps_mode == "inside":
            return w - lr * m_hat / np.sqrt(v_hat + eps), c
        return w - lr * m_hat / (np.sqrt(v_hat) + eps), c


def torch_momentum(w, dw, config):
    """PyTorch's momentum: v = momentum * v + dw, w - learning_rate * v (same steps, another velocity)."""
    w, dw, c = _setup("sgd_momentum", w, dw, config)
    v = c["momentum"] * c.get("velocity", np.zeros_like(w)) + dw
    c["velocity"] = v
    return w - c["learning_rate"] * v, c


NOT_CARRIED = ("The {state} is not carried from call to call: store it in config['{state}'] and read it back "
               "on the next call (create it with np.zeros_like(w) only when it is missing).")
EPS_INSIDE = ("Epsilon is inside the square root (sqrt(cache + eps), as Keras does); the contract adds it "
              "outside: sqrt(cache) + eps.")

MISTAKES = {
    "sgd": [
        ("It adds the step (w + learning_rate * dw); gradient descent subtracts it.",
         functools.partial(sgd_impl, sign=1.0)),
        ("It ignores config['learning_rate'] and always uses 0.01.", functools.partial(sgd_impl, lr=1e-2)),
    ],
    "sgd_momentum": [
        ("Sign error: w moves uphill, along +dw. The velocity is v = momentum * v - learning_rate * dw (it "
         "already holds the minus sign) and next_w = w + v; check both signs.",
         functools.partial(momentum_impl, w_sign=-1.0)),
        (NOT_CARRIED.format(state="velocity"), functools.partial(momentum_impl, carry=False)),
        ("The old velocity is not multiplied by momentum: v = momentum * v - learning_rate * dw.",
         functools.partial(momentum_impl, momentum=1.0)),
    ],
    "adagrad": [
        (EPS_INSIDE, functools.partial(adagrad_impl, eps_inside=True)),
        (NOT_CARRIED.format(state="cache"), functools.partial(adagrad_impl, carry=False)),
        ("There is no square root: divide by sqrt(cache) + eps.", functools.partial(adagrad_impl, root=False)),
        ("The accumulator starts at 0.1 (Keras's initial_accumulator_value); here it starts at zeros.",
         functools.partial(adagrad_impl, initial=0.1)),
    ],
    "rmsprop": [
        ("decay_rate and 1 - decay_rate are swapped: cache = decay_rate * cache + (1 - decay_rate) * dw**2.",
         functools.partial(rmsprop_impl, swapped=True)),
        (EPS_INSIDE, functools.partial(rmsprop_impl, eps_inside=True)),
        (NOT_CARRIED.format(state="cache"), functools.partial(rmsprop_impl, carry=False)),
        ("There is no square root: divide by sqrt(cache) + eps.", functools.partial(rmsprop_impl, root=False)),
        ("The cache does not decay (that is Adagrad): cache = decay_rate * cache + (1 - decay_rate) * dw**2.",
         functools.partial(rmsprop_impl, decays=False)),
    ],
    "adam": [
        ("The bias correction is missing: use m_hat = m / (1 - beta1**t) and v_hat = v / (1 - beta2**t), "
         "not m and v.", functools.partial(adam_impl, correct_m=False, correct_v=False)),
        ("Only m is bias-corrected: v_hat = v / (1 - beta2**t) too.", functools.partial(adam_impl, correct_v=False)),
        ("Only v is bias-corrected: m_hat = m / (1 - beta1**t) too.", functools.partial(adam_impl, correct_m=False)),
        ("t is incremented after it is used, so the first call uses t = 0 and divides by 1 - beta**0 = 0: "
         "increment t before using it (the first call uses t = 1).", functools.partial(adam_impl, t_mode="after")),
        ("t is not incremented from call to call (every call uses t = 1): store t + 1 in config['t'].",
         functools.partial(adam_impl, t_mode="fixed")),
        ("beta1 and beta2 are swapped: m averages dw with beta1, v averages dw**2 with beta2.",
         functools.partial(adam_impl, swap_betas=True)),
        ("Epsilon is added to sqrt(v) in the 'efficient' form (as Keras does); the contract adds it to "
         "sqrt(v_hat): w - lr * m_hat / (sqrt(v_hat) + eps). (In the efficient form, use "
         "eps * sqrt(1 - beta2**t).)", functools.partial(adam_impl, eps_mode="keras")),
        ("Epsilon is inside the square root; the contract adds it outside: sqrt(v_hat) + eps.",
         functools.partial(adam_impl, eps_mode="inside")),
        ("m and v are not carried from call to call: store them in config['m'] and config['v'] and read them "
         "back on the next call (create them with np.zeros_like(w) only when they are missing).",
         functools.partial(adam_impl, carry=False)),
    ],
}


def ignoring(update, *keys):
    """``update`` as a learner would run it who ignores these keys of the config it is given."""
    return lambda w, dw, c: update(w, dw, {k: v for k, v in c.items() if k not in keys})


RESUME_MISTAKES = {
    "sgd_momentum": [
        ("It ignored the velocity in config and started again from zeros.",
         ignoring(momentum_impl, "velocity")),
        ("It reads config['velocity'] with the opposite sign: the contract's velocity is v = momentum * v - "
         "learning_rate * dw, and next_w = w + v.", functools.partial(momentum_impl, w_sign=-1.0, v_sign=1.0)),
        ("It keeps a different velocity (v = momentum * v + dw; next_w = w - learning_rate * v, as PyTorch does); "
         "the same steps, but config['velocity'] must hold the contract's v = momentum * v - learning_rate * dw.",
         torch_momentum),
    ],
    "adagrad": [("It ignored config['cache'] and started again from zeros.",
                 ignoring(adagrad_impl, "cache"))],
    "rmsprop": [("It ignored config['cache'] and started again from zeros.",
                 ignoring(rmsprop_impl, "cache"))],
    "adam": [
        ("It ignored the state in config and started again from m = v = 0, t = 0.",
         ignoring(adam_impl, "m", "v", "t")),
        ("It ignored config['t'] and counted from t = 0 again.",
         ignoring(adam_impl, "t")),
        ("It uses t one behind: t in config is the number of updates so far, so this call uses config['t'] + 1.",
         functools.partial(adam_impl, t_offset=-1)),
        ("It ignored config['m'] and config['v'] and started them again from zeros.",
         ignoring(adam_impl, "m", "v")),
    ],
}
