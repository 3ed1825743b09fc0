"""Checks for exercise06: losses (손실 함수), one-hot encoding and accuracy.

Losses are compared with the reference within the tolerance of the result's dtype; when the
inputs or the result are float32, a learner that clips and computes in float32 (as Keras does)
is also accepted: there 1 - 1e-7 rounds to 1 - 1.19e-7, which changes -log(1 - p) by ~1%.
"""
import numpy as np
from hypothesis import example, given, strategies as st

from grader.checklib.compare import (TOLERANCES, assert_close, assert_equal, describe, expect_raises)
from grader.checklib.loss_cases import (accuracy_cases, bce_cases, cce_cases, extreme_cases, label_cases,
                                        mse_cases, one_hot)
from grader.sandbox.faults import LearnerException

FLOAT32 = TOLERANCES["float32"]


def loss_call(name, y_true, y_pred, epsilon=None):
    """The call as a message names it, with the shapes and dtype of the inputs."""
    text = f"{name}(y_true, y_pred{'' if epsilon is None else f', epsilon={epsilon}'})"
    return (f"{text} with y_true of shape {np.shape(y_true)}, y_pred of shape {np.shape(y_pred)} "
            f"and dtype {np.asarray(y_pred).dtype}")


def eps_kwargs(epsilon):
    """The epsilon keyword argument, left out when None so that the default is used."""
    return {} if epsilon is None else {"epsilon": epsilon}


def as_scalar_loss(got, call):
    """The learner's loss as a 0-d array, or a failure when it is not one number."""
    if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, float, np.generic, np.ndarray)):
        raise AssertionError(f"{call} should return one number (the batch mean), but returned {describe(got)}")
    value = np.asarray(got)
    if value.shape != ():
        raise AssertionError(f"{call} should return one number (the mean over the batch), but returned "
                             f"{describe(got)}; average the per-sample losses")
    if value.dtype.kind != "f" and value.dtype.kind not in "iu":
        raise AssertionError(f"{call} should return a float, but returned {describe(got)}")
    return value


def assert_loss(got, expected_fns, call, inputs, advice=""):
    """Fail unless ``got`` matches one of the acceptable expected values.

    ``expected_fns`` maps a working dtype (np.float64, np.float32) to the expected value computed
    in that dtype; the float32 one is acceptable only when an input or the result is float32.
    """
    value = as_scalar_loss(got, call)
    if value.dtype.kind == "f" and not np.isfinite(value):
        raise AssertionError(f"{call} returned {value.item()}. {advice}".rstrip())
    low_precision = value.dtype == np.float32 or any(np.asarray(a).dtype == np.float32 for a in inputs)
    rtol, atol = FLOAT32 if low_precision else (None, None)
    candidates = [expected_fns(np.float64)] + ([expected_fns(np.float32)] if low_precision else [])
    for expected in candidates:
        try:
            assert_close(value, expected, call=call, rtol=rtol, atol=atol)
            return
        except AssertionError:
            continue
    # Report against the exact (float64) value.
    try:
        assert_close(value, candidates[0], call=call, rtol=rtol, atol=atol)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{advice}".rstrip()) from None


def clipped(y_pred, epsilon, dtype):
    """``y_pred`` clipped to [epsilon, 1 - epsilon] in ``dtype`` (epsilon 1e-7 when None), as float64."""
    eps = 1e-7 if epsilon is None else epsilon
    return np.clip(np.asarray(y_pred, dtype=dtype), dtype(eps), dtype(1 - eps)).astype(np.float64)


def cce_expected(y_true, y_pred, epsilon):
    """CCE with the clipping done in ``dtype`` (the log and the sums in float64)."""
    def compute(dtype):
        p = clipped(y_pred, epsilon, dtype)
        return np.mean(-np.sum(np.asarray(y_true, dtype=np.float64) * np.log(p), axis=-1))
    return compute


def bce_expected(y_true, y_pred, epsilon):
    """BCE with the clipping done in ``dtype`` (the log and the mean in float64)."""
    def compute(dtype):
        p = clipped(y_pred, epsilon, dtype)
        t = np.asarray(y_true, dtype=np.float64)
        return np.mean(-(t * np.log(p) + (1 - t) * np.log(1 - p)))
    return compute


# ---------------------------------------------------------------------------------------------
# to_categorical

def call_to_categorical(learner, y, num_classes, call):
    """The learner's one-hot matrix; an IndexError becomes a failure with advice."""
    kwargs = {} if num_classes is None else {"num_classes": num_classes}
    try:
        return learner.to_categorical(y, **kwargs)
    except IndexError as exc:
        if not isinstance(exc, LearnerException):
            raise
        raise AssertionError(
            f"{call} raised IndexError: {str(exc).partition(': ')[2]}\n"
            f"Labels may come as (n, 1) or as integral floats such as 2.0 (flatten them and cast to int), and "
            f"with num_classes=None there are max(y) + 1 classes (labels 0 .. max(y)).\n\n"
            f"{exc.learner_traceback.rstrip()}") from None


@given(label_cases())
@example((np.array([0, 2, 1]), np.array([0, 2, 1]), None))
@example((np.array([[0], [3], [1]]), np.array([0, 3, 1]), None))
@example((np.array([1.0, 0.0, 2.0]), np.array([1, 0, 2]), None))
@example((np.array([0, 1]), np.array([0, 1]), 4))
def test_to_categorical(learner, reference, case):
    y, labels, num_classes = case
    shape = np.shape(y)
    kind = "a list" if isinstance(y, list) else f"labels of shape {shape} and dtype {np.asarray(y).dtype}"
    call = f"to_categorical(y{'' if num_classes is None else f', num_classes={num_classes}'}) with {kind}"
    got = call_to_categorical(learner, y, num_classes, call)
    c = int(labels.max()) + 1 if num_classes is None else num_classes
    expected = one_hot(labels, c)
    if isinstance(got, np.ndarray) and got.ndim == 2 and got.shape[0] == len(labels) and got.shape[1] != c:
        why = ("with num_classes=None the number of classes is max(y) + 1" if num_classes is None
               else f"num_classes={num_classes} gives exactly that many columns")
        raise AssertionError(f"{call} returned {got.shape[1]} columns; expected {c}: {why}")
    if isinstance(got, np.ndarray) and got.ndim == 3:
        raise AssertionError(f"{call} returned the shape {got.shape}; expected {expected.shape}: flatten (n, 1) "
                             f"labels to (n,) first")
    assert_equal(got, expected, call=call)
    if np.asarray(got).dtype.kind != "f":
        raise AssertionError(f"{call} returned dtype {np.asarray(got).dtype}; a one-hot matrix is float "
                             f"(float32 or float64, as Keras returns)")


@given(st.sampled_from([
    ([-1, 0, 1], None), ([0, 1, -2], 3), (np.array([[2], [-1]]), None), ([0, 1, 3], 3), ([0, 5], 2),
    (np.array([1.0, 2.0]), 2), ([-1], 5), (np.array([[0], [4]]), 4)]))
@example(([-1, 0, 1], None))
@example(([0, 1, 3], 3))
def test_to_categorical_rejects_bad_labels(learner, reference, case):
    y, num_classes = case
    text = y.tolist() if isinstance(y, np.ndarray) else y
    kwargs = {} if num_classes is None else {"num_classes": num_classes}
    call = f"to_categorical({text}{'' if num_classes is None else f', num_classes={num_classes}'})"
    labels = np.asarray(y).reshape(-1)
    why = ("a negative label (NumPy indexing would silently wrap -1 to the last column)" if labels.min() < 0
           else f"a label >= num_classes={num_classes}")
    try:
        expect_raises(ValueError, call, learner.to_categorical, y, **kwargs)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\nIt gets {why}; check the label range and raise ValueError.") from None


# ---------------------------------------------------------------------------------------------
# losses

@given(cce_cases())
@example((np.eye(3)[[0, 2]], np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]]), None))
def test_categorical_crossentropy(learner, reference, case):
    y_true, y_pred, epsilon = case
    call = loss_call("categorical_crossentropy", y_true, y_pred, epsilon)
    got = learner.categorical_crossentropy(y_true, y_pred, **eps_kwargs(epsilon))
    assert_loss(got, cce_expected(y_true, y_pred, epsilon), call, (y_true, y_pred),
                "Sum -y_true * log(y_pred) over the classes (axis=-1), then average over the samples.")


CLIP_ADVICE = ("Clip y_pred to [epsilon, 1 - epsilon] (np.clip) before the log: log(0) is -inf, and a confident "
               "wrong answer must cost -log(epsilon) (about 16.12 for 1e-7).")


@given(extreme_cases())
@example(((np.eye(2)[[0, 1]], np.eye(2)[[1, 1]]), (np.array([1.0, 0.0, 1.0]), np.array([0.0, 1.0, 1.0])), None))
@example(((np.eye(3)[[2]], np.eye(3)[[0]]), (np.array([[0.0]]), np.array([[1.0]])), 1e-3))
def test_loss_clipping(learner, reference, case):
    (ct, cp), (bt, bp), epsilon = case
    call = loss_call("categorical_crossentropy", ct, cp, epsilon) + " (with exact 0s and 1s in y_pred)"
    got = learner.categorical_crossentropy(ct, cp, **eps_kwargs(epsilon))
    assert_loss(got, cce_expected(ct, cp, epsilon), call, (ct, cp), CLIP_ADVICE)
    call = loss_call("binary_crossentropy", bt, bp, epsilon) + " (with exact 0s and 1s in y_pred)"
    got = learner.binary_crossentropy(bt, bp, **eps_kwargs(epsilon))
    assert_loss(got, bce_expected(bt, bp, epsilon), call, (bt, bp),
                CLIP_ADVICE + " Clip on both sides: log(1 - p) needs p <= 1 - epsilon.")


@given(bce_cases())
@example((np.array([1.0, 0.0, 1.0, 0.0]), np.array([0.9, 0.2, 0.4, 0.6]), None))
@example((np.array([0.0, 0.0]), np.array([0.1, 0.7]), None))
def test_binary_crossentropy(learner, reference, case):
    y_true, y_pred, epsilon = case
    call = loss_call("binary_crossentropy", y_true, y_pred, epsilon)
    got = learner.binary_crossentropy(y_true, y_pred, **eps_kwargs(epsilon))
    assert_loss(got, bce_expected(y_true, y_pred, epsilon), call, (y_true, y_pred),
                "Use both terms, y * log(p) + (1 - y) * log(1 - p), negate, and average over all elements.")


@given(mse_cases())
@example((np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.5, 2.0], [2.0, 6.0]])))
@example((np.array([0.0, 1.0, -1.0]), np.array([1.0, -1.0, 2.0])))
def test_mean_squared_error(learner, reference, case):
    y_true, y_pred = case
    call = loss_call("mean_squared_error", y_true, y_pred)
    got = learner.mean_squared_error(y_true, y_pred)
    expected = np.mean((y_true.astype(np.float64) - y_pred.astype(np.float64)) ** 2)
    assert_loss(got, lambda dtype: expected, call, (y_true, y_pred),
                "Square the differences, then take the mean over every element (not a sum, not one axis).")


# ---------------------------------------------------------------------------------------------
# accuracy

@given(accuracy_cases())
@example((np.eye(3), np.array([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.1, 0.3, 0.6]])))
@example(([0, 1], [[0.9, 0.1], [0.8, 0.2]]))
@example((np.eye(3)[[0, 1, 2, 1]], np.array([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.6, 0.3, 0.1], [0.1, 0.2, 0.7]])))
@example((np.array([2, 0, 1]), np.array([[0.1, 0.2, 0.7], [0.3, 0.6, 0.1], [0.2, 0.5, 0.3]])))
def test_accuracy(learner, reference, case):
    y_true, y_pred = case
    y_true_array, y_pred = np.asarray(y_true), np.asarray(y_pred)
    kind = "one-hot y_true" if y_true_array.ndim == 2 else "label y_true"
    call = f"accuracy(y_true, y_pred) with {kind} of shape {y_true_array.shape} and y_pred of shape {y_pred.shape}"
    got = learner.accuracy(y_true, y_pred)
    labels = y_true_array.argmax(axis=1) if y_true_array.ndim == 2 else y_true_array
    expected = np.mean(np.argmax(y_pred, axis=-1) == labels)
    value = as_scalar_loss(got, call)
    if value.dtype.kind in "iu" and value != expected:
        raise AssertionError(f"{call} returned {value.item()}; accuracy is a fraction in [0, 1] "
                             f"(the mean of the correct predictions, not their count)")
    if not np.isclose(float(value), expected, rtol=1e-6, atol=1e-7):
        advice = ("turn one-hot y_true into labels with argmax(y_true, -1) before comparing"
                  if y_true_array.ndim == 2 else "compare argmax(y_pred, -1) (the last axis) with the labels")
        raise AssertionError(f"{call} returned {value.item()!r}; expected {float(expected)!r}: {advice}")
