"""Hypothesis cases for exercise06's checks: labels, probability rows, and inputs for the losses and accuracy."""
import numpy as np
from hypothesis import strategies as st

from grader.checklib.strategies import float_dtypes

EPSILONS = st.sampled_from([None, 1e-7, 1e-4, 1e-3, 1e-2])


def softmax_rows(rng, n, c, dtype, scale=2.0):
    """Probability rows (n, c) that sum to 1, without exact ties."""
    z = rng.normal(scale=scale, size=(n, c))
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)).astype(dtype)


def one_hot(labels, c, dtype=np.float64):
    """The one-hot matrix (n, c) of integer labels."""
    out = np.zeros((len(labels), c), dtype=dtype)
    out[np.arange(len(labels)), labels] = 1
    return out


@st.composite
def label_cases(draw):
    """(y as sent, labels as ints, num_classes or None)."""
    n = draw(st.integers(1, 8))
    top = draw(st.integers(0, 5))
    labels = np.array(draw(st.lists(st.integers(0, top), min_size=n, max_size=n)), dtype=np.int64)
    num_classes = draw(st.one_of(st.none(), st.integers(int(labels.max()) + 1, int(labels.max()) + 3)))
    form = draw(st.sampled_from(["int (n,)", "int (n, 1)", "float (n,)", "float (n, 1)", "int32 (n,)", "list"]))
    y = {"int (n,)": labels, "int (n, 1)": labels[:, None], "float (n,)": labels.astype(np.float64),
         "float (n, 1)": labels[:, None].astype(np.float64), "int32 (n,)": labels.astype(np.int32),
         "list": [int(v) for v in labels]}[form]
    return y, labels, num_classes


@st.composite
def cce_cases(draw):
    """(y_true, y_pred, epsilon or None) for categorical cross-entropy: one-hot or soft targets."""
    seed, n, c = draw(st.integers(0, 10**6)), draw(st.integers(1, 6)), draw(st.integers(2, 6))
    dtype, soft = draw(float_dtypes()), draw(st.booleans())
    rng = np.random.default_rng(seed)
    y_pred = softmax_rows(rng, n, c, dtype)
    y_true = softmax_rows(rng, n, c, dtype, scale=1.0) if soft else one_hot(rng.integers(0, c, n), c, dtype)
    return y_true, y_pred, draw(EPSILONS)


@st.composite
def extreme_cases(draw):
    """Predictions with exact 0s and 1s, for both losses."""
    seed, n, c = draw(st.integers(0, 10**6)), draw(st.integers(1, 5)), draw(st.integers(2, 5))
    dtype = draw(float_dtypes())
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, c, n)
    guesses = np.where(rng.random(n) < 0.5, labels, (labels + 1) % c)
    guesses[0] = (labels[0] + 1) % c  # at least one confident wrong answer
    cce = (one_hot(labels, c, dtype), one_hot(guesses, c, dtype))
    k = draw(st.integers(1, 4))
    t = (rng.random((n, k)) < 0.5).astype(dtype)
    p = rng.choice(np.array([0.0, 1.0, 0.3, 0.9]), size=(n, k)).astype(dtype)
    p[0, 0] = 1.0 - t[0, 0]  # a confident wrong answer in each batch
    p[-1, -1] = t[-1, -1] if n * k > 1 else p[-1, -1]  # and a confident right one
    return cce, (t, p), draw(EPSILONS)


@st.composite
def bce_cases(draw):
    """(y_true, y_pred, epsilon or None) for binary cross-entropy: 0/1 targets, predictions inside (0, 1)."""
    seed, dtype = draw(st.integers(0, 10**6)), draw(float_dtypes())
    shape = draw(st.sampled_from([(1,), (4,), (7,), (3, 1), (5, 2), (2, 4)]))
    rng = np.random.default_rng(seed)
    t = (rng.random(shape) < 0.5).astype(dtype)
    p = rng.uniform(0.02, 0.98, size=shape).astype(dtype)
    return t, p, draw(EPSILONS)


@st.composite
def mse_cases(draw):
    """(y_true, y_pred) of the same shape for mean squared error."""
    seed, dtype = draw(st.integers(0, 10**6)), draw(float_dtypes())
    shape = draw(st.sampled_from([(1,), (5,), (4, 1), (3, 2), (2, 5), (2, 3, 2)]))
    rng = np.random.default_rng(seed)
    return rng.normal(size=shape).astype(dtype), rng.normal(size=shape).astype(dtype)


@st.composite
def accuracy_cases(draw):
    """(y_true as labels or one-hot, y_pred) with a drawn share of right answers."""
    seed, n, c = draw(st.integers(0, 10**6)), draw(st.integers(1, 12)), draw(st.integers(2, 5))
    rng = np.random.default_rng(seed)
    y_pred = softmax_rows(rng, n, c, draw(float_dtypes()))
    predicted = np.argmax(y_pred, axis=1)
    right = rng.random(n) < draw(st.sampled_from([0.0, 0.3, 0.7, 1.0]))
    labels = np.where(right, predicted, (predicted + rng.integers(1, c, n)) % c)
    one_hot_targets = draw(st.booleans())
    return (one_hot(labels, c) if one_hot_targets else labels), y_pred
