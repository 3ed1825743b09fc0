"""The reference solution of exercise03, mini-batch SGD, checked against the contract in CURRICULUM.md, hand-
unrolled recurrences, finite differences and TensorFlow/Keras where an equivalent exists (TensorFlow is
imported lazily, by a fixture).
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import solutions.exercise03_sgd as ref03
from reference_helpers import SETTINGS, assert_unchanged


def test_iterations_per_epoch_examples_and_huge_n():
    """ceil and floor division, exact for n far beyond 10**9."""
    assert ref03.iterations_per_epoch(1000, 100) == 10
    assert ref03.iterations_per_epoch(1001, 100) == 11
    assert ref03.iterations_per_epoch(1001, 100, drop_last=True) == 10
    assert ref03.iterations_per_epoch(0, 7) == 0
    assert ref03.iterations_per_epoch(10**9, 3) == 333_333_334
    assert ref03.iterations_per_epoch(10**18 + 1, 10**9) == 10**9 + 1
    assert ref03.iterations_per_epoch(2**60 - 1, 2**30, drop_last=True) == 2**30 - 1


@SETTINGS
@given(n=st.integers(0, 10**12), batch_size=st.integers(1, 10**6))
def test_iterations_per_epoch_bounds(n, batch_size):
    """The ceil result k satisfies (k-1)*b < n <= k*b, the floor result k*b <= n < (k+1)*b."""
    k = ref03.iterations_per_epoch(n, batch_size)
    assert type(k) is int
    assert (k - 1) * batch_size < n <= k * batch_size or n == k == 0
    k = ref03.iterations_per_epoch(n, batch_size, drop_last=True)
    assert k * batch_size <= n < (k + 1) * batch_size


@pytest.mark.parametrize("n, batch_size", [(10, 0), (10, -1), (-1, 5)])
def test_iterations_per_epoch_rejects_bad_arguments(n, batch_size):
    """batch_size < 1 or n_samples < 0 raise ValueError."""
    with pytest.raises(ValueError):
        ref03.iterations_per_epoch(n, batch_size)


@SETTINGS
@given(
    n=st.integers(0, 60),
    batch_size=st.integers(1, 70),
    shuffle=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_minibatches_cover_pair_and_repeat(n, batch_size, shuffle, seed):
    """Each sample once, rows paired, full batches but the last, fixed order per seed."""
    X = np.arange(2 * n).reshape(n, 2)
    y = np.arange(n)
    gen = assert_unchanged(ref03.minibatches, X, y, batch_size, shuffle, seed)
    assert iter(gen) is gen
    batches = list(gen)
    assert len(batches) == ref03.iterations_per_epoch(n, batch_size)
    assert all(len(yb) == batch_size for _, yb in batches[:-1])
    assert all(0 < len(yb) <= batch_size and len(Xb) == len(yb) for Xb, yb in batches)
    for Xb, yb in batches:
        np.testing.assert_array_equal(Xb, X[yb])
    order = [int(label) for _, yb in batches for label in yb]
    expected = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    np.testing.assert_array_equal(order, expected)
    again = [yb for _, yb in ref03.minibatches(X, y, batch_size, shuffle, seed)]
    assert all(np.array_equal(a, b) for a, (_, b) in zip(again, batches))


def test_minibatches_rejects_bad_arguments():
    """Different lengths or batch_size < 1 raise ValueError at the latest on first iteration."""
    for args in [(np.ones((5, 2)), np.ones(4), 2), (np.ones((5, 2)), np.ones(5), 0)]:
        with pytest.raises(ValueError):
            next(iter(ref03.minibatches(*args)))


def test_sgd_step_returns_new_dict():
    """sgd_step computes params - lr * grads into a new dict and leaves its inputs alone."""
    params = {"w": np.array([1.0, 2.0]), "b": np.array(0.5)}
    grads = {"w": np.array([10.0, -10.0]), "b": np.array(1.0)}
    new = assert_unchanged(ref03.sgd_step, params, grads, 0.1)
    assert new is not params and new.keys() == params.keys()
    np.testing.assert_allclose(new["w"], [0.0, 3.0])
    np.testing.assert_allclose(new["b"], 0.4)
    with pytest.raises(ValueError):
        ref03.sgd_step(params, {"w": grads["w"]}, 0.1)
    with pytest.raises(ValueError):
        ref03.sgd_step(params, {"w": grads["w"], "c": grads["b"]}, 0.1)


def linear_data(n=256, seed=3):
    """Return well-conditioned noise-free data (X, y, w_true, b_true) for linear regression."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    w_true = np.array([1.5, -2.0, 0.5])
    return X, X @ w_true + 0.7, w_true, 0.7


def test_train_linear_regression_converges_with_defaults():
    """The defaults fit noise-free linear data; losses are whole-data MSEs, one per epoch."""
    X, y, w_true, b_true = linear_data()
    w, b, losses = assert_unchanged(ref03.train_linear_regression, X, y)
    assert w.shape == (3,) and type(b) is float and len(losses) == 100
    np.testing.assert_allclose(w, w_true, atol=1e-3)
    assert b == pytest.approx(b_true, abs=1e-3)
    assert losses[-1] < 1e-6 < losses[0]


def test_train_linear_regression_bookkeeping():
    """Same seed gives the same run, losses[i] is the whole-data MSE after epoch i, epochs=0 is the start."""
    X, y, _, _ = linear_data(n=50)
    first = ref03.train_linear_regression(X, y, lr=0.05, epochs=5, batch_size=8, seed=11)
    second = ref03.train_linear_regression(X, y, lr=0.05, epochs=5, batch_size=8, seed=11)
    np.testing.assert_array_equal(first[0], second[0])
    assert first[1:] == second[1:]
    # A shorter run with the same seed is a prefix of the longer one.
    for epochs in (1, 3, 5):
        w, b, _ = ref03.train_linear_regression(X, y, lr=0.05, epochs=epochs, batch_size=8, seed=11)
        assert first[2][epochs - 1] == pytest.approx(np.mean((X @ w + b - y) ** 2), rel=1e-12, abs=0)
    w, b, losses = ref03.train_linear_regression(X, y, epochs=0)
    np.testing.assert_array_equal(w, np.zeros(3))
    assert b == 0.0 and len(losses) == 0
    # One full-batch epoch is one gradient step of size lr * 2 * mean(y) on b from zero.
    _, b, _ = ref03.train_linear_regression(X, y, lr=0.1, epochs=1, batch_size=50)
    assert b == pytest.approx(0.1 * 2 * np.mean(y))
