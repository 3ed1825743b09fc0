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
from grader.checks._optimizer_mistakes import DEFAULTS, mistakes as fresh_mistakes, resume_mistakes
from grader.i18n import t
from grader.sandbox.proxy import short_repr

SEEDS = st.integers(0, 2**32 - 1)
DTYPES = st.sampled_from(["float64", "float32"])
SHAPES = st.sampled_from([(3,), (2, 3), (), (4, 1), (1,)])
# Non-default values the trajectories draw from (epsilon 1e-4 makes its placement matter).
CHOICES = {"learning_rate": [1e-3, 0.05, 0.1], "momentum": [0.5, 0.8], "epsilon": [1e-8, 1e-4],
           "decay_rate": [0.9, 0.5], "beta1": [0.9, 0.7], "beta2": [0.999, 0.9]}
# The config keys that hold each optimizer's state (the optimizers that can resume).
STATE_KEYS = {"sgd_momentum": ("velocity",), "adagrad": ("cache",), "rmsprop": ("cache",), "adam": ("m", "v", "t")}


def state_names(name):
    """Where optimizer ``name`` keeps its state, for messages: "config['m'], config['v'] and config['t']"."""
    names = [f"config[{key!r}]" for key in STATE_KEYS[name]]
    if len(names) == 1:
        return names[0]
    return t("exercise05_optimizers.names_and", names=", ".join(names[:-1]), last=names[-1])


def adam_step_count(first_t):
    """A ``check_config`` for Adam: config['t'] counts the updates, ``first_t`` before the first call."""
    def check(config, step, where):
        count = config.get("t")
        want = first_t + step
        if "t" not in config:
            raise AssertionError(t("exercise05_optimizers.no_t", where=where))
        if as_count(count) != want:
            raise AssertionError(t("exercise05_optimizers.wrong_t", where=where, t=short_repr(count, 40), want=want))
    return check


def follow(learner, name, w0, dws, config0, *, expected_ws, start="", mistakes=None, first_t=0, hinted=None):
    """Follow the learner's trajectory and fail at the first wrong step, naming this optimizer's usual mistakes.

    ``mistakes`` defaults to this optimizer's fresh-start mistakes; for Adam, config['t'] must count on
    from ``first_t``; ``hinted``: the mistakes' words the check's hint is about (None: all of them).
    """
    follow_trajectory(learner, name, w0, dws, config0, expected_ws=expected_ws, start=start,
                      mistakes=fresh_mistakes()[name] if mistakes is None else mistakes,
                      check_config=adam_step_count(first_t) if name == "adam" else None, hinted=hinted)


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


def check_hyperparameters(call, config, wanted, given=None):
    """Fail unless ``config`` holds the ``wanted`` hyperparameters; ``given`` is the key the caller set, if any."""
    for key, value in wanted.items():
        if key not in config:
            setdefault = f"config.setdefault({key!r}, {value!r})" if given is None else "config.setdefault"
            raise AssertionError(t("exercise05_optimizers.missing_hyper", call=call, hyper=repr(key),
                                   setdefault=setdefault))
        got = as_count(config[key])
        if got is None or not np.isclose(got, value, rtol=1e-9, atol=0):
            fields = {"call": call, "hyper": repr(key), "got": short_repr(config[key], 40), "value": repr(value)}
            if given is None:
                raise AssertionError(t("exercise05_optimizers.wrong_default", **fields))
            advice = (t("exercise05_optimizers.keep_given", hyper=repr(key)) if key == given
                      else t("exercise05_optimizers.default_is", value=repr(value)))
            raise AssertionError(t("exercise05_optimizers.wrong_hyper", advice=advice, **fields))


def check_without_config(learner, reference, name, w, dw):
    """``name(w, dw)`` without a config, twice: defaults filled in, the right step, no state kept between calls."""
    defaults = DEFAULTS[name]
    expected, fresh_config = getattr(reference, name)(w.astype(np.float64), dw.astype(np.float64))
    call = t("exercise05_optimizers.no_config_call", name=name)
    firsts = []
    for attempt in range(2):  # twice: a shared mutable default (config={}) keeps state between calls
        next_w, config = learner_step(learner, name, w, dw, None, call, omit_config=True)
        check_hyperparameters(call, config, defaults)
        rtol, atol = loosest_tolerance(w.dtype, next_w.dtype)
        if not close(next_w, expected, rtol, atol):
            second_differs = attempt == 1 and close(firsts[0], expected, rtol, atol)
            leaks = second_differs or leaked(config, fresh_config, rtol, atol)
            raise wrong_step(t("exercise05_optimizers.wrong_with_defaults", call=call, defaults=defaults),
                             next_w, expected, w, dw, rtol, atol,
                             t("exercise05_optimizers.state_leaked") if leaks else "")
        firsts.append(next_w)


def check_one_given(learner, reference, name, key, w, dw):
    """``name`` with only ``key`` in the config: that value kept and used, the others at their defaults."""
    partial = {key: next(v for v in CHOICES[key] if v != DEFAULTS[name][key])}
    call = f"{name}(w, dw, config={partial})"
    next_w, config = learner_step(learner, name, w, dw, dict(partial), call)
    check_hyperparameters(call, config, dict(DEFAULTS[name], **partial), given=key)
    update, w64, dw64 = getattr(reference, name), w.astype(np.float64), dw.astype(np.float64)
    expected = update(w64, dw64, dict(partial))[0]
    rtol, atol = loosest_tolerance(w.dtype, next_w.dtype)
    if not close(next_w, expected, rtol, atol):
        ignored = close(next_w, update(w64, dw64)[0], rtol, atol)
        raise wrong_step(t("exercise05_optimizers.wrong_with_one_given", call=call), next_w, expected, w, dw,
                         rtol, atol, t("exercise05_optimizers.given_ignored", hyper=repr(key)) if ignored else "")


@settings(max_examples=8)
@given(SEEDS, DTYPES)
def test_defaults(learner, reference, seed, dtype):
    rng = np.random.default_rng(seed)
    w, dw = rng.normal(size=3).astype(dtype), rng.normal(size=3).astype(dtype)
    for name, defaults in DEFAULTS.items():
        check_without_config(learner, reference, name, w, dw)
        for key in defaults:  # one hyperparameter given, the others missing
            check_one_given(learner, reference, name, key, w, dw)


def resume_start(name, earlier):
    """The words that open the messages of a trajectory resumed after ``earlier`` steps."""
    if earlier == 1:
        return t("exercise05_optimizers.resume_start_one", earlier=earlier, state=state_names(name))
    return t("exercise05_optimizers.resume_start_many", earlier=earlier, state=state_names(name))


def follow_resumed(learner, name, w, dws, config, expected_ws, earlier):
    """Follow a trajectory resumed from ``config`` after ``earlier`` steps, naming the usual resume mistakes.

    The mistakes are the resume mistakes (state ignored or misread) and, after them, the fresh-start
    ones (a fixed epsilon, a flipped sign, ...), so a wrong step is named by what reproduces it.
    """
    resume = resume_mistakes()[name]
    follow(learner, name, w, dws, config, expected_ws=expected_ws, start=resume_start(name, earlier),
           mistakes=resume + fresh_mistakes()[name], first_t=earlier, hinted={words for words, _ in resume})


@settings(max_examples=15)
@given(st.sampled_from(sorted(STATE_KEYS)), SEEDS, DTYPES, st.integers(1, 4))
@example("adam", 0, "float64", 3)
@example("sgd_momentum", 0, "float64", 3)
@example("rmsprop", 0, "float64", 1)
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
    follow_resumed(learner, name, w, dws, config, expected, earlier)
