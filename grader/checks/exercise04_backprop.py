"""Checks for exercise04: MLP (다층 퍼셉트론) and back-propagation (역전파).

Every gradient the learner returns is compared twice: with the reference's back-propagated value
and with a numerical gradient, centred finite differences of the loss computed here, in the trusted
process, from a forward pass whose loss the checks have compared with the learner's. A gradient
check therefore costs no calls into the learner's code, and a failure names which gradient is
wrong, by how much, and (where a classic mistake explains it) why.

The caches are the learner's business: whatever ``*_forward`` returned is passed back to
``*_backward`` unchanged (as data, or as a handle for objects that cannot cross as data), and a
fresh forward call makes a fresh cache for every backward call, since backward may consume it.
"""
import numpy as np
from hypothesis import example, given, settings, strategies as st

from grader.checklib.compare import describe, expect_no_warnings, expect_tuple
from grader.checklib.gradients import numerical_gradient, report, trusted
from grader.checks._backprop_networks import (dense_inputs, describe_network, log_softmax, mlp_grads, mlp_loss,
                                              network, one_hot, wrong_axis)
from grader.i18n import t
from grader.sandbox.proxy import short_repr

SEEDS = st.integers(0, 2**32 - 1)
DTYPES = st.sampled_from(["float64", "float32"])
SIDES = st.integers(1, 5)


# ---------------------------------------------------------------------------------------------
# Dense layer
# ---------------------------------------------------------------------------------------------

def dense_call(x, W, b, dtype):
    """'dense_forward(x, W, b) with x (3, 2), W (2, 4), b (4,) (float64)', for messages."""
    return t("exercise04_backprop.dense_call", x=x.shape, W=W.shape, b=b.shape, dtype=dtype)


@given(SIDES, SIDES, SIDES, SEEDS, DTYPES)
@example(3, 2, 4, 0, "float64")
def test_dense_forward(learner, reference, n, d, m, seed, dtype):
    x, W, b, _ = dense_inputs(n, d, m, seed, dtype)
    call = dense_call(x, W, b, dtype)
    out, _ = expect_tuple(learner.dense_forward(x, W, b), 2, call, "(out, cache)")
    x64, W64, b64 = (a.astype(np.float64) for a in (x, W, b))
    expected = reference.dense_forward(x64, W64, b64)[0]
    report(call, [("out", out, expected, dict(dtypes=(dtype,), mistakes=[
        (t("exercise04_backprop.bias_missing"), x64 @ W64),
        (t("exercise04_backprop.bias_subtracted"), x64 @ W64 - b64)]))])


@given(SIDES, SIDES, SIDES, SEEDS, DTYPES)
@example(3, 2, 4, 0, "float64")
@example(2, 3, 3, 1, "float64")
def test_dense_backward(learner, reference, n, d, m, seed, dtype):
    x, W, b, dout = dense_inputs(n, d, m, seed, dtype)
    forward = dense_call(x, W, b, dtype)
    _, cache = expect_tuple(learner.dense_forward(x, W, b), 2, forward, "(out, cache)")
    call = t("exercise04_backprop.dense_backward_call", dout=dout.shape, forward=forward)
    grads = expect_tuple(learner.dense_backward(dout, cache), 3, call, "(dx, dW, db)")

    arrays = {k: v.astype(np.float64) for k, v in zip("xWb", (x, W, b))}
    dout64 = dout.astype(np.float64)
    _, ref_cache = reference.dense_forward(arrays["x"], arrays["W"], arrays["b"])
    expected = dict(zip("xWb", reference.dense_backward(dout64, ref_cache)))

    def loss(a):  # the scalar whose gradient dense_backward computes: sum(out * dout)
        return float(np.sum(reference.dense_forward(a["x"], a["W"], a["b"])[0] * dout64))

    mistakes = {
        "x": [(t("exercise04_backprop.dx_untransposed"), dout64 @ arrays["W"] if d == m else None)],
        "W": [],
        "b": [(t("exercise04_backprop.db_mean"), dout64.mean(axis=0)), wrong_axis(dout64)],
    }
    items = []
    for got, key, words in zip(grads, "xWb", ("dx", "dW", "db")):
        numerical = trusted(numerical_gradient(loss, arrays, key), expected[key])
        items.append((words, got, expected[key], dict(like=key, dtypes=(dtype,), n=n, numerical=numerical,
                                                      mistakes=mistakes[key])))
    report(call, items, "gradients")


# ---------------------------------------------------------------------------------------------
# ReLU
# ---------------------------------------------------------------------------------------------

@st.composite
def relu_inputs(draw):
    """x with many exact zeros (half-integers in [-2, 2]) and a random dout, any 1-3 dimensional shape."""
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=3)))
    rng = np.random.default_rng(draw(SEEDS))
    dtype = draw(DTYPES)
    x = (rng.integers(-4, 5, size=shape) / 2).astype(dtype)
    return x, rng.normal(size=shape).astype(dtype)


@given(relu_inputs())
@example((np.array([[-1.0, 0.0, 2.0]]), np.array([[0.5, -1.5, 2.5]])))
def test_relu_layer(learner, reference, case):
    x, dout = case
    dtype = x.dtype.name
    call = t("exercise04_backprop.relu_forward_call", shape=x.shape, dtype=dtype)
    out, cache = expect_tuple(learner.relu_forward(x), 2, call, "(out, cache)")
    x64, dout64 = x.astype(np.float64), dout.astype(np.float64)
    report(call, [("out", out, np.maximum(x64, 0), dict(dtypes=(dtype,)))])

    call = t("exercise04_backprop.relu_backward_call", shape=dout.shape)
    dx = learner.relu_backward(dout, cache)
    expected = reference.relu_backward(dout64, reference.relu_forward(x64)[1])
    at_zero = np.where(x64 >= 0, dout64, 0.0)
    report(call, [("dx", dx, expected, dict(like="x", dtypes=(dtype,), mistakes=[
        (t("exercise04_backprop.relu_at_zero"), at_zero),
        (t("exercise04_backprop.relu_mask_only"), (x64 > 0) * 1.0),
        (t("exercise04_backprop.relu_reversed"), np.where(x64 < 0, dout64, 0.0)),
        (t("exercise04_backprop.relu_of_dout"), np.maximum(dout64, 0))]))], "gradients")


# ---------------------------------------------------------------------------------------------
# Softmax cross-entropy
# ---------------------------------------------------------------------------------------------

def softmax_ce_items(reference, loss, dlogits, logits, y, n, dtype, numerical=True, atol_floor=0.0):
    """The report items of softmax_cross_entropy's (loss, dlogits) against the reference and numerics."""
    logits64 = logits.astype(np.float64)
    p = np.exp(log_softmax(logits64))
    expected_loss, expected_grad = reference.softmax_cross_entropy(logits64, y)
    gradient = None
    if numerical:
        gradient = trusted(numerical_gradient(lambda a: -np.sum(y * log_softmax(a["z"])) / n,
                                              {"z": logits64.copy()}, "z"), expected_grad)
    e = np.exp(logits64 - logits64.max(axis=0, keepdims=True))
    return [
        ("loss", loss, expected_loss, dict(dtypes=(dtype,), n=n, atol_floor=atol_floor, mistakes=[
            (t("exercise04_backprop.loss_sum"), expected_loss * n)])),
        ("dlogits", dlogits, expected_grad, dict(like="logits", dtypes=(dtype,), n=n, numerical=gradient,
                                                 atol_floor=atol_floor, mistakes=[
            (t("exercise04_backprop.dlogits_n", n=n), expected_grad * n),
            (t("exercise04_backprop.dlogits_sign"), -expected_grad),
            (t("exercise04_backprop.dlogits_no_y"), p / n),
            (t("exercise04_backprop.softmax_axis0"), (e / e.sum(axis=0, keepdims=True) - y) / n)])),
    ]


@given(SIDES, SIDES, SEEDS, DTYPES, st.sampled_from(["int", "float"]))
@example(2, 2, 0, "float64", "float")
@example(4, 3, 1, "float64", "int")
def test_softmax_cross_entropy(learner, reference, n, c, seed, dtype, label_kind):
    rng = np.random.default_rng(seed)
    logits = (rng.normal(size=(n, c)) * 3).astype(dtype)
    y = one_hot(rng.integers(0, c, size=n), c, label_kind)
    call = t("exercise04_backprop.ce_call", shape=logits.shape, dtype=dtype)
    loss, dlogits = expect_tuple(learner.softmax_cross_entropy(logits, y), 2, call, "(loss, dlogits)")
    report(call, softmax_ce_items(reference, loss, dlogits, logits, y, n, dtype))


EXTREMES = [-1e4, -1000.0, -710.0, -50.0, 0.0, 3.0, 710.0, 1000.0, 1e4]


@st.composite
def large_logits(draw):
    """Logits with entries of magnitude up to 1e4 and one-hot labels, often on a low-probability class."""
    n, c = draw(st.integers(1, 3)), draw(st.integers(2, 4))
    values = draw(st.lists(st.sampled_from(EXTREMES), min_size=n * c, max_size=n * c))
    labels = draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n))
    dtype = draw(DTYPES)
    return np.array(values, dtype=dtype).reshape(n, c), one_hot(np.array(labels), c, "float")


@given(large_logits())
@example((np.array([[1000.0, 1000.0]]), np.array([[1.0, 0.0]])))
@example((np.array([[1000.0, 0.0], [-1e4, 1e4]]), np.array([[0.0, 1.0], [1.0, 0.0]])))
def test_softmax_cross_entropy_stable(learner, reference, case):
    logits, y = case
    n, dtype = len(logits), logits.dtype.name
    call = t("exercise04_backprop.ce_stable_call", logits=short_repr(logits, 80), dtype=dtype,
             y=short_repr(y.astype(int), 60))
    result = learner.softmax_cross_entropy(logits, y)
    advice = t("exercise04_backprop.stable_advice")
    expect_no_warnings(learner, call, advice)
    loss, dlogits = expect_tuple(result, 2, call, "(loss, dlogits)")
    # float32 arithmetic on logits of size 1e4 cannot be more exact than a few float32 steps (ulps) of them.
    floor = 8 * np.finfo(np.float32).eps * float(np.abs(logits).max()) if dtype == "float32" else 0.0
    try:
        report(call, softmax_ce_items(reference, loss, dlogits, logits, y, n, dtype, numerical=False,
                                      atol_floor=floor))
    except AssertionError as failure:
        raise AssertionError(f"{failure}\n{advice}") from None


# ---------------------------------------------------------------------------------------------
# The whole network
# ---------------------------------------------------------------------------------------------

MLP_CASES = (st.integers(1, 4), SEEDS, SIDES, DTYPES)


def learner_mlp(learner, X, y, params, sizes, n, dtype):
    """Call the learner's mlp_loss_and_grads and check the form of what it returns."""
    call = t("exercise04_backprop.mlp_call", network=describe_network(sizes, n, dtype))
    loss, grads = expect_tuple(learner.mlp_loss_and_grads(X, y, params), 2, call, "(loss, grads)")
    return call, loss, grads


@settings(max_examples=30)
@given(*MLP_CASES)
@example(1, 0, 3, "float64")
@example(2, 1, 4, "float64")
@example(3, 2, 2, "float32")
@example(4, 3, 5, "float64")
def test_mlp_loss(learner, reference, layers, seed, n, dtype):
    X, y, params, sizes = network(layers, seed, n, dtype)
    call, loss, _ = learner_mlp(learner, X, y, params, sizes, n, dtype)
    p64 = {k: v.astype(np.float64) for k, v in params.items()}
    expected = reference.mlp_loss_and_grads(X.astype(np.float64), y, p64)[0]
    mistakes = [
        (t("exercise04_backprop.relu_output"), mlp_loss(X, y, p64, relu_output=True)),
        (t("exercise04_backprop.no_hidden_relu"), mlp_loss(X, y, p64, hidden_relu=False)),
        (t("exercise04_backprop.loss_sum"), mlp_loss(X, y, p64, mean=False)),
    ]
    report(call, [("loss", loss, expected, dict(dtypes=(dtype,), n=n, mistakes=mistakes))])


def wrong_keys(call, grads, params):
    """The failure for grads whose keys are not those of params: which are missing, which unexpected."""
    missing, extra = sorted(set(params) - set(grads), key=str), sorted(set(grads) - set(params), key=str)
    parts = ([t("exercise04_backprop.keys_missing", keys=missing)] if missing else []) + (
        [t("exercise04_backprop.keys_unexpected", keys=extra)] if extra else [])
    return t("exercise04_backprop.wrong_keys", call=call, problems="; ".join(parts), keys=list(params))


@settings(max_examples=25)
@given(*MLP_CASES)
@example(1, 0, 3, "float64")
@example(2, 1, 4, "float64")
@example(3, 2, 2, "float32")
@example(4, 3, 5, "float64")
def test_mlp_gradients(learner, reference, layers, seed, n, dtype):
    X, y, params, sizes = network(layers, seed, n, dtype)
    call, _, grads = learner_mlp(learner, X, y, params, sizes, n, dtype)
    if not isinstance(grads, dict):
        raise AssertionError(t("exercise04_backprop.grads_not_dict", call=call, what=describe(grads)))
    if set(grads) != set(params):
        raise AssertionError(wrong_keys(call, grads, params))
    X64, p64 = X.astype(np.float64), {k: v.astype(np.float64) for k, v in params.items()}
    expected = reference.mlp_loss_and_grads(X64, y, p64)[1]
    without_relu = mlp_grads(X64, y, p64, relu_backward=False)[0]
    relu_output = mlp_grads(X64, y, p64, relu_output=True)[0]
    douts = mlp_grads(X64, y, p64)[1]
    items = []
    for l in range(layers, 0, -1):  # from the output back: the first wrong one is where the error starts
        for name in (f"W{l}", f"b{l}"):
            numerical = trusted(numerical_gradient(lambda a: mlp_loss(X64, y, a), dict(p64), name), expected[name])
            items.append((f"grads[{name!r}]", grads[name], expected[name], dict(
                like=f"params[{name!r}]", dtypes=(dtype,), n=n, numerical=numerical, mistakes=[
                    (t("exercise04_backprop.backward_skips_relu"), without_relu[name]),
                    (t("exercise04_backprop.output_relu_grad"), relu_output[name]),
                    wrong_axis(douts[l]) if name[0] == "b" else ("", None),
                ])))
    report(call, items, "gradients")
