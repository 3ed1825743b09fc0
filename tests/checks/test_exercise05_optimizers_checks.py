"""exercise05 checks reject typical mistakes and accept other correct implementations."""
import pytest

from conftest import assert_accepted, assert_rejected
from grader import catalog

# Shared preamble of several wrong implementations below.
SETUP = """
    def _fill(config, **defaults):
        config = {} if config is None else config
        for key, value in defaults.items():
            config.setdefault(key, value)
        return config
"""

# name: (check ids that must fail, words each message must contain, code appended to the solution)
WRONG = {
    "sgd adding the step": (["sgd"], ["sgd(w, dw, config) at step 1", "subtracts"], SETUP + """
    def sgd(w, dw, config=None):
        config = _fill(config, learning_rate=1e-2)
        return w + config["learning_rate"] * dw, config
    """),
    "sgd updating w in place": (["sgd"], ["sgd(", "changed its input w in place"], SETUP + """
    def sgd(w, dw, config=None):
        config = _fill(config, learning_rate=1e-2)
        w -= config["learning_rate"] * dw
        return w, config
    """),
    "sgd ignoring the configured learning rate": (["sgd"], ["ignores config['learning_rate']"], SETUP + """
    def sgd(w, dw, config=None):
        config = _fill(config, learning_rate=1e-2)
        return w - 1e-2 * dw, config
    """),
    "momentum with next_w = w - v": (["sgd_momentum"], ["sgd_momentum", "Sign error", "next_w = w + v"], SETUP + """
    def sgd_momentum(w, dw, config=None):
        config = _fill(config, learning_rate=1e-2, momentum=0.9)
        v = config["momentum"] * config.get("velocity", np.zeros_like(w)) - config["learning_rate"] * dw
        config["velocity"] = v
        return w - v, config
    """),
    "momentum whose velocity adds +lr * dw": (["sgd_momentum"], ["Sign error", "uphill", "check both signs"],
                                              SETUP + """
    def sgd_momentum(w, dw, config=None):
        config = _fill(config, learning_rate=1e-2, momentum=0.9)
        v = config["momentum"] * config.get("velocity", np.zeros_like(w)) + config["learning_rate"] * dw
        config["velocity"] = v
        return w + v, config
    """),
    "momentum without storing the velocity": (["sgd_momentum"], ["step 2", "not carried",
                                                                  "config['velocity']"], SETUP + """
    def sgd_momentum(w, dw, config=None):
        config = _fill(config, learning_rate=1e-2, momentum=0.9)
        v = config["momentum"] * np.zeros_like(w) - config["learning_rate"] * dw
        return w + v, config
    """),
    "momentum updating w in place": (["sgd_momentum"], ["changed its input w in place"], SETUP + """
    def sgd_momentum(w, dw, config=None):
        config = _fill(config, learning_rate=1e-2, momentum=0.9)
        v = config["momentum"] * config.get("velocity", np.zeros_like(w)) - config["learning_rate"] * dw
        config["velocity"] = v
        w += v
        return w, config
    """),
    "momentum keeping PyTorch's velocity": (["resume_state"], ["sgd_momentum", "PyTorch",
                                                               "config['velocity']"], SETUP + """
    def sgd_momentum(w, dw, config=None):
        config = _fill(config, learning_rate=1e-2, momentum=0.9)
        v = config["momentum"] * config.get("velocity", np.zeros_like(w)) + dw
        config["velocity"] = v
        return w - config["learning_rate"] * v, config
    """),
    "momentum storing its state under another name": (["resume_state"], ["sgd_momentum", "config['velocity']",
                                                                         "ignored the velocity"], SETUP + """
    def sgd_momentum(w, dw, config=None):
        config = _fill(config, learning_rate=1e-2, momentum=0.9)
        v = config["momentum"] * config.get("v", np.zeros_like(w)) - config["learning_rate"] * dw
        config["v"] = v
        return w + v, config
    """),
    "adagrad with epsilon inside the root (Keras)": (["adagrad"], ["adagrad", "inside the square root"], SETUP + """
    def adagrad(w, dw, config=None):
        config = _fill(config, learning_rate=1e-2, epsilon=1e-8)
        cache = config.get("cache", np.zeros_like(w)) + dw**2
        config["cache"] = cache
        return w - config["learning_rate"] * dw / np.sqrt(cache + config["epsilon"]), config
    """),
    "adagrad without storing the cache": (["adagrad"], ["adagrad", "not carried", "config['cache']"], SETUP + """
    def adagrad(w, dw, config=None):
        config = _fill(config, learning_rate=1e-2, epsilon=1e-8)
        cache = dw**2
        return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config
    """),
    "adagrad starting at 0.1 (Keras)": (["adagrad"], ["adagrad", "0.1"], SETUP + """
    def adagrad(w, dw, config=None):
        config = _fill(config, learning_rate=1e-2, epsilon=1e-8)
        cache = config.get("cache", np.full_like(w, 0.1)) + dw**2
        config["cache"] = cache
        return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config
    """),
    "rmsprop with the decay swapped": (["rmsprop"], ["rmsprop", "swapped"], SETUP + """
    def rmsprop(w, dw, config=None):
        config = _fill(config, learning_rate=1e-2, decay_rate=0.99, epsilon=1e-8)
        d = config["decay_rate"]
        cache = (1 - d) * config.get("cache", np.zeros_like(w)) + d * dw**2
        config["cache"] = cache
        return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config
    """),
    "rmsprop with epsilon inside the root": (["rmsprop"], ["rmsprop", "inside the square root"], SETUP + """
    def rmsprop(w, dw, config=None):
        config = _fill(config, learning_rate=1e-2, decay_rate=0.99, epsilon=1e-8)
        d = config["decay_rate"]
        cache = d * config.get("cache", np.zeros_like(w)) + (1 - d) * dw**2
        config["cache"] = cache
        return w - config["learning_rate"] * dw / np.sqrt(cache + config["epsilon"]), config
    """),
}

ADAM = SETUP + """
    def adam(w, dw, config=None):
        config = _fill(config, learning_rate=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8)
        b1, b2, lr, eps = config["beta1"], config["beta2"], config["learning_rate"], config["epsilon"]
        {t_before}
        m = b1 * config.get("m", np.zeros_like(w)) + (1 - b1) * dw
        v = b2 * config.get("v", np.zeros_like(w)) + (1 - b2) * dw**2
        {store}
        {step}
        {t_after}
        return next_w, config
"""
CORRECT_STEP = "next_w = w - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)"


def adam(t_before="t = config.get('t', 0) + 1; config['t'] = t", store="config['m'], config['v'] = m, v",
         step=CORRECT_STEP, t_after="pass"):
    return ADAM.replace("{t_before}", t_before).replace("{store}", store).replace("{step}", step).replace(
        "{t_after}", t_after)


WRONG.update({
    "adam without bias correction": (["adam"], ["adam(w, dw, config) at step 1", "bias correction is missing"],
                                     adam(step="next_w = w - lr * m / (np.sqrt(v) + eps)")),
    "adam correcting only m": (["adam"], ["Only m is bias-corrected"],
                               adam(step="next_w = w - lr * (m / (1 - b1**t)) / (np.sqrt(v) + eps)")),
    "adam never incrementing t": (["adam"], ["config['t']", "t is not incremented"],
                                  adam(t_before="t = config.get('t', 0) + 1")),
    "adam incrementing t after use": (["adam"], ["step 1", "incremented after it is used"],
                                      adam(t_before="t = config.get('t', 0)", t_after="config['t'] = t + 1")),
    "adam counting t from 1, incremented after use": (
        ["adam"], ["config['t']"],
        adam(t_before="t = config.get('t', 1)", t_after="config['t'] = t + 1")),
    "adam in Keras's efficient form with plain epsilon": (
        ["adam"], ["'efficient' form", "sqrt(v_hat)"],
        adam(step="next_w = w - lr * np.sqrt(1 - b2**t) / (1 - b1**t) * m / (np.sqrt(v) + eps)")),
    "adam without storing m and v": (["adam"], ["step 2", "not carried"], adam(store="pass")),
    "adam starting t at 1": (["adam"], ["step 1", "t starts at 1", "config['t'] is 2 after it"],
                             adam(t_before="t = config.get('t', 1) + 1; config['t'] = t")),
    "adam with epsilon fixed at 1e-7": (["adam"], ["always uses 1e-07"], adam(step=CORRECT_STEP.replace(
        "+ eps)", "+ 1e-7)"))),
    "Keras's Adam (efficient form, epsilon 1e-7)": (["adam"], ["This is Keras's Adam"], adam(
        step="next_w = w - lr * np.sqrt(1 - b2**t) / (1 - b1**t) * m / (np.sqrt(v) + 1e-7)")),
    "adam with the betas swapped": (["adam"], ["beta1 and beta2 are swapped"], adam().replace(
        'b1, b2, lr, eps = config["beta1"], config["beta2"]', 'b2, b1, lr, eps = config["beta1"], config["beta2"]')),
    "adam updating w in place": (["adam"], ["changed its input w in place"], adam(
        step="w -= lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps); next_w = w")),
    "adam ignoring the t it is given": (["resume_state"], ["adam", "ignored config['t']"], adam(
        t_before="config['steps'] = t = config.get('steps', 0) + 1; config['t'] = t")),
    "optimizers overwriting given hyperparameters": (["defaults"], ["sgd(w, dw, config={'learning_rate'",
                                                                    "setdefault"], """
    def sgd(w, dw, config=None):
        config = {} if config is None else config
        config["learning_rate"] = 1e-2
        return w - config["learning_rate"] * dw, config
    """),
    "adam with the default learning rate of the others": (["defaults"], ["adam(w, dw)", "the default is 0.001"],
                                                          adam().replace("learning_rate=1e-3", "learning_rate=1e-2")),
    "a shared default config={}": (["defaults"], ["sgd_momentum(w, dw)", "config={}"], """
    def sgd_momentum(w, dw, config={}):
        config.setdefault("learning_rate", 1e-2)
        config.setdefault("momentum", 0.9)
        v = config["momentum"] * config.get("velocity", np.zeros_like(w)) - config["learning_rate"] * dw
        config["velocity"] = v
        return w + v, config
    """),
    "a config returned without the hyperparameters": (["defaults"], ["rmsprop(w, dw)", "'learning_rate'"], """
    def rmsprop(w, dw, config=None):
        config = {} if config is None else config
        lr, d, eps = config.get("learning_rate", 1e-2), config.get("decay_rate", 0.99), config.get("epsilon", 1e-8)
        cache = d * config.get("cache", np.zeros_like(w)) + (1 - d) * dw**2
        return w - lr * dw / (np.sqrt(cache) + eps), {"cache": cache}
    """),
})


@pytest.mark.parametrize("name", WRONG)
def test_rejects(grade, name):
    checks, mentions, code = WRONG[name]
    assert_rejected(grade("exercise05", code, checks=checks), checks, mentions)


def test_every_check_rejects_something():
    covered = {check_id for checks, _, _ in WRONG.values() for check_id in checks}
    assert covered == {c.id for c in catalog.resolve("exercise05").checks}


ALTERNATIVES = {
    "new config dicts, float32 state, efficient Adam with rescaled epsilon": """
        import math
        import numpy as np

        DEFAULTS = {
            "sgd": {"learning_rate": 1e-2},
            "sgd_momentum": {"learning_rate": 1e-2, "momentum": 0.9},
            "adagrad": {"learning_rate": 1e-2, "epsilon": 1e-8},
            "rmsprop": {"learning_rate": 1e-2, "decay_rate": 0.99, "epsilon": 1e-8},
            "adam": {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
        }

        def _config(name, config):
            return {**DEFAULTS[name], **(config or {})}  # a new dict; the caller's is left alone

        def _state(config, key, w):
            return np.asarray(config[key], dtype=w.dtype) if key in config else np.zeros(w.shape, w.dtype)

        def sgd(w, dw, config=None):
            config = _config("sgd", config)
            return np.subtract(w, config["learning_rate"] * np.asarray(dw)), config

        def sgd_momentum(w, dw, config=None):
            config = _config("sgd_momentum", config)
            velocity = config["momentum"] * _state(config, "velocity", w) - config["learning_rate"] * dw
            return w + velocity, {**config, "velocity": velocity}

        def adagrad(w, dw, config=None):
            config = _config("adagrad", config)
            cache = _state(config, "cache", w) + np.square(dw)
            return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), {**config, "cache": cache}

        def rmsprop(w, dw, config=None):
            config = _config("rmsprop", config)
            d = config["decay_rate"]
            cache = d * _state(config, "cache", w) + (1 - d) * dw * dw
            return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), {**config, "cache": cache}

        def adam(w, dw, config=None):
            config = _config("adam", config)
            b1, b2, eps = config["beta1"], config["beta2"], config["epsilon"]
            t = int(config.get("t", 0)) + 1
            m = b1 * _state(config, "m", w) + (1 - b1) * dw
            v = b2 * _state(config, "v", w) + (1 - b2) * dw * dw
            # The paper's efficient form; epsilon rescaled so that it equals the textbook formula.
            lr_t = config["learning_rate"] * math.sqrt(1 - b2**t) / (1 - b1**t)
            next_w = w - lr_t * m / (np.sqrt(v) + eps * math.sqrt(1 - b2**t))
            return next_w, {**config, "m": m, "v": v, "t": t}
    """,
    "in-place state updates, float64 copies and loops": """
        import numpy as np

        def _setup(config, **defaults):
            if config is None:
                config = {}
            for key in defaults:
                if key not in config:
                    config[key] = defaults[key]
            return config

        def sgd(w, dw, config=None):
            config = _setup(config, learning_rate=1e-2)
            new_w = np.array(w, dtype=float)
            flat_w, flat_dw = new_w.reshape(-1), np.asarray(dw, dtype=float).reshape(-1)
            for i in range(flat_w.size):
                flat_w[i] -= config["learning_rate"] * flat_dw[i]
            return new_w, config

        def sgd_momentum(w, dw, config=None):
            config = _setup(config, learning_rate=1e-2, momentum=0.9)
            if "velocity" not in config:
                config["velocity"] = np.zeros(np.shape(w))
            config["velocity"] *= config["momentum"]
            config["velocity"] -= config["learning_rate"] * np.asarray(dw)
            return np.asarray(w) + config["velocity"], config

        def adagrad(w, dw, config=None):
            config = _setup(config, learning_rate=1e-2, epsilon=1e-8)
            config.setdefault("cache", np.zeros(np.shape(w)))
            config["cache"] += np.asarray(dw, dtype=float) ** 2
            step = config["learning_rate"] * np.asarray(dw) / (np.sqrt(config["cache"]) + config["epsilon"])
            return np.asarray(w) - step, config

        def rmsprop(w, dw, config=None):
            config = _setup(config, learning_rate=1e-2, decay_rate=0.99, epsilon=1e-8)
            config.setdefault("cache", np.zeros(np.shape(w)))
            config["cache"] *= config["decay_rate"]
            config["cache"] += (1 - config["decay_rate"]) * np.asarray(dw, dtype=float) ** 2
            step = config["learning_rate"] * np.asarray(dw) / (np.sqrt(config["cache"]) + config["epsilon"])
            return np.asarray(w) - step, config

        def adam(w, dw, config=None):
            config = _setup(config, learning_rate=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8)
            for key in ("m", "v"):
                config.setdefault(key, np.zeros(np.shape(w)))
            config["t"] = config.get("t", 0) + 1
            dw = np.asarray(dw, dtype=float)
            config["m"] *= config["beta1"]
            config["m"] += (1 - config["beta1"]) * dw
            config["v"] *= config["beta2"]
            config["v"] += (1 - config["beta2"]) * dw * dw
            m_hat = config["m"] / (1 - config["beta1"] ** config["t"])
            v_hat = config["v"] / (1 - config["beta2"] ** config["t"])
            return np.asarray(w) - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"]), config
    """,
}


@pytest.mark.parametrize("name", ALTERNATIVES)
def test_accepts_alternative(grade, name):
    assert_accepted(grade("exercise05", ALTERNATIVES[name], base=None))


def test_stub_is_not_started(grade):
    result = grade("exercise05", base="stub")
    assert {c.status for c in result.checks} == {"not_started"}, [(c.id, c.status) for c in result.checks]


# The hint each case must show, by check: the catalog hint when the check confirmed a mistake it is
# about, None otherwise (resume_state's hint is about reading the state, not about a fixed epsilon).
HINTS = {
    "adam starting t at 1": {"adam": "increment t before using it"},
    "adam with epsilon fixed at 1e-7": {"adam": "add config['epsilon'] to sqrt(v_hat)"},
    "adam updating w in place": {"resume_state": None},
    "adam ignoring the t it is given": {"resume_state": "Read the state from the contract's keys"},
}


@pytest.mark.parametrize("name", HINTS)
def test_hint_is_the_one_for_the_mistake(grade, name):
    _, _, code = WRONG[name]
    result = grade("exercise05", code, checks=list(HINTS[name]))
    for check_id, hint in HINTS[name].items():
        outcome = result.get(check_id)
        assert outcome.status == "failed", (check_id, outcome.message)
        assert "The state lives in config" not in outcome.message
        shown = outcome.hint
        assert (shown is None) if hint is None else (shown is not None and hint in shown), (check_id, shown)
