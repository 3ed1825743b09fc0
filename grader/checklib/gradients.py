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
            return (f"It is N = {n} times too large (N = rows in the batch): the loss is the batch mean, so "
                    f"every gradient carries a factor 1/N (it enters once, in dlogits).")
        if close(got, expected / n, rtol, atol):
            return (f"It is N = {n} times too small (N = rows in the batch): the gradient of a parameter used "
                    f"by every row sums over the batch (np.sum, not np.mean), and 1/N enters only once, in dlogits.")
        return ""
    return explain


def _shape_problem(array, expected, name, like):
    """The line saying that ``array`` has the wrong shape, with a guess at why."""
    words = f"{name} has shape {array.shape}; expected {expected.shape}"
    if like:
        words += f", the shape of {like}"
    if array.ndim == 2 and array.shape == expected.shape[::-1]:
        words += " (yours is transposed)"
    elif expected.ndim == 1 and array.ndim == 1:
        words += " (check which axis you sum over)"
    elif expected.ndim == 0:
        words += " (a single number: the mean over the batch)"
    return words + "."


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
        return [f"{name} is {describe(got)}; expected an array of numbers of shape {np.shape(expected)}."]
    expected = np.asarray(expected, dtype=np.float64)
    if array.shape != expected.shape:
        return [_shape_problem(array, expected, name, like)]
    rtol, atol = loosest_tolerance(array.dtype, *dtypes)
    atol = max(atol, atol_floor)
    right = close(array, expected, rtol, atol)
    if right and (numerical is None or close(array, numerical, max(rtol, FD_RTOL), max(atol, FD_ATOL))):
        return None
    with np.errstate(all="ignore"):
        error = np.abs(array.astype(np.float64) - expected)
    bad = np.flatnonzero(~np.isclose(array, expected, rtol=rtol, atol=atol, equal_nan=True))
    finite = error[np.isfinite(error)]
    head = f"{name} is wrong"
    if finite.size:
        head += f": max abs error {finite.max():.3g} (the largest expected |value| is {np.abs(expected).max():.3g})"
    lines = [head + "."]
    reason = diagnose(array, expected, rtol, atol, mistakes, _batch_factor(n)) if not right else (
        "It matches the back-propagated reference but not the numerical gradient (centred differences).")
    if reason:
        lines.append(f"  {reason}")
    if bad.size:
        where = tuple(int(i) for i in np.unravel_index(bad[0], array.shape)) if array.shape else ()
        detail = f"  at index {list(where)}: yours {array[where].item()!r}, expected {expected[where].item()!r}"
        if numerical is not None:
            detail += f" (numerical gradient by centred differences: {float(np.asarray(numerical)[where]):.6g})"
        lines.append(detail)
        lines.append(f"  mismatched: {bad.size} of {array.size} values (rtol={rtol:g}, atol={atol:g})")
    for label, count in (("NaN", np.isnan(array).sum()), ("inf", np.isinf(array).sum())):
        if count and array.dtype.kind == "f":
            lines.append(f"  yours has {int(count)} {label} value{'s' if count > 1 else ''}")
    return lines


def report(call, items, subject="values"):
    """Check several returned arrays at once and fail naming the wrong ones (and the right ones).

    ``items`` is a list of ``(name, got, expected, options)``; options go to ``value_problem``.
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
    head = f"{call} returned wrong {subject}: {wrong}"
    if right:
        names = right[0] if len(right) == 1 else f"{', '.join(right[:-1])} and {right[-1]}"
        head += f" ({names} {'is' if len(right) == 1 else 'are'} right)"
    body = [line for _, lines in problems[:2] for line in lines]
    if len(problems) > 2:
        body.append(f"  ({len(problems) - 2} more wrong)")
    raise AssertionError("\n".join([head + ".", *body]))
