"""Checks for exercise03: mini-batch SGD (확률적 경사 하강법).

Shuffling may follow any seeded permutation scheme, so minibatches is checked by properties:
coverage, pairing, batch sizes and determinism, never against one fixed order.
"""
import numpy as np
from hypothesis import example, given, strategies as st

from grader.checklib.compare import (as_numeric, assert_close, assert_equal, describe, expect_raises,
                                     expect_tuple)
from grader.i18n import t


def labelled_data(n, d=2):
    """Rows that identify themselves: X[i] = [i, -i, ...] and y[i] = 10 * i."""
    X = np.repeat(np.arange(n, dtype=np.float64)[:, None], d, axis=1) * np.array([1, -1] * d)[:d]
    return X, np.arange(n) * 10


def batches_of(learner, X, y, batch_size, **kwargs):
    """The learner's batches as a list of (X_batch, y_batch) arrays, checked for form."""
    arguments = "".join(f", {k}={v}" for k, v in kwargs.items())
    key = "exercise03_sgd.with_one_sample" if len(X) == 1 else "exercise03_sgd.with_samples"
    call = t(key, call=f"minibatches(X, y, batch_size={batch_size}{arguments})", n=len(X))
    got = learner.minibatches(X, y, batch_size, **kwargs)
    if not isinstance(got, list):
        raise AssertionError(t("exercise03_sgd.not_pairs", call=call, what=describe(got)))
    batches = []
    for i, item in enumerate(got):
        xb, yb = expect_tuple(item, 2, t("exercise03_sgd.batch", i=i, call=call), "(X_batch, y_batch)")
        batches.append((np.asarray(xb), np.asarray(yb)))
    return call, batches


def sample_ids(call, batches, n):
    """Per batch, the sample indices it holds, after checking that every X row matches its y."""
    ids = []
    for i, (xb, yb) in enumerate(batches):
        batch = t("exercise03_sgd.batch", i=i, call=call)
        if xb.ndim != 2 or yb.ndim != 1 or len(xb) != len(yb):
            raise AssertionError(t("exercise03_sgd.batch_shapes", batch=batch, x_shape=xb.shape, y_shape=yb.shape))
        if not np.array_equal(xb[:, 0] * 10, yb):
            raise AssertionError(t("exercise03_sgd.batch_pairs", batch=batch))
        ids.append(xb[:, 0].astype(int))
    return ids


def joined(ids):
    """The sample indices of all batches in order (none for no batches, where np.concatenate fails)."""
    return np.concatenate(ids) if ids else np.array([], dtype=int)


@given(st.integers(0, 10**9), st.integers(1, 10**6), st.booleans())
@example(1000, 100, False)
@example(10**9 - 1, 3, False)
@example(0, 5, False)
def test_iterations_per_epoch(learner, reference, n, batch_size, drop_last):
    call = f"iterations_per_epoch({n}, {batch_size}, drop_last={drop_last})"
    got = learner.iterations_per_epoch(n, batch_size, drop_last=drop_last)
    if isinstance(got, bool) or not isinstance(got, (int, np.integer)):
        raise AssertionError(t("exercise03_sgd.not_int", call=call, what=describe(got)))
    assert_equal(got, reference.iterations_per_epoch(n, batch_size, drop_last=drop_last), call=call)


@given(st.sampled_from([(10, 0), (10, -3), (-1, 4), (-100, 1)]))
def test_iterations_per_epoch_errors(learner, reference, case):
    n, batch_size = case
    expect_raises(ValueError, f"iterations_per_epoch({n}, {batch_size})", learner.iterations_per_epoch,
                  n, batch_size)


@given(st.integers(0, 40), st.integers(1, 45), st.booleans(), st.integers(0, 2**16))
def test_minibatches_cover(learner, reference, n, batch_size, shuffle, seed):
    X, y = labelled_data(n)
    call, batches = batches_of(learner, X, y, batch_size, shuffle=shuffle, seed=seed)
    ids = sample_ids(call, batches, n)
    expected_count = -(-n // batch_size)
    if len(batches) != expected_count:
        raise AssertionError(t("exercise03_sgd.batch_count", call=call, count=len(batches), n=n,
                               batch_size=batch_size, expected=expected_count))
    sizes = [len(i) for i in ids]
    if any(size != batch_size for size in sizes[:-1]) or (sizes and not 1 <= sizes[-1] <= batch_size):
        raise AssertionError(t("exercise03_sgd.batch_sizes", call=call, sizes=sizes, batch_size=batch_size))
    seen = np.sort(joined(ids))
    if not np.array_equal(seen, np.arange(n)):
        raise AssertionError(t("exercise03_sgd.not_once", call=call, rows=len(seen), distinct=len(np.unique(seen)),
                               n=n))


@given(st.integers(1, 30), st.integers(1, 12))
def test_minibatches_order(learner, reference, n, batch_size):
    X, y = labelled_data(n)
    call, batches = batches_of(learner, X, y, batch_size, shuffle=False)
    order = joined(sample_ids(call, batches, n))
    assert_equal(order, np.arange(n), call=t("exercise03_sgd.sample_order", call=call))


@given(st.integers(0, 2**16), st.integers(1, 8))
def test_minibatches_seed(learner, reference, seed, batch_size):
    n = 24
    X, y = labelled_data(n)
    call, first = batches_of(learner, X, y, batch_size, shuffle=True, seed=seed)
    _, second = batches_of(learner, X, y, batch_size, shuffle=True, seed=seed)
    first_order = joined(sample_ids(call, first, n))
    second_order = joined(sample_ids(call, second, n))
    if not np.array_equal(second_order, first_order):
        raise AssertionError(t("exercise03_sgd.seed_differs", call=call, first=first_order.tolist(),
                               second=second_order.tolist()))
    if np.array_equal(first_order, np.arange(n)):
        raise AssertionError(t("exercise03_sgd.not_shuffled", call=call))
    _, other = batches_of(learner, X, y, batch_size, shuffle=True, seed=seed + 1)
    if np.array_equal(joined(sample_ids(call, other, n)), first_order):
        raise AssertionError(t("exercise03_sgd.seed_ignored", call=call, other=seed + 1))


@given(st.sampled_from([(5, 4, 2), (3, 3, 0), (4, 4, -1)]))
def test_minibatches_errors(learner, reference, case):
    n_x, n_y, batch_size = case
    X, y = np.zeros((n_x, 2)), np.zeros(n_y)
    expect_raises(ValueError, t("exercise03_sgd.mismatched_rows", batch_size=batch_size, n_x=n_x, n_y=n_y),
                  learner.minibatches, X, y, batch_size)


@st.composite
def params_and_grads(draw):
    """Two dicts with the same keys and shapes, float values."""
    keys = draw(st.lists(st.sampled_from(["W1", "b1", "W2", "b2", "w", "b"]), min_size=1, max_size=4, unique=True))
    shapes = {k: draw(st.sampled_from([(), (3,), (2, 3)])) for k in keys}
    values = st.floats(-5, 5, allow_nan=False, width=64)
    params = {k: np.array(draw(st.lists(values, min_size=int(np.prod(s)), max_size=int(np.prod(s))))).reshape(s)
              for k, s in shapes.items()}
    grads = {k: np.array(draw(st.lists(values, min_size=v.size, max_size=v.size))).reshape(v.shape)
             for k, v in params.items()}
    return params, grads


@given(params_and_grads(), st.sampled_from([0.1, 0.01, 0.5]))
def test_sgd_step(learner, reference, case, lr):
    params, grads = case
    call = t("exercise03_sgd.with_keys", lr=lr, keys=sorted(params))
    got = learner.sgd_step(params, grads, lr)
    if not isinstance(got, dict) or set(got) != set(params):
        raise AssertionError(t("exercise03_sgd.not_dict", call=call, keys=sorted(params), what=describe(got)))
    want = reference.sgd_step(params, grads, lr)
    for key in sorted(want):
        assert_close(got[key], want[key], call=f"sgd_step(params, grads, lr={lr})[{key!r}]")
    extra = dict(grads, extra=np.zeros(1))
    expect_raises(ValueError, t("exercise03_sgd.extra_grad"), learner.sgd_step, params, extra, lr)
    missing = dict(params, extra=np.zeros(1))
    expect_raises(ValueError, t("exercise03_sgd.missing_grad"), learner.sgd_step, missing, grads, lr)


@given(st.integers(0, 1000), st.integers(1, 3), st.integers(5, 30))
def test_train_linear_regression(learner, reference, seed, d, epochs):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(96, d))
    true_w, true_b = rng.uniform(-2, 2, size=d), float(rng.uniform(-1, 1))
    y = X @ true_w + true_b
    call = t("exercise03_sgd.features_many" if d > 1 else "exercise03_sgd.features_one", d=d,
             call=f"train_linear_regression(X, y, lr=0.05, epochs={epochs}, batch_size=16, seed={seed})")
    w, b, losses = expect_tuple(learner.train_linear_regression(X, y, lr=0.05, epochs=epochs, batch_size=16,
                                                                seed=seed), 3, call, "(w, b, losses)")
    w, b = fitted_parameters(call, w, b, d)
    losses = as_numeric(losses, f"{call}[2] (losses)").astype(float)
    if losses.shape != (epochs,):
        raise AssertionError(t("exercise03_sgd.losses_count", call=call, size=losses.size, epochs=epochs))
    mse = float(np.mean((X @ w + b - y) ** 2))
    if not np.isclose(losses[-1], mse, rtol=1e-5, atol=1e-8, equal_nan=True):
        raise AssertionError(t("exercise03_sgd.last_loss", call=call, last=f"{losses[-1]:.6g}", mse=f"{mse:.6g}"))
    if not losses[-1] < 0.5 * losses[0] or not np.all(np.isfinite(losses)):
        raise AssertionError(t("exercise03_sgd.not_converged", call=call, first=f"{losses[0]:.4g}",
                               last=f"{losses[-1]:.4g}"))
    if epochs >= 25:
        assert_close(w, true_w, call=t("exercise03_sgd.converged_w", call=call), rtol=0.05, atol=0.05)
    check_identical_rows_run(learner, rng, seed, d)


def fitted_parameters(call, w, b, d):
    """w and b as float arrays of shapes (d,) and (), or a failure naming the shapes returned."""
    w = as_numeric(w, f"{call}[0] (w)").astype(float)
    b = as_numeric(b, f"{call}[1] (b)").astype(float)
    if w.shape != (d,) or b.shape != ():
        raise AssertionError(t("exercise03_sgd.parameter_shapes", call=call, w_shape=w.shape, b_shape=b.shape,
                               expected=(d,)))
    return w, b


def gradient_descent(X, y, lr, epochs, updates_per_epoch, factor):
    """Losses, w and b of plain gradient descent on the MSE, ``factor`` 2 (d MSE) or 1 (d MSE/2)."""
    w, b, losses = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        for _ in range(updates_per_epoch):
            residual = X @ w + b - y
            w, b = w - lr * factor * X.T @ residual / len(y), b - lr * factor * residual.mean()
        losses.append(float(np.mean((X @ w + b - y) ** 2)))
    return np.array(losses), w, b


def check_identical_rows_run(learner, rng, seed, d):
    """On identical samples every batch's gradient is the whole data's, whatever the order, so the run is
    fixed by lr, batch_size and epochs (up to the 2/m or 1/m convention): it catches an ignored lr or
    batch_size, full-batch descent and gradients divided by n instead of the batch size."""
    n, epochs, batch_size, lr = 96, 3, [8, 16, 24, 48][seed % 4], 0.05
    X = np.tile(rng.uniform(-1, 1, size=d), (n, 1))
    y = np.full(n, float(rng.uniform(-2, 2)))
    call = t("exercise03_sgd.identical", n=n,
             call=f"train_linear_regression(X, y, lr={lr}, epochs={epochs}, batch_size={batch_size}, seed={seed})")
    w, b, losses = expect_tuple(learner.train_linear_regression(X, y, lr=lr, epochs=epochs, batch_size=batch_size,
                                                                seed=seed), 3, call, "(w, b, losses)")
    w, b = fitted_parameters(call, w, b, d)
    losses = as_numeric(losses, f"{call}[2] (losses)").astype(float)
    runs = {convention: gradient_descent(X, y, lr, epochs, n // batch_size, factor)
            for convention, factor in (("2/m", 2), ("1/m", 1))}
    for want_losses, want_w, want_b in runs.values():
        if (losses.shape == want_losses.shape and np.allclose(losses, want_losses, rtol=1e-5, atol=1e-10)
                and np.allclose(w, want_w, rtol=1e-5, atol=1e-10) and np.isclose(b, want_b, rtol=1e-5, atol=1e-10)):
            return
    expected = "\n".join(t("exercise03_sgd.convention", convention=convention, losses=np.round(run[0], 6).tolist())
                         for convention, run in runs.items())
    raise AssertionError(t("exercise03_sgd.identical_losses", call=call, losses=np.round(losses, 6).tolist(), n=n,
                           batch_size=batch_size, updates=n // batch_size, lr=lr, expected=expected))
