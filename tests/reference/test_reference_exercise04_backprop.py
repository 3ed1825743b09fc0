"""The reference solution of exercise04, the MLP and back-propagation, checked against the contract in
CURRICULUM.md, hand-unrolled recurrences, finite differences and TensorFlow/Keras where an equivalent exists
(TensorFlow is imported lazily, by a fixture).
"""
import warnings

import numpy as np
import pytest

import solutions.exercise04_backprop as ref04
from reference_helpers import assert_unchanged, numerical_grad


def random_mlp(sizes, n=5, seed=0):
    """Return (X, one-hot y, params) for an MLP with layer sizes [d, h1, ..., c]."""
    rng = np.random.default_rng(seed)
    params = {}
    for l, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{l}"] = rng.normal(0, 1, (fan_in, fan_out))
        params[f"b{l}"] = rng.normal(0, 0.5, fan_out)
    X = rng.normal(size=(n, sizes[0]))
    y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], n)]
    return X, y, params


def test_dense_layer_forward_and_backward():
    """Dense forward is x @ W + b; backward matches finite differences, db sums over the batch."""
    rng = np.random.default_rng(1)
    x, W, b, G = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2), rng.normal(size=(4, 2))
    out, cache = assert_unchanged(ref04.dense_forward, x, W, b)
    np.testing.assert_allclose(out, x @ W + b)
    dx, dW, db = assert_unchanged(ref04.dense_backward, G, cache)
    assert (dx.shape, dW.shape, db.shape) == (x.shape, W.shape, b.shape)
    np.testing.assert_allclose(dx, numerical_grad(lambda v: np.sum((v @ W + b) * G), x), rtol=1e-6)
    np.testing.assert_allclose(dW, numerical_grad(lambda v: np.sum((x @ v + b) * G), W), rtol=1e-6)
    np.testing.assert_allclose(db, numerical_grad(lambda v: np.sum((x @ W + v) * G), b), rtol=1e-6)


def test_relu_layer_forward_and_backward():
    """ReLU passes positives, blocks the rest, and its gradient is 0 at exactly 0."""
    x = np.array([[-2.0, 0.0, 3.0], [1e-9, -0.0, -1e-9]])
    dout = np.arange(1.0, 7.0).reshape(2, 3)
    out, cache = assert_unchanged(ref04.relu_forward, x)
    np.testing.assert_array_equal(out, [[0, 0, 3], [1e-9, 0, 0]])
    dx = assert_unchanged(ref04.relu_backward, dout, cache)
    np.testing.assert_array_equal(dx, [[0, 0, 3], [4, 0, 0]])


def test_softmax_cross_entropy_matches_tensorflow(tf):
    """Loss is tf's per-row cross-entropy averaged over the batch; dlogits is tf's gradient."""
    rng = np.random.default_rng(2)
    logits = rng.normal(0, 3, (6, 4))
    y = np.eye(4)[rng.integers(0, 4, 6)]
    loss, dlogits = assert_unchanged(ref04.softmax_cross_entropy, logits, y)
    t_logits = tf.constant(logits)
    with tf.GradientTape() as tape:
        tape.watch(t_logits)
        t_loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=t_logits))
    assert type(loss) is float
    assert loss == pytest.approx(float(t_loss), rel=1e-9)
    np.testing.assert_allclose(dlogits, tape.gradient(t_loss, t_logits).numpy(), rtol=1e-9, atol=1e-12)


def test_softmax_cross_entropy_is_stable():
    """Logits of +-1e4 give finite exact results without warnings."""
    logits = np.array([[1e4, -1e4, 0.0], [0.0, 0.0, 1e4]])
    y = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        loss, dlogits = ref04.softmax_cross_entropy(logits, y)
    assert loss == pytest.approx(2e4 / 2)
    np.testing.assert_allclose(dlogits, [[0.5, -0.5, 0.0], [0.0, 0.0, 0.0]], atol=1e-12)


@pytest.mark.parametrize("sizes", [[4, 3], [4, 5, 3], [3, 6, 4, 2], [5, 4, 4, 3, 3]])
def test_mlp_grads_match_finite_differences(sizes):
    """For L = 1..4 layers every gradient matches centred finite differences."""
    X, y, params = random_mlp(sizes, seed=len(sizes))
    loss, grads = assert_unchanged(ref04.mlp_loss_and_grads, X, y, params)
    assert type(loss) is float and grads.keys() == params.keys()
    for key, value in params.items():
        def loss_at(v, key=key):
            """Return the network's loss with params[key] replaced by v."""
            return ref04.mlp_loss_and_grads(X, y, {**params, key: v})[0]
        assert grads[key].shape == value.shape
        np.testing.assert_allclose(grads[key], numerical_grad(loss_at, value), rtol=1e-5, atol=1e-8)


def test_mlp_matches_tensorflow(tf):
    """A 3-layer MLP's loss and gradients agree with the same network differentiated by TensorFlow."""
    X, y, params = random_mlp([4, 6, 5, 3], n=8, seed=7)
    loss, grads = ref04.mlp_loss_and_grads(X, y, params)
    t_params = {k: tf.Variable(v) for k, v in params.items()}
    with tf.GradientTape() as tape:
        h = tf.nn.relu(X @ t_params["W1"] + t_params["b1"])
        h = tf.nn.relu(h @ t_params["W2"] + t_params["b2"])
        logits = h @ t_params["W3"] + t_params["b3"]
        t_loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
    t_grads = tape.gradient(t_loss, t_params)
    assert loss == pytest.approx(float(t_loss), rel=1e-9)
    for key in params:
        np.testing.assert_allclose(grads[key], t_grads[key].numpy(), rtol=1e-9, atol=1e-12)


def test_mlp_rejects_malformed_params():
    """Keys other than a complete W1, b1, ..., WL, bL raise ValueError."""
    X, y, params = random_mlp([4, 3, 2])
    for bad in [{}, {"W1": params["W1"]}, {**params, "W3": params["W2"]}, {"W1": params["W1"], "b2": params["b2"]}]:
        with pytest.raises(ValueError):
            ref04.mlp_loss_and_grads(X, y, bad)
