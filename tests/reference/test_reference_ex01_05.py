"""Tests of the reference solutions and learner stubs for exercises 01-05.

The references are checked against the contract in CURRICULUM.md, against hand-unrolled
recurrences and finite differences, and against TensorFlow/Keras where an equivalent
exists. TensorFlow is imported lazily (module fixture) so the NumPy-only tests stay fast.
"""

import ast
import copy
import doctest
import importlib
import inspect
import os
import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import solutions.exercise01_perceptron as ref01
import solutions.exercise02_activations as ref02
import solutions.exercise03_sgd as ref03
import solutions.exercise04_backprop as ref04
import solutions.exercise05_optimizers as ref05

# Deterministic and without an example database, like the grader's own checks.
SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=60)

CONTRACT = {
    "exercise01_perceptron": [
        "weighted_sum", "step", "predict", "perceptron_update", "train_perceptron",
    ],
    "exercise02_activations": [
        "sigmoid", "tanh", "relu", "softmax", "sigmoid_grad", "tanh_grad", "relu_grad",
    ],
    "exercise03_sgd": [
        "iterations_per_epoch", "minibatches", "sgd_step", "train_linear_regression",
    ],
    "exercise04_backprop": [
        "dense_forward", "dense_backward", "relu_forward", "relu_backward",
        "softmax_cross_entropy", "mlp_loss_and_grads",
    ],
    "exercise05_optimizers": ["sgd", "sgd_momentum", "adagrad", "rmsprop", "adam"],
}

X_LOGIC = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])

# Plausible arguments for every contract function, so a stub is exercised as a learner would call it.
SAMPLE_ARGS = {
    "weighted_sum": (np.ones(2), np.ones(2), 0.0),
    "step": (np.zeros(3),),
    "predict": (np.ones((3, 2)), np.ones(2), 0.0),
    "perceptron_update": (np.zeros(2), 0.0, np.ones(2), 1, 0.1),
    "train_perceptron": (X_LOGIC, np.array([0, 0, 0, 1])),
    "sigmoid": (np.linspace(-2, 2, 5),),
    "tanh": (np.linspace(-2, 2, 5),),
    "relu": (np.linspace(-2, 2, 5),),
    "softmax": (np.linspace(-2, 2, 5),),
    "sigmoid_grad": (np.linspace(-2, 2, 5),),
    "tanh_grad": (np.linspace(-2, 2, 5),),
    "relu_grad": (np.linspace(-2, 2, 5),),
    "iterations_per_epoch": (10, 3),
    "minibatches": (np.ones((4, 2)), np.ones(4), 2),
    "sgd_step": ({"w": np.ones(2)}, {"w": np.ones(2)}, 0.1),
    "train_linear_regression": (np.ones((8, 2)), np.ones(8)),
    "dense_forward": (np.ones((2, 3)), np.ones((3, 4)), np.zeros(4)),
    "dense_backward": (np.ones((2, 4)), (np.ones((2, 3)), np.ones((3, 4)))),
    "relu_forward": (np.ones(3),),
    "relu_backward": (np.ones(3), np.ones(3)),
    "softmax_cross_entropy": (np.zeros((2, 3)), np.eye(3)[:2]),
    "mlp_loss_and_grads": (np.ones((2, 3)), np.eye(2), {"W1": np.ones((3, 2)), "b1": np.zeros(2)}),
    "sgd": (np.ones(3), np.ones(3)),
    "sgd_momentum": (np.ones(3), np.ones(3)),
    "adagrad": (np.ones(3), np.ones(3)),
    "rmsprop": (np.ones(3), np.ones(3)),
    "adam": (np.ones(3), np.ones(3)),
}


@pytest.fixture(scope="module")
def tf():
    """Import TensorFlow once per module, quietly, only for the tests that compare with it."""
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    return pytest.importorskip("tensorflow")


@pytest.fixture(scope="module")
def keras(tf):
    """Return Keras 3 (imported after TensorFlow's logging has been silenced)."""
    return pytest.importorskip("keras")


def public_functions(module):
    """Return {name: function} for the public functions defined in module."""
    return {
        name: obj for name, obj in vars(module).items()
        if inspect.isfunction(obj) and obj.__module__ == module.__name__ and not name.startswith("_")
    }


def assert_same(new, old):
    """Assert new equals old, recursing into dicts, tuples and lists of arrays."""
    if isinstance(old, dict):
        assert new.keys() == old.keys()
        for key in old:
            assert_same(new[key], old[key])
    elif isinstance(old, (tuple, list)):
        assert len(new) == len(old)
        for new_item, old_item in zip(new, old):
            assert_same(new_item, old_item)
    else:
        np.testing.assert_array_equal(new, old)


def assert_unchanged(fn, *args):
    """Call fn(*args), assert it left every argument equal to a deep copy taken before, return the result."""
    before = copy.deepcopy(args)
    result = fn(*args)
    assert_same(args, before)
    return result


def numerical_grad(f, x, h=1e-6):
    """Return the centred finite-difference gradient of the scalar function f at the float64 array x."""
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[idx] = h
        grad[idx] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


# ---------------------------------------------------------------------------------------------
# Stubs and solutions agree on the interface
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", CONTRACT)
def test_stub_and_solution_expose_the_contract_signatures(name):
    """Stub and solution define exactly the contract's functions, with identical signatures."""
    stub = public_functions(importlib.import_module(f"exercises.{name}"))
    ref = public_functions(importlib.import_module(f"solutions.{name}"))
    assert set(stub) == set(CONTRACT[name])
    assert set(ref) == set(CONTRACT[name])
    for fn_name in CONTRACT[name]:
        assert inspect.signature(stub[fn_name]) == inspect.signature(ref[fn_name]), fn_name


@pytest.mark.parametrize("name", CONTRACT)
def test_stub_functions_raise_not_implemented(name):
    """Every contract function of the stub raises NotImplementedError on plausible arguments."""
    stub = importlib.import_module(f"exercises.{name}")
    for fn_name in CONTRACT[name]:
        with pytest.raises(NotImplementedError):
            result = getattr(stub, fn_name)(*SAMPLE_ARGS[fn_name])
            if inspect.isgenerator(result):
                list(result)


@pytest.mark.parametrize("name", CONTRACT)
def test_stub_source_shape(name):
    """A stub has a prompt naming the Korean term, docstrings, a TODO and a bare raise in every function."""
    path = os.path.join(os.path.dirname(__file__), "..", "..", "exercises", f"{name}.py")
    with open(path, encoding="utf-8") as fh:
        source = fh.read()
    assert len(source.splitlines()) < 300
    tree = ast.parse(source)
    assert re.search("[\uac00-\ud7a3]", ast.get_docstring(tree))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            assert ast.get_docstring(node), node.name
            assert "# TODO:" in ast.get_source_segment(source, node), node.name
            body = node.body[1:]
            assert len(body) == 1 and isinstance(body[0], ast.Raise), node.name
            assert ast.unparse(body[0]) == "raise NotImplementedError", node.name


@pytest.mark.parametrize("tree_name", ["exercises", "solutions"])
@pytest.mark.parametrize("name", CONTRACT)
def test_no_tensorflow_import(tree_name, name):
    """Stubs import only NumPy, and solutions never import TensorFlow or Keras."""
    path = os.path.join(os.path.dirname(__file__), "..", "..", tree_name, f"{name}.py")
    with open(path, encoding="utf-8") as fh:
        tree = ast.parse(fh.read())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert not imported & {"tensorflow", "keras"}
    if tree_name == "exercises":
        assert imported == {"numpy"}


@pytest.mark.parametrize("name", CONTRACT)
def test_stub_examples_hold_for_the_solution(name):
    """The examples in the stubs' docstrings are true of the reference solution."""
    stub = importlib.import_module(f"exercises.{name}")
    ref = importlib.import_module(f"solutions.{name}")
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    report = []
    for test in doctest.DocTestFinder().find(stub):
        test.globs = dict(vars(ref))
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)


# ---------------------------------------------------------------------------------------------
# exercise01 - perceptron
# ---------------------------------------------------------------------------------------------

def test_weighted_sum_single_sample_and_batch():
    """One sample gives a Python float including the bias; a batch gives one value per row."""
    single = ref01.weighted_sum(np.array([1.0, 2.0]), np.array([0.5, -1.0]), 0.25)
    assert type(single) is float and single == -1.25
    batch = assert_unchanged(ref01.weighted_sum, np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0.5, -1.0]), 0.25)
    assert batch.shape == (2,)
    np.testing.assert_array_equal(batch, [-1.25, -2.25])
    assert ref01.weighted_sum([[1, 2]], [3, 4], 1).dtype.kind == "f"


def test_step_uses_greater_equal_and_returns_integers():
    """step is 1 at and above zero, 0 below, as an integer array of z's shape."""
    out = ref01.step(np.array([[-1e-12, 0.0], [-0.0, 3.0]]))
    assert out.dtype.kind == "i" and out.shape == (2, 2)
    np.testing.assert_array_equal(out, [[0, 1], [1, 1]])
    scalar = ref01.step(-2)
    assert np.ndim(scalar) == 0 and scalar == 0


def test_predict_returns_integer_labels():
    """predict thresholds the batch pre-activations into integer labels of shape (n,)."""
    labels = ref01.predict(X_LOGIC, np.array([1.0, 1.0]), -1.5)
    assert labels.dtype.kind == "i"
    np.testing.assert_array_equal(labels, [0, 0, 0, 1])


@SETTINGS
@given(
    w=hnp.arrays(np.float64, 3, elements=st.floats(-4, 4)),
    b=st.floats(-4, 4),
    x=hnp.arrays(np.float64, 3, elements=st.floats(-4, 4)),
    y=st.integers(0, 1),
    lr=st.sampled_from([0.1, 0.5, 1.0]),
)
def test_perceptron_update_is_rosenblatt_rule(w, b, x, y, lr):
    """The update moves w and b by lr * (y - step(x @ w + b)) and leaves w untouched."""
    error = y - (1 if x @ w + b >= 0 else 0)
    new_w, new_b = assert_unchanged(ref01.perceptron_update, w, b, x, y, lr)
    assert new_w is not w
    np.testing.assert_allclose(new_w, w + lr * error * x)
    assert type(new_b) is float
    assert new_b == pytest.approx(b + lr * error)


@pytest.mark.parametrize(
    "epochs, expected_w, expected_b",
    # Traced by hand: AND with lr=1 takes five epochs with mistakes, the sixth is clean.
    [(1, [1.0, 1.0], 0.0), (2, [2.0, 1.0], -1.0), (100, [2.0, 1.0], -3.0)],
)
def test_train_perceptron_trajectory_on_and(epochs, expected_w, expected_b):
    """Training from zeros in sample order reproduces the hand-traced AND trajectory."""
    y = np.array([0, 0, 0, 1])
    w, b = assert_unchanged(ref01.train_perceptron, X_LOGIC, y, 1.0, epochs)
    assert isinstance(w, np.ndarray) and w.dtype == np.float64 and type(b) is float
    np.testing.assert_array_equal(w, expected_w)
    assert b == expected_b


@pytest.mark.parametrize("y", [[0, 0, 0, 1], [0, 1, 1, 1], [1, 1, 1, 0], [0, 0, 1, 1]])
def test_train_perceptron_learns_separable_functions(y):
    """AND, OR, NAND and a projection are linearly separable, so they are learned exactly."""
    w, b = ref01.train_perceptron(X_LOGIC, np.array(y))
    np.testing.assert_array_equal(ref01.predict(X_LOGIC, w, b), y)


def test_train_perceptron_cannot_learn_xor():
    """XOR is not linearly separable: after all epochs at least one sample is still wrong."""
    y = np.array([0, 1, 1, 0])
    w, b = ref01.train_perceptron(X_LOGIC, y, lr=0.5, epochs=200)
    assert np.any(ref01.predict(X_LOGIC, w, b) != y)


# ---------------------------------------------------------------------------------------------
# exercise02 - activations
# ---------------------------------------------------------------------------------------------

ELEMENTWISE = [ref02.sigmoid, ref02.tanh, ref02.relu, ref02.sigmoid_grad, ref02.tanh_grad, ref02.relu_grad]
EXTREMES32 = np.array([-1000, -710, -88.7, -20, -1, -0.5, 0, 0.5, 1, 20, 88.7, 710, 1000], np.float32)


@pytest.mark.parametrize(
    "fn, tf_name",
    [(ref02.sigmoid, "sigmoid"), (ref02.tanh, "tanh"), (ref02.relu, "relu")],
)
def test_activations_match_tensorflow(tf, fn, tf_name):
    """sigmoid, tanh and relu agree with tf.nn in float32, including +-1000, and keep float32."""
    z = np.concatenate([EXTREMES32, np.random.default_rng(0).normal(0, 5, 50).astype(np.float32)])
    ours = assert_unchanged(fn, z)
    assert ours.dtype == np.float32
    np.testing.assert_allclose(ours, getattr(tf.nn, tf_name)(z).numpy(), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize(
    "fn, tf_name",
    [(ref02.sigmoid_grad, "sigmoid"), (ref02.tanh_grad, "tanh"), (ref02.relu_grad, "relu")],
)
def test_activation_grads_match_tensorflow_autodiff(tf, fn, tf_name):
    """The derivatives agree with TensorFlow's gradients in float32 (relu's is 0 at 0)."""
    z = tf.constant(EXTREMES32)
    with tf.GradientTape() as tape:
        tape.watch(z)
        out = getattr(tf.nn, tf_name)(z)
    np.testing.assert_allclose(fn(EXTREMES32), tape.gradient(out, z).numpy(), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_softmax_matches_tensorflow(tf, axis):
    """softmax agrees with tf.nn.softmax along every axis, including rows of +-1000."""
    z = np.array(
        [[1000, 0, -1000], [88, 89, 90], [-1000, -1000, -999], [0.5, -0.25, 2.0]], np.float32
    )
    ours = assert_unchanged(ref02.softmax, z, axis)
    assert ours.dtype == np.float32
    np.testing.assert_allclose(ours, tf.nn.softmax(z, axis=axis).numpy(), rtol=1e-4, atol=1e-5)


def test_activations_are_stable_in_float64():
    """No overflow or invalid-value warnings and the exact limits for |z| up to 1e4 in float64."""
    z = np.array([-1e4, -1000.0, -710.0, 0.0, 710.0, 1000.0, 1e4])
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        results = {fn.__name__: fn(z) for fn in ELEMENTWISE}
        assert ref02.sigmoid(-1000.0) == 0.0
        np.testing.assert_array_equal(ref02.softmax([1000.0, 1000.0]), [0.5, 0.5])
        np.testing.assert_array_equal(ref02.softmax([1e4, -1e4, 0.0]), [1.0, 0.0, 0.0])
    assert all(np.all(np.isfinite(out)) for out in results.values())
    np.testing.assert_allclose(results["sigmoid"], [0, 0, 0, 0.5, 1, 1, 1], atol=1e-300)
    np.testing.assert_array_equal(results["tanh"], [-1, -1, -1, 0, 1, 1, 1])
    np.testing.assert_array_equal(results["relu_grad"], [0, 0, 0, 0, 1, 1, 1])


@pytest.mark.parametrize("fn", ELEMENTWISE)
def test_elementwise_shapes_and_dtypes(fn):
    """Scalars give 0-d floats, empty arrays stay empty, ints become float64, float32 stays float32."""
    scalar = fn(3)
    assert np.ndim(scalar) == 0 and np.asarray(scalar).dtype == np.float64
    assert fn(np.zeros((0, 4), np.float32)).shape == (0, 4)
    assert fn(np.arange(-3, 3).reshape(2, 3)).dtype == np.float64
    assert fn(np.ones((2, 1, 3), np.float32)).dtype == np.float32


def test_gradient_formulas_at_known_points():
    """relu_grad(0) == 0, sigmoid_grad(0) == 0.25 and tanh_grad(0) == 1."""
    assert ref02.relu_grad(0) == 0
    assert ref02.relu_grad(0.0) == 0
    assert ref02.sigmoid_grad(0.0) == 0.25
    assert ref02.tanh_grad(0.0) == 1.0


def test_softmax_edge_shapes():
    """softmax handles empty arrays and rejects 0-d input."""
    assert ref02.softmax(np.zeros((3, 0))).shape == (3, 0)
    assert ref02.softmax(np.zeros(0)).shape == (0,)
    with pytest.raises(ValueError):
        ref02.softmax(1.0)


@SETTINGS
@given(
    z=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=5), elements=st.floats(-1e4, 1e4)),
    shift=st.floats(-100, 100),
    data=st.data(),
)
def test_softmax_properties(z, shift, data):
    """softmax sums to 1 along axis, is non-negative and invariant to adding a constant."""
    axis = data.draw(st.integers(-z.ndim, z.ndim - 1))
    p = ref02.softmax(z, axis=axis)
    assert p.shape == z.shape and np.all(p >= 0)
    np.testing.assert_allclose(p.sum(axis=axis), 1.0, rtol=1e-12)
    np.testing.assert_allclose(ref02.softmax(z + shift, axis=axis), p, rtol=1e-6, atol=1e-12)


@SETTINGS
@given(z=hnp.arrays(np.float64, 6, elements=st.floats(-30, 30)))
def test_activation_grads_match_finite_differences(z):
    """sigmoid_grad and tanh_grad are the derivatives of sigmoid and tanh."""
    h = 1e-6
    for fn, grad in [(ref02.sigmoid, ref02.sigmoid_grad), (ref02.tanh, ref02.tanh_grad)]:
        np.testing.assert_allclose(grad(z), (fn(z + h) - fn(z - h)) / (2 * h), rtol=1e-5, atol=1e-8)


# ---------------------------------------------------------------------------------------------
# exercise03 - mini-batch SGD
# ---------------------------------------------------------------------------------------------

def test_iterations_per_epoch_examples_and_huge_n():
    """ceil and floor division, exact for n far beyond 10**9."""
    assert ref03.iterations_per_epoch(1000, 100) == 10
    assert ref03.iterations_per_epoch(1001, 100) == 11
    assert ref03.iterations_per_epoch(1001, 100, drop_last=True) == 10
    assert ref03.iterations_per_epoch(0, 7) == 0
    assert ref03.iterations_per_epoch(10**9, 3) == 333_333_334
    assert ref03.iterations_per_epoch(10**18 + 1, 10**9) == 10**9 + 1
    assert ref03.iterations_per_epoch(2**60 - 1, 2**30, drop_last=True) == 2**30 - 1


@SETTINGS
@given(n=st.integers(0, 10**12), batch_size=st.integers(1, 10**6))
def test_iterations_per_epoch_bounds(n, batch_size):
    """The ceil result k satisfies (k-1)*b < n <= k*b, the floor result k*b <= n < (k+1)*b."""
    k = ref03.iterations_per_epoch(n, batch_size)
    assert type(k) is int
    assert (k - 1) * batch_size < n <= k * batch_size or n == k == 0
    k = ref03.iterations_per_epoch(n, batch_size, drop_last=True)
    assert k * batch_size <= n < (k + 1) * batch_size


@pytest.mark.parametrize("n, batch_size", [(10, 0), (10, -1), (-1, 5)])
def test_iterations_per_epoch_rejects_bad_arguments(n, batch_size):
    """batch_size < 1 or n_samples < 0 raise ValueError."""
    with pytest.raises(ValueError):
        ref03.iterations_per_epoch(n, batch_size)


@SETTINGS
@given(
    n=st.integers(0, 60),
    batch_size=st.integers(1, 70),
    shuffle=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_minibatches_cover_pair_and_repeat(n, batch_size, shuffle, seed):
    """Each sample once, rows paired, full batches but the last, fixed order per seed."""
    X = np.arange(2 * n).reshape(n, 2)
    y = np.arange(n)
    gen = assert_unchanged(ref03.minibatches, X, y, batch_size, shuffle, seed)
    assert iter(gen) is gen
    batches = list(gen)
    assert len(batches) == ref03.iterations_per_epoch(n, batch_size)
    assert all(len(yb) == batch_size for _, yb in batches[:-1])
    assert all(0 < len(yb) <= batch_size and len(Xb) == len(yb) for Xb, yb in batches)
    for Xb, yb in batches:
        np.testing.assert_array_equal(Xb, X[yb])
    order = [int(label) for _, yb in batches for label in yb]
    expected = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    np.testing.assert_array_equal(order, expected)
    again = [yb for _, yb in ref03.minibatches(X, y, batch_size, shuffle, seed)]
    assert all(np.array_equal(a, b) for a, (_, b) in zip(again, batches))


def test_minibatches_rejects_bad_arguments():
    """Different lengths or batch_size < 1 raise ValueError at the latest on first iteration."""
    for args in [(np.ones((5, 2)), np.ones(4), 2), (np.ones((5, 2)), np.ones(5), 0)]:
        with pytest.raises(ValueError):
            next(iter(ref03.minibatches(*args)))


def test_sgd_step_returns_new_dict():
    """sgd_step computes params - lr * grads into a new dict and leaves its inputs alone."""
    params = {"w": np.array([1.0, 2.0]), "b": np.array(0.5)}
    grads = {"w": np.array([10.0, -10.0]), "b": np.array(1.0)}
    new = assert_unchanged(ref03.sgd_step, params, grads, 0.1)
    assert new is not params and new.keys() == params.keys()
    np.testing.assert_allclose(new["w"], [0.0, 3.0])
    np.testing.assert_allclose(new["b"], 0.4)
    with pytest.raises(ValueError):
        ref03.sgd_step(params, {"w": grads["w"]}, 0.1)
    with pytest.raises(ValueError):
        ref03.sgd_step(params, {"w": grads["w"], "c": grads["b"]}, 0.1)


def linear_data(n=256, seed=3):
    """Return well-conditioned noise-free data (X, y, w_true, b_true) for linear regression."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    w_true = np.array([1.5, -2.0, 0.5])
    return X, X @ w_true + 0.7, w_true, 0.7


def test_train_linear_regression_converges_with_defaults():
    """The defaults fit noise-free linear data; losses are whole-data MSEs, one per epoch."""
    X, y, w_true, b_true = linear_data()
    w, b, losses = assert_unchanged(ref03.train_linear_regression, X, y)
    assert w.shape == (3,) and type(b) is float and len(losses) == 100
    np.testing.assert_allclose(w, w_true, atol=1e-3)
    assert b == pytest.approx(b_true, abs=1e-3)
    assert losses[-1] < 1e-6 < losses[0]


def test_train_linear_regression_bookkeeping():
    """Same seed gives the same run, losses[i] is the whole-data MSE after epoch i, epochs=0 is the start."""
    X, y, _, _ = linear_data(n=50)
    first = ref03.train_linear_regression(X, y, lr=0.05, epochs=5, batch_size=8, seed=11)
    second = ref03.train_linear_regression(X, y, lr=0.05, epochs=5, batch_size=8, seed=11)
    np.testing.assert_array_equal(first[0], second[0])
    assert first[1:] == second[1:]
    # A shorter run with the same seed is a prefix of the longer one.
    for epochs in (1, 3, 5):
        w, b, _ = ref03.train_linear_regression(X, y, lr=0.05, epochs=epochs, batch_size=8, seed=11)
        assert first[2][epochs - 1] == pytest.approx(np.mean((X @ w + b - y) ** 2), rel=1e-12, abs=0)
    w, b, losses = ref03.train_linear_regression(X, y, epochs=0)
    np.testing.assert_array_equal(w, np.zeros(3))
    assert b == 0.0 and len(losses) == 0
    # One full-batch epoch is one gradient step of size lr * 2 * mean(y) on b from zero.
    _, b, _ = ref03.train_linear_regression(X, y, lr=0.1, epochs=1, batch_size=50)
    assert b == pytest.approx(0.1 * 2 * np.mean(y))


# ---------------------------------------------------------------------------------------------
# exercise04 - MLP and back-propagation
# ---------------------------------------------------------------------------------------------

def random_mlp(sizes, n=5, seed=0):
    """Return (X, one-hot y, params) for an MLP with layer sizes [d, h1, ..., c]."""
    rng = np.random.default_rng(seed)
    params = {}
    for l, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{l}"] = rng.normal(0, 1, (fan_in, fan_out))
        params[f"b{l}"] = rng.normal(0, 0.5, fan_out)
    X = rng.normal(size=(n, sizes[0]))
    y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], n)]
    return X, y, params


def test_dense_layer_forward_and_backward():
    """Dense forward is x @ W + b; backward matches finite differences, db sums over the batch."""
    rng = np.random.default_rng(1)
    x, W, b, G = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2), rng.normal(size=(4, 2))
    out, cache = assert_unchanged(ref04.dense_forward, x, W, b)
    np.testing.assert_allclose(out, x @ W + b)
    dx, dW, db = assert_unchanged(ref04.dense_backward, G, cache)
    assert (dx.shape, dW.shape, db.shape) == (x.shape, W.shape, b.shape)
    np.testing.assert_allclose(dx, numerical_grad(lambda v: np.sum((v @ W + b) * G), x), rtol=1e-6)
    np.testing.assert_allclose(dW, numerical_grad(lambda v: np.sum((x @ v + b) * G), W), rtol=1e-6)
    np.testing.assert_allclose(db, numerical_grad(lambda v: np.sum((x @ W + v) * G), b), rtol=1e-6)


def test_relu_layer_forward_and_backward():
    """ReLU passes positives, blocks the rest, and its gradient is 0 at exactly 0."""
    x = np.array([[-2.0, 0.0, 3.0], [1e-9, -0.0, -1e-9]])
    dout = np.arange(1.0, 7.0).reshape(2, 3)
    out, cache = assert_unchanged(ref04.relu_forward, x)
    np.testing.assert_array_equal(out, [[0, 0, 3], [1e-9, 0, 0]])
    dx = assert_unchanged(ref04.relu_backward, dout, cache)
    np.testing.assert_array_equal(dx, [[0, 0, 3], [4, 0, 0]])


def test_softmax_cross_entropy_matches_tensorflow(tf):
    """Loss is tf's per-row cross-entropy averaged over the batch; dlogits is tf's gradient."""
    rng = np.random.default_rng(2)
    logits = rng.normal(0, 3, (6, 4))
    y = np.eye(4)[rng.integers(0, 4, 6)]
    loss, dlogits = assert_unchanged(ref04.softmax_cross_entropy, logits, y)
    t_logits = tf.constant(logits)
    with tf.GradientTape() as tape:
        tape.watch(t_logits)
        t_loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=t_logits))
    assert type(loss) is float
    assert loss == pytest.approx(float(t_loss), rel=1e-9)
    np.testing.assert_allclose(dlogits, tape.gradient(t_loss, t_logits).numpy(), rtol=1e-9, atol=1e-12)


def test_softmax_cross_entropy_is_stable():
    """Logits of +-1e4 give finite exact results without warnings."""
    logits = np.array([[1e4, -1e4, 0.0], [0.0, 0.0, 1e4]])
    y = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        loss, dlogits = ref04.softmax_cross_entropy(logits, y)
    assert loss == pytest.approx(2e4 / 2)
    np.testing.assert_allclose(dlogits, [[0.5, -0.5, 0.0], [0.0, 0.0, 0.0]], atol=1e-12)


@pytest.mark.parametrize("sizes", [[4, 3], [4, 5, 3], [3, 6, 4, 2], [5, 4, 4, 3, 3]])
def test_mlp_grads_match_finite_differences(sizes):
    """For L = 1..4 layers every gradient matches centred finite differences."""
    X, y, params = random_mlp(sizes, seed=len(sizes))
    loss, grads = assert_unchanged(ref04.mlp_loss_and_grads, X, y, params)
    assert type(loss) is float and grads.keys() == params.keys()
    for key, value in params.items():
        def loss_at(v, key=key):
            """Return the network's loss with params[key] replaced by v."""
            return ref04.mlp_loss_and_grads(X, y, {**params, key: v})[0]
        assert grads[key].shape == value.shape
        np.testing.assert_allclose(grads[key], numerical_grad(loss_at, value), rtol=1e-5, atol=1e-8)


def test_mlp_matches_tensorflow(tf):
    """A 3-layer MLP's loss and gradients agree with the same network differentiated by TensorFlow."""
    X, y, params = random_mlp([4, 6, 5, 3], n=8, seed=7)
    loss, grads = ref04.mlp_loss_and_grads(X, y, params)
    t_params = {k: tf.Variable(v) for k, v in params.items()}
    with tf.GradientTape() as tape:
        h = tf.nn.relu(X @ t_params["W1"] + t_params["b1"])
        h = tf.nn.relu(h @ t_params["W2"] + t_params["b2"])
        logits = h @ t_params["W3"] + t_params["b3"]
        t_loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
    t_grads = tape.gradient(t_loss, t_params)
    assert loss == pytest.approx(float(t_loss), rel=1e-9)
    for key in params:
        np.testing.assert_allclose(grads[key], t_grads[key].numpy(), rtol=1e-9, atol=1e-12)


def test_mlp_rejects_malformed_params():
    """Keys other than a complete W1, b1, ..., WL, bL raise ValueError."""
    X, y, params = random_mlp([4, 3, 2])
    for bad in [{}, {"W1": params["W1"]}, {**params, "W3": params["W2"]}, {"W1": params["W1"], "b2": params["b2"]}]:
        with pytest.raises(ValueError):
            ref04.mlp_loss_and_grads(X, y, bad)


# ---------------------------------------------------------------------------------------------
# exercise05 - optimizers
# ---------------------------------------------------------------------------------------------

W0 = np.array([0.5, -1.2, 2.0, 0.03])
GRADS = np.random.default_rng(5).normal(0, 0.5, (5, 4))


def run_optimizer(update, config=None, w0=W0, grads=GRADS):
    """Apply update for every gradient, passing config along; return the trajectory and final config."""
    w, trajectory = w0, []
    for g in grads:
        w, config = assert_unchanged(lambda w_, g_: update(w_, g_, config), w, g)
        trajectory.append(w)
    return np.array(trajectory), config


def unrolled(name, hyper):
    """Return the 5-step textbook trajectory of the named optimizer, written out inline."""
    lr = hyper["learning_rate"]
    w, trajectory = W0.copy(), []
    v = np.zeros_like(W0)
    cache = np.zeros_like(W0)
    m = np.zeros_like(W0)
    for t, g in enumerate(GRADS, start=1):
        if name == "sgd":
            w = w - lr * g
        elif name == "sgd_momentum":
            v = hyper["momentum"] * v - lr * g
            w = w + v
        elif name == "adagrad":
            cache = cache + g * g
            w = w - lr * g / (np.sqrt(cache) + hyper["epsilon"])
        elif name == "rmsprop":
            cache = hyper["decay_rate"] * cache + (1 - hyper["decay_rate"]) * g * g
            w = w - lr * g / (np.sqrt(cache) + hyper["epsilon"])
        else:
            m = hyper["beta1"] * m + (1 - hyper["beta1"]) * g
            v = hyper["beta2"] * v + (1 - hyper["beta2"]) * g * g
            m_hat = m / (1 - hyper["beta1"] ** t)
            v_hat = v / (1 - hyper["beta2"] ** t)
            w = w - lr * m_hat / (np.sqrt(v_hat) + hyper["epsilon"])
        trajectory.append(w)
    return np.array(trajectory)


DEFAULTS = {
    "sgd": {"learning_rate": 1e-2},
    "sgd_momentum": {"learning_rate": 1e-2, "momentum": 0.9},
    "adagrad": {"learning_rate": 1e-2, "epsilon": 1e-8},
    "rmsprop": {"learning_rate": 1e-2, "decay_rate": 0.99, "epsilon": 1e-8},
    "adam": {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
}
CUSTOM = {
    "sgd": {"learning_rate": 0.3},
    "sgd_momentum": {"learning_rate": 0.05, "momentum": 0.5},
    "adagrad": {"learning_rate": 0.2, "epsilon": 1e-3},
    "rmsprop": {"learning_rate": 0.02, "decay_rate": 0.9, "epsilon": 1e-4},
    "adam": {"learning_rate": 0.05, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-4},
}


@pytest.mark.parametrize("name", DEFAULTS)
def test_optimizer_default_trajectory(name):
    """Starting from config=None, five steps follow the textbook recurrence with the contract defaults."""
    trajectory, config = run_optimizer(getattr(ref05, name))
    np.testing.assert_allclose(trajectory, unrolled(name, DEFAULTS[name]), rtol=1e-12)
    for key, value in DEFAULTS[name].items():
        assert config[key] == value


@pytest.mark.parametrize("name", CUSTOM)
def test_optimizer_respects_given_hyperparameters(name):
    """Hyperparameters already in config are used, not overwritten by defaults."""
    given_config = dict(CUSTOM[name])
    trajectory, config = run_optimizer(getattr(ref05, name), given_config)
    np.testing.assert_allclose(trajectory, unrolled(name, CUSTOM[name]), rtol=1e-12)
    assert {k: config[k] for k in CUSTOM[name]} == CUSTOM[name]


def test_optimizer_state_lives_in_config():
    """State is created as zeros of w's shape and dtype, stored in config; adam's t counts calls from 1."""
    w = np.ones((2, 3), np.float32)
    g = np.full((2, 3), 0.5, np.float32)
    expected_state = {"sgd_momentum": ["velocity"], "adagrad": ["cache"], "rmsprop": ["cache"], "adam": ["m", "v"]}
    for name, keys in expected_state.items():
        next_w, config = getattr(ref05, name)(w, g)
        assert next_w.dtype == np.float32 and next_w.shape == w.shape
        for key in keys:
            assert config[key].shape == w.shape and config[key].dtype == np.float32
    config = {}
    for t in range(1, 4):
        _, returned = ref05.adam(w, g, config)
        assert returned is config and config["t"] == t


def test_adam_first_step_is_learning_rate_sized():
    """Bias correction makes Adam's first step about learning_rate per coordinate, whatever |g|."""
    next_w, _ = ref05.adam(np.zeros(3), np.array([1e-3, -5.0, 300.0]))
    np.testing.assert_allclose(next_w, [-1e-3, 1e-3, -1e-3], rtol=1e-4)


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_sgd_matches_keras(keras, momentum):
    """SGD and SGD with momentum agree with keras.optimizers.SGD over five float32 steps."""
    var = keras.Variable(W0.astype(np.float32))
    opt = keras.optimizers.SGD(learning_rate=0.01, momentum=momentum)
    update = ref05.sgd_momentum if momentum else ref05.sgd
    config = {"learning_rate": 0.01, "momentum": momentum}
    w = W0.astype(np.float32)
    for g in GRADS.astype(np.float32):
        opt.apply_gradients([(keras.ops.convert_to_tensor(g), var)])
        w, config = update(w, g, config)
        np.testing.assert_allclose(w, var.numpy(), rtol=0, atol=1e-6)


@pytest.mark.parametrize(
    "name, make_keras",
    [
        ("adagrad", lambda k: k.optimizers.Adagrad(learning_rate=1e-2, initial_accumulator_value=0.0, epsilon=1e-8)),
        ("rmsprop", lambda k: k.optimizers.RMSprop(learning_rate=1e-2, rho=0.99, epsilon=1e-8)),
        ("adam", lambda k: k.optimizers.Adam(learning_rate=1e-3, epsilon=1e-8)),
    ],
)
def test_adaptive_optimizers_close_to_keras(keras, name, make_keras):
    """With the textbook hyperparameters Keras's variants differ only in the last digits (eps placement, Adam form)."""
    var = keras.Variable(W0.astype(np.float32))
    opt = make_keras(keras)
    w, config = W0.astype(np.float32), None
    for g in GRADS.astype(np.float32):
        opt.apply_gradients([(keras.ops.convert_to_tensor(g), var)])
        w, config = getattr(ref05, name)(w, g, config)
    np.testing.assert_allclose(w, var.numpy(), rtol=0, atol=1e-5)
