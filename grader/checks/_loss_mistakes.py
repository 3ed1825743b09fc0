"""The usual mistakes in exercise06's cross-entropies, recomputed on the check's own input, and their words.

A wrong loss is named as one of these only when recomputing that mistake reproduces the learner's
number (and the right loss differs from it); otherwise the check states the difference and nothing
more (in the current language: locales/<lang>/checks/_loss_mistakes.toml).
"""
import numpy as np

from grader.i18n import t

# Clipping constants found in public code that ignores its epsilon argument.
FIXED_EPSILONS = (1e-7, 1e-3, 1e-12, 1e-15)


def _clipped(y_pred, epsilon):
    return np.clip(np.asarray(y_pred, dtype=np.float64), epsilon, 1 - epsilon)


def cce(y_true, y_pred, epsilon, reduce="mean"):
    """Categorical cross-entropy in float64: per-sample sums averaged ("mean"), all averaged ("classes"), summed."""
    with np.errstate(all="ignore"):
        terms = -np.asarray(y_true, dtype=np.float64) * np.log(_clipped(y_pred, epsilon))
    return {"mean": lambda: np.mean(np.sum(terms, axis=-1)), "classes": lambda: np.mean(terms),
            "sum": lambda: np.sum(terms)}[reduce]()


def bce(y_true, y_pred, epsilon, reduce="mean", both_terms=True):
    """Binary cross-entropy in float64, averaged ("mean") or summed, with one or both terms."""
    y, p = np.asarray(y_true, dtype=np.float64), _clipped(y_pred, epsilon)
    with np.errstate(all="ignore"):
        terms = -(y * np.log(p) + ((1 - y) * np.log(1 - p) if both_terms else 0.0))
    return np.mean(terms) if reduce == "mean" else np.sum(terms)


def _epsilon_mistakes(loss, y_true, y_pred, epsilon):
    eps = 1e-7 if epsilon is None else epsilon
    return [("epsilon_ignored", t("_loss_mistakes.epsilon_ignored", fixed=fixed, epsilon=eps),
             loss(y_true, y_pred, fixed)) for fixed in FIXED_EPSILONS if fixed != eps]


def cce_mistakes(y_true, y_pred, epsilon):
    """``(key, words, value)`` of the usual categorical cross-entropy mistakes on this input."""
    eps = 1e-7 if epsilon is None else epsilon
    return _epsilon_mistakes(cce, y_true, y_pred, epsilon) + [
        ("classes_averaged", t("_loss_mistakes.classes_averaged"), cce(y_true, y_pred, eps, "classes")),
        ("batch_summed", t("_loss_mistakes.batch_summed"), cce(y_true, y_pred, eps, "sum")),
    ]


def bce_mistakes(y_true, y_pred, epsilon):
    """``(key, words, value)`` of the usual binary cross-entropy mistakes on this input."""
    eps = 1e-7 if epsilon is None else epsilon
    return _epsilon_mistakes(bce, y_true, y_pred, epsilon) + [
        ("one_term", t("_loss_mistakes.one_term"), bce(y_true, y_pred, eps, both_terms=False)),
        ("batch_summed", t("_loss_mistakes.bce_summed"), bce(y_true, y_pred, eps, "sum")),
    ]


def mse_mistakes(y_true, y_pred):
    """``(key, words, value)`` of the usual mean squared error mistakes on this input."""
    d = np.asarray(y_true, dtype=np.float64) - np.asarray(y_pred, dtype=np.float64)
    return [("sum", t("_loss_mistakes.mse_sum"), np.sum(d**2)),
            ("one_axis", t("_loss_mistakes.mse_one_axis"), np.mean(np.sum(d**2, axis=-1))),
            ("absolute", t("_loss_mistakes.mse_absolute"), np.mean(np.abs(d)))]


def matching(mistakes, got, expected, rtol, atol):
    """The ``(key, words)`` of the first mistake whose value is ``got`` and not ``expected``, or None."""
    for key, words, value in mistakes:
        if not np.isfinite(value) or np.isclose(value, expected, rtol=rtol, atol=atol):
            continue
        if np.isclose(float(got), value, rtol=rtol, atol=atol):
            return key, words
    return None
