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
from grader.checks._loss_mistakes import bce_mistakes, cce_mistakes, matching, mse_mistakes
from grader.checklib.verdicts import Observed
from grader.i18n import t
from grader.sandbox.faults import LearnerException

FLOAT32 = TOLERANCES["float32"]


def loss_call(name, y_true, y_pred, epsilon=None):
    """The call as a message names it, with the shapes and dtype of the inputs."""
    text = f"{name}(y_true, y_pred{'' if epsilon is None else f', epsilon={epsilon}'})"
    return t("exercise06_losses.loss_call", call=text, true_shape=np.shape(y_true), pred_shape=np.shape(y_pred),
             dtype=np.asarray(y_pred).dtype)


def with_extremes(call):
    """The call of a loss whose y_pred holds exact 0s and 1s, as a message names it."""
    return t("exercise06_losses.with_extremes", call=call)


def eps_kwargs(epsilon):
    """The epsilon keyword argument, left out when None so that the default is used."""
    return {} if epsilon is None else {"epsilon": epsilon}


def as_scalar_loss(got, call):
    """The learner's loss as a 0-d array, or a failure when it is not one number."""
    # These messages say what to return; the check's hint is about the formula, not the form.
    if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, float, np.generic, np.ndarray)):
        raise Observed(t("exercise06_losses.not_a_number", call=call, what=describe(got)))
    value = np.asarray(got)
    if value.shape != ():
        raise Observed(t("exercise06_losses.not_one_number", call=call, what=describe(got)))
    if value.dtype.kind != "f" and value.dtype.kind not in "iu":
        raise AssertionError(t("exercise06_losses.not_a_float", call=call, what=describe(got)))
    return value


def assert_loss(got, expected_fns, call, inputs, mistakes=(), hinted=(), not_finite_advice=""):
    """Fail unless ``got`` matches one of the acceptable expected values.

    ``expected_fns`` maps a working dtype (np.float64, np.float32) to the expected value computed
    in that dtype; the float32 one is acceptable only when an input or the result is float32. A wrong
    value is named as one of ``mistakes`` (``(key, words, value)``) only when that value reproduces it;
    the check's hint is shown only for the mistakes in ``hinted``, and no advice when none matches.
    """
    value = as_scalar_loss(got, call)
    if np.issubdtype(value.dtype, np.floating) and not np.isfinite(value):
        message = t("exercise06_losses.not_finite", call=call, value=value.item(), advice=not_finite_advice).rstrip()
        raise AssertionError(message) if not_finite_advice else Observed(message)
    low_precision = value.dtype == np.float32 or any(np.asarray(a).dtype == np.float32 for a in inputs)
    rtol, atol = FLOAT32 if low_precision else (None, None)
    candidates = [expected_fns(np.float64)] + ([expected_fns(np.float32)] if low_precision else [])
    for expected in candidates:
        try:
            assert_close(got, expected, call=call, rtol=rtol, atol=atol)
            return
        except AssertionError:
            continue
    # Report against the exact (float64) value, showing the learner's number as it came (1.5, not array(1.5)).
    try:
        assert_close(got, candidates[0], call=call, rtol=rtol, atol=atol)
    except AssertionError as exc:
        found = matching(mistakes, value, candidates[0], *(FLOAT32 if low_precision else (1e-6, 1e-8)))
        if found is None:
            raise Observed(str(exc)) from None
        key, words = found
        raise (AssertionError if key in hinted else Observed)(f"{exc}\n{words}") from None


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
        advice = t("exercise06_losses.index_error", call=call, error=str(exc).partition(': ')[2])
        raise AssertionError(f"{advice}\n\n{exc.learner_traceback.rstrip()}") from None


def categorical_call(y, num_classes):
    """The to_categorical call as a message names it, with the form of the labels."""
    call = f"to_categorical(y{'' if num_classes is None else f', num_classes={num_classes}'})"
    if isinstance(y, list):
        return t("exercise06_losses.categorical_call_list", call=call)
    return t("exercise06_losses.categorical_call", call=call, shape=np.shape(y), dtype=np.asarray(y).dtype)


def check_one_hot(got, expected, call, num_classes):
    """Fail unless ``got`` is the one-hot matrix ``expected`` as floats, naming a wrong class count or shape."""
    n, c = expected.shape
    if isinstance(got, np.ndarray) and got.ndim == 2 and got.shape[0] == n and got.shape[1] != c:
        why = (t("exercise06_losses.classes_default") if num_classes is None
               else t("exercise06_losses.classes_given", num_classes=num_classes))
        raise AssertionError(t("exercise06_losses.columns", call=call, got=got.shape[1], expected=c, why=why))
    if isinstance(got, np.ndarray) and got.ndim == 3:
        raise AssertionError(t("exercise06_losses.not_flattened", call=call, got=got.shape, expected=expected.shape))
    assert_equal(got, expected, call=call)
    if np.asarray(got).dtype.kind != "f":
        raise AssertionError(t("exercise06_losses.one_hot_dtype", call=call, dtype=np.asarray(got).dtype))


@given(label_cases())
@example((np.array([0, 2, 1]), np.array([0, 2, 1]), None))
@example((np.array([[0], [3], [1]]), np.array([0, 3, 1]), None))
@example((np.array([1.0, 0.0, 2.0]), np.array([1, 0, 2]), None))
@example((np.array([0, 1]), np.array([0, 1]), 4))
def test_to_categorical(learner, reference, case):
    y, labels, num_classes = case
    call = categorical_call(y, num_classes)
    got = call_to_categorical(learner, y, num_classes, call)
    c = int(labels.max()) + 1 if num_classes is None else num_classes
    check_one_hot(got, one_hot(labels, c), call, num_classes)


def bad_label_advice(y, num_classes):
    """Which bad label ``y`` holds and what to do about it."""
    labels = np.asarray(y).reshape(-1)
    why = (t("exercise06_losses.negative_label") if labels.min() < 0
           else t("exercise06_losses.label_too_large", num_classes=num_classes))
    return t("exercise06_losses.bad_label", why=why)


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
    try:
        expect_raises(ValueError, call, learner.to_categorical, y, **kwargs)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{bad_label_advice(y, num_classes)}") from None


# ---------------------------------------------------------------------------------------------
# losses

@given(cce_cases())
@example((np.eye(3)[[0, 2]], np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]]), None))
def test_categorical_crossentropy(learner, reference, case):
    y_true, y_pred, epsilon = case
    call = loss_call("categorical_crossentropy", y_true, y_pred, epsilon)
    got = learner.categorical_crossentropy(y_true, y_pred, **eps_kwargs(epsilon))
    assert_loss(got, cce_expected(y_true, y_pred, epsilon), call, (y_true, y_pred),
                cce_mistakes(y_true, y_pred, epsilon), hinted={"classes_averaged"})


@given(extreme_cases())
@example(((np.eye(2)[[0, 1]], np.eye(2)[[1, 1]]), (np.array([1.0, 0.0, 1.0]), np.array([0.0, 1.0, 1.0])), None))
@example(((np.eye(3)[[2]], np.eye(3)[[0]]), (np.array([[0.0]]), np.array([[1.0]])), 1e-3))
def test_loss_clipping(learner, reference, case):
    (ct, cp), (bt, bp), epsilon = case
    call = with_extremes(loss_call("categorical_crossentropy", ct, cp, epsilon))
    got = learner.categorical_crossentropy(ct, cp, **eps_kwargs(epsilon))
    advice = t("exercise06_losses.clip_advice")
    assert_loss(got, cce_expected(ct, cp, epsilon), call, (ct, cp), cce_mistakes(ct, cp, epsilon),
                hinted={"epsilon_ignored"}, not_finite_advice=advice)
    call = with_extremes(loss_call("binary_crossentropy", bt, bp, epsilon))
    got = learner.binary_crossentropy(bt, bp, **eps_kwargs(epsilon))
    assert_loss(got, bce_expected(bt, bp, epsilon), call, (bt, bp), bce_mistakes(bt, bp, epsilon),
                hinted={"epsilon_ignored"}, not_finite_advice=f"{advice} {t('exercise06_losses.clip_both_sides')}")


@given(bce_cases())
@example((np.array([1.0, 0.0, 1.0, 0.0]), np.array([0.9, 0.2, 0.4, 0.6]), None))
@example((np.array([0.0, 0.0]), np.array([0.1, 0.7]), None))
def test_binary_crossentropy(learner, reference, case):
    y_true, y_pred, epsilon = case
    call = loss_call("binary_crossentropy", y_true, y_pred, epsilon)
    got = learner.binary_crossentropy(y_true, y_pred, **eps_kwargs(epsilon))
    assert_loss(got, bce_expected(y_true, y_pred, epsilon), call, (y_true, y_pred),
                bce_mistakes(y_true, y_pred, epsilon), hinted={"one_term"})


@given(mse_cases())
@example((np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.5, 2.0], [2.0, 6.0]])))
@example((np.array([0.0, 1.0, -1.0]), np.array([1.0, -1.0, 2.0])))
def test_mean_squared_error(learner, reference, case):
    y_true, y_pred = case
    call = loss_call("mean_squared_error", y_true, y_pred)
    got = learner.mean_squared_error(y_true, y_pred)
    expected = np.mean((y_true.astype(np.float64) - y_pred.astype(np.float64)) ** 2)
    assert_loss(got, lambda dtype: expected, call, (y_true, y_pred), mse_mistakes(y_true, y_pred),
                hinted={"sum", "one_axis", "absolute"})


# ---------------------------------------------------------------------------------------------
# accuracy

def accuracy_call(y_true, y_pred):
    """The accuracy call as a message names it, with the form of y_true and the shapes."""
    shapes = {"true_shape": y_true.shape, "pred_shape": y_pred.shape}
    if y_true.ndim == 2:
        return t("exercise06_losses.accuracy_call_one_hot", **shapes)
    return t("exercise06_losses.accuracy_call_labels", **shapes)


def check_accuracy(value, expected, call, one_hot_targets):
    """Fail unless the learner's accuracy ``value`` is the fraction ``expected``, naming a count or a wrong axis."""
    if value.dtype.kind in "iu" and value != expected:
        raise AssertionError(t("exercise06_losses.accuracy_count", call=call, value=value.item()))
    if not np.isclose(float(value), expected, rtol=1e-6, atol=1e-7):
        advice = t("exercise06_losses.accuracy_one_hot" if one_hot_targets else "exercise06_losses.accuracy_labels")
        raise AssertionError(t("exercise06_losses.accuracy_wrong", call=call, value=repr(value.item()),
                               expected=repr(float(expected)), advice=advice))


@given(accuracy_cases())
@example((np.eye(3), np.array([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.1, 0.3, 0.6]])))
@example(([0, 1], [[0.9, 0.1], [0.8, 0.2]]))
@example((np.eye(3)[[0, 1, 2, 1]], np.array([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.6, 0.3, 0.1], [0.1, 0.2, 0.7]])))
@example((np.array([2, 0, 1]), np.array([[0.1, 0.2, 0.7], [0.3, 0.6, 0.1], [0.2, 0.5, 0.3]])))
def test_accuracy(learner, reference, case):
    y_true, y_pred = case
    y_true_array, y_pred = np.asarray(y_true), np.asarray(y_pred)
    call = accuracy_call(y_true_array, y_pred)
    got = learner.accuracy(y_true, y_pred)
    labels = y_true_array.argmax(axis=1) if y_true_array.ndim == 2 else y_true_array
    expected = np.mean(np.argmax(y_pred, axis=-1) == labels)
    check_accuracy(as_scalar_loss(got, call), expected, call, y_true_array.ndim == 2)
