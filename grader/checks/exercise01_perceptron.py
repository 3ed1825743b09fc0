"""Checks for exercise01: the perceptron (단층 퍼셉트론).

Inputs are small integers and power-of-two learning rates, so every correct implementation gives
exactly the reference's numbers whatever its summation order (CURRICULUM.md).
"""
from typing import NamedTuple

import numpy as np
from hypothesis import example, given, strategies as st
from hypothesis.extra import numpy as hnp

from grader.checklib.compare import as_numeric, assert_close, assert_equal, describe, expect_tuple
from grader.checklib.verdicts import Observed
from grader.i18n import t
from grader.sandbox.proxy import short_repr

LEARNING_RATES = st.sampled_from([0.25, 0.5, 1.0, 2.0])
GATES = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1]}
TRUTH_TABLE = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
X_ROWS = "[0, 0], [0, 1], [1, 0], [1, 1]"


def with_shape(call, name, array):
    """``call`` described with the shape of its input ``name``: 'predict(...) with X of shape (4, 2)'."""
    return t("exercise01_perceptron.with_shape", call=call, name=name, shape=array.shape)


class Inputs(NamedTuple):
    """The arguments of weighted_sum(x, w, b), named so a failing example shows which is which."""

    x: np.ndarray
    w: np.ndarray
    b: float


class UpdateInputs(NamedTuple):
    """The first arguments of perceptron_update(w, b, x, y, lr), in its order."""

    w: np.ndarray
    b: float
    x: np.ndarray


@st.composite
def problem(draw, batch=True):
    """Inputs(x, w, b) with small integer values, as float32 or float64."""
    d = draw(st.integers(1, 6))
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    ints = st.integers(-4, 4).map(float)
    shape = (draw(st.integers(1, 8)), d) if batch else (d,)
    return Inputs(draw(hnp.arrays(dtype, shape, elements=ints)), draw(hnp.arrays(dtype, (d,), elements=ints)),
                  draw(ints))


@given(problem(batch=False))
def test_weighted_sum_single(learner, reference, case):
    x, w, b = case
    got = learner.weighted_sum(x, w, b)
    call = with_shape(f"weighted_sum(x, w, b={b:g})", "x", x)
    if np.ndim(got) != 0:
        raise AssertionError(t("exercise01_perceptron.not_one_number", call=call, what=describe(got)))
    assert_close(got, reference.weighted_sum(x, w, b), call=call)


@given(problem(batch=True))
def test_weighted_sum_batch(learner, reference, case):
    X, w, b = case
    assert_close(learner.weighted_sum(X, w, b), reference.weighted_sum(X, w, b),
                 call=with_shape(f"weighted_sum(X, w, b={b:g})", "X", X))


@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0),
                  elements=st.sampled_from([-2.0, -0.5, -1e-9, 0.0, 1e-9, 0.5, 2.0])))
@example(0.0)  # the contract: a scalar in gives a 0-d array or an int out
@example(-1)
def test_step(learner, reference, z):
    got = learner.step(z)
    call = "step(z)"
    if not isinstance(got, (int, np.integer, np.ndarray)) or np.asarray(got).dtype.kind not in "iu":
        raise AssertionError(t("exercise01_perceptron.not_integers", call=call, what=describe(got)))
    assert_equal(got, reference.step(z), call=call)


@given(problem(batch=True))
def test_predict(learner, reference, case):
    X, w, b = case
    got = learner.predict(X, w, b)
    call = with_shape(f"predict(X, w, b={b:g})", "X", X)
    if not isinstance(got, np.ndarray) or got.dtype.kind not in "iu":
        raise AssertionError(t("exercise01_perceptron.not_labels", call=call, what=describe(got)))
    assert_equal(got, reference.predict(X, w, b), call=call)


@given(problem(batch=False).map(lambda p: UpdateInputs(p.w, p.b, p.x)), st.integers(0, 1), LEARNING_RATES)
def test_perceptron_update(learner, reference, case, y, lr):
    w, b, x = case
    call = f"perceptron_update(w, b={b:g}, x, y={y}, lr={lr})"
    got_w, got_b = expect_tuple(learner.perceptron_update(w, b, x, y, lr), 2, call, "(new_w, new_b)")
    want_w, want_b = reference.perceptron_update(w, b, x, y, lr)
    assert_close(got_w, want_w, call=t("exercise01_perceptron.new_w", call=call))
    assert_close(got_b, want_b, call=t("exercise01_perceptron.new_b", call=call))


def test_train_learns_gates(learner, reference):
    for name, labels in GATES.items():
        y = np.array(labels)
        call = t("exercise01_perceptron.on_gate", gate=name)
        w, b = expect_tuple(learner.train_perceptron(TRUTH_TABLE, y), 2, call, "(w, b)")
        w = as_numeric(w, f"{call}[0] (w)").astype(float)
        if w.shape != (2,) or np.ndim(b) != 0:
            raise AssertionError(t("exercise01_perceptron.gate_form", call=call, w=describe(w), b=describe(b)))
        b = float(as_numeric(b, f"{call}[1] (b)"))
        predictions = reference.predict(TRUTH_TABLE, w, b)
        if not np.array_equal(predictions, y):
            message = t("exercise01_perceptron.gate_wrong", call=call, w=short_repr(w), b=f"{b:g}",
                        rows=X_ROWS, predictions=predictions.tolist(), gate=name, labels=labels)
            if np.array_equal((TRUTH_TABLE @ w + b > 0).astype(int), y):
                raise Observed(f"{message}\n{t('exercise01_perceptron.strict_step_gate')}")
            raise AssertionError(message)


def train_strict(X, y, lr, epochs):
    """The contract's training, but with a step that fires only where z > 0 (a usual mistake)."""
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        mistakes = 0
        for xi, yi in zip(X, y):
            error = yi - int(xi @ w + b > 0)
            if error:
                mistakes += 1
                w, b = w + lr * error * xi, b + lr * error
        if mistakes == 0:
            break
    return w, b


@given(st.integers(1, 12), st.integers(1, 4), LEARNING_RATES, st.integers(1, 8), st.data())
def test_train_matches_reference(learner, reference, n, d, lr, epochs, data):
    # Drawn with st.data() (which shrinks several times faster than a composite of the arrays), so the
    # failing X and y are not in hypothesis's example: the message shows them.
    X = data.draw(hnp.arrays(np.float64, (n, d), elements=st.integers(-3, 3).map(float)), label="X")
    y = data.draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, 1)), label="y")
    call = f"train_perceptron(X, y, lr={lr}, epochs={epochs})"
    w, b = expect_tuple(learner.train_perceptron(X, y, lr=lr, epochs=epochs), 2, call, "(w, b)")
    want_w, want_b = reference.train_perceptron(X, y, lr=lr, epochs=epochs)
    inputs = dict(X=X.astype(int).tolist(), y=y.tolist())
    try:
        assert_close(w, want_w, call=t("exercise01_perceptron.with_data", call=f"{call}[0] (w)", **inputs))
        assert_close(b, want_b, call=t("exercise01_perceptron.with_data", call=f"{call}[1] (b)", **inputs))
    except AssertionError as failure:
        strict_w, strict_b = train_strict(X, y, lr, epochs)
        if np.allclose(w, strict_w) and np.isclose(b, strict_b):
            raise Observed(f"{failure}\n{t('exercise01_perceptron.strict_step_training')}") from None
        raise
