"""The reference solution of exercise05, the optimizers, checked against the contract in CURRICULUM.md, hand-
unrolled recurrences, finite differences and TensorFlow/Keras where an equivalent exists (TensorFlow is
imported lazily, by a fixture).
"""

from pathlib import Path

import numpy as np
import pytest

import solutions.exercise05_optimizers as ref05
from reference_helpers import assert_unchanged


W0 = np.array([0.5, -1.2, 2.0, 0.03])
GRADS = np.random.default_rng(5).normal(0, 0.5, (5, 4))


def run_optimizer(update, config=None, w0=W0, grads=GRADS):
    """Apply update for every gradient, passing config along; return the trajectory and final config."""
    w, trajectory = w0, []
    for g in grads:
        w, config = assert_unchanged(lambda w_, g_: update(w_, g_, config), w, g)
        trajectory.append(w)
    return np.array(trajectory), config


def unrolled(name, hyper):
    """Return the 5-step textbook trajectory of the named optimizer, written out inline."""
    lr = hyper["learning_rate"]
    w, trajectory = W0.copy(), []
    v = np.zeros_like(W0)
    cache = np.zeros_like(W0)
    m = np.zeros_like(W0)
    for t, g in enumerate(GRADS, start=1):
        if name == "sgd":
            w = w - lr * g
        elif name == "sgd_momentum":
            v = hyper["momentum"] * v - lr * g
            w = w + v
        elif name == "adagrad":
            cache = cache + g * g
            w = w - lr * g / (np.sqrt(cache) + hyper["epsilon"])
        elif name == "rmsprop":
            cache = hyper["decay_rate"] * cache + (1 - hyper["decay_rate"]) * g * g
            w = w - lr * g / (np.sqrt(cache) + hyper["epsilon"])
        else:
            m = hyper["beta1"] * m + (1 - hyper["beta1"]) * g
            v = hyper["beta2"] * v + (1 - hyper["beta2"]) * g * g
            m_hat = m / (1 - hyper["beta1"] ** t)
            v_hat = v / (1 - hyper["beta2"] ** t)
            w = w - lr * m_hat / (np.sqrt(v_hat) + hyper["epsilon"])
        trajectory.append(w)
    return np.array(trajectory)


DEFAULTS = {
    "sgd": {"learning_rate": 1e-2},
    "sgd_momentum": {"learning_rate": 1e-2, "momentum": 0.9},
    "adagrad": {"learning_rate": 1e-2, "epsilon": 1e-8},
    "rmsprop": {"learning_rate": 1e-2, "decay_rate": 0.99, "epsilon": 1e-8},
    "adam": {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
}
CUSTOM = {
    "sgd": {"learning_rate": 0.3},
    "sgd_momentum": {"learning_rate": 0.05, "momentum": 0.5},
    "adagrad": {"learning_rate": 0.2, "epsilon": 1e-3},
    "rmsprop": {"learning_rate": 0.02, "decay_rate": 0.9, "epsilon": 1e-4},
    "adam": {"learning_rate": 0.05, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-4},
}


@pytest.mark.parametrize("name", DEFAULTS)
def test_optimizer_default_trajectory(name):
    """Starting from config=None, five steps follow the textbook recurrence with the contract defaults."""
    trajectory, config = run_optimizer(getattr(ref05, name))
    np.testing.assert_allclose(trajectory, unrolled(name, DEFAULTS[name]), rtol=1e-12)
    for key, value in DEFAULTS[name].items():
        assert config[key] == value


@pytest.mark.parametrize("name", CUSTOM)
def test_optimizer_respects_given_hyperparameters(name):
    """Hyperparameters already in config are used, not overwritten by defaults."""
    given_config = dict(CUSTOM[name])
    trajectory, config = run_optimizer(getattr(ref05, name), given_config)
    np.testing.assert_allclose(trajectory, unrolled(name, CUSTOM[name]), rtol=1e-12)
    assert {k: config[k] for k in CUSTOM[name]} == CUSTOM[name]


def test_optimizer_state_lives_in_config():
    """State is created as zeros of w's shape and dtype, stored in config; adam's t counts calls from 1."""
    w = np.ones((2, 3), np.float32)
    g = np.full((2, 3), 0.5, np.float32)
    expected_state = {"sgd_momentum": ["velocity"], "adagrad": ["cache"], "rmsprop": ["cache"], "adam": ["m", "v"]}
    for name, keys in expected_state.items():
        next_w, config = getattr(ref05, name)(w, g)
        assert next_w.dtype == np.float32 and next_w.shape == w.shape
        for key in keys:
            assert config[key].shape == w.shape and config[key].dtype == np.float32
    config = {}
    for t in range(1, 4):
        _, returned = ref05.adam(w, g, config)
        assert returned is config and config["t"] == t


def test_adam_first_step_is_learning_rate_sized():
    """Bias correction makes Adam's first step about learning_rate per coordinate, whatever |g|."""
    next_w, _ = ref05.adam(np.zeros(3), np.array([1e-3, -5.0, 300.0]))
    np.testing.assert_allclose(next_w, [-1e-3, 1e-3, -1e-3], rtol=1e-4)


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_sgd_matches_keras(keras, momentum):
    """SGD and SGD with momentum agree with keras.optimizers.SGD over five float32 steps."""
    var = keras.Variable(W0.astype(np.float32))
    opt = keras.optimizers.SGD(learning_rate=0.01, momentum=momentum)
    update = ref05.sgd_momentum if momentum else ref05.sgd
    config = {"learning_rate": 0.01, "momentum": momentum}
    w = W0.astype(np.float32)
    for g in GRADS.astype(np.float32):
        opt.apply_gradients([(keras.ops.convert_to_tensor(g), var)])
        w, config = update(w, g, config)
        np.testing.assert_allclose(w, var.numpy(), rtol=0, atol=1e-6)


@pytest.mark.parametrize(
    "name, make_keras",
    [
        ("adagrad", lambda k: k.optimizers.Adagrad(learning_rate=1e-2, initial_accumulator_value=0.0, epsilon=1e-8)),
        ("rmsprop", lambda k: k.optimizers.RMSprop(learning_rate=1e-2, rho=0.99, epsilon=1e-8)),
        ("adam", lambda k: k.optimizers.Adam(learning_rate=1e-3, epsilon=1e-8)),
    ],
)
def test_adaptive_optimizers_close_to_keras(keras, name, make_keras):
    """With the textbook hyperparameters Keras's variants differ only in the last digits (eps placement, Adam form)."""
    var = keras.Variable(W0.astype(np.float32))
    opt = make_keras(keras)
    w, config = W0.astype(np.float32), None
    for g in GRADS.astype(np.float32):
        opt.apply_gradients([(keras.ops.convert_to_tensor(g), var)])
        w, config = getattr(ref05, name)(w, g, config)
    np.testing.assert_allclose(w, var.numpy(), rtol=0, atol=1e-5)


def test_stub_states_kerass_adam_epsilon(keras):
    """The stub's claim holds: Keras's Adam is the contract's Adam with epsilon / sqrt(1 - beta2**t) as epsilon."""
    stub = Path(ref05.__file__).resolve().parent.parent / "exercises" / "exercise05_optimizers.py"
    assert "``epsilon / sqrt(1 - beta2**t)``" in " ".join(stub.read_text(encoding="utf-8").split())
    lr, b2, eps = 0.1, 0.999, 1e-4  # a large epsilon and tiny gradients, where its placement shows
    var = keras.Variable(W0.astype(np.float64))
    opt = keras.optimizers.Adam(learning_rate=lr, beta_2=b2, epsilon=eps)
    w, m, v = W0.astype(np.float64), 0.0, 0.0
    for t, g in enumerate(GRADS * 1e-4, start=1):
        opt.apply_gradients([(keras.ops.convert_to_tensor(g), var)])
        m, v = 0.9 * m + 0.1 * g, b2 * v + (1 - b2) * g**2
        w = w - lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - b2**t)) + eps / np.sqrt(1 - b2**t))
        np.testing.assert_allclose(w, var.numpy(), rtol=0, atol=1e-6)
