"""Checking the arrays one call returns, gradients above all, and failing with the wrong ones named.

Each named output is compared with the reference's value and, for a gradient, with a numerical
gradient too: centred finite differences of a loss computed here, in the trusted process, so the
check costs no calls into the learner's code. A failure names which outputs are wrong (and which
are right), by how much, and, where a known mistake explains it, why.
"""
import numpy as np

from grader.checklib.closeness import close, diagnose
from grader.checklib.compare import loosest_tolerance
from grader.checklib.compare import as_numeric, describe
from grader.i18n import t

FD_STEP = 1e-6
FD_RTOL, FD_ATOL = 1e-4, 1e-6  # how closely a numerical gradient is trusted


def numerical_gradient(f, arrays, key):
    """Centred finite differences of the scalar ``f(arrays)`` with respect to ``arrays[key]`` (float64)."""
    target = arrays[key]
    grad = np.zeros(target.shape)
    for index in np.ndindex(target.shape):
        old = target[index]
        target[index] = old + FD_STEP
        plus = f(arrays)
        target[index] = old - FD_STEP
        minus = f(arrays)
        target[index] = old
        grad[index] = (plus - minus) / (2 * FD_STEP)
    return grad


def trusted(numerical, analytic):
    """The numerical gradient if it agrees with the reference's analytic one, else None (a ReLU kink)."""
    return numerical if np.allclose(numerical, analytic, rtol=FD_RTOL, atol=FD_ATOL) else None


def _batch_factor(n):
    """A ``diagnose`` explanation for a gradient N = ``n`` times off: the 1/N of a batch-mean loss."""
    def explain(got, expected, rtol, atol):
        if not n or n <= 1:
            return ""
        if close(got, expected * n, rtol, atol):
            return t("gradients.too_large", n=n)
        if close(got, expected / n, rtol, atol):
            return t("gradients.too_small", n=n)
        return ""
    return explain


def _shape_problem(array, expected, name, like):
    """The line saying that ``array`` has the wrong shape, with a guess at why."""
    if like:
        words = t("gradients.shape_like", name=name, shape=array.shape, expected=expected.shape, like=like)
    else:
        words = t("gradients.shape", name=name, shape=array.shape, expected=expected.shape)
    if array.ndim == 2 and array.shape == expected.shape[::-1]:
        words += f" ({t('gradients.transposed')})"
    elif expected.ndim == 1 and array.ndim == 1:
        words += f" ({t('gradients.sum_axis')})"
    elif expected.ndim == 0:
        words += f" ({t('gradients.single_number')})"
    return words + "."


def _wrong_head(name, array, expected):
    """The first line about a wrong array: its name and, if any error is finite, the largest one."""
    with np.errstate(all="ignore"):
        error = np.abs(array.astype(np.float64) - expected)
    finite = error[np.isfinite(error)]
    if not finite.size:
        return t("gradients.wrong", name=name)
    return t("gradients.wrong_error", name=name, error=f"{finite.max():.3g}",
             largest=f"{np.abs(expected).max():.3g}")


def _first_mismatch(array, expected, numerical, index):
    """The line showing the first wrong value (flat ``index``), with the numerical gradient there if any."""
    where = tuple(int(i) for i in np.unravel_index(index, array.shape)) if array.shape else ()
    values = dict(index=list(where), got=repr(array[where].item()), expected=repr(expected[where].item()))
    if numerical is None:
        return t("gradients.at_index", **values)
    return t("gradients.at_index_numerical", **values, numerical=f"{float(np.asarray(numerical)[where]):.6g}")


def value_problem(got, expected, *, name, like=None, dtypes=(), n=None, mistakes=(), numerical=None, atol_floor=0.0):
    """None if ``got`` (one returned array) is right, else lines explaining what is wrong with it.

    ``expected`` is the reference value, ``numerical`` (optional) the finite-difference gradient,
    ``like`` names the array whose shape a gradient must have, ``n`` the rows in the batch of a
    batch-mean loss (a value N times off is named), ``mistakes`` the ``(words, value)`` pairs of known
    mistakes (see ``closeness.diagnose``), ``atol_floor`` a minimum absolute tolerance (for float32
    results computed from large inputs).
    """
    try:
        array = as_numeric(got, name)
    except AssertionError:
        return [t("gradients.not_numbers", name=name, what=describe(got), shape=np.shape(expected))]
    expected = np.asarray(expected, dtype=np.float64)
    if array.shape != expected.shape:
        return [_shape_problem(array, expected, name, like)]
    rtol, atol = loosest_tolerance(array.dtype, *dtypes)
    atol = max(atol, atol_floor)
    right = close(array, expected, rtol, atol)
    if right and (numerical is None or close(array, numerical, max(rtol, FD_RTOL), max(atol, FD_ATOL))):
        return None
    bad = np.flatnonzero(~np.isclose(array, expected, rtol=rtol, atol=atol, equal_nan=True))
    lines = [_wrong_head(name, array, expected)]
    reason = diagnose(array, expected, rtol, atol, mistakes, _batch_factor(n)) if not right else (
        t("gradients.numerical_only"))
    if reason:
        lines.append(f"  {reason}")
    if bad.size:
        lines.append(_first_mismatch(array, expected, numerical, bad[0]))
        lines.append(t("compare.mismatched", bad=bad.size, total=array.size, rtol=f"{rtol:g}", atol=f"{atol:g}"))
    for label, count in (("NaN", np.isnan(array).sum()), ("inf", np.isinf(array).sum())):
        if count and np.issubdtype(array.dtype, np.floating):
            key = "gradients.nonfinite_many" if count > 1 else "gradients.nonfinite_one"
            lines.append(t(key, count=int(count), label=label))
    return lines


def report(call, items, subject="values"):
    """Check several returned arrays at once and fail naming the wrong ones (and the right ones).

    ``items`` is a list of ``(name, got, expected, options)``; options go to ``value_problem``.
    ``subject`` is what the arrays are, ``"values"`` or ``"gradients"``, for the failure's first line.
    """
    problems, right = [], []
    for name, got, expected, options in items:
        lines = value_problem(got, expected, name=name, **options)
        if lines is None:
            right.append(name)
        else:
            problems.append((name, lines))
    if not problems:
        return
    wrong = ", ".join(name for name, _ in problems)
    head = (t("gradients.wrong_gradients", call=call, wrong=wrong) if subject == "gradients"
            else t("gradients.wrong_values", call=call, wrong=wrong))
    if right:
        head += f" ({_right_names(right)})"
    body = [line for _, lines in problems[:2] for line in lines]
    if len(problems) > 2:
        body.append(t("gradients.more_wrong", count=len(problems) - 2))
    raise AssertionError("\n".join([head + ".", *body]))


def _right_names(right):
    """'dx is right', 'dx and db are right': the outputs that are right, for the failure's first line."""
    if len(right) == 1:
        return t("gradients.right_one", names=right[0])
    names = t("gradients.names_and", first=", ".join(right[:-1]), last=right[-1])
    return t("gradients.right_many", names=names)
