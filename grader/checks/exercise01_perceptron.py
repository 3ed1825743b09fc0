"""Checks for exercise01: the perceptron (단층 퍼셉트론).

Inputs are small integers and power-of-two learning rates, so every correct implementation gives
exactly the reference's numbers whatever its summation order (CURRICULUM.md).
"""
import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from grader.checklib.compare import as_numeric, assert_close, assert_equal, describe, expect_tuple
from grader.sandbox.proxy import short_repr

LEARNING_RATES = st.sampled_from([0.25, 0.5, 1.0, 2.0])
GATES = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1]}
TRUTH_TABLE = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
X_ROWS = "[0, 0], [0, 1], [1, 0], [1, 1]"


@st.composite
def problem(draw, batch=True):
    """(x, w, b) with small integer values, as float32 or float64."""
    d = draw(st.integers(1, 6))
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    ints = st.integers(-4, 4).map(float)
    shape = (draw(st.integers(1, 8)), d) if batch else (d,)
    return (draw(hnp.arrays(dtype, shape, elements=ints)), draw(hnp.arrays(dtype, (d,), elements=ints)),
            draw(ints))


@given(problem(batch=False))
def test_weighted_sum_single(learner, reference, case):
    x, w, b = case
    got = learner.weighted_sum(x, w, b)
    call = f"weighted_sum(x, w, b={b:g}) with x of shape {x.shape}"
    if np.ndim(got) != 0:
        raise AssertionError(f"{call} should return one number, but returned {describe(got)}")
    assert_close(got, reference.weighted_sum(x, w, b), call=call)


@given(problem(batch=True))
def test_weighted_sum_batch(learner, reference, case):
    X, w, b = case
    assert_close(learner.weighted_sum(X, w, b), reference.weighted_sum(X, w, b),
                 call=f"weighted_sum(X, w, b={b:g}) with X of shape {X.shape}")


@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0),
                  elements=st.sampled_from([-2.0, -0.5, -1e-9, 0.0, 1e-9, 0.5, 2.0])))
def test_step(learner, reference, z):
    got = learner.step(z)
    call = "step(z)"
    if not isinstance(got, (int, np.integer, np.ndarray)) or np.asarray(got).dtype.kind not in "iu":
        raise AssertionError(f"{call} should return integers (0 or 1), but returned {describe(got)}")
    assert_equal(got, reference.step(z), call=call)


@given(problem(batch=True))
def test_predict(learner, reference, case):
    X, w, b = case
    got = learner.predict(X, w, b)
    call = f"predict(X, w, b={b:g}) with X of shape {X.shape}"
    if not isinstance(got, np.ndarray) or got.dtype.kind not in "iu":
        raise AssertionError(f"{call} should return an integer array of labels, but returned {describe(got)}")
    assert_equal(got, reference.predict(X, w, b), call=call)


@given(problem(batch=False), st.integers(0, 1), LEARNING_RATES)
def test_perceptron_update(learner, reference, case, y, lr):
    x, w, b = case
    call = f"perceptron_update(w, b={b:g}, x, y={y}, lr={lr})"
    got_w, got_b = expect_tuple(learner.perceptron_update(w, b, x, y, lr), 2, call, "(new_w, new_b)")
    want_w, want_b = reference.perceptron_update(w, b, x, y, lr)
    assert_close(got_w, want_w, call=f"{call}[0] (the new w)")
    assert_close(got_b, want_b, call=f"{call}[1] (the new b)")


def test_train_learns_gates(learner, reference):
    for name, labels in GATES.items():
        y = np.array(labels)
        call = f"train_perceptron(X, y) on the {name} gate"
        w, b = expect_tuple(learner.train_perceptron(TRUTH_TABLE, y), 2, call, "(w, b)")
        w = as_numeric(w, f"{call}[0] (w)").astype(float)
        if w.shape != (2,) or np.ndim(b) != 0:
            raise AssertionError(f"{call} should return w of shape (2,) and a number b, got {describe(w)} "
                                 f"and {describe(b)}")
        b = float(as_numeric(b, f"{call}[1] (b)"))
        predictions = reference.predict(TRUTH_TABLE, w, b)
        if not np.array_equal(predictions, y):
            raise AssertionError(f"{call} returned w={short_repr(w)}, b={b:g}, which label the four inputs "
                                 f"{X_ROWS} as {predictions.tolist()}; the {name} gate is {labels}")


@given(st.integers(1, 12), st.integers(1, 4), LEARNING_RATES, st.integers(1, 8), st.data())
def test_train_matches_reference(learner, reference, n, d, lr, epochs, data):
    # Drawn with st.data() (which shrinks several times faster than a composite of the arrays), so the
    # failing X and y are not in hypothesis's example: the message shows them.
    X = data.draw(hnp.arrays(np.float64, (n, d), elements=st.integers(-3, 3).map(float)), label="X")
    y = data.draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, 1)), label="y")
    call = f"train_perceptron(X, y, lr={lr}, epochs={epochs})"
    w, b = expect_tuple(learner.train_perceptron(X, y, lr=lr, epochs=epochs), 2, call, "(w, b)")
    want_w, want_b = reference.train_perceptron(X, y, lr=lr, epochs=epochs)
    data_note = f" with X = {X.astype(int).tolist()}, y = {y.tolist()}"
    assert_close(w, want_w, call=f"{call}[0] (w){data_note}")
    assert_close(b, want_b, call=f"{call}[1] (b){data_note}")
