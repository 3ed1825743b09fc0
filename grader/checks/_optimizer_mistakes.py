"""Trusted textbook optimizers for exercise05's checks, with switches for the usual mistakes, and their words.

A learner's wrong trajectory is compared with the trajectory of each mistake (``mistakes()`` from a
fresh start, ``resume_mistakes()`` when resuming from saved state), so a failure can say which it is
(in the current language: locales/<lang>/checks/_optimizer_mistakes.toml). All of them compute in float64
and never change their arguments.
"""
import functools

import numpy as np

from grader.i18n import t

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
              swap_betas=False, t_offset=0, t_start=0, eps=None):
    """Adam with bias correction, t incremented before use, with switches for the usual mistakes.

    ``t_start`` is the count a fresh config starts from (the contract: 0); ``eps`` an epsilon used
    instead of config's.
    """
    w, dw, c = _setup("adam", w, dw, config)
    b1, b2 = (c["beta2"], c["beta1"]) if swap_betas else (c["beta1"], c["beta2"])
    t0 = int(c.get("t", t_start)) + t_offset
    t = t0 if t_mode == "after" else t0 + 1
    m = b1 * c.get("m", np.zeros_like(w)) + (1 - b1) * dw
    v = b2 * c.get("v", np.zeros_like(w)) + (1 - b2) * dw**2
    if carry:
        c.update(m=m, v=v)
    c["t"] = t0 + 1 - t_offset if t_mode != "fixed" else t0 - t_offset
    lr, eps = c["learning_rate"], c["epsilon"] if eps is None else eps
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


def mistakes():
    """The usual mistakes of each optimizer from a fresh start, as ``(words, update)`` pairs."""
    return {
        "sgd": [
            (t("_optimizer_mistakes.sgd_adds_step"), functools.partial(sgd_impl, sign=1.0)),
            (t("_optimizer_mistakes.sgd_fixed_rate"), functools.partial(sgd_impl, lr=1e-2)),
        ],
        "sgd_momentum": [
            (t("_optimizer_mistakes.momentum_sign"), functools.partial(momentum_impl, w_sign=-1.0)),
            (t("_optimizer_mistakes.not_carried", state="velocity"), functools.partial(momentum_impl, carry=False)),
            (t("_optimizer_mistakes.momentum_not_applied"), functools.partial(momentum_impl, momentum=1.0)),
        ],
        "adagrad": [
            (t("_optimizer_mistakes.eps_inside"), functools.partial(adagrad_impl, eps_inside=True)),
            (t("_optimizer_mistakes.not_carried", state="cache"), functools.partial(adagrad_impl, carry=False)),
            (t("_optimizer_mistakes.no_root"), functools.partial(adagrad_impl, root=False)),
            (t("_optimizer_mistakes.adagrad_initial"), functools.partial(adagrad_impl, initial=0.1)),
        ],
        "rmsprop": [
            (t("_optimizer_mistakes.decay_swapped"), functools.partial(rmsprop_impl, swapped=True)),
            (t("_optimizer_mistakes.eps_inside"), functools.partial(rmsprop_impl, eps_inside=True)),
            (t("_optimizer_mistakes.not_carried", state="cache"), functools.partial(rmsprop_impl, carry=False)),
            (t("_optimizer_mistakes.no_root"), functools.partial(rmsprop_impl, root=False)),
            (t("_optimizer_mistakes.no_decay"), functools.partial(rmsprop_impl, decays=False)),
        ],
        "adam": [
            (t("_optimizer_mistakes.no_bias_correction"),
             functools.partial(adam_impl, correct_m=False, correct_v=False)),
            (t("_optimizer_mistakes.only_m_corrected"), functools.partial(adam_impl, correct_v=False)),
            (t("_optimizer_mistakes.only_v_corrected"), functools.partial(adam_impl, correct_m=False)),
            (t("_optimizer_mistakes.t_after_use"), functools.partial(adam_impl, t_mode="after")),
            (t("_optimizer_mistakes.t_fixed"), functools.partial(adam_impl, t_mode="fixed")),
            (t("_optimizer_mistakes.betas_swapped"), functools.partial(adam_impl, swap_betas=True)),
            (t("_optimizer_mistakes.t_starts_at_one"), functools.partial(adam_impl, t_start=1)),
            (t("_optimizer_mistakes.eps_efficient_form"), functools.partial(adam_impl, eps_mode="keras")),
            (t("_optimizer_mistakes.keras_adam"), functools.partial(adam_impl, eps_mode="keras", eps=1e-7)),
            (t("_optimizer_mistakes.eps_fixed", fixed=1e-7), functools.partial(adam_impl, eps=1e-7)),
            (t("_optimizer_mistakes.adam_eps_inside"), functools.partial(adam_impl, eps_mode="inside")),
            (t("_optimizer_mistakes.adam_not_carried"), functools.partial(adam_impl, carry=False)),
        ],
    }


def ignoring(update, *keys):
    """``update`` as a learner would run it who ignores these keys of the config it is given."""
    return lambda w, dw, c: update(w, dw, {k: v for k, v in c.items() if k not in keys})


def resume_mistakes():
    """The usual mistakes of each optimizer with state when it resumes from saved state, as ``(words, update)``."""
    return {
        "sgd_momentum": [
            (t("_optimizer_mistakes.velocity_ignored"), ignoring(momentum_impl, "velocity")),
            (t("_optimizer_mistakes.velocity_sign"), functools.partial(momentum_impl, w_sign=-1.0, v_sign=1.0)),
            (t("_optimizer_mistakes.torch_velocity"), torch_momentum),
        ],
        "adagrad": [(t("_optimizer_mistakes.cache_ignored"), ignoring(adagrad_impl, "cache"))],
        "rmsprop": [(t("_optimizer_mistakes.cache_ignored"), ignoring(rmsprop_impl, "cache"))],
        "adam": [
            (t("_optimizer_mistakes.adam_state_ignored"), ignoring(adam_impl, "m", "v", "t")),
            (t("_optimizer_mistakes.t_ignored"), ignoring(adam_impl, "t")),
            (t("_optimizer_mistakes.t_behind"), functools.partial(adam_impl, t_offset=-1)),
            (t("_optimizer_mistakes.moments_ignored"), ignoring(adam_impl, "m", "v")),
        ],
    }
