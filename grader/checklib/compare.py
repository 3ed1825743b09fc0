"""Comparisons for checks that fail with a learner-facing, tensor-aware explanation."""
import numpy as np

from grader.i18n import t
from grader.sandbox.faults import LearnerException
from grader.sandbox.proxy import Handle, short_repr

# CURRICULUM.md: the tolerance follows the dtype the learner returns.
TOLERANCES = {"float64": (1e-6, 1e-8), "float32": (1e-4, 1e-5), "float16": (1e-2, 1e-3)}


def tolerance(dtype):
    """``(rtol, atol)`` for results of this dtype."""
    return TOLERANCES.get(np.dtype(dtype).name, TOLERANCES["float64"])


def loosest_tolerance(*dtypes):
    """``(rtol, atol)`` for results computed from inputs or returned in any of these dtypes.

    A float64 answer to a float32 question is held to float32 tolerance; non-float dtypes count as float64.
    """
    pairs = [tolerance(np.dtype(d)) for d in dtypes if np.issubdtype(d, np.floating)] or [tolerance(np.float64)]
    return max(p[0] for p in pairs), max(p[1] for p in pairs)


def describe(value):
    """Short words for what a value is, for 'expected X, got Y' messages."""
    if isinstance(value, Handle):
        return t("describe.object", type=value.type_name)
    if isinstance(value, np.ndarray):
        return t("describe.array", shape=value.shape, dtype=value.dtype)
    if value is None:
        return t("describe.none")
    if isinstance(value, (tuple, list)):
        return t("describe.sequence", type=type(value).__name__, count=len(value))
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
    raise AssertionError(t("compare.not_numbers", call=call, what=describe(value)))


def _index(flat_index, shape):
    return tuple(int(i) for i in np.unravel_index(flat_index, shape)) if shape else ()


def tensor_diff(got, expected, rtol, atol):
    """Lines comparing two same-shaped arrays: mismatch count, first difference, errors, NaN/inf."""
    close = np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
    bad = np.flatnonzero(~close)
    lines = [t("compare.mismatched", bad=bad.size, total=got.size, rtol=f"{rtol:g}", atol=f"{atol:g}")]
    if bad.size:
        where = _index(bad[0], got.shape)
        lines.append(t("compare.first", index=list(where), expected=repr(expected[where].item()),
                       got=repr(got[where].item())))
        with np.errstate(all="ignore"):
            error = np.abs(got.astype(np.float64) - expected.astype(np.float64))
        finite = error[np.isfinite(error)]
        if finite.size and finite.max() > 0:
            lines.append(t("compare.max_error", error=f"{finite.max():.3g}"))
    for label, count in (("NaN", np.isnan(got).sum()), ("inf", np.isinf(got).sum())):
        if count and np.issubdtype(got.dtype, np.floating):
            lines.append(t("compare.nonfinite", count=int(count), label=label))
    return lines


def _same_shape(got_array, expected, call):
    if got_array.shape != expected.shape:
        raise AssertionError(t("compare.shape", call=call, expected=expected.shape, got=got_array.shape))


def shown(value):
    """A value as a message shows it: a scalar as the number it is (1, not array(1)), an array bounded."""
    if not isinstance(value, np.ndarray) and np.ndim(value) == 0 and hasattr(value, "item"):
        value = value.item()  # a NumPy scalar prints as np.int64(1) in NumPy 2
    return short_repr(value)


def _wrong_values(got, got_array, expected, expected_array, call, rtol, atol):
    """The failure for values that differ: both values, the layout of an array result, then the diff."""
    lines = [t("compare.wrong_values", call=call), t("compare.expected", value=shown(expected)),
             t("compare.got", value=shown(got))]
    if isinstance(got, (np.ndarray, np.generic)):  # a plain Python number has no shape or dtype to report
        lines.append(t("compare.layout", shape=got_array.shape, dtype=got_array.dtype,
                       expected_dtype=expected_array.dtype))
    lines += tensor_diff(got_array, expected_array, rtol, atol)
    return AssertionError("\n".join(lines))


def assert_close(got, expected, *, call, rtol=None, atol=None, float_result=False):
    """Fail unless ``got`` equals ``expected`` within the tolerance of got's dtype.

    ``float_result`` additionally demands a floating-point result (not integers).
    """
    got_array, expected_array = as_numeric(got, call), np.asarray(expected)
    _same_shape(got_array, expected_array, call)
    if float_result and got_array.dtype.kind != "f":
        raise AssertionError(t("compare.not_float", call=call, dtype=got_array.dtype))
    default_rtol, default_atol = loosest_tolerance(got_array.dtype, expected_array.dtype)
    rtol, atol = default_rtol if rtol is None else rtol, default_atol if atol is None else atol
    if not np.allclose(got_array, expected_array, rtol=rtol, atol=atol, equal_nan=True):
        raise _wrong_values(got, got_array, expected, expected_array, call, rtol, atol)


def assert_equal(got, expected, *, call):
    """Fail unless ``got`` equals ``expected`` exactly (integers, labels, masks, shapes)."""
    got_array, expected_array = as_numeric(got, call), np.asarray(expected)
    _same_shape(got_array, expected_array, call)
    if not np.array_equal(got_array, expected_array):
        raise _wrong_values(got, got_array, expected, expected_array, call, 0.0, 0.0)


def expect_raises(exc_type, call, function, *args, **kwargs):
    """Fail unless calling the learner's ``function`` raises ``exc_type``."""
    try:
        value = function(*args, **kwargs)
    except exc_type:
        return
    except LearnerException as exc:
        raise AssertionError(t("compare.should_raise_raised", call=call, expected=exc_type.__name__,
                               got=exc.learner_type, message=str(exc).partition(": ")[2])) from None
    raise AssertionError(t("compare.should_raise_returned", call=call, expected=exc_type.__name__,
                           what=describe(value)))


def expect_no_warnings(learner, call, advice=""):
    """Fail if the learner's last call emitted warnings (e.g. overflow in exp)."""
    if learner.last_call.warnings:
        raise AssertionError(t("compare.warned", call=call, warning=learner.last_call.warnings[0],
                               advice=advice).rstrip())


def expect_tuple(value, length, call, names):
    """Fail unless ``value`` is a tuple (or list) of ``length`` items; returns it as a tuple."""
    if not isinstance(value, (tuple, list)) or len(value) != length:
        raise AssertionError(t("compare.tuple", call=call, names=names, what=describe(value)))
    return tuple(value)
