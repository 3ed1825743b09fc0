"""Is a learner's value close to a trusted one, and if not, which known mistake does it match?

Unlike compare.py, which fails at the first difference, these helpers only answer questions, so a
check can compare many values (several outputs of one call, a whole trajectory) before it words a
single failure.
"""
import numpy as np

from grader.i18n import t


def close(got, expected, rtol, atol):
    """True if ``got`` has the shape of ``expected`` and equals it within the tolerance (NaN equals NaN)."""
    return np.shape(got) == np.shape(expected) and bool(np.allclose(got, expected, rtol=rtol, atol=atol,
                                                                    equal_nan=True))


def as_count(value):
    """``value`` as a number if it is a real scalar (int, float, NumPy scalar or 0-d array), else None."""
    if isinstance(value, (bool, np.bool_)) or np.ndim(value) != 0 or not isinstance(
            value, (int, float, np.integer, np.floating, np.ndarray)) or np.asarray(value).dtype.kind not in "iuf":
        return None
    return float(value)


def diagnose(got, expected, rtol, atol, mistakes=(), explain=None):
    """Words for what explains the wrong array ``got``: a known mistake, zeros, ``explain``, the sign; or ''.

    ``mistakes`` lists ``(words, value)`` pairs, the value being what that mistake returns (None where
    the mistake cannot be told apart on this input); a mistake whose value is right anyway is skipped.
    ``explain(got, expected, rtol, atol)`` names further causes (words or '') before the sign is tried.
    """
    for words, value in mistakes:
        if value is not None and not close(np.asarray(value), expected, rtol, atol) and close(got, value, rtol, atol):
            return words
    if not np.any(expected):
        return ""
    if close(got, np.zeros_like(expected), rtol, atol):
        return t("closeness.zeros")
    words = explain(got, expected, rtol, atol) if explain else ""
    if words:
        return words
    if close(got, -expected, rtol, atol):
        return t("closeness.wrong_sign")
    return ""
