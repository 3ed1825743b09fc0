"""Checks for exercise05: optimizers (최적화): SGD, momentum, Adagrad, RMSprop, Adam.

Each optimizer runs a short trajectory as a training loop would: every call gets the next_w and the
config the learner's previous call returned, and each step is compared with the reference's
trajectory from the same start. When a step is wrong, the learner's trajectory so far is compared
with trusted implementations of the usual mistakes (no bias correction, t not incremented, a flipped
sign, epsilon inside the root, state not carried, ...), so the message can say which one it is.
A w modified in place fails automatically (the engine compares every argument array before and after
each call); config may be updated in place and returned (``mutable_arguments`` in the catalog).
"""
import functools

import numpy as np
from hypothesis import example, given, settings, strategies as st

from grader.checklib.compare import as_numeric, describe, expect_tuple, tensor_diff, tolerance
from grader.sandbox.proxy import short_repr

SEEDS = st.integers(0, 2**32 - 1)
DTYPES = st.sampled_from(["float64", "float32"])
SHAPES = st.sampled_from([(3,), (2, 3), (), (4, 1), (1,)])
DEFAULTS = {
    "sgd": {"learning_rate": 1e-2},
    "sgd_momentum": {"learning_rate": 1e-2, "momentum": 0.9},
    "adagrad": {"learning_rate": 1e-2, "epsilon": 1e-8},
    "rmsprop": {"learning_rate": 1e-2, "decay_rate": 0.99, "epsilon": 1e-8},
    "adam": {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
}
# Non-default values the trajectories draw from (epsilon 1e-4 makes its placement matter).
CHOICES = {"learning_rate": [1e-3, 0.05, 0.1], "momentum": [0.5, 0.8], "epsilon": [1e-8, 1e-4],
           "decay_rate": [0.9, 0.5], "beta1": [0.9, 0.7], "beta2": [0.999, 0.9]}
STATE_NAMES = {"sgd_momentum": "config['velocity']", "adagrad": "config['cache']", "rmsprop": "config['cache']",
               "adam": "config['m'], config['v'] and config['t']"}


# ---------------------------------------------------------------------------------------------
# Trusted textbook implementations, with switches for the usual mistakes
# ---------------------------------------------------------------------------------------------

def _setup(name, w, dw, config):
    c = {k: (np.array(v, dtype=np.float64) if isinstance(v, np.ndarray) else v) for k, v in (config or {}).items()}
    for key, value in DEFAULTS[name].items():
        c.setdefault(key, value)
    return np.asarray(w, dtype=np.float64), np.asarray(dw, dtype=np.float64), c


def sgd_impl(w, dw, config, sign=-1.0, lr=None):
    w, dw, c = _setup("sgd", w, dw, config)
    return w + sign * (c["learning_rate"] if lr is None else lr) * dw, c


def momentum_impl(w, dw, config, w_sign=1.0, v_sign=-1.0, carry=True, momentum=None):
    w, dw, c = _setup("sgd_momentum", w, dw, config)
    mu = c["momentum"] if momentum is None else momentum
    v = mu * c.get("velocity", np.zeros_like(w)) + v_sign * c["learning_rate"] * dw
    if carry:
        c["velocity"] = v
    return w + w_sign * v, c


def _denominator(cache, eps, eps_inside, root):
    if not root:
        return cache + eps
    return np.sqrt(cache + eps) if eps_inside else np.sqrt(cache) + eps


def adagrad_impl(w, dw, config, eps_inside=False, carry=True, root=True, initial=0.0):
    w, dw, c = _setup("adagrad", w, dw, config)
    cache = c.get("cache", np.full_like(w, initial)) + dw**2
    if carry:
        c["cache"] = cache
    return w - c["learning_rate"] * dw / _denominator(cache, c["epsilon"], eps_inside, root), c


def rmsprop_impl(w, dw, config, swapped=False, eps_inside=False, carry=True, root=True, decays=True):
    w, dw, c = _setup("rmsprop", w, dw, config)
    d = c["decay_rate"]
    keep, add = ((1 - d, d) if swapped else (d, 1 - d)) if decays else (1.0, 1.0)
    cache = keep * c.get("cache", np.zeros_like(w)) + add * dw**2
    if carry:
        c["cache"] = cache
    return w - c["learning_rate"] * dw / _denominator(cache, c["epsilon"], eps_inside, root), c


def adam_impl(w, dw, config, correct_m=True, correct_v=True, t_mode="before", eps_mode="hat", carry=True,
              swap_betas=False, t_offset=0):
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
    w, dw, c = _setup("sgd_momentum", w, dw, config)
    v = c["momentum"] * c.get("velocity", np.zeros_like(w)) + dw
    c["velocity"] = v
    return w - c["learning_rate"] * v, c


def as_count(value):
    """``value`` as a number if it is a real scalar (int, float, NumPy scalar or 0-d array), else None."""
    if isinstance(value, (bool, np.bool_)) or np.ndim(value) != 0 or not isinstance(
            value, (int, float, np.integer, np.floating, np.ndarray)) or np.asarray(value).dtype.kind not in "iuf":
        return None
    return float(value)


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
CORRECT = {"sgd": sgd_impl, "sgd_momentum": momentum_impl, "adagrad": adagrad_impl, "rmsprop": rmsprop_impl,
           "adam": adam_impl}


def run_trusted(update, w, dws, config):
    """The trajectory ``[next_w, ...]`` of a trusted update from ``w``, config passed along (float64)."""
    ws, config = [], {k: v for k, v in (config or {}).items()}
    with np.errstate(all="ignore"):
        for dw in dws:
            w, config = update(w, dw, config)
            ws.append(w)
    return ws


# ---------------------------------------------------------------------------------------------
# Calling the learner
# ---------------------------------------------------------------------------------------------

def loosest_tolerance(*dtypes):
    pairs = [tolerance(np.dtype(d)) for d in dtypes if np.dtype(d).kind == "f"] or [tolerance(np.float64)]
    return max(p[0] for p in pairs), max(p[1] for p in pairs)


def close(a, b, rtol, atol):
    return np.shape(a) == np.shape(b) and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))


def learner_step(learner, name, w, dw, config, call, omit_config=False):
    """One learner call; returns (next_w as an array, config dict), after checking their form."""
    result = getattr(learner, name)(w, dw) if omit_config else getattr(learner, name)(w, dw, config)
    next_w, new_config = expect_tuple(result, 2, call, "(next_w, config)")
    try:
        next_w = as_numeric(next_w, call)
    except AssertionError:
        raise AssertionError(f"{call} returned next_w = {describe(next_w)}; expected an array like w") from None
    if next_w.shape != np.shape(w):
        raise AssertionError(f"{call} returned next_w of shape {next_w.shape}; it must have the shape of w "
                             f"{np.shape(w)}")
    if not isinstance(new_config, dict):
        raise AssertionError(f"{call} returned config = {describe(new_config)}; return the config dict (with the "
                             f"hyperparameters and the optimizer's state) so the next call can use it")
    return next_w, new_config


def describe_config(config):
    if config is None:
        return "config=None"
    return "config={" + ", ".join(f"{k!r}: {short_repr(v, 40)}" for k, v in config.items()) + "}"


def show(value):
    """A one-line repr of a small array, with enough digits to see small steps."""
    with np.printoptions(precision=8, threshold=12, edgeitems=3, floatmode="maxprec"):
        text = " ".join(repr(np.asarray(value)).split())
    return text if len(text) <= 160 else text[:157] + "..."


def wrong_step(header, got, expected, w, dw, rtol, atol, reason=""):
    """An AssertionError showing one wrong step."""
    lines = [header]
    if reason:
        lines.append(f"  {reason}")
    lines += [f"  w:        {show(w)}", f"  dw:       {show(dw)}", f"  expected: {show(expected)}",
              f"  got:      {show(got)}"]
    lines += tensor_diff(got, np.asarray(expected, dtype=np.float64), rtol, atol)
    return AssertionError("\n".join(lines))


def explain(name, w0, dws, config0, got_ws, rtol, atol, mistakes=None):
    """The words of the first known mistake whose trajectory matches the learner's, or ''."""
    for words, update in MISTAKES[name] if mistakes is None else mistakes:
        variant = run_trusted(update, w0, dws[:len(got_ws)], config0)
        if all(close(g, v, rtol, atol) for g, v in zip(got_ws, variant)):
            return words
    return ""


def follow(learner, name, w0, dws, config0, *, expected_ws, start="", mistakes=None, first_t=0):
    """Run the learner's trajectory, config passed along, and fail at the first wrong step."""
    steps, dtype = len(dws), np.asarray(w0).dtype
    w, config, got_ws = w0, (None if config0 is None else dict(config0)), []
    for k, dw in enumerate(dws):
        call = f"{name}(w, dw, config) at step {k + 1} of {steps}"
        where = (f"{call} ({start}the first call got {describe_config(config0)}; each later call gets the "
                 f"next_w and the config the previous call returned)")
        next_w, config = learner_step(learner, name, w, dw, config, where)
        got_ws.append(next_w)
        rtol, atol = loosest_tolerance(dtype, next_w.dtype)
        if not close(next_w, expected_ws[k], rtol, atol):
            reason = explain(name, w0, dws, config0, got_ws, rtol, atol, mistakes)
            raise wrong_step(f"{where} returned a wrong next_w.", next_w, expected_ws[k], w, dw, rtol, atol, reason)
        if name == "adam":
            t = config.get("t")
            want = first_t + k + 1
            if "t" not in config:
                raise AssertionError(f"{where}: the config it returned has no 't'. Store the step count in "
                                     f"config['t'], or t is not incremented from call to call (every call uses "
                                     f"t = 1).")
            if as_count(t) != want:
                raise AssertionError(f"{where}: config['t'] is {short_repr(t, 40)} after the call; it should be "
                                     f"{want}. t counts the updates: it starts at 0 and is incremented before "
                                     f"it is used, so after k calls it is k.")
        w = next_w
    return got_ws


# ---------------------------------------------------------------------------------------------
# Trajectories
# ---------------------------------------------------------------------------------------------

@st.composite
def trajectories(draw, name):
    """``(w0, dws, config0)``: a start, 3-6 gradients and a first config (None, partial or full)."""
    rng = np.random.default_rng(draw(SEEDS))
    dtype, shape, steps = draw(DTYPES), draw(SHAPES), draw(st.integers(3, 6))
    scale = draw(st.sampled_from([1e-3, 1.0, 100.0]))
    w0 = rng.normal(size=shape).astype(dtype)
    dws = [(rng.normal(size=shape) * scale).astype(dtype) for _ in range(steps)]
    if draw(st.integers(0, 3)) == 0:
        return w0, dws, None
    config = {key: draw(st.sampled_from(CHOICES[key])) for key in DEFAULTS[name] if draw(st.integers(0, 4))}
    return w0, dws, config


def check_trajectory(learner, reference, name, case):
    w0, dws, config0 = case
    expected = run_trusted(getattr(reference, name), w0.astype(np.float64), [d.astype(np.float64) for d in dws],
                           None if config0 is None else dict(config0))
    follow(learner, name, w0, dws, config0, expected_ws=expected)


@settings(max_examples=30)
@given(trajectories("sgd"))
def test_sgd(learner, reference, case):
    check_trajectory(learner, reference, "sgd", case)


@settings(max_examples=30)
@given(trajectories("sgd_momentum"))
@example((np.array([1.0, -2.0]), [np.array([0.5, 1.0])] * 4, {"learning_rate": 0.1, "momentum": 0.5}))
def test_sgd_momentum(learner, reference, case):
    check_trajectory(learner, reference, "sgd_momentum", case)


@settings(max_examples=30)
@given(trajectories("adagrad"))
@example((np.array([1.0, -2.0]), [np.array([0.01, 1.0])] * 3, {"learning_rate": 0.1, "epsilon": 1e-4}))
def test_adagrad(learner, reference, case):
    check_trajectory(learner, reference, "adagrad", case)


@settings(max_examples=30)
@given(trajectories("rmsprop"))
@example((np.array([1.0, -2.0]), [np.array([0.01, 1.0])] * 3, {"learning_rate": 0.1, "decay_rate": 0.9}))
def test_rmsprop(learner, reference, case):
    check_trajectory(learner, reference, "rmsprop", case)


@settings(max_examples=30)
@given(trajectories("adam"))
@example((np.array([1.0, -2.0]), [np.array([0.5, -200.0]), np.array([1.0, 3.0]), np.array([-2.0, 0.1])], None))
@example((np.array([1.0, -2.0]), [np.array([1e-4, -2e-4])] * 4, {"learning_rate": 0.1, "epsilon": 1e-4}))
def test_adam(learner, reference, case):
    check_trajectory(learner, reference, "adam", case)


# ---------------------------------------------------------------------------------------------
# Defaults and state
# ---------------------------------------------------------------------------------------------

def leaked(config, fresh, rtol, atol):
    """True if ``config`` holds state that differs from the state one first step leaves (``fresh``)."""
    for key, value in fresh.items():
        if key in DEFAULTS_KEYS or key not in config:
            continue
        if isinstance(value, np.ndarray):
            try:
                got = as_numeric(config[key], key)
            except AssertionError:
                continue
            if not close(got, value, rtol, atol):
                return True
        elif as_count(config[key]) not in (None, float(value)):
            return True
    return False


DEFAULTS_KEYS = {key for defaults in DEFAULTS.values() for key in defaults}


@settings(max_examples=8)
@given(SEEDS, DTYPES)
def test_defaults(learner, reference, seed, dtype):
    rng = np.random.default_rng(seed)
    w, dw = rng.normal(size=3).astype(dtype), rng.normal(size=3).astype(dtype)
    w64, dw64 = w.astype(np.float64), dw.astype(np.float64)
    for name, defaults in DEFAULTS.items():
        expected, fresh_config = getattr(reference, name)(w64, dw64)
        firsts = []
        for attempt in range(2):  # twice: a shared mutable default (config={}) keeps state between calls
            call = f"{name}(w, dw) without a config"
            next_w, config = learner_step(learner, name, w, dw, None, call, omit_config=True)
            for key, value in defaults.items():
                if key not in config:
                    raise AssertionError(f"{call} returned a config without {key!r}: fill in missing hyperparameters "
                                         f"with their defaults (config.setdefault({key!r}, {value!r}))")
                got = as_count(config[key])
                if got is None or not np.isclose(got, value, rtol=1e-9, atol=0):
                    raise AssertionError(f"{call} returned config[{key!r}] = {short_repr(config[key], 40)}; the "
                                         f"default is {value!r}")
            rtol, atol = loosest_tolerance(dtype, next_w.dtype)
            if not close(next_w, expected, rtol, atol):
                reason = ""
                second_differs = attempt == 1 and close(firsts[0], expected, rtol, atol)
                if second_differs or leaked(config, fresh_config, rtol, atol):
                    reason = ("The config it returned holds state from earlier calls, not from one first step: "
                              "state leaked from call to call. A default argument config={} is one dict shared "
                              "by all calls; use config=None and create a new dict inside.")
                raise wrong_step(f"{call} returned a wrong next_w with the default hyperparameters "
                                 f"{defaults}.", next_w, expected, w, dw, rtol, atol, reason)
            firsts.append(next_w)
        for key in defaults:  # one hyperparameter given, the others missing
            given_value = next(v for v in CHOICES[key] if v != defaults[key])
            partial = {key: given_value}
            call = f"{name}(w, dw, config={partial})"
            next_w, config = learner_step(learner, name, w, dw, dict(partial), call)
            wanted = dict(defaults, **partial)
            for hyper, value in wanted.items():
                if hyper not in config:
                    raise AssertionError(f"{call} returned a config without {hyper!r}: fill in missing "
                                         f"hyperparameters with their defaults (config.setdefault)")
                got = as_count(config[hyper])
                if got is None or not np.isclose(got, value, rtol=1e-9, atol=0):
                    advice = (f"keep the value the caller gave: config.setdefault({key!r}, ...) fills in a missing "
                              f"value without overwriting a given one" if hyper == key else f"the default is {value!r}")
                    raise AssertionError(f"{call} returned config[{hyper!r}] = {short_repr(config[hyper], 40)}; "
                                         f"expected {value!r}: {advice}")
            expected_w = getattr(reference, name)(w64, dw64, dict(partial))[0]
            rtol, atol = loosest_tolerance(dtype, next_w.dtype)
            if not close(next_w, expected_w, rtol, atol):
                ignored = getattr(reference, name)(w64, dw64)[0]
                reason = (f"It looks like config[{key!r}] was ignored (the result is the one with the default)."
                          if close(next_w, ignored, rtol, atol) else "")
                raise wrong_step(f"{call} returned a wrong next_w (the other hyperparameters at their defaults).",
                                 next_w, expected_w, w, dw, rtol, atol, reason)


RESUME_MISTAKES = {
    "sgd_momentum": [
        ("It ignored the velocity in config and started again from zeros.",
         lambda w, dw, c: momentum_impl(w, dw, {k: v for k, v in c.items() if k != "velocity"})),
        ("It reads config['velocity'] with the opposite sign: the contract's velocity is v = momentum * v - "
         "learning_rate * dw, and next_w = w + v.", functools.partial(momentum_impl, w_sign=-1.0, v_sign=1.0)),
        ("It keeps a different velocity (v = momentum * v + dw; next_w = w - learning_rate * v, as PyTorch does); "
         "the same steps, but config['velocity'] must hold the contract's v = momentum * v - learning_rate * dw.",
         lambda w, dw, c: torch_momentum(w, dw, c)),
    ],
    "adagrad": [("It ignored config['cache'] and started again from zeros.",
                 lambda w, dw, c: adagrad_impl(w, dw, {k: v for k, v in c.items() if k != "cache"}))],
    "rmsprop": [("It ignored config['cache'] and started again from zeros.",
                 lambda w, dw, c: rmsprop_impl(w, dw, {k: v for k, v in c.items() if k != "cache"}))],
    "adam": [
        ("It ignored the state in config and started again from m = v = 0, t = 0.",
         lambda w, dw, c: adam_impl(w, dw, {k: v for k, v in c.items() if k not in ("m", "v", "t")})),
        ("It ignored config['t'] and counted from t = 0 again.",
         lambda w, dw, c: adam_impl(w, dw, {k: v for k, v in c.items() if k != "t"})),
        ("It uses t one behind: t in config is the number of updates so far, so this call uses config['t'] + 1.",
         functools.partial(adam_impl, t_offset=-1)),
        ("It ignored config['m'] and config['v'] and started them again from zeros.",
         lambda w, dw, c: adam_impl(w, dw, {k: v for k, v in c.items() if k not in ("m", "v")})),
    ],
}


@settings(max_examples=15)
@given(st.sampled_from(sorted(RESUME_MISTAKES)), SEEDS, DTYPES, st.integers(1, 4))
@example("adam", 0, "float64", 3)
@example("sgd_momentum", 0, "float64", 3)
def test_resume_state(learner, reference, name, seed, dtype, earlier):
    rng = np.random.default_rng(seed)
    w = rng.normal(size=(2, 3))
    config = {key: CHOICES[key][0] if key != "learning_rate" else 0.05 for key in DEFAULTS[name]}
    update = getattr(reference, name)
    for _ in range(earlier):  # the state a training loop would have saved after `earlier` steps
        w, config = update(w, rng.normal(size=w.shape), config)
    w = w.astype(dtype)
    config = {k: (v.astype(dtype) if isinstance(v, np.ndarray) else v) for k, v in config.items()}
    dws = [rng.normal(size=w.shape).astype(dtype) for _ in range(2)]
    expected = run_trusted(update, w.astype(np.float64), [d.astype(np.float64) for d in dws], dict(config))
    start = (f"resuming from a config that holds the state of {earlier} earlier step{'s' if earlier > 1 else ''} "
             f"in {STATE_NAMES[name]}; ")
    try:
        follow(learner, name, w, dws, config, expected_ws=expected, start=start, mistakes=RESUME_MISTAKES[name],
               first_t=earlier)
    except AssertionError as failure:
        raise AssertionError(f"{failure}\nThe state lives in config under the contract's names "
                             f"({STATE_NAMES[name]}); read it from there and create it only when it is missing.") \
            from None
