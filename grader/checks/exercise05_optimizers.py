"""Checks for exercise05: optimizers (최적화): SGD, momentum, Adagrad, RMSprop, Adam.

Each optimizer runs a short trajectory as a training loop would: every call gets the next_w and the
config the learner's previous call returned, and each step is compared with the reference's
trajectory from the same start. When a step is wrong, the learner's trajectory so far is compared
with trusted implementations of the usual mistakes (no bias correction, t not incremented, a flipped
sign, epsilon inside the root, state not carried, ...), so the message can say which one it is.
A w modified in place fails automatically (the engine compares every argument array before and after
each call); config may be updated in place and returned (``mutable_arguments`` in the catalog).
"""
import numpy as np
from hypothesis import example, given, settings, strategies as st

from grader.checklib.closeness import as_count, close
from grader.checklib.compare import as_numeric, loosest_tolerance
from grader.checklib.trajectories import follow as follow_trajectory, learner_step, run_trusted, wrong_step
from grader.checks._optimizer_mistakes import DEFAULTS, MISTAKES, RESUME_MISTAKES
from grader.sandbox.proxy import short_repr

SEEDS = st.integers(0, 2**32 - 1)
DTYPES = st.sampled_from(["float64", "float32"])
SHAPES = st.sampled_from([(3,), (2, 3), (), (4, 1), (1,)])
# Non-default values the trajectories draw from (epsilon 1e-4 makes its placement matter).
CHOICES = {"learning_rate": [1e-3, 0.05, 0.1], "momentum": [0.5, 0.8], "epsilon": [1e-8, 1e-4],
           "decay_rate": [0.9, 0.5], "beta1": [0.9, 0.7], "beta2": [0.999, 0.9]}
STATE_NAMES = {"sgd_momentum": "config['velocity']", "adagrad": "config['cache']", "rmsprop": "config['cache']",
               "adam": "config['m'], config['v'] and config['t']"}


def adam_step_count(first_t):
    """A ``check_config`` for Adam: config['t'] counts the updates, ``first_t`` before the first call."""
    def check(config, step, where):
        t = config.get("t")
        want = first_t + step
        if "t" not in config:
            raise AssertionError(f"{where}: the config it returned has no 't'. Store the step count in "
                                 f"config['t'], or t is not incremented from call to call (every call uses "
                                 f"t = 1).")
        if as_count(t) != want:
            raise AssertionError(f"{where}: config['t'] is {short_repr(t, 40)} after the call; it should be "
                                 f"{want}. t counts the updates: it starts at 0 and is incremented before "
                                 f"it is used, so after k calls it is k.")
    return check


def follow(learner, name, w0, dws, config0, *, expected_ws, start="", mistakes=None, first_t=0):
    """Follow the learner's trajectory and fail at the first wrong step, naming this optimizer's usual mistakes.

    ``mistakes`` defaults to ``MISTAKES[name]``; for Adam, config['t'] must count on from ``first_t``.
    """
    follow_trajectory(learner, name, w0, dws, config0, expected_ws=expected_ws, start=start,
                      mistakes=MISTAKES[name] if mistakes is None else mistakes,
                      check_config=adam_step_count(first_t) if name == "adam" else None)


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
    """Follow the learner's trajectory for ``case`` (start, gradients, first config) against the reference's."""
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

DEFAULTS_KEYS = {key for defaults in DEFAULTS.values() for key in defaults}


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
