"""Comparisons for checks that fail with a learner-facing, tensor-aware explanation."""
import numpy as np

from grader.sandbox.faults import LearnerException
from grader.sandbox.proxy import Handle, short_repr

# CURRICULUM.md: the tolerance follows the dtype the learner returns.
TOLERANCES = {"float64": (1e-6, 1e-8), "float32": (1e-4, 1e-5), "float16": (1e-2, 1e-3)}


def tolerance(dtype):
    """``(rtol, atol)`` for results of this dtype."""
    return TOLERANCES.get(np.dtype(dtype).name, TOLERANCES["float64"])


def describe(value):
    """Short words for what a value is, for 'expected X, got Y' messages."""
    if isinstance(value, Handle):
        return f"a {value.type_name} object"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if value is None:
        return "None (did you forget a return statement?)"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} items"
    return f"{type(value).__name__} {short_repr(value, 60)}"


def as_numeric(value, call):
    """``value`` as a numeric ndarray, or a failure saying what came back instead."""
    if isinstance(value, (bool, int, float, np.generic, np.ndarray)) or (
            isinstance(value, (list, tuple)) and not any(isinstance(v, Handle) for v in value)):
        try:
            array = np.asarray(value)
        except ValueError:
            array = None
        if array is not None and array.dtype.kind in "biuf":
            return array
    raise AssertionError(f"{call} should return numbers, but returned {describe(value)}")


def _index(flat_index, shape):
    return tuple(int(i) for i in np.unravel_index(flat_index, shape)) if shape else ()


def tensor_diff(got, expected, rtol, atol):
    """Lines comparing two same-shaped arrays: mismatch count, first difference, errors, NaN/inf."""
    close = np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
    bad = np.flatnonzero(~close)
    lines = [f"  mismatched: {bad.size} of {got.size} values (rtol={rtol:g}, atol={atol:g})"]
    if bad.size:
        where = _index(bad[0], got.shape)
        lines.append(f"  first at index {list(where)}: expected {expected[where].item()!r}, got {got[where].item()!r}")
        with np.errstate(all="ignore"):
            error = np.abs(got.astype(np.float64) - expected.astype(np.float64))
        finite = error[np.isfinite(error)]
        if finite.size:
            lines.append(f"  max abs error: {finite.max():.3g}")
    for label, count in (("NaN", np.isnan(got).sum()), ("inf", np.isinf(got).sum())):
        if count and got.dtype.kind == "f":
            lines.append(f"  your result has {int(count)} {label} value{'s' if count > 1 else ''}")
    return lines


def assert_close(got, expected, *, call, rtol=None, atol=None, float_result=False):
    """Fail unless ``got`` equals ``expected`` within the tolerance of got's dtype.

    ``float_result`` additionally demands a floating-point result (not integers).
    """
    got_array = as_numeric(got, call)
    expected = np.asarray(expected)
    if got_array.shape != expected.shape:
        raise AssertionError(f"{call} returned the wrong shape: expected {expected.shape}, got {got_array.shape}")
    if float_result and got_array.dtype.kind != "f":
        raise AssertionError(f"{call} should return floating-point values, but returned dtype {got_array.dtype}")
    default_rtol, default_atol = tolerance(got_array.dtype if got_array.dtype.kind == "f" else np.float64)
    rtol, atol = default_rtol if rtol is None else rtol, default_atol if atol is None else atol
    if np.allclose(got_array, expected, rtol=rtol, atol=atol, equal_nan=True):
        return
    header = f"{call} returned wrong values.\n  expected: {short_repr(expected)}\n  got:      {short_repr(got_array)}"
    raise AssertionError("\n".join([header, *tensor_diff(got_array, expected, rtol, atol)]))


def assert_equal(got, expected, *, call):
    """Fail unless ``got`` equals ``expected`` exactly (integers, labels, masks, shapes)."""
    got_array, expected = as_numeric(got, call), np.asarray(expected)
    if got_array.shape != expected.shape:
        raise AssertionError(f"{call} returned the wrong shape: expected {expected.shape}, got {got_array.shape}")
    if not np.array_equal(got_array, expected):
        header = f"{call} returned wrong values.\n  expected: {short_repr(expected)}\n  got:      {short_repr(got_array)}"
        raise AssertionError("\n".join([header, *tensor_diff(got_array, expected, 0.0, 0.0)]))


def expect_raises(exc_type, call, function, *args, **kwargs):
    """Fail unless calling the learner's ``function`` raises ``exc_type``."""
    try:
        value = function(*args, **kwargs)
    except exc_type:
        return
    except LearnerException as exc:
        raise AssertionError(f"{call} should raise {exc_type.__name__}, but raised {exc.learner_type}: "
                             f"{str(exc).partition(': ')[2]}") from None
    raise AssertionError(f"{call} should raise {exc_type.__name__}, but returned {describe(value)}")


def expect_no_warnings(learner, call, advice=""):
    """Fail if the learner's last call emitted warnings (e.g. overflow in exp)."""
    if learner.last_call.warnings:
        raise AssertionError(f"{call} emitted {learner.last_call.warnings[0]}. {advice}".rstrip())


def expect_tuple(value, length, call, names):
    """Fail unless ``value`` is a tuple (or list) of ``length`` items; returns it as a tuple."""
    if not isinstance(value, (tuple, list)) or len(value) != length:
        raise AssertionError(f"{call} should return a tuple {names}, but returned {describe(value)}")
    return tuple(value)
